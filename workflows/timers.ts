import { t, type LocalizedText } from './text';

/**
 * When a `startTimer` action is due. Pure and shared: the runtime writes the timer row with
 * this time and the simulator fires at it, so both agree to the millisecond.
 *
 * - `{ nodeId, delayMs }`: now + delayMs.
 * - `{ nodeId, until: { time: 'HH:MM', timezone } }`: the next such local time, strictly after now.
 * - `{ nodeId, until: { time, timezone, field, offsetDays } }`: the customer's date tag
 *   (YYYY-MM-DD) plus offsetDays, at that local time. A date in the past, a missing or
 *   malformed tag: due at once (with a note saying why).
 * `timezone` is an IANA name, or 'customer' for the customer's `timezone` tag (falling back to
 * Asia/Shanghai).
 */

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

export interface UntilSpec {
  time: string;
  timezone: string;
  field?: string;
  offsetDays?: number;
}

export type StartTimerParams = { nodeId: string; delayMs: number } | { nodeId: string; until: UntilSpec };

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Wall-clock parts of an instant in a time zone. */
export function localParts(ms: number, tz: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year, m: parts.month, d: parts.day, hh: parts.hour, mm: parts.minute, ss: parts.second };
}

function offsetMs(ms: number, tz: string): number {
  const p = localParts(ms, tz);
  return Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, p.ss) - Math.floor(ms / 1000) * 1000;
}

/** The instant a local wall-clock time happens in a time zone (DST gaps resolve forward). */
export function zonedTime(y: number, m: number, d: number, hh: number, mm: number, tz: string): number {
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - offsetMs(guess, tz);
  return guess - offsetMs(first, tz);
}

function zoneFor(spec: UntilSpec, customer: Record<string, unknown> | undefined): string {
  if (spec.timezone !== 'customer') return isTimeZone(spec.timezone) ? spec.timezone : DEFAULT_TIMEZONE;
  const own = customer?.timezone;
  return typeof own === 'string' && isTimeZone(own) ? own : DEFAULT_TIMEZONE;
}

export function timerDue(
  params: StartTimerParams,
  now: Date,
  customer?: Record<string, unknown>,
): { at: Date; note?: LocalizedText } {
  const nowMs = now.getTime();
  if ('delayMs' in params) return { at: new Date(nowMs + Math.max(0, params.delayMs)) };
  const spec = params.until;
  const tz = zoneFor(spec, customer);
  const [hh, mm] = spec.time.split(':').map(Number);
  if (spec.field === undefined) {
    const today = localParts(nowMs, tz);
    let at = zonedTime(today.y, today.m, today.d, hh, mm, tz);
    if (at <= nowMs) at = zonedTime(today.y, today.m, today.d + 1, hh, mm, tz);
    return { at: new Date(at) };
  }
  const raw = customer?.[spec.field];
  const date = typeof raw === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw) : null;
  if (!date) {
    return {
      at: now,
      note: t(`customer.${spec.field} is missing or not a YYYY-MM-DD date, so the wait ended at once.`, `客户的 ${spec.field} 缺失或不是 YYYY-MM-DD 日期，等待立即结束。`),
    };
  }
  const at = zonedTime(Number(date[1]), Number(date[2]), Number(date[3]) + (spec.offsetDays ?? 0), hh, mm, tz);
  if (at <= nowMs) {
    return { at: now, note: t(`that moment (${new Date(at).toISOString()}) had already passed, so the wait ended at once.`, `该时间点（${new Date(at).toISOString()}）已过，等待立即结束。`) };
  }
  return { at: new Date(at) };
}
