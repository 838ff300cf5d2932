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

// Building an Intl formatter is costly (tens of microseconds): one per zone, built on first use.
const formatters = new Map<string, Intl.DateTimeFormat | null>();
function formatter(tz: string): Intl.DateTimeFormat | null {
  let f = formatters.get(tz);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    } catch {
      f = null;
    }
    // Zone names come from customers' tags: keep the map bounded whatever they hold.
    if (formatters.size < 1_000) formatters.set(tz, f);
  }
  return f;
}

export function isTimeZone(tz: string): boolean {
  return formatter(tz) !== null;
}

/** Local wall clock minus UTC at an instant (whole seconds), read from the zone's rules. */
function exactOffset(ms: number, f: Intl.DateTimeFormat): number {
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

const QUARTER_HOUR = 900_000;
const offsets = new Map<string, number>();

/**
 * The zone's offset at an instant. Today's zones change their offset only on a quarter hour, so
 * it is read once per zone and quarter hour and then taken from the cache; a quarter hour whose
 * two ends disagree (a change inside it, as in the history of zones whose offsets had seconds) is
 * read exactly every time. The runtime asks this for every contact (quiet hours, the fatigue day).
 */
function offsetMs(ms: number, tz: string): number {
  const f = formatter(tz) ?? formatter(DEFAULT_TIMEZONE)!;
  const quarter = Math.floor(ms / QUARTER_HOUR);
  const key = `${tz} ${quarter}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const first = exactOffset(quarter * QUARTER_HOUR, f);
  if (first !== exactOffset((quarter + 1) * QUARTER_HOUR - 1000, f)) return exactOffset(ms, f);
  if (offsets.size >= 100_000) offsets.clear();
  offsets.set(key, first);
  return first;
}

/** Wall-clock parts of an instant in a time zone (the default zone when `tz` is not one). */
export function localParts(ms: number, tz: string) {
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offsetMs(ms, tz));
  return { y: wall.getUTCFullYear(), m: wall.getUTCMonth() + 1, d: wall.getUTCDate(), hh: wall.getUTCHours(), mm: wall.getUTCMinutes(), ss: wall.getUTCSeconds() };
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
