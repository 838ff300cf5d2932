// The frontline workbench (the octopus's arms, docs/frontline.md): call-centre agents serve
// callers with the offers live flows hold for them (inbound) and work their team's outbound
// call queue; shop and agent staff act on opportunities pushed to their shop. Every outcome is
// committed as a touchpoint event (offer_outcome, and order_placed when accepted) in the same
// transaction as the task's new state, so flows continue on it (goal and wait_event nodes).
import { and, asc, desc, eq, gt, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../auth/roles';
import type { Executor } from '../db/client';
import { campaigns, customers, frontlineTasks, products, subscriptions } from '../db/schema';
import { ingestEvents } from '../runtime/event-intake';
import type { Runtime } from '../runtime/runtime';
import { fieldRefusal, ServiceError } from './errors';
import { findShop, findTeam, orgOf, workplace, type Org, type Shop, type Team } from './frontline-org';
import { recentlyExpired } from './frontline-expiry';
import { campaignLive, eligibilityNow, explainVerdict, loadTask, loadTasks, offerOf, offerOnSale, type TaskView } from './frontline-tasks';
import { blockContact } from './opt-out';
import { t } from '../../workflows';

/** A claimed call with no outcome for this long goes back to the queue for another agent. */
export const ABANDON_MS = 30 * 60_000;
/** "Call back later" without a time: offered again after this long. */
export const DEFAULT_CALL_BACK_MS = 2 * 3_600_000;
/** A call-back an agent promised to make themselves goes to their team if not claimed this long after its time. */
export const CALL_BACK_GRACE_MS = 30 * 60_000;

export const Outcome = z.enum(['accepted', 'declined', 'call_back', 'not_interested']);
export type Outcome = z.infer<typeof Outcome>;

/** An outcome in the words the workbench's buttons use, for refusals that name one. */
const OUTCOME_WORDS: Record<Outcome, [en: string, zh: string]> = {
  accepted: ['accepted', '接受办理'],
  declined: ['declined', '拒绝'],
  call_back: ['call back later', '稍后再联系'],
  not_interested: ['never ask again', '不再推荐'],
};
const outcomeWords = (o: string | null) => OUTCOME_WORDS[o as Outcome] ?? [o ?? '', o ?? ''];

/** A moment as staff read it on the workbench: China time, to the minute (2026-12-05 14:02). */
const chinaMinute = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export const OutcomeInput = z.object({
  taskId: z.uuid(),
  outcome: Outcome,
  note: z.string().trim().max(500).optional(),
  /** For call_back: when to offer it again (default in two hours). */
  callBackAt: z.date().optional(),
  /** For an outbound call_back: the agent calls back themselves (`me`) or whoever of the team is free. */
  callBackTo: z.enum(['me', 'team']).default('team'),
});
export type OutcomeInput = z.input<typeof OutcomeInput>;

/** 138 1234 5678, +86 13812345678, 86-138-1234-5678 -> 13812345678. */
export function normaliseMsisdn(input: string): string {
  const digits = input.replace(/[\s\-()]/g, '').replace(/^\+/, '');
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
}

/** Masks a number for agents' shops, which serve walk-in customers and need no full number. */
export const maskMsisdn = (m: string) => (m.length >= 7 ? `${m.slice(0, 3)}****${m.slice(-4)}` : m);

export interface CustomerCard {
  id: string;
  name: string;
  msisdn: string;
  plan: string | null;
  valueTier: string | null;
  arpu: number | null;
  region: string | null;
  tenureMonths: number | null;
  device: string | null;
  channelPreference: string | null;
  optedOut: boolean;
  /** Products held now, with names. */
  subscriptions: { productId: string; nameZh: string; nameEn: string }[];
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export async function customerCard(db: Executor, customerId: string): Promise<CustomerCard> {
  const [row] = await db.select().from(customers).where(eq(customers.id, customerId));
  if (!row) throw new ServiceError('NOT_FOUND', t(`customer ${customerId} not found`, `找不到客户 ${customerId}`));
  const subs = await db
    .select({ productId: subscriptions.productId, nameZh: products.nameZh, nameEn: products.nameEn })
    .from(subscriptions)
    .innerJoin(products, eq(products.id, subscriptions.productId))
    .where(eq(subscriptions.customerId, customerId))
    .orderBy(asc(subscriptions.productId));
  const tags = row.tags;
  return {
    id: row.id,
    name: row.name,
    msisdn: row.msisdn,
    plan: str(tags.plan),
    valueTier: str(tags.value_tier),
    arpu: num(tags.arpu),
    region: str(tags.region),
    tenureMonths: num(tags.tenure_months),
    device: str(tags.device),
    channelPreference: str(tags.channel_preference),
    optedOut: tags.opted_out === true,
    subscriptions: subs,
  };
}

/** The customer a caller is: by customer id (C000123) or by phone number. */
export async function findCaller(db: Executor, query: string): Promise<string> {
  const q = query.trim();
  if (!q) throw new ServiceError('BAD_REQUEST', t('enter the caller’s phone number or customer id', '请输入来电号码或客户编号'));
  if (/^C\d+$/i.test(q)) {
    const [row] = await db.select({ id: customers.id }).from(customers).where(eq(customers.id, q.toUpperCase()));
    if (row) return row.id;
    throw new ServiceError('NOT_FOUND', t(`no customer with id ${q.toUpperCase()}`, `没有编号为 ${q.toUpperCase()} 的客户`));
  }
  const msisdn = normaliseMsisdn(q);
  if (!/^\d{5,15}$/.test(msisdn)) throw new ServiceError('BAD_REQUEST', t(`"${q}" is not a phone number or customer id`, `“${q}”不是电话号码或客户编号`));
  const [row] = await db.select({ id: customers.id }).from(customers).where(eq(customers.msisdn, msisdn)).limit(1);
  if (!row) throw new ServiceError('NOT_FOUND', t(`no customer with number ${msisdn}`, `没有号码为 ${msisdn} 的客户`));
  return row.id;
}

/** Open or claimed, not past its due time, and its offer (if any) still on sale. */
const live = (now: Date, onSale: SQL) => and(inArray(frontlineTasks.status, ['open', 'claimed']), gt(frontlineTasks.dueAt, now), onSale);

/** The offers live flows hold for this customer on an inbound call, best first. */
export async function inboundOffers(rt: Runtime, customerId: string): Promise<TaskView[]> {
  const now = rt.clock.now();
  return loadTasks(rt.db, rt.catalog, and(eq(frontlineTasks.customerId, customerId), eq(frontlineTasks.kind, 'inbound'), live(now, await offerOnSale(rt.db, now)), await campaignLive(rt.db)), {
    orderBy: [desc(frontlineTasks.priority), asc(frontlineTasks.dueAt)],
    limit: 20,
  });
}

/** What the inbound screen shows for a caller: the card and the offers, in one answer. */
export async function serveCaller(rt: Runtime, query: string) {
  const customerId = await findCaller(rt.db, query);
  const [card, offers] = await Promise.all([customerCard(rt.db, customerId), inboundOffers(rt, customerId)]);
  return { customer: card, offers, now: rt.clock.now() };
}

/**
 * The inbound screen as a person uses it. Looking a caller up by number or id reads any customer's
 * card, so it is the call-centre's alone (the caller is on their line): shop staff, agents' shops
 * among them, work only the opportunities of their shop and have no customer lookup.
 */
export async function serveCallerAsAgent(rt: Runtime, actor: Actor, query: string) {
  if (actor.role !== 'admin' && !(await workplace(rt.db, actor)).team) {
    throw new ServiceError('FORBIDDEN', t('looking up a caller is for call-centre agents; your account has no call-centre team', '来电查询仅供呼叫中心坐席使用；您的账号不属于任何呼叫中心班组'));
  }
  return serveCaller(rt, query);
}

/**
 * The shop whose work the actor takes: theirs (an administrator may name any), refused when there
 * is none or it was deactivated, which takes no new work.
 */
function workingShop(org: Org, actor: Actor, shopId?: string): Shop {
  const shop = findShop(org, actor.role === 'admin' && shopId ? shopId : actor.shopId);
  if (!shop) throw new ServiceError('FORBIDDEN', t('your account belongs to no shop: ask an administrator to assign you one', '您的账号未归属任何营业厅：请联系管理员分配'));
  if (!shop.active) {
    throw new ServiceError('FORBIDDEN', t(`${shop.name.en} (${shop.id}) is deactivated and takes no new opportunities: ask an administrator to assign you another shop`, `${shop.name.zh}（${shop.id}）已停用，不再接收新商机：请联系管理员为您分配其他营业厅`));
  }
  return shop;
}

/**
 * The team whose queue the actor works: null for an administrator without one (every city's calls);
 * refused for staff without a team, or whose team was deactivated, which takes no new work.
 */
function workingTeam(team: Team | null, actor: Actor): Team | null {
  if (team?.active) return team;
  if (actor.role === 'admin') return null;
  if (team) throw new ServiceError('FORBIDDEN', t(`${team.name.en} (${team.id}) is deactivated and takes no new calls: ask an administrator to assign you another team`, `${team.name.zh}（${team.id}）已停用，不再接收新外呼：请联系管理员为您分配其他班组`));
  throw new ServiceError('FORBIDDEN', t('your account has no call-centre team: ask an administrator to assign you one', '您的账号不属于任何呼叫中心班组：请联系管理员分配'));
}

/** Opportunities pushed to the actor's shop: the customer lives in the shop's city. */
export async function shopOpportunities(rt: Runtime, actor: Actor, shopId?: string) {
  const shop = workingShop(await orgOf(rt.db), actor, shopId);
  const rows = await loadTasks(
    rt.db,
    rt.catalog,
    and(eq(frontlineTasks.kind, 'frontline'), live(rt.clock.now(), await offerOnSale(rt.db, rt.clock.now())), await campaignLive(rt.db), or(eq(frontlineTasks.region, shop.region), isNull(frontlineTasks.region))),
    { orderBy: [desc(frontlineTasks.commissionCny), asc(frontlineTasks.dueAt)], limit: 100 },
  );
  // Agents' shops are partners: they serve walk-in customers and see no full phone numbers.
  const mask = (list: TaskView[]) => (shop.kind === 'agent' ? list.map((r) => ({ ...r, msisdn: maskMsisdn(r.msisdn) })) : list);
  const expired = await recentlyExpired(rt.db, rt.catalog, rt.clock.now(), 'frontline', [shop.region]);
  return { shop, opportunities: mask(rows), expired: mask(expired), now: rt.clock.now() };
}

/**
 * Who may record an outcome on which task; throws an error naming the rule. Serving a caller or
 * taking an opportunity is new work, which a deactivated team or shop no longer takes; the outcome
 * of a call the agent already holds may always be recorded.
 */
function assertMayAct(actor: Actor, task: typeof frontlineTasks.$inferSelect, org: Org) {
  const admin = actor.role === 'admin';
  if (task.kind === 'inbound' && !admin) {
    const team = findTeam(org, actor.team);
    if (!team) throw new ServiceError('FORBIDDEN', t('inbound offers are recorded by call-centre agents; your account has no call-centre team', '呼入推荐由呼叫中心坐席记录；您的账号不属于任何呼叫中心班组'));
    workingTeam(team, actor);
  }
  if (task.kind === 'outbound_call') {
    if (task.status !== 'claimed') throw new ServiceError('CONFLICT', t('claim this call from the queue before recording its outcome', '请先从队列中领取此外呼，再记录结果'));
    if (task.claimedBy !== actor.id) throw new ServiceError('CONFLICT', t('another agent has claimed this call', '此外呼已被其他坐席领取'));
  }
  if (task.kind === 'frontline' && !admin) {
    if (!findShop(org, actor.shopId)) throw new ServiceError('FORBIDDEN', t('shop opportunities are recorded by shop staff; your account belongs to no shop', '厅店商机由营业厅人员记录；您的账号未归属任何营业厅'));
    const shop = workingShop(org, actor);
    if (task.region && task.region !== shop.region) {
      throw new ServiceError('FORBIDDEN', t(`this opportunity is for shops in ${task.region}; ${shop.id} is in ${shop.region}`, `此商机面向${task.region}的营业厅；${shop.id} 位于${shop.region}`));
    }
  }
}

/**
 * Records what the customer said. One transaction: the task's new state, the outcome event (and
 * order_placed when accepted), and for "never ask again" an opt-out of that channel — so a flow
 * never sees an outcome the workbench did not commit, and the reverse.
 */
export async function recordOutcome(rt: Runtime, actor: Actor, raw: OutcomeInput): Promise<TaskView> {
  const input = OutcomeInput.parse(raw);
  const now = rt.clock.now();
  // Read before the transaction: loading it inside would wait for the transaction's own connection on PGlite.
  const org = await orgOf(rt.db);
  await rt.db.transaction(async (tx) => {
    const [task] = await tx.select().from(frontlineTasks).where(eq(frontlineTasks.id, input.taskId)).for('update');
    if (!task) throw new ServiceError('NOT_FOUND', t(`task ${input.taskId} not found`, `找不到任务 ${input.taskId}`));
    if (task.status === 'done') {
      const [en, zh] = outcomeWords(task.outcome);
      throw new ServiceError('CONFLICT', t(`this task already has an outcome: ${en}`, `此任务已有结果：${zh}`));
    }
    if (task.status === 'expired' || task.dueAt <= now) throw new ServiceError('CONFLICT', t('this task has expired: the flow no longer offers it', '此任务已过期：流程不再提供'));
    if (task.offerId) {
      const [onSale] = await tx.select({ id: frontlineTasks.id }).from(frontlineTasks).where(and(eq(frontlineTasks.id, task.id), await offerOnSale(tx, now)));
      if (!onSale) throw new ServiceError('CONFLICT', t(`the offer ${task.offerId} is no longer on sale: the flow no longer offers it`, `优惠 ${task.offerId} 已停售：流程不再提供`));
    }
    assertMayAct(actor, task, org);
    const offer = offerOf(rt.catalog, task.offerId);
    if (input.outcome === 'accepted' && offer?.productId) {
      const [c] = await tx.select({ tags: customers.tags }).from(customers).where(eq(customers.id, task.customerId));
      const verdict = await eligibilityNow(tx, task.customerId, offer.productId, c?.tags ?? {});
      if (!verdict.eligible) {
        const reason = explainVerdict(verdict, rt.catalog);
        const product = rt.catalog.products.find((x) => x.id === offer.productId)?.label ?? { en: offer.productId, zh: offer.productId };
        throw new ServiceError('CONFLICT', t(`the customer cannot take ${product.en} now: ${reason?.en}`, `客户目前不能办理 ${product.zh}：${reason?.zh}`), { reason });
      }
    }
    const team = findTeam(org, actor.team);
    const shop = findShop(org, actor.shopId);
    const who = { outcome: input.outcome, outcomeAt: now, outcomeBy: actor.id, outcomeTeam: team?.id ?? null, outcomeShopId: shop?.id ?? null, note: input.note || null };
    if (input.outcome === 'call_back') {
      const at = input.callBackAt ?? new Date(now.getTime() + DEFAULT_CALL_BACK_MS);
      if (at <= now) throw fieldRefusal('callBackAt', '回访时间', t('choose a time in the future', '请选择将来的时间'));
      if (at >= task.dueAt) throw fieldRefusal('callBackAt', '回访时间', t(`choose a time before the task expires (${chinaMinute(task.dueAt)} China time)`, `请选择任务过期（${chinaMinute(task.dueAt)}）之前的时间`));
      // An ended campaign's work is never offered again (frontline-expiry.ts withdraws it): a
      // call-back would wait unseen until it expired.
      const [campaign] = await tx.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, task.campaignId));
      if (campaign && ['ended', 'evaluated'].includes(campaign.status)) {
        throw new ServiceError('CONFLICT', t('the campaign has ended, so no one would be offered a call-back: record how this contact ended', '营销活动已结束，回访不会再派发：请记录本次接触的结果'));
      }
      const assignedTo = task.kind === 'outbound_call' && input.callBackTo === 'me' ? actor.id : null;
      await tx.update(frontlineTasks).set({ ...who, status: 'open', claimedBy: null, claimedAt: null, availableAt: at, assignedTo }).where(eq(frontlineTasks.id, task.id));
    } else {
      await tx
        .update(frontlineTasks)
        .set({ ...who, status: 'done', claimedBy: task.claimedBy ?? actor.id, claimedAt: task.claimedAt ?? now, assignedTo: null })
        .where(eq(frontlineTasks.id, task.id));
    }
    const occurredAt = now.toISOString();
    const items: unknown[] = [
      {
        eventId: `frontline-${task.id}-${input.outcome}-${now.getTime()}`,
        customerId: task.customerId,
        type: 'offer_outcome',
        occurredAt,
        attributes: { task_id: task.id, offer_id: task.offerId ?? '', outcome: input.outcome, campaign_id: task.campaignId, channel: task.kind },
      },
    ];
    if (input.outcome === 'accepted' && offer?.productId) {
      items.push({ eventId: `frontline-${task.id}-order`, customerId: task.customerId, type: 'order_placed', occurredAt, attributes: { product_id: offer.productId } });
    }
    const intake = await ingestEvents({ db: tx, clock: rt.clock, catalog: rt.catalog }, items, 'frontline');
    if (intake.rejected.length) throw new Error(`the outcome event was refused: ${intake.rejected[0].error}`);
    if (input.outcome === 'accepted' && task.offerId) {
      // Taken: the same offer waiting on the customer's other channels is not made again.
      await tx
        .update(frontlineTasks)
        .set({ status: 'expired', note: `withdrawn: accepted through ${task.kind}` })
        .where(and(eq(frontlineTasks.customerId, task.customerId), eq(frontlineTasks.offerId, task.offerId), inArray(frontlineTasks.status, ['open', 'claimed']), ne(frontlineTasks.id, task.id)));
    }
    if (input.outcome === 'not_interested') {
      // "Never ask again" on this channel: an opt-out the global contact policy enforces for every
      // campaign, and the customer's other open tasks on the channel are withdrawn now.
      await blockContact(tx, { customerId: task.customerId, channel: task.kind, reason: 'opt_out', source: `frontline:${task.id}` });
      await tx
        .update(frontlineTasks)
        .set({ status: 'expired', note: 'withdrawn: the customer asked never to be offered again on this channel' })
        .where(and(eq(frontlineTasks.customerId, task.customerId), eq(frontlineTasks.kind, task.kind), inArray(frontlineTasks.status, ['open', 'claimed']), ne(frontlineTasks.id, task.id)));
    }
  });
  return (await loadTask(rt.db, rt.catalog, input.taskId))!;
}

/** The team's outbound queue as an agent sees it: their current call and what is waiting. */
export async function outboundQueue(rt: Runtime, actor: Actor) {
  const team = workingTeam((await workplace(rt.db, actor)).team, actor);
  const now = rt.clock.now();
  const stale = new Date(now.getTime() - ABANDON_MS);
  const onSale = await offerOnSale(rt.db, now);
  const running = await campaignLive(rt.db);
  const [current] = await loadTasks(
    rt.db,
    rt.catalog,
    and(eq(frontlineTasks.kind, 'outbound_call'), eq(frontlineTasks.status, 'claimed'), eq(frontlineTasks.claimedBy, actor.id), gt(frontlineTasks.dueAt, now), onSale),
    { orderBy: [desc(frontlineTasks.claimedAt)], limit: 1 },
  );
  const [counts] = await rt.db
    .select({
      waiting: sql<number>`count(*) filter (where ${claimable(now, stale, actor.id)})`.mapWith(Number),
      high: sql<number>`count(*) filter (where ${claimable(now, stale, actor.id)} and ${frontlineTasks.priority} = 2)`.mapWith(Number),
      later: sql<number>`count(*) filter (where ${frontlineTasks.status} = 'open' and ${frontlineTasks.availableAt} > ${now.toISOString()}::timestamptz)`.mapWith(Number),
    })
    .from(frontlineTasks)
    .where(and(eq(frontlineTasks.kind, 'outbound_call'), gt(frontlineTasks.dueAt, now), onSale, running, teamRegions(team?.regions)));
  const [mine] = await rt.db
    .select({ next: sql<Date | null>`min(${frontlineTasks.availableAt})`.mapWith((v) => (v === null ? null : new Date(v))) })
    .from(frontlineTasks)
    .where(and(eq(frontlineTasks.kind, 'outbound_call'), eq(frontlineTasks.status, 'open'), eq(frontlineTasks.assignedTo, actor.id), gt(frontlineTasks.dueAt, now), onSale, running));
  const expired = await recentlyExpired(rt.db, rt.catalog, now, 'outbound_call', team?.regions);
  // The server's clock: the call-back picker offers times after it, whatever the tablet's clock says.
  return { team, current: current ?? null, waiting: counts.waiting, high: counts.high, later: counts.later, myNextCallBack: mine?.next ?? null, expired, now };
}

const teamRegions = (regions: string[] | undefined) =>
  regions ? or(inArray(frontlineTasks.region, regions), isNull(frontlineTasks.region)) : undefined;

/**
 * Open and available now (a call-back promised by another agent only once they have let it sit
 * CALL_BACK_GRACE_MS past its time), or claimed and abandoned.
 */
const claimable = (now: Date, stale: Date, agentId: string) =>
  or(
    and(
      eq(frontlineTasks.status, 'open'),
      or(isNull(frontlineTasks.availableAt), lte(frontlineTasks.availableAt, now)),
      or(isNull(frontlineTasks.assignedTo), eq(frontlineTasks.assignedTo, agentId), lte(frontlineTasks.availableAt, new Date(now.getTime() - CALL_BACK_GRACE_MS))),
    ),
    and(eq(frontlineTasks.status, 'claimed'), lte(frontlineTasks.claimedAt, stale)),
  )!;

/**
 * Gives the agent the next call: their own unfinished claim if any, else the most urgent task
 * of their team (priority, then due time). FOR UPDATE SKIP LOCKED: agents claiming at the same
 * moment each lock a different row, so no two ever get the same task.
 */
export async function claimNext(rt: Runtime, actor: Actor): Promise<TaskView | null> {
  const team = workingTeam((await workplace(rt.db, actor)).team, actor);
  const now = rt.clock.now();
  const stale = new Date(now.getTime() - ABANDON_MS);
  const id = await rt.db.transaction(async (tx) => {
    const onSale = await offerOnSale(tx, now);
    const [mine] = await tx
      .select({ id: frontlineTasks.id })
      .from(frontlineTasks)
      .where(
        and(
          eq(frontlineTasks.kind, 'outbound_call'),
          eq(frontlineTasks.status, 'claimed'),
          eq(frontlineTasks.claimedBy, actor.id),
          gt(frontlineTasks.claimedAt, stale),
          gt(frontlineTasks.dueAt, now),
          onSale,
        ),
      )
      .limit(1);
    if (mine) return mine.id;
    const [next] = await tx
      .select({ id: frontlineTasks.id })
      .from(frontlineTasks)
      .where(and(eq(frontlineTasks.kind, 'outbound_call'), gt(frontlineTasks.dueAt, now), onSale, await campaignLive(tx), claimable(now, stale, actor.id), teamRegions(team?.regions)))
      // The agent's own call-backs first: they promised the customer to call at that time.
      .orderBy(sql`(${frontlineTasks.assignedTo} is not distinct from ${actor.id}) desc`, desc(frontlineTasks.priority), asc(frontlineTasks.dueAt), asc(frontlineTasks.createdAt))
      .limit(1)
      .for('update', { skipLocked: true });
    if (!next) return null;
    await tx.update(frontlineTasks).set({ status: 'claimed', claimedBy: actor.id, claimedAt: now }).where(eq(frontlineTasks.id, next.id));
    return next.id;
  });
  return id ? ((await loadTask(rt.db, rt.catalog, id)) ?? null) : null;
}
