// The frontline organisation (docs/frontline.md#who-is-who): administrators keep the call-centre
// teams and shops; the users page assigns staff to the active ones.
import { z } from 'zod';
import * as admin from '../../services/frontline-org-admin';
import { knownCities, orgOf } from '../../services/frontline-org';
import { procedure, router } from '../trpc';

const Id = z.object({ id: z.string().trim().min(1).max(40) });

export const frontlineOrgRouter = router({
  /** Every team and shop, with the staff assigned to each and whether work was recorded for it. */
  list: procedure('org.manage').query(({ ctx }) => admin.listOrgAdmin(ctx.app.rt.db)),
  /** Every team and shop (deactivated ones marked), for the users page's pickers and its workplace column. */
  choices: procedure('users.manage').query(({ ctx }) => orgOf(ctx.app.rt.db)),
  saveTeam: procedure('org.manage')
    .input(admin.TeamInput)
    .mutation(({ ctx, input }) => admin.saveTeam(ctx.app.rt.db, ctx.actor, input, knownCities(ctx.app.rt.catalog))),
  saveShop: procedure('org.manage')
    .input(admin.ShopInput)
    .mutation(({ ctx, input }) => admin.saveShop(ctx.app.rt.db, ctx.actor, input, knownCities(ctx.app.rt.catalog))),
  deleteTeam: procedure('org.manage')
    .input(Id)
    .mutation(({ ctx, input }) => admin.deleteTeam(ctx.app.rt.db, ctx.actor, input.id)),
  deleteShop: procedure('org.manage')
    .input(Id)
    .mutation(({ ctx, input }) => admin.deleteShop(ctx.app.rt.db, ctx.actor, input.id)),
});
