// Overdue launch sign-offs escalate to the next level (issue 6): a step open longer than its
// approval node's "give up after" (two days for the default sign-off) is reported once to the
// head office's approvers (a head-office step: to the administrators, who may stand in for any
// approver), and recorded in the audit log. Run by the lifecycle worker stage, which
// also announces per-customer approvals waiting in journeys and escalates those half-way to
// their due time (approval-tasks.ts).
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { approvals, campaigns, flowVersions, notifications } from '../db/schema';
import { announceOpenTasks, escalateOverdueTasks } from './approval-tasks';
import { appendAudit } from './audit';
import { DEFAULT_SIGNOFF_TIMEOUT_MS, stepStates, versionSteps } from './launch-signoffs';
import { notifyAdministrators, notifyDepartment } from './notifications';

export async function escalateOverdueSignoffs(db: Executor, now: Date): Promise<number> {
  const tasks = (await announceOpenTasks(db, now)) + (await escalateOverdueTasks(db, now));
  return tasks + (await escalateLaunchSignoffs(db, now));
}

async function escalateLaunchSignoffs(db: Executor, now: Date): Promise<number> {
  const waiting = await db
    .select({ id: flowVersions.id, hash: flowVersions.hash, versionNo: flowVersions.versionNo, signoffs: flowVersions.signoffs, createdAt: flowVersions.createdAt, campaignId: campaigns.id, campaignName: campaigns.name, department: campaigns.department })
    .from(flowVersions)
    .innerJoin(campaigns, eq(campaigns.id, flowVersions.campaignId))
    .where(eq(flowVersions.status, 'submitted'));
  if (waiting.length === 0) return 0;
  const ids = waiting.map((v) => v.id);
  const decisions = await db.select().from(approvals).where(inArray(approvals.flowVersionId, ids));
  const escalated = new Set(
    (await db.select({ versionId: notifications.versionId, detail: notifications.detail }).from(notifications).where(and(eq(notifications.kind, 'escalation'), inArray(notifications.versionId, ids))))
      .map((n) => `${n.versionId}|${String(n.detail.stepId)}`),
  );
  let n = 0;
  for (const v of waiting) {
    const mine = decisions.filter((d) => d.flowVersionId === v.id);
    const steps = versionSteps(v.signoffs, v.department);
    const states = stepStates(steps, mine, v.hash);
    for (const step of steps) {
      if (states.get(step.id) !== 'open' || escalated.has(`${v.id}|${step.id}`)) continue;
      // Open since the version was submitted, or since the last step before it was approved.
      const openedAt = Math.max(v.createdAt.getTime(), ...mine.filter((d) => step.after.includes(d.stepId)).map((d) => d.createdAt.getTime()));
      if (now.getTime() - openedAt < (step.timeoutMs ?? DEFAULT_SIGNOFF_TIMEOUT_MS)) continue;
      // The next level: the head office, or above a head-office step the administrators.
      const to = step.department === 'head_office' ? 'admin' : 'head_office';
      const notice = {
        kind: 'escalation',
        campaignId: v.campaignId,
        versionId: v.id,
        detail: { stepId: step.id, department: step.department, campaignName: v.campaignName, versionNo: v.versionNo, openSince: new Date(openedAt).toISOString() },
      };
      if (to === 'admin') await notifyAdministrators(db, notice);
      else await notifyDepartment(db, 'head_office', notice);
      await appendAudit(db, { actor: null, action: 'approval.escalate', entityType: 'flow_version', entityId: v.id, versionHash: v.hash, detail: { stepId: step.id, department: step.department, to } }, now);
      n++;
    }
  }
  return n;
}
