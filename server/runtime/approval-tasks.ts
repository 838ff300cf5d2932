// Per-customer sign-offs inside a journey (e.g. a retention offer above a value threshold). The
// approval node opens a task in the approvers' inbox with its due time; a decision advances the
// journey (server/services/approval-tasks.ts), the node's timer takes the timeout branch if
// nobody decides in time.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { approvalTasks } from '../db/schema';
import { appendAudit } from '../services/audit';

/**
 * A timed-out task's journey took its timeout branch: close the task so the inbox drops it, and
 * record in the audit log that nobody decided (called for every fired timer; most close nothing).
 */
export async function closeTimedOutTask(tx: Tx, journeyId: string, nodeId: string, at: Date) {
  const closed = await tx
    .update(approvalTasks)
    .set({ status: 'timed_out', decidedAt: at })
    .where(and(eq(approvalTasks.journeyId, journeyId), eq(approvalTasks.nodeId, nodeId), eq(approvalTasks.status, 'open')))
    .returning({ id: approvalTasks.id, campaignId: approvalTasks.campaignId, customerId: approvalTasks.customerId, department: approvalTasks.department, dueAt: approvalTasks.dueAt });
  for (const t of closed) {
    await appendAudit(
      tx,
      { actor: null, action: 'approval_task.timeout', entityType: 'approval_task', entityId: t.id, detail: { campaignId: t.campaignId, customerId: t.customerId, nodeId, department: t.department, dueAt: t.dueAt } },
      at,
    );
  }
}
