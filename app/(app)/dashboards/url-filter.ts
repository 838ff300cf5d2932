// The dashboards' filters as a link carries them (?from=2026-06-01&to=2026-06-30&department=…&
// campaign=…&channel=…&region=…), read with the API's own schema and limits
// (server/analytics/filter-schema.ts): a shared or hand-edited link never makes the page ask for
// what the server refuses. The parts that are not valid are left out and named, with the reason,
// so the page shows the rest and says what it ignored. Days are China Standard Time days.
import { DashboardFilter, MAX_RANGE_DAYS, RANGE_REVERSED, RANGE_TOO_LONG } from '@/server/analytics/filter-schema';

export const DAY = 86_400_000;
const CST = 8 * 3_600_000;
/** The days shown when a link gives none, or none that can be shown. */
export const DEFAULT_DAYS = 30;

/** The China Standard Time day (YYYY-MM-DD) of an instant. */
export const ymd = (ms: number) => new Date(ms + CST).toISOString().slice(0, 10);
/** Midnight China Standard Time of a YYYY-MM-DD day. */
export const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
/** A real calendar day written YYYY-MM-DD (not 2026-02-31). */
const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export type UrlFilterField = 'department' | 'campaignId' | 'channel' | 'region';
/** The link's parameter for each filter. */
export const URL_PARAM: Record<UrlFilterField, string> = { department: 'department', campaignId: 'campaign', channel: 'channel', region: 'region' };
const FIELDS = Object.keys(URL_PARAM) as UrlFilterField[];

/** A part of the link that was not applied, and why. */
export type IgnoredPart =
  | { kind: 'badDate'; value: string }
  | { kind: 'rangeReversed'; from: string; to: string }
  | { kind: 'rangeTooLong'; from: string; to: string; max: number }
  | { kind: 'badValue'; field: UrlFilterField; value: string }
  | { kind: 'unknownValue'; field: KnownField; value: string };

/** The filters whose values the dashboards can list (server/analytics/options.ts). */
export type KnownField = 'department' | 'campaignId' | 'region';
/** What the dashboards know: departments that own campaigns, every campaign, the cities seen in events. */
export interface KnownValues {
  departments: string[];
  campaigns: { id: string }[];
  regions: string[];
}

export interface UrlFilter {
  fromDay: string;
  toDay: string;
  /** What the API is asked for: [first day 00:00, day after the last 00:00), and the valid filters. */
  filter: DashboardFilter;
  department?: string;
  campaignId?: string;
  channel?: DashboardFilter['channel'];
  region?: string;
  /** What the page tells the reader it left out. */
  ignored: IgnoredPart[];
  /** The link's parameters that were left out (dropped from it at the next change of filter). */
  ignoredParams: string[];
}

const range = (fromDay: string, toDay: string) => ({ from: dayStart(fromDay), to: new Date(dayStart(toDay).getTime() + DAY) });

/** The link's filters, as much of them as the API accepts; `now` decides the default days. */
export function parseUrlFilter(params: { get(name: string): string | null }, now: number): UrlFilter {
  const ignored: IgnoredPart[] = [];
  const ignoredParams = new Set<string>();
  const defaults = { fromDay: ymd(now - (DEFAULT_DAYS - 1) * DAY), toDay: ymd(now) };
  const given = (name: string) => params.get(name) || undefined;

  // The days: both as given (a missing one takes its default), or, if either is not a date or the
  // range is one the API refuses, the default days.
  let days = { fromDay: given('from') ?? defaults.fromDay, toDay: given('to') ?? defaults.toDay };
  const badDates = (['from', 'to'] as const).filter((k) => given(k) !== undefined && !isDay(given(k)!));
  if (badDates.length > 0) {
    for (const k of badDates) ignored.push({ kind: 'badDate', value: given(k)! });
    days = defaults;
  } else {
    const checked = DashboardFilter.safeParse(range(days.fromDay, days.toDay));
    const message = checked.success ? null : checked.error.issues[0].message;
    if (message === RANGE_REVERSED) ignored.push({ kind: 'rangeReversed', from: days.fromDay, to: days.toDay });
    else if (message === RANGE_TOO_LONG) ignored.push({ kind: 'rangeTooLong', from: days.fromDay, to: days.toDay, max: MAX_RANGE_DAYS });
    if (message !== null) days = defaults;
  }
  if (ignored.length > 0) ['from', 'to'].forEach((k) => ignoredParams.add(k));

  // The other filters: each one the schema refuses is left out, the rest applied.
  const values: Partial<Record<UrlFilterField, string>> = {};
  for (const f of FIELDS) {
    const v = given(URL_PARAM[f]);
    if (v !== undefined) values[f] = v;
  }
  const checked = DashboardFilter.safeParse({ ...range(days.fromDay, days.toDay), ...values });
  const refused = new Set(checked.success ? [] : checked.error.issues.map((i) => i.path[0]));
  for (const f of FIELDS) {
    if (values[f] !== undefined && refused.has(f)) {
      ignored.push({ kind: 'badValue', field: f, value: values[f]! });
      ignoredParams.add(URL_PARAM[f]);
      delete values[f];
    }
  }
  const parsed = DashboardFilter.safeParse({ ...range(days.fromDay, days.toDay), ...values });
  // Cannot happen (every refused part was left out above); if it ever does, the days alone.
  const filter = parsed.success ? parsed.data : DashboardFilter.parse(range(defaults.fromDay, defaults.toDay));
  return {
    fromDay: parsed.success ? days.fromDay : defaults.fromDay,
    toDay: parsed.success ? days.toDay : defaults.toDay,
    filter,
    department: filter.department,
    campaignId: filter.campaignId,
    channel: filter.channel,
    region: filter.region,
    ignored,
    ignoredParams: [...ignoredParams],
  };
}

/**
 * The link's department, campaign or city that the dashboards do not know (no campaign of that
 * department, no such campaign, a city no event came from) is left out and named like a bad
 * value, so a mistyped or stale link shows figures rather than empty charts. Until `known` is
 * loaded the filter stands as parsed.
 */
export function dropUnknown(parsed: UrlFilter, known: KnownValues | undefined): UrlFilter {
  if (!known) return parsed;
  const sets: Record<KnownField, Set<string>> = {
    department: new Set(known.departments),
    campaignId: new Set(known.campaigns.map((c) => c.id)),
    region: new Set(known.regions),
  };
  const unknown = (['department', 'campaignId', 'region'] as const).filter((f) => parsed.filter[f] !== undefined && !sets[f].has(parsed.filter[f]!));
  if (unknown.length === 0) return parsed;
  const filter = { ...parsed.filter };
  for (const f of unknown) delete filter[f];
  return {
    ...parsed,
    filter,
    department: filter.department,
    campaignId: filter.campaignId,
    region: filter.region,
    ignored: [...parsed.ignored, ...unknown.map((f) => ({ kind: 'unknownValue' as const, field: f, value: parsed.filter[f]! }))],
    ignoredParams: [...parsed.ignoredParams, ...unknown.map((f) => URL_PARAM[f])],
  };
}
