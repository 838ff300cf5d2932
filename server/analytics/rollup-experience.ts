// The roll-up worker's second half (issue 7): frontline work and complaints, folded into
// analytics_frontline_days and analytics_complaint_hours in the same transactions (and under the
// same watermarks) as the step and event counters in rollup.ts, so nothing is counted twice.
//  - Pushed: a people channel's `sent` step (the dispatcher's step, whose providerRef is the task
//    it created); region and kind are the task's.
//  - Worked, accepted, commission: `offer_outcome` events with a final outcome (accepted,
//    declined, not interested); shop, team and commission are read from the task, which no longer
//    changes once it has a final outcome. "Call back later" and expiry are not outcomes worked.
//  - Complaints: `complaint` events, credited to the campaign they name or, for a complaint about
//    a marketing contact that names none, to the last contact the customer was sent in the week
//    before. Bucketed by when the complaint was made (occurred_at), so a late one lands in its hour.
import { sql } from 'drizzle-orm';
import type { Executor, Tx } from '../db/client';
import { PEOPLE_CHANNELS } from './filters';
import { dayOf, hourOf, queryRows } from './rollup';
import { inJsonList } from '../db/in-list';

export const FINAL_OUTCOMES = ['accepted', 'declined', 'not_interested'];
export const COMPLAINT_CATEGORIES = ['marketing_contact', 'offer_terms', 'billing', 'network', 'service', 'other'] as const;
/** A complaint about a marketing contact that names no campaign is credited to the last one in this window. */
const ATTRIBUTION_WINDOW_MS = 7 * 86_400_000;

export interface FrontlineBucket {
  day: Date;
  campaignId: string;
  department: string;
  kind: string;
  region: string;
  shop: string;
  team: string;
  pushed: number;
  worked: number;
  accepted: number;
  commissionCny: number;
}

export interface ComplaintBucket {
  hour: Date;
  campaignId: string;
  department: string;
  channel: string;
  category: string;
  source: string;
  region: string;
  n: number;
}

const uuidLike = (x: unknown): x is string => typeof x === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(x);

function addFrontline(m: Map<string, FrontlineBucket>, b: FrontlineBucket) {
  const key = [b.day.getTime(), b.campaignId, b.kind, b.region, b.shop, b.team].join('|');
  const x = m.get(key);
  if (!x) m.set(key, { ...b });
  else {
    x.pushed += b.pushed;
    x.worked += b.worked;
    x.accepted += b.accepted;
    x.commissionCny += b.commissionCny;
  }
}

export async function upsertFrontline(tx: Tx, values: FrontlineBucket[]) {
  if (!values.length) return;
  const json = JSON.stringify(
    values.map((b) => ({ at: b.day.toISOString(), c: b.campaignId, d: b.department, k: b.kind, reg: b.region, s: b.shop, t: b.team, p: b.pushed, w: b.worked, a: b.accepted, com: b.commissionCny })),
  );
  await tx.execute(sql`
    insert into analytics_frontline_days (day, campaign_id, department, kind, region, shop, team, pushed, worked, accepted, commission_cny)
    select at, c, d, k, reg, s, t, p, w, a, com
    from jsonb_to_recordset(${json}::jsonb) as x(at timestamptz, c uuid, d text, k text, reg text, s text, t text, p bigint, w bigint, a bigint, com float8)
    on conflict (day, campaign_id, kind, region, shop, team, demo) do update
      set pushed = analytics_frontline_days.pushed + excluded.pushed, worked = analytics_frontline_days.worked + excluded.worked,
          accepted = analytics_frontline_days.accepted + excluded.accepted,
          commission_cny = analytics_frontline_days.commission_cny + excluded.commission_cny`);
}

/** Tasks pushed: one per people-channel `sent` step of the batch. */
export async function rollUpPushed(
  tx: Tx,
  sent: { customer_id: string; campaign_id: string; channel: string; provider_ref: string | null; at: Date }[],
  region: Map<string, string>,
  department: Map<string, string>,
) {
  const people = sent.filter((s) => PEOPLE_CHANNELS.includes(s.channel));
  if (!people.length) return;
  const refs = [...new Set(people.map((s) => s.provider_ref).filter(uuidLike))];
  const tasks = refs.length
    ? new Map(
        (
          await queryRows<{ id: string; kind: string; region: string | null }>(
            tx,
            sql`select id::text, kind, region from frontline_tasks where ${inJsonList(sql`id`, refs, 'uuid')}`,
          )
        ).map((t) => [t.id, t]),
      )
    : new Map<string, { kind: string; region: string | null }>();
  const out = new Map<string, FrontlineBucket>();
  for (const s of people) {
    const task = s.provider_ref ? tasks.get(s.provider_ref) : undefined;
    addFrontline(out, {
      day: dayOf(s.at),
      campaignId: s.campaign_id,
      department: department.get(s.campaign_id) ?? '',
      kind: task?.kind ?? s.channel,
      // The task's routing city ('' for "any shop"); without a task, the customer's city.
      region: task ? (task.region ?? '') : (region.get(s.customer_id) ?? ''),
      shop: '',
      team: '',
      pushed: 1,
      worked: 0,
      accepted: 0,
      commissionCny: 0,
    });
  }
  await upsertFrontline(tx, [...out.values()]);
}

export interface ExperienceEvent {
  type: string;
  customer_id: string;
  occurredAt: Date;
  attributes: Record<string, unknown> | null;
}

/** Outcomes worked (offer_outcome events with a final outcome), by the task's shop and team. */
export async function rollUpOutcomes(tx: Tx, events: ExperienceEvent[], department: (ids: string[]) => Promise<Map<string, string>>) {
  const outcomes = events.filter((e) => e.type === 'offer_outcome' && FINAL_OUTCOMES.includes(String(e.attributes?.outcome)) && uuidLike(e.attributes?.task_id));
  if (!outcomes.length) return;
  const ids = [...new Set(outcomes.map((e) => String(e.attributes!.task_id)))];
  const tasks = new Map(
    (
      await queryRows<{ id: string; kind: string; campaign_id: string; region: string | null; shop: string | null; team: string | null; commission: number; outcome_at: Date | string | null }>(
        tx,
        sql`select id::text, kind, campaign_id::text, region, outcome_shop_id as shop, outcome_team as team, commission_cny::float8 as commission, outcome_at
            from frontline_tasks where ${inJsonList(sql`id`, ids, 'uuid')}`,
      )
    ).map((t) => [t.id, t]),
  );
  const dept = await department([...tasks.values()].map((t) => t.campaign_id));
  const out = new Map<string, FrontlineBucket>();
  for (const e of outcomes) {
    const task = tasks.get(String(e.attributes!.task_id));
    if (!task) continue;
    const accepted = e.attributes!.outcome === 'accepted';
    addFrontline(out, {
      day: dayOf(task.outcome_at ? new Date(task.outcome_at) : e.occurredAt),
      campaignId: task.campaign_id,
      department: dept.get(task.campaign_id) ?? '',
      kind: task.kind,
      region: task.region ?? '',
      shop: task.shop ?? '',
      team: task.team ?? '',
      pushed: 0,
      worked: 1,
      accepted: accepted ? 1 : 0,
      commissionCny: accepted ? Number(task.commission) : 0,
    });
  }
  await upsertFrontline(tx, [...out.values()]);
}

export async function upsertComplaints(tx: Tx, values: ComplaintBucket[]) {
  if (!values.length) return;
  const json = JSON.stringify(values.map((b) => ({ at: b.hour.toISOString(), c: b.campaignId, d: b.department, ch: b.channel, cat: b.category, src: b.source, reg: b.region, n: b.n })));
  await tx.execute(sql`
    insert into analytics_complaint_hours (hour, campaign_id, department, channel, category, source, region, n)
    select at, c, d, ch, cat, src, reg, n from jsonb_to_recordset(${json}::jsonb) as x(at timestamptz, c text, d text, ch text, cat text, src text, reg text, n bigint)
    on conflict (hour, campaign_id, channel, category, source, region, demo) do update set n = analytics_complaint_hours.n + excluded.n`);
}

/**
 * The campaign and channel a complaint concerns: the campaign it names (when it exists) or, for a
 * complaint about a marketing contact that names none, the last contact the customer was sent in
 * the week before (on its channel, when given); otherwise none. The roll-up counts complaints by
 * it, and the dashboards' complaint list filters by it, so both agree.
 */
export async function attributeComplaints<E extends ExperienceEvent>(ex: Executor, complaints: E[]) {
  const named = [...new Set(complaints.map((e) => e.attributes?.campaign_id).filter(uuidLike))];
  const existing = new Set(
    named.length
      ? (await queryRows<{ id: string }>(ex, sql`select id::text from campaigns where ${inJsonList(sql`id`, named, 'uuid')}`)).map((r) => r.id)
      : [],
  );
  const resolved: { e: E; campaignId: string; channel: string }[] = [];
  for (const e of complaints) {
    const a = e.attributes ?? {};
    const channel = typeof a.channel === 'string' ? a.channel : '';
    if (uuidLike(a.campaign_id) && existing.has(a.campaign_id)) {
      resolved.push({ e, campaignId: a.campaign_id, channel });
    } else if (a.category === 'marketing_contact') {
      // The customer's last contact in the week before (steps_customer_idx: the customer's own rows).
      const [last] = await queryRows<{ campaign_id: string; channel: string | null; node_kind: string }>(
        ex,
        sql`select campaign_id::text, detail->>'channel' as channel, node_kind from steps
            where customer_id = ${e.customer_id} and outcome = 'sent'
              and at <= ${e.occurredAt.toISOString()}::timestamptz and at > ${new Date(e.occurredAt.getTime() - ATTRIBUTION_WINDOW_MS).toISOString()}::timestamptz
              ${channel ? sql`and detail->>'channel' = ${channel}` : sql``}
            order by id desc limit 1`,
      );
      resolved.push({ e, campaignId: last?.campaign_id ?? '', channel: channel || (last?.channel ?? '') });
    } else resolved.push({ e, campaignId: '', channel });
  }
  return resolved;
}

/** Complaints by hour, campaign (named, or the last marketing contact), channel, category, source, city. */
export async function rollUpComplaints(
  tx: Tx,
  events: ExperienceEvent[],
  region: Map<string, string>,
  department: (ids: string[]) => Promise<Map<string, string>>,
) {
  const complaints = events.filter((e) => e.type === 'complaint');
  if (!complaints.length) return;
  const resolved = await attributeComplaints(tx, complaints);
  const dept = await department(resolved.map((r) => r.campaignId).filter(Boolean));
  const out = new Map<string, ComplaintBucket>();
  for (const { e, campaignId, channel } of resolved) {
    const a = e.attributes ?? {};
    const b: ComplaintBucket = {
      hour: hourOf(e.occurredAt),
      campaignId,
      department: campaignId ? (dept.get(campaignId) ?? '') : '',
      channel,
      category: typeof a.category === 'string' ? a.category : 'other',
      source: typeof a.source === 'string' ? a.source : '',
      region: region.get(e.customer_id) ?? '',
      n: 1,
    };
    const key = [b.hour.getTime(), b.campaignId, b.channel, b.category, b.source, b.region].join('|');
    const x = out.get(key);
    if (x) x.n += 1;
    else out.set(key, b);
  }
  await upsertComplaints(tx, [...out.values()]);
}
