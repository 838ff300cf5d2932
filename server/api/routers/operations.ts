// Operations: what the runtime could not do on its own, for an operator to inspect and send again
// (refused events, failed events, failed deliveries). Thin over services/operations.ts.
import { z } from 'zod';
import * as ops from '../../services/operations';
import { procedure, router } from '../trpc';

export const operationsRouter = router({
  summary: procedure('operations.manage').query(({ ctx }) => ops.operationsSummary(ctx.app.rt)),
  /** What waits for the runtime now and since when (events, contacts due, waits due). */
  backlog: procedure('operations.manage').query(({ ctx }) => ops.runtimeBacklog(ctx.app.rt)),
  /** A page of open refused events, or (closed: true) of the replayed and discarded ones, filtered; with the total. */
  deadLetters: procedure('operations.manage')
    .input(ops.DeadLetterQuery)
    .query(({ ctx, input }) => ops.listDeadLetters(ctx.app.rt, input, ctx.locale)),
  /** The event types and sources among them, with counts, for the filter. */
  deadLetterFacets: procedure('operations.manage')
    .input(z.object({ closed: z.boolean().default(false) }))
    .query(({ ctx, input }) => ops.deadLetterFacets(ctx.app.rt, input.closed)),
  /** Replays, as they were, the open refused events the filter matches: a batch per call, going on after `afterId`. */
  replayDeadLetters: procedure('operations.manage')
    .input(z.object({ filter: ops.DeadLetterFilter, afterId: z.number().int().min(0).default(0) }))
    .mutation(({ ctx, input }) => ops.replayLetters(ctx.app.rt, ctx.actor, input.filter, input.afterId, ctx.locale)),
  /** Discards every open refused event the filter matches. */
  discardDeadLetters: procedure('operations.manage')
    .input(z.object({ filter: ops.DeadLetterFilter }))
    .mutation(({ ctx, input }) => ops.discardLetters(ctx.app.rt, ctx.actor, input.filter)),
  discardDeadLetter: procedure('operations.manage')
    .input(z.object({ id: z.number().int().positive() }))
    .mutation(({ ctx, input }) => ops.discardLetter(ctx.app.rt, ctx.actor, input.id)),
  /** Replays a refused event: `payload` is the corrected event (as JSON), or absent to replay it as it was. */
  replayDeadLetter: procedure('operations.manage')
    .input(z.object({ id: z.number().int().positive(), payload: z.record(z.string(), z.unknown()).optional() }))
    .mutation(({ ctx, input }) => ops.replayLetter(ctx.app.rt, ctx.actor, input.id, input.payload, ctx.locale)),
  /** A page of the events parked as failed, filtered; with the total. */
  failedEvents: procedure('operations.manage')
    .input(ops.FailedEventQuery)
    .query(({ ctx, input }) => ops.listFailedEvents(ctx.app.rt, input, ctx.locale)),
  failedEventFacets: procedure('operations.manage').query(({ ctx }) => ops.failedEventFacets(ctx.app.rt)),
  /** Puts every failed event the filter matches back in the queue. */
  retryEvents: procedure('operations.manage')
    .input(z.object({ filter: ops.FailedEventFilter }))
    .mutation(({ ctx, input }) => ops.retryEvents(ctx.app.rt, ctx.actor, input.filter)),
  retryEvent: procedure('operations.manage')
    .input(z.object({ eventId: z.string().min(1).max(200) }))
    .mutation(({ ctx, input }) => ops.retryEvent(ctx.app.rt, ctx.actor, input.eventId)),
  /** A page of the deliveries that failed for good, filtered; with the total. */
  failedDeliveries: procedure('operations.manage')
    .input(ops.FailedDeliveryQuery)
    .query(({ ctx, input }) => ops.listFailedDeliveries(ctx.app.rt, input)),
  failedDeliveryFacets: procedure('operations.manage').query(({ ctx }) => ops.failedDeliveryFacets(ctx.app.rt)),
  /** Sends again every failed delivery the filter matches (a batch per call; `remaining` says how many are left). */
  retryDeliveries: procedure('operations.manage')
    .input(z.object({ filter: ops.FailedDeliveryFilter }))
    .mutation(({ ctx, input }) => ops.retryDeliveries(ctx.app.rt, ctx.actor, input.filter)),
  retryDelivery: procedure('operations.manage')
    .input(z.object({ id: z.number().int().positive() }))
    .mutation(({ ctx, input }) => ops.retryDelivery(ctx.app.rt, ctx.actor, input.id)),
});
