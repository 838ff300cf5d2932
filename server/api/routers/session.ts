import { procedure, publicProcedure, router } from '../trpc';

export const sessionRouter = router({
  me: publicProcedure.query(({ ctx }) => ctx.actor),
  catalog: procedure('catalog.read').query(({ ctx }) => ctx.app.rt.catalog),
});
