import { z } from 'zod';
import * as svc from '../../services/customers';
import { TryEligibilityInput, tryEligibility } from '../../services/try-eligibility';
import { procedure, router } from '../trpc';

export const customersRouter = router({
  list: procedure('customer.read')
    .input(svc.CustomerListInput)
    .query(({ ctx, input }) => svc.findCustomers(ctx.app.rt.db, input)),
  get: procedure('customer.read')
    .input(z.object({ id: z.string().min(1).max(100) }))
    .query(async ({ ctx, input }) => {
      const db = ctx.app.rt.db;
      const [customer, steps, messages] = await Promise.all([
        svc.getCustomer(db, input.id),
        svc.customerSteps(db, input.id),
        svc.customerMessages(db, input.id),
      ]);
      return { customer, steps, messages };
    }),
  /** For the designer's "Try it": which products a demo customer may take now, and why not. */
  tryEligibility: procedure('campaign.edit')
    .input(TryEligibilityInput)
    .query(({ ctx, input }) => tryEligibility(ctx.app.rt.db, ctx.app.rt.catalog, input)),
});
