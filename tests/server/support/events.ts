import { randomUUID } from 'node:crypto';

export const usageEvent = (customerId: string, over: Record<string, unknown> = {}) => ({
  eventId: randomUUID(),
  customerId,
  type: 'data_usage_80pct',
  occurredAt: '2026-06-01T02:00:00Z',
  attributes: { pct: 80, plan_gb: 20 },
  ...over,
});
