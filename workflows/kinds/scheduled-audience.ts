import { z } from 'zod';
import { parseMoment, SCHEDULE_TIMEZONE, type ScheduleSpec } from '../schedule';
import { t } from '../text';
import { formatMessage } from '../zod-text';
import { conditionIssues } from './condition-issues';
import { defineNode, type KindIssue } from './define';

const Time = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: formatMessage('a time as HH:MM, e.g. 09:30', '时间格式为 HH:MM，例如 09:30') });

/**
 * Batch entry, the way campaigns ran before touchpoint events: at a set time (once, or every
 * day / week / month, China time) every customer whose tags meet the condition enters the flow.
 * The runtime's scheduler picks the moments with schedule.ts `nextOccurrence`; the params stay a
 * flat object (not a union) so the designer's generated form shows every field.
 */
export const scheduledAudience = defineNode({
  kind: 'scheduled_audience',
  category: 'entry',
  label: t('Scheduled audience', '定时客群'),
  description: t(
    'At a set time, every customer who meets the condition enters the flow (batch campaign).',
    '在设定时间，所有符合条件的客户进入流程（批量营销）。',
  ),
  params: z.object({
    condition: z
      .string()
      .max(4096)
      .default('')
      .meta({ label: t('Customers who', '目标客户条件'), widget: 'condition' }),
    repeat: z.enum(['once', 'daily', 'weekly', 'monthly']).meta({
      label: t('Runs', '执行频率'),
      valueLabels: { once: t('Once', '仅一次'), daily: t('Daily', '每天'), weekly: t('Weekly', '每周'), monthly: t('Monthly', '每月') },
    }),
    at: z
      .string()
      .max(40)
      .optional()
      .meta({ label: t('Date and time of the single run (China time)', '单次执行的日期和时间（北京时间）'), placeholder: t('2025-06-02 10:00', '2025-06-02 10:00') }),
    time: Time.default('10:00').meta({ label: t('Time of day (China time)', '执行时刻（北京时间）'), placeholder: t('10:00', '10:00') }),
    weekday: z
      .number()
      .int()
      .min(1)
      .max(7)
      .optional()
      .meta({ label: t('Day of the week (1 = Monday … 7 = Sunday)', '星期几（1 = 周一 … 7 = 周日）') }),
    monthday: z
      .number()
      .int()
      .min(1)
      .max(28)
      .optional()
      .meta({ label: t('Day of the month (1–28, so every month has it)', '每月几号（1–28，保证每月都有）') }),
  }),
  defaults: { condition: '', repeat: 'weekly', time: '10:00', weekday: 1 },
  outputs: () => ['out'],
  portLabels: { out: t('Next', '下一步') },
  validate(p, ctx) {
    const issues: KindIssue[] = [];
    if (p.condition.trim() === '') {
      issues.push({
        rule: 'missing_audience',
        field: 'condition',
        message: t(
          'say which customers are in the audience, e.g. customer.value_tier == "gold".',
          '请填写目标客户条件，例如 customer.value_tier == "gold"。',
        ),
      });
    } else {
      // No event starts a scheduled run: `event.*` is unavailable here and downstream.
      issues.push(...conditionIssues(p.condition, { catalog: ctx.catalog }, 'condition'));
    }
    if (p.repeat === 'once' && (p.at === undefined || !parseMoment(p.at))) {
      issues.push({
        rule: 'bad_schedule',
        field: 'at',
        message:
          p.at === undefined || p.at.trim() === ''
            ? t('choose the date and time of the run, e.g. 2025-06-02 10:00.', '请填写执行的日期和时间，例如 2025-06-02 10:00。')
            : t(`"${p.at}" is not a date and time; write it as 2025-06-02 10:00.`, `“${p.at}”不是有效的日期时间，请写成 2025-06-02 10:00。`),
      });
    }
    if (p.repeat === 'weekly' && p.weekday === undefined) {
      issues.push({ rule: 'bad_schedule', field: 'weekday', message: t('choose the day of the week it runs on.', '请选择每周哪一天执行。') });
    }
    if (p.repeat === 'monthly' && p.monthday === undefined) {
      issues.push({ rule: 'bad_schedule', field: 'monthday', message: t('choose the day of the month it runs on.', '请选择每月几号执行。') });
    }
    return issues;
  },
  compile(node, ctx) {
    return { entry: [ctx.step('entered')], always: { target: ctx.next('out') } };
  },
});

/** The compiled schedule of params; undefined for a single run without a valid moment. */
export function scheduleOf(p: z.infer<typeof scheduledAudience.params>): ScheduleSpec | undefined {
  const timezone = SCHEDULE_TIMEZONE;
  switch (p.repeat) {
    case 'once': {
      const at = parseMoment(p.at ?? '');
      return at ? { at: at.toISOString(), timezone } : undefined;
    }
    case 'daily':
      return { every: 'day', time: p.time, timezone };
    case 'weekly':
      return { every: 'week', time: p.time, weekday: p.weekday ?? 1, timezone };
    case 'monthly':
      return { every: 'month', time: p.time, monthday: p.monthday ?? 1, timezone };
  }
}
