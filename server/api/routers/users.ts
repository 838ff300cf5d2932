// Accounts and their access (issue 6): administrators create accounts, give users roles, reset a
// password, and disable a leaver's account (or enable it again) on the users page.
import { z } from 'zod';
import * as passwords from '../../services/passwords';
import * as svc from '../../services/users';
import { procedure, router } from '../trpc';

const UserRef = z.object({ userId: z.string().min(1) });

export const usersRouter = router({
  list: procedure('users.manage').query(({ ctx }) => svc.listUsers(ctx.app.rt.db)),
  /** The titles approvers hold by department, for the approval node's role picker. */
  approverTitles: procedure('campaign.edit').query(({ ctx }) => svc.approverTitles(ctx.app.rt.db)),
  setAccess: procedure('users.manage')
    .input(svc.UserAccess)
    .mutation(({ ctx, input }) => svc.setUserAccess(ctx.app.rt.db, ctx.actor, input)),
  /** A new account; a generated initial password comes back this once. */
  create: procedure('users.manage')
    .input(svc.NewUser)
    .mutation(({ ctx, input }) => svc.createUser(ctx.app.rt.db, ctx.actor, input)),
  /** A new one-time password (a generated one comes back this once); the person must change it at sign-in. */
  resetPassword: procedure('users.manage')
    .input(passwords.PasswordReset)
    .mutation(({ ctx, input }) => passwords.resetPassword(ctx.app.rt, ctx.actor, input)),
  disable: procedure('users.manage')
    .input(UserRef)
    .mutation(({ ctx, input }) => svc.setUserDisabled(ctx.app.rt, ctx.actor, input.userId, true)),
  enable: procedure('users.manage')
    .input(UserRef)
    .mutation(({ ctx, input }) => svc.setUserDisabled(ctx.app.rt, ctx.actor, input.userId, false)),
});
