import { t, type LocalizedText } from './text';
import { DEFAULT_TIMEZONE, localParts, zonedTime } from './timers';

/**
 * When a scheduled audience runs: once at a moment, or every day / week / month at a local time
 * in China time (Asia/Shanghai), the way batch campaigns were run before event-driven marketing.
 * Pure and shared: the runtime's scheduler and the simulator compute the same moments.
 */

export const SCHEDULE_TIMEZONE = DEFAULT_TIMEZONE;

export type ScheduleSpec =
  | { at: string; timezone: string }
  | { every: 'day' | 'week' | 'month'; time: string; timezone: string; weekday?: number; monthday?: number };

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const ABSOLUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A moment as the designer writes it: `2025-06-02 10:00` (China time) or a full ISO 8601 time
 * with a zone (`2025-06-02T10:00:00+08:00`, `…Z`). Undefined when it is not a real moment.
 */
export function parseMoment(text: string): Date | undefined {
  const local = LOCAL.exec(text.trim());
  if (local) {
    const [y, m, d, hh, mm, ss] = local.slice(1).map((v) => Number(v ?? 0));
    if (m < 1 || m > 12 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 59) return undefined;
    // 2025-02-30 would roll over into March: refuse it rather than guess.
    if (new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d) return undefined;
    return new Date(zonedTime(y, m, d, hh, mm, SCHEDULE_TIMEZONE) + ss * 1000);
  }
  if (!ABSOLUTE.test(text.trim())) return undefined;
  const ms = Date.parse(text.trim());
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/** The first run of the schedule strictly after `after`, or null when there is none (a past `at`). */
export function nextOccurrence(spec: ScheduleSpec, after: Date): Date | null {
  const afterMs = after.getTime();
  if ('at' in spec) {
    const at = Date.parse(spec.at);
    return Number.isFinite(at) && at > afterMs ? new Date(at) : null;
  }
  const tz = spec.timezone || SCHEDULE_TIMEZONE;
  const [hh, mm] = spec.time.split(':').map(Number);
  const { y, m, d } = localParts(afterMs, tz);
  if (spec.every === 'day') {
    const today = zonedTime(y, m, d, hh, mm, tz);
    return new Date(today > afterMs ? today : zonedTime(y, m, d + 1, hh, mm, tz));
  }
  if (spec.every === 'week') {
    const iso = ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1; // 1 = Monday
    const delta = ((spec.weekday ?? 1) - iso + 7) % 7;
    const first = zonedTime(y, m, d + delta, hh, mm, tz);
    return new Date(first > afterMs ? first : zonedTime(y, m, d + delta + 7, hh, mm, tz));
  }
  const day = spec.monthday ?? 1;
  const thisMonth = zonedTime(y, m, day, hh, mm, tz);
  return new Date(thisMonth > afterMs ? thisMonth : zonedTime(y, m + 1, day, hh, mm, tz));
}

/** The runs of a schedule in (from, to], at most `limit` of them (the simulator and previews). */
export function occurrencesBetween(spec: ScheduleSpec, from: Date, to: Date, limit = 100): Date[] {
  const out: Date[] = [];
  let cursor = nextOccurrence(spec, from);
  while (cursor && cursor.getTime() <= to.getTime() && out.length < limit) {
    out.push(cursor);
    cursor = nextOccurrence(spec, cursor);
  }
  return out;
}

const WEEKDAYS_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WEEKDAYS_ZH = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** The schedule in words, for the canvas and previews: "every Monday at 10:00 (China time)". */
export function describeSchedule(spec: ScheduleSpec): LocalizedText {
  if ('at' in spec) {
    const p = localParts(Date.parse(spec.at), spec.timezone || SCHEDULE_TIMEZONE);
    const two = (n: number) => String(n).padStart(2, '0');
    const when = `${p.y}-${two(p.m)}-${two(p.d)} ${two(p.hh)}:${two(p.mm)}`;
    return t(`once, on ${when} (China time)`, `单次，${when}（北京时间）`);
  }
  if (spec.every === 'day') return t(`every day at ${spec.time} (China time)`, `每天 ${spec.time}（北京时间）`);
  if (spec.every === 'week') {
    const d = (spec.weekday ?? 1) - 1;
    return t(`every ${WEEKDAYS_EN[d]} at ${spec.time} (China time)`, `每${WEEKDAYS_ZH[d]} ${spec.time}（北京时间）`);
  }
  return t(`on day ${spec.monthday ?? 1} of every month at ${spec.time} (China time)`, `每月${spec.monthday ?? 1}日 ${spec.time}（北京时间）`);
}
