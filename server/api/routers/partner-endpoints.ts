// Partner webhook endpoints: administrators register URLs (on the allow-list) and signing
// secrets; a secret is returned once, when set, and never listed.
import * as svc from '../../services/partner-endpoints';
import type { App } from '../../app';
import { changedBy } from '../../db/change-feed';
import type { Tx } from '../../db/client';
import { procedure, router } from '../trpc';

const policy = (app: App): svc.UrlPolicy => ({
  allowHosts: app.env.OCTOFLOW_WEBHOOK_ALLOW_HOSTS.split(',').map((h) => h.trim()).filter(Boolean),
  allowPrivate: app.env.OCTOFLOW_WEBHOOK_ALLOW_PRIVATE === 'on',
});

/** Runs a change in a transaction; this process's cached endpoints go as it commits. */
async function changing<T>(app: App, run: (tx: Tx) => Promise<T>): Promise<T> {
  const out = await app.rt.db.transaction(run);
  changedBy(app.rt.db, 'partner_endpoints');
  return out;
}

export const partnerEndpointsRouter = router({
  list: procedure('partners.manage').query(async ({ ctx }) => ({
    endpoints: await svc.listEndpoints(ctx.app.rt.db, ctx.app.secrets),
    allowHosts: policy(ctx.app).allowHosts,
    canStoreSecrets: ctx.app.secrets !== null,
  })),
  create: procedure('partners.manage')
    .input(svc.NewEndpoint)
    .mutation(async ({ ctx, input }) => {
      const created = await changing(ctx.app, (tx) => svc.createEndpoint(tx, ctx.app.secrets, policy(ctx.app), input, ctx.actor));
      await ctx.app.catalog.refresh(); // flows may name it now
      return created;
    }),
  update: procedure('partners.manage')
    .input(svc.EndpointInput)
    .mutation(async ({ ctx, input }) => {
      await changing(ctx.app, (tx) => svc.updateEndpoint(tx, policy(ctx.app), input, ctx.actor));
      await ctx.app.catalog.refresh();
    }),
  delete: procedure('partners.manage')
    .input(svc.EndpointId)
    .mutation(async ({ ctx, input }) => {
      await changing(ctx.app, (tx) => svc.deleteEndpoint(tx, input, ctx.actor));
      await ctx.app.catalog.refresh(); // the designer no longer offers it
    }),
  rotateSecret: procedure('partners.manage')
    .input(svc.RotateSecret)
    .mutation(({ ctx, input }) => changing(ctx.app, (tx) => svc.rotateSecret(tx, ctx.app.secrets, input, ctx.actor))),
});
