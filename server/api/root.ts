import { campaignsRouter } from './routers/campaigns';
import { customersRouter } from './routers/customers';
import { frontlineRouter } from './routers/frontline';
import { sessionRouter } from './routers/session';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  session: sessionRouter,
  campaigns: campaignsRouter,
  customers: customersRouter,
  frontline: frontlineRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
