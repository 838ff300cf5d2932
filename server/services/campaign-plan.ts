// Planning and resource allocation (issue 6): a campaign's objective, schedule window, priority,
// its contact rules (issue 4: exclusive in arbitration or not; held or dropped in quiet hours)
// and allocation (budget in CNY, SMS volume, outbound call capacity, frontline tasks), the
// lifecycle worker that puts scheduled campaigns live at the window's start and ends them at its
// end, and the draw-down of the allocation by what the campaign actually sent.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../auth/roles';
import type { Executor } from '../db/client';
import { analyticsStepHours, campaignEvents, campaigns, flowVersions, notifications } from '../db/schema';
import type { Runtime } from '../runtime/runtime';
import { appendAudit } from './audit';
import { assertLaunchable, getCampaign, lapseWaitingVersions, moveCampaign, pauseCampaign } from './campaigns';
import { ServiceError } from './errors';
import { notifyDepartment, notifyUsers } from './notifications';
import { escalateOverdueSignoffs } from './signoff-escalation';
import { lowerAllocation } from './version-refs';
import { settleHeldContacts } from '../runtime/held-contacts';
import { contactsQueued } from '../runtime/wakeups';
import { departmentName, t, type LocalizedText } from '../../workflows';
import { readNote, storedNote, type ExhaustedPart } from './timeline-note';

export const Allocation = z.object({
  budgetCny: z.number().min(0).max(1e10).optional(),
  sms: z.number().int().min(0).max(1e10).optional(),
  outboundCalls: z.number().int().min(0).max(1e9).optional(),
  frontlineTasks: z.number().int().min(0).max(1e9).optional(),
});
export type Allocation = z.infer<typeof Allocation>;

export const PlanInput = z
  .object({
    id: z.uuid(),
    objective: z.string().trim().max(2000),
    startAt: z.coerce.date().nullable(),
    endAt: z.coerce.date().nullable(),
    priority: z.number().int().min(0).max(100),
    allocation: Allocation,
    onExhausted: z.enum(['pause', 'request']),
    /** Exclusive: when it contacts a customer for an event, other campaigns do not for that event. Omitted: unchanged. */
    exclusive: z.boolean().optional(),
    /** A contact that falls in the customer's quiet hours: held until they end, or dropped. Omitted: unchanged. */
    quietHoursMode: z.enum(['hold', 'drop']).optional(),
  })
  .refine((p) => !p.startAt || !p.endAt || p.startAt < p.endAt, { path: ['endAt'], message: 'the window must end after it starts' });
export type PlanInput = z.input<typeof PlanInput>;

/** What one contact costs, in CNY, for the budget (a provincial tariff; see docs/closed-loop.md). */
export const UNIT_COST_CNY: Record<string, number> = { sms: 0.05, outbound_call: 1.2, frontline: 5, app_push: 0, webhook: 0, inbound: 0 };

/** The allocation's channel quotas and the channel each draws on. */
const QUOTAS = [
  ['sms', 'sms'],
  ['outboundCalls', 'outbound_call'],
  ['frontlineTasks', 'frontline'],
] as const;

export async function updatePlan(db: Executor, actor: Actor, input: PlanInput) {
  const p = PlanInput.parse(input);
  const campaign = await getCampaign(db, p.id);
  if (actor.role !== 'admin' && actor.department !== campaign.department) {
    throw new ServiceError('FORBIDDEN', t(`campaign "${campaign.name}" belongs to the ${campaign.department} department`, `营销活动“${campaign.name}”属于${departmentName(campaign.department).zh}`));
  }
  if (campaign.status === 'ended' || campaign.status === 'evaluated') {
    throw new ServiceError('PRECONDITION_FAILED', t(`campaign "${campaign.name}" has ended; its plan can no longer change`, `营销活动“${campaign.name}”已结束，计划不能再修改`));
  }
  const next = {
    objective: p.objective,
    startAt: p.startAt,
    endAt: p.endAt,
    priority: p.priority,
    allocation: p.allocation,
    onExhausted: p.onExhausted,
    exclusive: p.exclusive ?? campaign.exclusive,
    quietHoursMode: p.quietHoursMode ?? campaign.quietHoursMode,
  };
  await db.update(campaigns).set({ ...next, updatedAt: new Date() }).where(eq(campaigns.id, p.id));
  const before = Object.fromEntries(Object.keys(next).map((k) => [k, campaign[k as keyof typeof next]]));
  await appendAudit(db, { actor, action: 'campaign.plan', entityType: 'campaign', entityId: p.id, detail: { before, after: next } });
  return { ...campaign, ...next };
}

export interface Usage {
  sms: number;
  outbound_call: number;
  frontline: number;
  costCny: number;
  [channel: string]: number;
}

/** Contacts sent per channel and their cost, from the roll-ups (demo history excluded). */
export async function campaignUsage(db: Executor, campaignIds: string[]): Promise<Map<string, Usage>> {
  const out = new Map<string, Usage>(campaignIds.map((id) => [id, { sms: 0, outbound_call: 0, frontline: 0, costCny: 0 }]));
  if (campaignIds.length === 0) return out;
  const rows = await db
    .select({ campaignId: analyticsStepHours.campaignId, channel: analyticsStepHours.channel, n: sql<number>`sum(${analyticsStepHours.n})::float8` })
    .from(analyticsStepHours)
    .where(and(inArray(analyticsStepHours.campaignId, campaignIds), eq(analyticsStepHours.outcome, 'sent'), eq(analyticsStepHours.demo, false)))
    .groupBy(analyticsStepHours.campaignId, analyticsStepHours.channel);
  for (const r of rows) {
    const u = out.get(r.campaignId)!;
    u[r.channel] = (u[r.channel] ?? 0) + r.n;
    u.costCny += r.n * (UNIT_COST_CNY[r.channel] ?? 0);
  }
  return out;
}

/** Which parts of the allocation are used up, with what was used of how much. */
export function exhausted(allocation: Allocation, usage: Usage): ExhaustedPart[] {
  const out: ExhaustedPart[] = [];
  for (const [key, channel] of QUOTAS) {
    const quota = allocation[key];
    if (quota !== undefined && usage[channel] >= quota) out.push({ part: key, used: usage[channel], quota });
  }
  if (allocation.budgetCny !== undefined && usage.costCny >= allocation.budgetCny) {
    out.push({ part: 'budgetCny', used: Math.round(usage.costCny * 100) / 100, quota: allocation.budgetCny });
  }
  return out;
}

/** A used-up part as the approvers' notice names it, e.g. 'sms 100/100'. */
const partText = (p: ExhaustedPart) => `${p.part} ${p.part === 'budgetCny' ? p.used.toFixed(2) : p.used}/${p.quota}`;

const SYSTEM = null;

/**
 * The lifecycle worker stage: scheduled campaigns go live at their window's start, live and paused
 * ones end at its end, a live campaign whose allocation is used up pauses or asks its
 * department's approvers for more (once per exhausted part), and overdue launch sign-offs are
 * escalated to the head office. Returns how many things it did.
 */
export async function runLifecycle(rt: Pick<Runtime, 'db' | 'clock' | 'flows'>): Promise<number> {
  const now = rt.clock.now();
  let moved = 0;
  let released = 0;
  let dropped = 0;
  await rt.db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(campaigns)
      .where(
        sql`(${campaigns.status} = 'scheduled' and ${campaigns.startAt} <= ${now.toISOString()})
          or (${campaigns.status} in ('scheduled', 'live', 'paused') and ${campaigns.endAt} <= ${now.toISOString()})`,
      )
      .for('update', { skipLocked: true });
    for (const c of due) {
      if (c.endAt && c.endAt <= now) {
        const lapsed = await lapseWaitingVersions(tx, c);
        await moveCampaign(tx, c, 'ended', SYSTEM, null, { kind: 'windowEnded', endAt: c.endAt.toISOString(), lapsed });
      } else {
        // The same check as a launch by hand: what the scheduled version references (offers'
        // terms, the allocation) must still be what was signed. Otherwise it does not start: the
        // campaign goes back to approved, the timeline and the audit log saying why.
        const refusal = await startRefusal(tx, c);
        if (refusal) {
          await tx.update(campaigns).set({ liveVersionId: null, liveSince: null }).where(eq(campaigns.id, c.id));
          await moveCampaign(tx, c, 'approved', SYSTEM, refusal.hash, { kind: 'notStarted', startAt: c.startAt!.toISOString(), why: refusal.why });
          await notifyUsers(tx, [c.createdBy, refusal.author], {
            kind: 'start_refused',
            campaignId: c.id,
            versionId: refusal.versionId,
            detail: { campaignName: c.name, versionNo: refusal.versionNo, reason: refusal.why.en },
          });
        } else {
          await tx.update(campaigns).set({ liveSince: now }).where(eq(campaigns.id, c.id));
          await moveCampaign(tx, c, 'live', SYSTEM, null, { kind: 'windowStarted', startAt: c.startAt!.toISOString() });
        }
      }
      moved++;
    }
    // The allocation drawn down is the lower of the current plan and the one the live version was
    // signed with: a raised figure takes effect once a version carrying it is approved.
    const live = (
      await tx
        .select({ c: campaigns, signed: flowVersions.refs })
        .from(campaigns)
        .leftJoin(flowVersions, eq(flowVersions.id, campaigns.liveVersionId))
        .where(and(eq(campaigns.status, 'live'), sql`(${campaigns.allocation} <> '{}'::jsonb or coalesce(${flowVersions.refs}->'allocation', '{}'::jsonb) <> '{}'::jsonb)`))
    ).map((r) => ({ ...r.c, allocation: r.signed ? lowerAllocation(r.c.allocation, r.signed.allocation) : r.c.allocation }));
    const usage = await campaignUsage(tx, live.map((c) => c.id));
    for (const c of live) {
      const allocation = Allocation.parse(c.allocation);
      const parts = exhausted(allocation, usage.get(c.id)!);
      if (parts.length === 0) continue;
      const gone = parts.map(partText);
      if (c.onExhausted === 'pause') {
        await pauseCampaign(tx, rt, SYSTEM, c.id, { kind: 'allocationUsedUp', exhausted: parts });
        moved++;
      } else if (!(await alreadyRequested(tx, c.id, gone))) {
        await notifyDepartment(tx, c.department, { kind: 'allocation_request', campaignId: c.id, detail: { campaignName: c.name, exhausted: gone } });
        await tx.insert(campaignEvents).values({ campaignId: c.id, fromStatus: 'live', toStatus: 'live', note: storedNote({ kind: 'allocationRequested', exhausted: parts }) });
        await appendAudit(tx, { actor: SYSTEM, action: 'allocation.request', entityType: 'campaign', entityId: c.id, detail: { exhausted: gone } }, now);
        moved++;
      }
    }
    moved += await escalateOverdueSignoffs(tx, now);
    // Held contacts of campaigns live again go out; those of campaigns that ended are suppressed.
    const settled = await settleHeldContacts(tx, now);
    released = settled.released;
    dropped = settled.suppressed;
  });
  if (moved) rt.flows.invalidate();
  if (released) contactsQueued(rt);
  return moved + released + dropped;
}

/** Why the version a scheduled campaign was launched with may not start now (null: it may). */
type StartRefusal = { why: LocalizedText; hash: string | null; versionId: string | null; versionNo: number | null; author: string | null };

async function startRefusal(db: Executor, c: typeof campaigns.$inferSelect): Promise<StartRefusal | null> {
  const [version] = c.liveVersionId ? await db.select().from(flowVersions).where(eq(flowVersions.id, c.liveVersionId)) : [];
  if (!version) return { why: t('it has no launched version to run', '没有已上线的版本可运行'), hash: null, versionId: null, versionNo: null, author: null };
  try {
    await assertLaunchable(db, c, version);
    return null;
  } catch (e) {
    if (e instanceof ServiceError) return { why: e.localized ?? t(e.message, e.message), hash: version.hash, versionId: version.id, versionNo: version.versionNo, author: version.createdBy };
    throw e;
  }
}

async function alreadyRequested(db: Executor, campaignId: string, gone: string[]): Promise<boolean> {
  const keys = gone.map((g) => g.split(' ')[0]).sort().join(',');
  const rows = await db
    .select({ detail: notifications.detail })
    .from(notifications)
    .where(and(eq(notifications.campaignId, campaignId), eq(notifications.kind, 'allocation_request')));
  return rows.some((r) => (r.detail.exhausted as string[]).map((g) => g.split(' ')[0]).sort().join(',') === keys);
}

/** The campaign's lifecycle moves, oldest first, with who made them and why (timeline-note.ts). */
export async function lifecycleTimeline(db: Executor, campaignId: string) {
  const rows = await db
    .select({ at: campaignEvents.at, from: campaignEvents.fromStatus, to: campaignEvents.toStatus, note: campaignEvents.note, versionHash: campaignEvents.versionHash, actorId: campaignEvents.actorId, actorName: sql<string | null>`(select name from "user" u where u.id = ${campaignEvents.actorId})` })
    .from(campaignEvents)
    .where(eq(campaignEvents.campaignId, campaignId))
    .orderBy(campaignEvents.at);
  return rows.map((r) => ({ ...r, note: readNote(r.note) }));
}
