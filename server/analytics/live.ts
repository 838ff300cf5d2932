// The Live view: the last minutes, per minute, from the roll-up's minute counters (events
// received, contacts sent, event -> contact latency). The stream route pushes it every few
// seconds; the figures lag the runtime by one roll-up pass.
import { and, gte, lte } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { analyticsMinutes } from '../db/schema';

const MINUTE = 60_000;

export async function liveDashboard(db: Executor, now: Date, minutes = 15) {
  const end = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const start = end - (minutes - 1) * MINUTE;
  const rows = await db
    .select()
    .from(analyticsMinutes)
    .where(and(gte(analyticsMinutes.minute, new Date(start)), lte(analyticsMinutes.minute, new Date(end))));
  const byMinute = new Map(rows.map((r) => [new Date(r.minute).getTime(), r]));
  const series = [];
  for (let t = start; t <= end; t += MINUTE) {
    const r = byMinute.get(t);
    series.push({
      minute: new Date(t),
      events: Number(r?.events ?? 0),
      contacts: Number(r?.contacts ?? 0),
      avgLatencyMs: r && Number(r.latencyN) > 0 ? Number(r.latencyMsSum) / Number(r.latencyN) : null,
      maxLatencyMs: r && Number(r.latencyN) > 0 ? Number(r.latencyMsMax) : null,
    });
  }
  // Rates over the last five minutes (the current minute is still filling up).
  const recent = series.slice(-5);
  const seconds = (now.getTime() - (end - 4 * MINUTE)) / 1000;
  const sum = (k: 'events' | 'contacts') => recent.reduce((s, x) => s + x[k], 0);
  const latN = recent.reduce((s, x) => s + Number(byMinute.get(x.minute.getTime())?.latencyN ?? 0), 0);
  const latSum = recent.reduce((s, x) => s + Number(byMinute.get(x.minute.getTime())?.latencyMsSum ?? 0), 0);
  return {
    at: now,
    eventsPerSecond: seconds > 0 ? sum('events') / seconds : 0,
    contactsPerSecond: seconds > 0 ? sum('contacts') / seconds : 0,
    avgLatencyMs: latN > 0 ? latSum / latN : null,
    maxLatencyMs: recent.reduce<number | null>((m, x) => (x.maxLatencyMs === null ? m : Math.max(m ?? 0, x.maxLatencyMs)), null),
    series,
  };
}

export type LiveDashboard = Awaited<ReturnType<typeof liveDashboard>>;
