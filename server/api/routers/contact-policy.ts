// The global contact policy (docs/contact-policy.md): designers, approvers and executives read it
// (designers plan around its caps), administrators change it.
import * as svc from '../../services/contact-policy-settings';
import { procedure, router } from '../trpc';

export const contactPolicyRouter = router({
  get: procedure('contactpolicy.read').query(({ ctx }) => svc.getContactPolicySettings(ctx.app.rt.db)),
  save: procedure('contactpolicy.manage')
    .input(svc.ContactPolicyEdit)
    .mutation(({ ctx, input }) => svc.saveContactPolicySettings(ctx.app.rt.db, ctx.actor, input)),
});
