import { z } from 'zod';
import { formatMessage } from '../zod-text';
import { findTag } from '../catalog';
import { t } from '../text';
import { DEFAULT_TIMEZONE, isTimeZone } from '../timers';
import { defineNode, type KindIssue } from './define';

const Time = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: formatMessage('a time as HH:MM, e.g. 09:30', '时间格式为 HH:MM，例如 09:30') })
  .meta({ label: t('Time of day', '时刻'), placeholder: '09:30' });
const Zone = z
  .string()
  .max(64)
  .default(DEFAULT_TIMEZONE)
  .meta({ label: t('Time zone ("customer" = the customer\'s own)', '时区（customer 表示按客户所在时区）') });

/**
 * Waits until a moment: the next given time of day (e.g. the next 09:30, to respect quiet
 * hours), or a date from the customer's tags plus an offset (e.g. 7 days before contract_end).
 * The due time is computed by timers.ts `timerDue`, shared by the runtime and the simulator.
 */
export const waitUntil = defineNode({
  kind: 'wait_until',
  category: 'time',
  label: t('Wait until', '等待至'),
  description: t('Pauses the customer until a time of day or a date from their profile.', '让客户等到某个时刻，或其资料中的某个日期。'),
  params: z.discriminatedUnion('mode', [
    z.object({
      mode: z.literal('time_of_day').meta({ label: t('Until', '等待至') }),
      time: Time,
      timezone: Zone,
    }),
    z.object({
      mode: z.literal('customer_date').meta({ label: t('Until', '等待至') }),
      field: z.string().max(64).meta({ label: t('Date tag (YYYY-MM-DD)', '日期标签（YYYY-MM-DD）'), widget: 'tag' }),
      offsetDays: z.number().int().min(-366).max(366).default(0).meta({ label: t('Days after (negative = before)', '偏移天数（负数表示之前）') }),
      time: Time,
      timezone: Zone,
    }),
  ]),
  defaults: { mode: 'time_of_day', time: '09:00', timezone: DEFAULT_TIMEZONE },
  outputs: () => ['out'],
  portLabels: { out: t('When the time comes', '时间到达后') },
  validate(p, ctx) {
    const issues: KindIssue[] = [];
    if (p.timezone !== 'customer' && !isTimeZone(p.timezone)) {
      issues.push({ rule: 'bad_params', field: 'timezone', message: t(`"${p.timezone}" is not a time zone (e.g. Asia/Shanghai).`, `“${p.timezone}”不是有效时区（例如 Asia/Shanghai）。`) });
    }
    if (p.mode === 'customer_date') {
      const tag = findTag(ctx.catalog, p.field);
      if (!tag || tag.type !== 'string') {
        issues.push({
          rule: 'unknown_tag',
          field: 'field',
          message: tag
            ? t(`the tag "${p.field}" is not a date (a text tag holding YYYY-MM-DD).`, `标签“${p.field}”不是日期（应为 YYYY-MM-DD 文本标签）。`)
            : t(`the tag "${p.field}" is not in the catalog.`, `标签“${p.field}”不在标签目录中。`),
        });
      }
    }
    return issues;
  },
  compile(node, ctx) {
    const p = node.params;
    const until = p.mode === 'time_of_day' ? { time: p.time, timezone: p.timezone } : { time: p.time, timezone: p.timezone, field: p.field, offsetDays: p.offsetDays };
    return {
      entry: [{ type: 'startTimer', params: { nodeId: node.id, until } }, ctx.step('waiting')],
      on: {
        'octo.timer': {
          guard: { type: 'timerFor', params: { nodeId: node.id } },
          target: ctx.next('out'),
          actions: [ctx.step('elapsed')],
        },
      },
    };
  },
});
