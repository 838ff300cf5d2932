// The product catalogue: products with eligibility rules and their offers.
import { z } from 'zod';
import * as svc from '../../services/product-catalogue';
import { procedure, router } from '../trpc';

export const productsRouter = router({
  list: procedure('catalog.read').query(({ ctx }) => svc.listProducts(ctx.app.rt.db)),
  save: procedure('products.manage')
    .input(svc.ProductInput)
    .mutation(async ({ ctx, input }) => {
      const saved = await ctx.app.rt.db.transaction((tx) => svc.saveProduct(tx, input, ctx.actor));
      await ctx.app.catalog.refresh();
      return saved;
    }),
  saveOffer: procedure('products.manage')
    .input(svc.OfferInput)
    .mutation(async ({ ctx, input }) => {
      const saved = await ctx.app.rt.db.transaction((tx) => svc.saveOffer(tx, input, ctx.actor));
      await ctx.app.catalog.refresh();
      return saved;
    }),
  subscriptions: procedure('customer.read')
    .input(z.object({ customerId: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => svc.customerSubscriptions(ctx.app.rt.db, input.customerId)),
});
