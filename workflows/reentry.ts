import type { FlowSettings } from './graph';
import { t, type LocalizedText } from './text';

/**
 * Whether a customer may start a new run of a flow, given their earlier runs of it. Pure, so the
 * runtime and the simulator decide alike. Periods are calendar periods in the operator's time
 * zone (default Asia/Shanghai, UTC+8, no daylight saving): "once a month" means once per
 * calendar month, weeks start on Monday.
 */

export interface PreviousRun {
  startedAt: Date;
  /** Still running (not yet at an end). */
  active: boolean;
}

export interface ReentryDecision {
  allowed: boolean;
  reason?: LocalizedText;
}

const OPERATOR_OFFSET_MS = 8 * 3_600_000;

/** The calendar period (day, ISO week or month) of an instant, as a comparable key. */
export function periodKey(period: 'day' | 'week' | 'month', at: Date, offsetMs = OPERATOR_OFFSET_MS): string {
  const local = new Date(at.getTime() + offsetMs);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  if (period === 'month') return `${y}-${m + 1}`;
  if (period === 'day') return `${y}-${m + 1}-${d}`;
  const dayOfWeek = (local.getUTCDay() + 6) % 7; // Monday = 0
  const monday = new Date(Date.UTC(y, m, d - dayOfWeek));
  return `w${monday.toISOString().slice(0, 10)}`;
}

export function reentryAllowed(settings: FlowSettings, previous: PreviousRun[], now: Date): ReentryDecision {
  if (!settings.concurrent && previous.some((r) => r.active)) {
    return { allowed: false, reason: t('The customer is still in this flow.', '该客户仍在此流程中。') };
  }
  const { reentry } = settings;
  if (reentry === 'every_time' || previous.length === 0) return { allowed: true };
  if (reentry === 'once') {
    return { allowed: false, reason: t('The customer has already been through this flow once.', '该客户已进入过此流程（仅限一次）。') };
  }
  const current = periodKey(reentry.period, now);
  if (previous.some((r) => periodKey(reentry.period, r.startedAt) === current)) {
    const word = { day: t('today', '今天'), week: t('this week', '本周'), month: t('this month', '本月') }[reentry.period];
    return { allowed: false, reason: t(`The customer already entered this flow ${word.en}.`, `该客户${word.zh}已进入过此流程。`) };
  }
  return { allowed: true };
}
