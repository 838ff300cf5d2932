// Per-customer approvals inside journeys (issue 6): the approver's open tasks and their decisions.
// Launch sign-offs of versions stay in campaigns.pendingApprovals / campaigns.decide.
import { z } from 'zod';
import * as svc from '../../services/approval-tasks';
import { procedure, router } from '../trpc';

export const approvalsRouter = router({
  tasks: procedure('campaign.approve').query(({ ctx }) => svc.inboxTasks(ctx.app.rt.db, ctx.actor, ctx.app.rt.catalog)),
  decideTask: procedure('campaign.approve')
    .input(
      z.object({
        taskId: z.uuid(),
        decision: z.enum(['approved', 'rejected']),
        comment: z.string().max(2000).optional(),
      }),
    )
    .mutation(({ ctx, input }) => svc.decideTask(ctx.app.rt, ctx.actor, input)),
});
