// The touchpoint event as upstream systems send it (POST /api/v1/events and, later, NATS).
import { z } from 'zod';

export const EventInput = z.object({
  eventId: z.string().min(1).max(200),
  customerId: z.string().min(1).max(100),
  type: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z][a-z0-9_.]*$/, 'must be lower_snake_case, e.g. data_usage_80pct'),
  occurredAt: z.iso.datetime({ offset: true }),
  attributes: z.record(z.string(), z.unknown()).optional(),
});
export type EventInput = z.infer<typeof EventInput>;

export const MAX_EVENTS_PER_REQUEST = 1000;

/** Names the first problem of a zod error: `occurredAt: Invalid ISO datetime`. */
export function describeZodError(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid';
  const where = first.path.length ? first.path.join('.') : 'body';
  return `${where}: ${first.message}`;
}
