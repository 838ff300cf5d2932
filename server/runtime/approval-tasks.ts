// Per-customer sign-offs inside a journey (e.g. a retention offer above a value threshold). The
// approval node opens a task in the approvers' inbox with its due time; a decision advances the
// journey, the node's timer takes the timeout branch if nobody decides in time.
import { and, asc, eq } from 'drizzle-orm';
import type { Actor } from '../auth/roles';
import type { Tx } from '../db/client';
import { approvalTasks, journeys } from '../db/schema';
import { appendAudit } from '../services/audit';
import { ServiceError } from '../services/errors';
import { loadContactPolicy } from './contact-policy';
import { advanceJourney } from './journey';
import { lockCustomer } from './locks';
import type { Runtime } from './runtime';

export async function listOpenTasks(rt: Runtime, department: string | null) {
  return rt.db
    .select()
    .from(approvalTasks)
    .where(and(eq(approvalTasks.status, 'open'), department ? eq(approvalTasks.department, department) : undefined))
    .orderBy(asc(approvalTasks.dueAt), asc(approvalTasks.createdAt));
}

export async function decideApprovalTask(
  rt: Runtime,
  actor: Actor,
  input: { taskId: string; decision: 'approved' | 'rejected'; comment?: string },
): Promise<void> {
  await rt.db.transaction(async (tx) => {
    const [task] = await tx.select().from(approvalTasks).where(eq(approvalTasks.id, input.taskId)).for('update');
    if (!task) throw new ServiceError('NOT_FOUND', `approval task ${input.taskId} not found`);
    if (task.status !== 'open') throw new ServiceError('PRECONDITION_FAILED', `this approval is already ${task.status}`);
    if (actor.role !== 'admin' && actor.department !== task.department) {
      throw new ServiceError('FORBIDDEN', `this approval belongs to the ${task.department} department`);
    }
    const customer = await lockCustomer(tx, task.customerId);
    const [journey] = await tx.select().from(journeys).where(eq(journeys.id, task.journeyId));
    if (!customer || !journey || journey.status !== 'active' || journey.revision !== task.journeyRevision) {
      await tx.update(approvalTasks).set({ status: 'cancelled', decidedAt: rt.clock.now() }).where(eq(approvalTasks.id, task.id));
      throw new ServiceError('CONFLICT', 'the customer has moved on in the journey; this approval no longer applies');
    }
    const scope = { policy: await loadContactPolicy(tx), contactedBy: null };
    await advanceJourney(tx, rt, scope, journey, customer, {
      type: 'octo.approval',
      nodeId: task.nodeId,
      decision: input.decision,
      by: actor.id,
    });
    await tx
      .update(approvalTasks)
      .set({ status: input.decision, decidedBy: actor.id, comment: input.comment ?? null, decidedAt: rt.clock.now() })
      .where(eq(approvalTasks.id, task.id));
    await appendAudit(tx, {
      actor,
      action: 'approval_task.decide',
      entityType: 'approval_task',
      entityId: task.id,
      versionHash: journey.versionHash,
      detail: { campaignId: journey.campaignId, customerId: task.customerId, nodeId: task.nodeId, decision: input.decision, comment: input.comment ?? '' },
    });
  });
}

/** A timed-out task's journey took its timeout branch: close the task so the inbox drops it. */
export async function closeTimedOutTask(tx: Tx, journeyId: string, nodeId: string, at: Date) {
  await tx
    .update(approvalTasks)
    .set({ status: 'timed_out', decidedAt: at })
    .where(and(eq(approvalTasks.journeyId, journeyId), eq(approvalTasks.nodeId, nodeId), eq(approvalTasks.status, 'open')));
}
