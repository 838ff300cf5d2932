import { accountRouter } from './routers/account';
import { campaignsRouter } from './routers/campaigns';
import { approvalsRouter } from './routers/approvals';
import { auditRouter } from './routers/audit';
import { notificationsRouter } from './routers/notifications';
import { apiKeysRouter } from './routers/api-keys';
import { partnerEndpointsRouter } from './routers/partner-endpoints';
import { customerDataRouter } from './routers/customer-data';
import { customersRouter } from './routers/customers';
import { productsRouter } from './routers/products';
import { dashboardsRouter } from './routers/dashboards';
import { frontlineRouter } from './routers/frontline';
import { frontlineOrgRouter } from './routers/frontline-org';
import { sessionRouter } from './routers/session';
import { wordingRouter } from './routers/wording';
import { usersRouter } from './routers/users';
import { operationsRouter } from './routers/operations';
import { contactPolicyRouter } from './routers/contact-policy';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  session: sessionRouter,
  account: accountRouter,
  campaigns: campaignsRouter,
  approvals: approvalsRouter,
  customers: customersRouter,
  customerData: customerDataRouter,
  products: productsRouter,
  apiKeys: apiKeysRouter,
  partnerEndpoints: partnerEndpointsRouter,
  dashboards: dashboardsRouter,
  frontline: frontlineRouter,
  frontlineOrg: frontlineOrgRouter,
  audit: auditRouter,
  notifications: notificationsRouter,
  wording: wordingRouter,
  users: usersRouter,
  operations: operationsRouter,
  contactPolicy: contactPolicyRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
