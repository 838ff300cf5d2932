import { z } from 'zod';
import { FlowGraph } from '../../../workflows';
import * as svc from '../../services/campaigns';
import * as list from '../../services/campaign-list';
import { CampaignListInput } from '../../services/campaign-list-query';
import * as plan from '../../services/campaign-plan';
import * as evaluation from '../../services/evaluation';
import * as live from '../../services/flow-live-counts';
import * as dossier from '../../services/dossier';
import { procedure, router } from '../trpc';

const Id = z.object({ id: z.uuid() });

export const campaignsRouter = router({
  /** A page of campaigns, filtered and sorted, with the counts for the filter (campaign-list.ts). */
  list: procedure('campaign.read')
    .input(CampaignListInput)
    .query(({ ctx, input }) => list.listCampaignPage(ctx.app.rt.db, input)),
  get: procedure('campaign.read')
    .input(Id)
    .query(async ({ ctx, input }) => {
      const c = await svc.getCampaign(ctx.app.rt.db, input.id);
      return { ...c, draftGraph: FlowGraph.parse(c.draftGraph) };
    }),
  versions: procedure('campaign.read')
    .input(Id)
    .query(({ ctx, input }) => svc.listVersions(ctx.app.rt.db, input.id)),
  getVersion: procedure('campaign.read')
    .input(z.object({ versionId: z.uuid() }))
    .query(({ ctx, input }) => svc.getVersion(ctx.app.rt.db, input.versionId)),
  create: procedure('campaign.edit')
    .input(z.object({ name: z.string().trim().min(1).max(200), description: z.string().max(2000).optional(), graph: FlowGraph.optional() }))
    .mutation(({ ctx, input }) => ctx.app.rt.db.transaction((tx) => svc.createCampaign(tx, ctx.actor, input))),
  saveDraft: procedure('campaign.edit')
    .input(z.object({ id: z.uuid(), graph: FlowGraph, revision: z.number().int().min(0) }))
    .mutation(({ ctx, input }) => ctx.app.rt.db.transaction((tx) => svc.saveDraft(tx, ctx.actor, input))),
  submit: procedure('campaign.submit')
    .input(Id)
    .mutation(({ ctx, input }) =>
      ctx.app.rt.db.transaction((tx) => svc.submitCampaign(tx, ctx.app.rt, ctx.actor, input.id)),
    ),
  /** Whether Submit would ask the approvers for anything now; if not, why, in the reader's language. */
  submitCheck: procedure('campaign.submit')
    // The revision the designer shows: part of the question, so each save asks again.
    .input(z.object({ id: z.uuid(), revision: z.number().int().min(0).optional() }))
    .query(async ({ ctx, input }) => {
      const check = await svc.submissionCheck(ctx.app.rt.db, ctx.app.rt, ctx.actor, input.id);
      return check.submittable ? check : { submittable: false as const, reason: check.reason, message: check.refusal.messageIn(ctx.locale) };
    }),
  /** The impact dossier of a version: the last approved version to diff against, and a forecast. */
  dossier: procedure('campaign.read')
    .input(z.object({ versionId: z.uuid() }))
    .query(({ ctx, input }) => dossier.versionDossier(ctx.app.rt.db, ctx.app.catalog.current, input.versionId, ctx.app.rt.clock.now())),
  pendingApprovals: procedure('campaign.approve').query(({ ctx }) => svc.pendingApprovals(ctx.app.rt.db, ctx.actor)),
  decide: procedure('campaign.approve')
    .input(
      z.object({
        versionId: z.uuid(),
        decision: z.enum(['approved', 'rejected']),
        comment: z.string().max(2000).optional(),
        expectedHash: z.string().optional(),
        /** The launch sign-off step to fill; by default the one open for the approver's department. */
        stepId: z.string().max(100).optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.app.rt.db.transaction((tx) => svc.decideVersion(tx, ctx.actor, input))),
  launch: procedure('campaign.launch')
    .input(Id)
    .mutation(({ ctx, input }) =>
      ctx.app.rt.db.transaction((tx) => svc.launchCampaign(tx, ctx.app.rt, ctx.actor, input.id)).finally(() => ctx.app.rt.flows.invalidate()),
    ),
  /** Planning and allocation (issue 6): objective, window, priority, budget and quotas. */
  plan: procedure('campaign.edit')
    .input(plan.PlanInput)
    .mutation(async ({ ctx, input }) => {
      const saved = await ctx.app.rt.db.transaction((tx) => plan.updatePlan(tx, ctx.actor, input));
      // Priority and the contact rules apply from the next event in this process (others once they hear of it).
      ctx.app.rt.flows.invalidate();
      return saved;
    }),
  timeline: procedure('campaign.read')
    .input(Id)
    .query(({ ctx, input }) => plan.lifecycleTimeline(ctx.app.rt.db, input.id)),
  usage: procedure('campaign.read')
    .input(Id)
    .query(async ({ ctx, input }) => (await plan.campaignUsage(ctx.app.rt.db, [input.id])).get(input.id)!),
  /** The evaluation report (issue 6), live while the campaign runs. */
  evaluation: procedure('campaign.read')
    .input(Id)
    .query(({ ctx, input }) => evaluation.evaluateCampaign(ctx.app.rt.db, input.id)),
  /** Closes the loop on an ended campaign: the report is reviewed and the campaign evaluated. */
  markEvaluated: procedure('campaign.evaluate')
    .input(Id)
    .mutation(({ ctx, input }) => ctx.app.rt.db.transaction((tx) => evaluation.markEvaluated(tx, ctx.actor, input.id))),
  pause: procedure('campaign.launch')
    .input(Id)
    .mutation(({ ctx, input }) =>
      ctx.app.rt.db.transaction((tx) => svc.pauseCampaign(tx, ctx.app.rt, ctx.actor, input.id)).finally(() => ctx.app.rt.flows.invalidate()),
    ),
  /** The designer's live counts per node and output of a running version (issue 5). */
  liveCounts: procedure('campaign.read')
    .input(live.LiveCountsInput)
    .query(({ ctx, input }) => live.liveCounts(ctx.app.rt.db, input, ctx.app.rt.clock.now())),
  /** The customers at a node now, or who passed it, a page at a time. */
  nodeCustomers: procedure('campaign.read')
    .input(live.NodeCustomersInput)
    .query(({ ctx, input }) => live.nodeCustomers(ctx.app.rt.db, input)),
});
