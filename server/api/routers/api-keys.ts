// API keys for partners and upstream systems: administrators create (the key is returned once)
// and revoke them.
import { z } from 'zod';
import { processRateLimiter } from '../../http/rate-limit';
import * as svc from '../../services/api-keys';
import { procedure, router } from '../trpc';

export const apiKeysRouter = router({
  list: procedure('apikeys.manage').query(({ ctx }) => svc.listApiKeys(ctx.app.rt.db)),
  create: procedure('apikeys.manage')
    .input(svc.NewApiKey)
    .mutation(({ ctx, input }) => svc.issueApiKey(ctx.app.rt.db, ctx.actor, input)),
  revoke: procedure('apikeys.manage')
    .input(z.object({ id: z.string().min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      await svc.revokeApiKey(ctx.app.rt.db, ctx.actor, input.id, ctx.app.rt.clock.now());
      processRateLimiter().forget(input.id);
    }),
});
