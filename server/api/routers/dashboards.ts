import { z } from 'zod';
import { campaignNodes, drillCampaigns, drillSteps, DrillSelection } from '../../analytics/drill';
import { executionDashboard } from '../../analytics/execution';
import { DashboardFilter } from '../../analytics/filters';
import { frontlineDashboard, frontlineTasksList, TaskSelection } from '../../analytics/frontline';
import { liveDashboard } from '../../analytics/live';
import { loopDashboard } from '../../analytics/loop';
import { dashboardOptions } from '../../analytics/options';
import { OptOutSelection, optOutList } from '../../analytics/opt-outs';
import { ComplaintSelection, complaintList, EventSelection, eventList, slowestContacts } from '../../analytics/lists';
import { procedure, router } from '../trpc';

export const dashboardsRouter = router({
  options: procedure('dashboard.read').query(({ ctx }) => dashboardOptions(ctx.app.rt.db)),
  loop: procedure('dashboard.read')
    .input(DashboardFilter)
    .query(({ ctx, input }) => loopDashboard(ctx.app.rt.db, input, ctx.app.rt.clock.now())),
  execution: procedure('dashboard.read')
    .input(DashboardFilter)
    .query(({ ctx, input }) => executionDashboard(ctx.app.rt.db, input)),
  frontline: procedure('dashboard.read')
    .input(DashboardFilter)
    .query(({ ctx, input }) => frontlineDashboard(ctx.app.rt.db, input)),
  frontlineTasks: procedure('dashboard.read')
    .input(z.object({ filter: DashboardFilter, selection: TaskSelection }))
    .query(({ ctx, input }) => frontlineTasksList(ctx.app.rt.db, input.filter, input.selection)),
  live: procedure('dashboard.read').query(({ ctx }) => liveDashboard(ctx.app.rt.db, ctx.app.rt.clock.now())),
  drillCampaigns: procedure('dashboard.read')
    .input(z.object({ filter: DashboardFilter, selection: DrillSelection }))
    .query(({ ctx, input }) => drillCampaigns(ctx.app.rt.db, input.filter, input.selection)),
  campaignNodes: procedure('dashboard.read')
    .input(z.object({ filter: DashboardFilter, campaignId: z.uuid() }))
    .query(({ ctx, input }) => campaignNodes(ctx.app.rt.db, input.filter, input.campaignId)),
  drillSteps: procedure('dashboard.read')
    .input(z.object({ filter: DashboardFilter, selection: DrillSelection }))
    .query(({ ctx, input }) => drillSteps(ctx.app.rt.db, input.filter, input.selection)),
  optOuts: procedure('dashboard.read')
    .input(z.object({ filter: DashboardFilter, selection: OptOutSelection }))
    .query(({ ctx, input }) => optOutList(ctx.app.rt.db, input.filter, input.selection)),
  events: procedure('dashboard.read')
    .input(z.object({ filter: DashboardFilter, selection: EventSelection }))
    .query(({ ctx, input }) => eventList(ctx.app.rt.db, input.filter, input.selection)),
  complaints: procedure('dashboard.read')
    .input(z.object({ filter: DashboardFilter, selection: ComplaintSelection }))
    .query(({ ctx, input }) => complaintList(ctx.app.rt.db, input.filter, input.selection)),
  slowestContacts: procedure('dashboard.read')
    .input(z.object({ filter: DashboardFilter }))
    .query(({ ctx, input }) => slowestContacts(ctx.app.rt.db, input.filter)),
});
