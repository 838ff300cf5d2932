// In-app notifications (the bell, issue 6): a sign-off waiting for a department is told to each
// of its approvers; people read and clear their own. Written in the transaction of the change
// that causes them, together with their email and webhook deliveries (an outbox: see
// notifications-delivery.ts), so a notice is never lost between the change and the sending.
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../auth/roles';
import type { Executor } from '../db/client';
import { approvals, notificationDeliveries, notifications, user } from '../db/schema';
import type { SignoffStep, StepState } from './launch-signoffs';

export type NotificationRow = typeof notifications.$inferSelect;

/** The channels a notification also leaves by, where configured (notifications-delivery.ts). */
export const DELIVERY_CHANNELS = ['email', 'webhook'] as const;

/** Approvers of `department` (an administrator stands in only when nobody else can). */
async function approversOf(db: Executor, department: string): Promise<string[]> {
  const rows = await db
    .select({ id: user.id })
    .from(user)
    .where(and(eq(user.role, 'approver'), eq(user.department, department)));
  if (rows.length) return rows.map((r) => r.id);
  return (await db.select({ id: user.id }).from(user).where(eq(user.role, 'admin'))).map((r) => r.id);
}

type Notice = { kind: string; campaignId?: string | null; versionId?: string | null; detail: Record<string, unknown> };

export async function notifyDepartment(db: Executor, department: string, n: Notice) {
  return notifyPeople(db, await approversOf(db, department), n);
}

/** The administrators: the level above the head office (they may stand in for any approver). */
export async function notifyAdministrators(db: Executor, n: Notice) {
  return notifyPeople(db, (await db.select({ id: user.id }).from(user).where(eq(user.role, 'admin'))).map((r) => r.id), n);
}

/** These people (e.g. a campaign's designers), each once. */
export async function notifyUsers(db: Executor, ids: (string | null)[], n: Notice) {
  return notifyPeople(db, [...new Set(ids.filter((id): id is string => !!id))], n);
}

async function notifyPeople(db: Executor, ids: string[], n: Notice) {
  if (ids.length === 0) return 0;
  const rows = await db
    .insert(notifications)
    .values(ids.map((userId) => ({ userId, kind: n.kind, campaignId: n.campaignId ?? null, versionId: n.versionId ?? null, detail: n.detail })))
    .returning({ id: notifications.id });
  // One delivery per channel; a channel that is not configured marks its rows skipped.
  await db.insert(notificationDeliveries).values(rows.flatMap((r) => DELIVERY_CHANNELS.map((channel) => ({ notificationId: r.id, channel }))));
  return ids.length;
}

/** Tells each department whose sign-off has just opened on this version. */
export async function notifySignoffsOpen(
  db: Executor,
  version: { id: string; campaignId: string; versionNo: number; campaignName: string },
  steps: SignoffStep[],
  states: Map<string, StepState>,
) {
  const already = new Set(
    (
      await db
        .select({ detail: notifications.detail })
        .from(notifications)
        .where(and(eq(notifications.versionId, version.id), eq(notifications.kind, 'signoff_open')))
    ).map((r) => String(r.detail.stepId)),
  );
  for (const step of steps) {
    if (states.get(step.id) !== 'open' || already.has(step.id)) continue;
    await notifyDepartment(db, step.department, {
      kind: 'signoff_open',
      campaignId: version.campaignId,
      versionId: version.id,
      detail: { stepId: step.id, department: step.department, campaignName: version.campaignName, versionNo: version.versionNo },
    });
  }
}

/**
 * Tells whoever submitted a version that it was rejected, or approved by its last required
 * sign-off (so they may launch it): the department and approver who decided and their comment;
 * for an approval, every sign-off given, in the order given (who signed for which department).
 * Written in the decision's transaction (decideVersion), like every other notice.
 */
export async function notifyVersionDecided(
  db: Executor,
  version: { id: string; campaignId: string; versionNo: number; createdBy: string | null; hash: string },
  campaignName: string,
  decision: { outcome: 'approved' | 'rejected'; stepId: string; department: string; approver: string; comment: string },
  steps: SignoffStep[],
) {
  return notifyUsers(db, [version.createdBy], {
    kind: decision.outcome === 'rejected' ? 'version_rejected' : 'version_approved',
    campaignId: version.campaignId,
    versionId: version.id,
    detail: {
      campaignName,
      versionNo: version.versionNo,
      stepId: decision.stepId,
      department: decision.department,
      approver: decision.approver,
      comment: decision.comment,
      ...(decision.outcome === 'approved' ? { signoffs: await signoffsGiven(db, version, steps, decision.stepId) } : {}),
    },
  });
}

/**
 * The approvals on a version's hash in the order given: the step, the department it signs for,
 * the approver's name. The deciding one (`lastStepId`) is last even if a sign-off whose
 * transaction started earlier committed after it.
 */
async function signoffsGiven(db: Executor, version: { id: string; hash: string }, steps: SignoffStep[], lastStepId: string) {
  const rows = await db
    .select({ stepId: approvals.stepId, approver: user.name })
    .from(approvals)
    .innerJoin(user, eq(user.id, approvals.approverId))
    .where(and(eq(approvals.flowVersionId, version.id), eq(approvals.versionHash, version.hash), eq(approvals.decision, 'approved')))
    .orderBy(asc(approvals.createdAt), asc(approvals.id));
  const department = new Map(steps.map((s) => [s.id, s.department]));
  return [...rows.filter((r) => r.stepId !== lastStepId), ...rows.filter((r) => r.stepId === lastStepId)].flatMap((r) => {
    const d = department.get(r.stepId);
    return d ? [{ stepId: r.stepId, department: d, approver: r.approver }] : [];
  });
}

export async function listNotifications(db: Executor, actor: Actor, limit = 30) {
  const [rows, [{ unread }]] = await Promise.all([
    db.select().from(notifications).where(eq(notifications.userId, actor.id)).orderBy(desc(notifications.createdAt)).limit(limit),
    db.select({ unread: count() }).from(notifications).where(and(eq(notifications.userId, actor.id), eq(notifications.read, false))),
  ]);
  return { unread, items: rows };
}

export async function markNotificationsRead(db: Executor, actor: Actor, ids?: string[]) {
  await db
    .update(notifications)
    .set({ read: true })
    .where(and(eq(notifications.userId, actor.id), ids ? inArray(notifications.id, ids) : undefined));
}
