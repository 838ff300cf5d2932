// Operations: what the runtime could not do on its own, for an operator to inspect and send again
// (refused events, failed events, failed deliveries). Thin over services/operations.ts.
import { z } from 'zod';
import * as ops from '../../services/operations';
import { procedure, router } from '../trpc';

export const operationsRouter = router({
  summary: procedure('operations.manage').query(({ ctx }) => ops.operationsSummary(ctx.app.rt)),
  /** Open refused events, or (closed: true) the replayed and discarded ones. */
  deadLetters: procedure('operations.manage')
    .input(z.object({ closed: z.boolean().default(false) }))
    .query(({ ctx, input }) => ops.listDeadLetters(ctx.app.rt, input.closed)),
  discardDeadLetter: procedure('operations.manage')
    .input(z.object({ id: z.number().int().positive() }))
    .mutation(({ ctx, input }) => ops.discardLetter(ctx.app.rt, ctx.actor, input.id)),
  /** Replays a refused event: `payload` is the corrected event (as JSON), or absent to replay it as it was. */
  replayDeadLetter: procedure('operations.manage')
    .input(z.object({ id: z.number().int().positive(), payload: z.record(z.string(), z.unknown()).optional() }))
    .mutation(({ ctx, input }) => ops.replayLetter(ctx.app.rt, ctx.actor, input.id, input.payload)),
  failedEvents: procedure('operations.manage').query(({ ctx }) => ops.listFailedEvents(ctx.app.rt)),
  retryEvent: procedure('operations.manage')
    .input(z.object({ eventId: z.string().min(1).max(200) }))
    .mutation(({ ctx, input }) => ops.retryEvent(ctx.app.rt, ctx.actor, input.eventId)),
  failedDeliveries: procedure('operations.manage').query(({ ctx }) => ops.listFailedDeliveries(ctx.app.rt)),
  retryDelivery: procedure('operations.manage')
    .input(z.object({ id: z.number().int().positive() }))
    .mutation(({ ctx, input }) => ops.retryDelivery(ctx.app.rt, ctx.actor, input.id)),
});
