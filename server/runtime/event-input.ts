// The touchpoint event as upstream systems send it (POST /api/v1/events and, later, NATS).
import { z } from 'zod';
import { t, type LocalizedText } from '../../workflows';
import { formatMessage } from '../../workflows/zod-text';
import { fieldIssues } from '../services/errors';

export const EventInput = z.object({
  eventId: z.string().min(1).max(200),
  customerId: z.string().min(1).max(100),
  type: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z][a-z0-9_.]*$/, formatMessage('must be lower_snake_case, e.g. data_usage_80pct', '须为小写字母、数字和下划线（lower_snake_case），以字母开头，例如 data_usage_80pct')),
  occurredAt: z.iso.datetime({ offset: true }),
  attributes: z.record(z.string(), z.unknown()).optional(),
});
export type EventInput = z.infer<typeof EventInput>;

export const MAX_EVENTS_PER_REQUEST = 1000;

/**
 * The first problem of a parse, naming the field, in both languages (`occurredAt: Invalid ISO
 * datetime`, `occurredAt：无效ISO日期时间`), worded as the app words every refused input;
 * `input` is what was parsed.
 */
export function zodProblem(error: z.ZodError, input?: unknown): LocalizedText {
  const first = error.issues[0];
  if (!first) return t('invalid', '无效');
  const where = first.path.length ? first.path.join('.') : 'body';
  const [zh] = fieldIssues({ issues: [first] }, 'zh-CN', input);
  return t(`${where}: ${first.message}`, `${where}：${zh.message}`);
}

/** The first problem of a parse in English (what the API answers with). */
export function describeZodError(error: z.ZodError): string {
  return zodProblem(error).en;
}
