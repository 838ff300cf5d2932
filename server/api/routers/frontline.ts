import { z } from 'zod';
import * as commission from '../../services/frontline-commission';
import * as svc from '../../services/frontline';
import { activeOrg, findShop, findTeam, orgOf } from '../../services/frontline-org';
import { procedure, router } from '../trpc';

export const frontlineRouter = router({
  /** Where the signed-in staff member works, and the active teams and shops for the admin's pickers. */
  me: procedure('frontline.work').query(async ({ ctx }) => {
    const org = await orgOf(ctx.app.rt.db);
    return { team: findTeam(org, ctx.actor.team) ?? null, shop: findShop(org, ctx.actor.shopId) ?? null, ...activeOrg(org) };
  }),
  /** The inbound screen: a caller's card and the offers live flows hold for them now. */
  caller: procedure('frontline.work')
    .input(z.object({ query: z.string().trim().min(1).max(40) }))
    .query(({ ctx, input }) => svc.serveCallerAsAgent(ctx.app.rt, ctx.actor, input.query)),
  recordOutcome: procedure('frontline.work')
    .input(svc.OutcomeInput)
    .mutation(async ({ ctx, input }) => {
      const task = await svc.recordOutcome(ctx.app.rt, ctx.actor, input);
      ctx.app.workers?.wake();
      return task;
    }),
  queue: procedure('frontline.work').query(({ ctx }) => svc.outboundQueue(ctx.app.rt, ctx.actor)),
  claimNext: procedure('frontline.work').mutation(({ ctx }) => svc.claimNext(ctx.app.rt, ctx.actor)),
  opportunities: procedure('frontline.work')
    .input(z.object({ shopId: z.string().max(40).optional() }).default({}))
    .query(({ ctx, input }) => svc.shopOpportunities(ctx.app.rt, ctx.actor, input.shopId)),
  statement: procedure('frontline.report')
    .input(commission.StatementInput)
    .query(({ ctx, input }) => commission.commissionStatement(ctx.app.rt.db, ctx.actor, input)),
  statementCsv: procedure('frontline.report')
    .input(commission.StatementInput.extend({ locale: z.enum(['en', 'zh-CN']) }))
    .query(async ({ ctx, input }) => {
      const st = await commission.commissionStatement(ctx.app.rt.db, ctx.actor, input);
      const who = st.shopId ?? (st.staffId ? 'staff' : 'all');
      return { filename: `commission-${input.month}-${who}.csv`, csv: commission.statementCsv(st, input.locale) };
    }),
});
