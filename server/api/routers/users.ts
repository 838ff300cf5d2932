// Accounts and their access (issue 6): administrators give users roles on the users page.
import * as svc from '../../services/users';
import { procedure, router } from '../trpc';

export const usersRouter = router({
  list: procedure('users.manage').query(({ ctx }) => svc.listUsers(ctx.app.rt.db)),
  /** The titles approvers hold by department, for the approval node's role picker. */
  approverTitles: procedure('campaign.edit').query(({ ctx }) => svc.approverTitles(ctx.app.rt.db)),
  setAccess: procedure('users.manage')
    .input(svc.UserAccess)
    .mutation(({ ctx, input }) => svc.setUserAccess(ctx.app.rt.db, ctx.actor, input)),
});
