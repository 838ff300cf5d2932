import { campaignsRouter } from './routers/campaigns';
import { customersRouter } from './routers/customers';
import { dashboardsRouter } from './routers/dashboards';
import { frontlineRouter } from './routers/frontline';
import { sessionRouter } from './routers/session';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  session: sessionRouter,
  campaigns: campaignsRouter,
  customers: customersRouter,
  dashboards: dashboardsRouter,
  frontline: frontlineRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
