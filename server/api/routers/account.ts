// The signed-in person's own account: changing their password (also the one thing a person whose
// password an administrator set may do until they have changed it).
import * as svc from '../../services/passwords';
import { ownAccountProcedure, router } from '../trpc';

export const accountRouter = router({
  changePassword: ownAccountProcedure.input(svc.OwnPasswordChange).mutation(({ ctx, input }) => svc.changeOwnPassword(ctx.app.rt, ctx.self, input)),
});
