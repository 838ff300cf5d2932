// Wording templates for contact nodes: listed in the designer's picker, saved by designers.
import { z } from 'zod';
import * as svc from '../../services/wording-templates';
import { procedure, router } from '../trpc';

export const wordingRouter = router({
  list: procedure('campaign.read')
    .input(z.object({ kind: z.enum(svc.WORDING_KINDS).optional() }).default({}))
    .query(({ ctx, input }) => svc.listWordingTemplates(ctx.app.rt.db, input.kind)),
  save: procedure('campaign.edit')
    .input(svc.WordingTemplateInput)
    .mutation(({ ctx, input }) => ctx.app.rt.db.transaction((tx) => svc.saveWordingTemplate(tx, ctx.actor, ctx.app.catalog.current, input))),
});
