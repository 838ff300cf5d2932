// Wording templates for contact nodes: listed in the designer's picker, saved by designers, kept
// (edited, retired, restored) on the wording templates page.
import { z } from 'zod';
import * as svc from '../../services/wording-templates';
import { procedure, router } from '../trpc';

export const wordingRouter = router({
  list: procedure('campaign.read')
    .input(z.object({ kind: z.enum(svc.WORDING_KINDS).optional(), includeRetired: z.boolean().optional() }).default({}))
    .query(({ ctx, input }) => svc.listWordingTemplates(ctx.app.rt.db, input.kind, { includeRetired: input.includeRetired })),
  save: procedure('campaign.edit')
    .input(svc.WordingTemplateInput)
    .mutation(({ ctx, input }) => ctx.app.rt.db.transaction((tx) => svc.saveWordingTemplate(tx, ctx.actor, ctx.app.catalog.current, input))),
  update: procedure('wording.manage')
    .input(svc.WordingTemplateEdit)
    .mutation(({ ctx, input }) => ctx.app.rt.db.transaction((tx) => svc.updateWordingTemplate(tx, ctx.actor, ctx.app.catalog.current, input))),
  setRetired: procedure('wording.manage')
    .input(z.object({ id: z.string().min(1).max(64), retired: z.boolean() }))
    .mutation(({ ctx, input }) => ctx.app.rt.db.transaction((tx) => svc.setWordingTemplateRetired(tx, ctx.actor, input.id, input.retired))),
});
