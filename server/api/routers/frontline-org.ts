// The frontline organisation (docs/frontline.md#who-is-who): administrators keep the call-centre
// teams and shops; the users page assigns staff to the active ones.
import { z } from 'zod';
import * as admin from '../../services/frontline-org-admin';
import { knownCities, orgOf } from '../../services/frontline-org';
import { ssoOrgRefs } from '../../services/sso-mapping';
import { ssoSettings } from '../../auth/sso';
import type { App } from '../../app';
import { procedure, router } from '../trpc';

const Id = z.object({ id: z.string().trim().min(1).max(40) });

/** The teams and shops the single sign-on mapping of this server's environment names. */
const sso = (app: App) => ssoOrgRefs(ssoSettings(app.env));

export const frontlineOrgRouter = router({
  /** Every team and shop, with the staff assigned to each and whether work was recorded for it. */
  list: procedure('org.manage').query(({ ctx }) => admin.listOrgAdmin(ctx.app.rt.db, sso(ctx.app))),
  /** Every team and shop (deactivated ones marked), for the users page's pickers and its workplace column. */
  choices: procedure('users.manage').query(({ ctx }) => orgOf(ctx.app.rt.db)),
  saveTeam: procedure('org.manage')
    .input(admin.TeamInput)
    .mutation(({ ctx, input }) => admin.saveTeam(ctx.app.rt.db, ctx.actor, input, knownCities(ctx.app.rt.catalog), sso(ctx.app))),
  saveShop: procedure('org.manage')
    .input(admin.ShopInput)
    .mutation(({ ctx, input }) => admin.saveShop(ctx.app.rt.db, ctx.actor, input, knownCities(ctx.app.rt.catalog), sso(ctx.app))),
  deleteTeam: procedure('org.manage')
    .input(Id)
    .mutation(({ ctx, input }) => admin.deleteTeam(ctx.app.rt.db, ctx.actor, input.id, sso(ctx.app))),
  deleteShop: procedure('org.manage')
    .input(Id)
    .mutation(({ ctx, input }) => admin.deleteShop(ctx.app.rt.db, ctx.actor, input.id, sso(ctx.app))),
});
