// The dashboards' filter as the API accepts it, apart from the SQL built on it (filters.ts), so the
// dashboards page parses a shared link with the same rules and limits (app/(app)/dashboards/url-filter.ts).
// Refusals name the field and say what is wrong, in English and Chinese.
import { z } from 'zod';
import { CONTACT_CHANNELS } from '../../workflows/channels';
import { formatMessage } from '../../workflows/zod-text';

export const CHANNELS = CONTACT_CHANNELS;
/** The longest range the dashboards read at once, in days. */
export const MAX_RANGE_DAYS = 800;
const DAY_MS = 86_400_000;

export const Channel = z.enum(CHANNELS, {
  error: formatMessage(`no such channel: use one of ${CHANNELS.join(', ')}`, `没有这个渠道：应为 ${CHANNELS.join('、')} 之一`),
});
export type Channel = z.infer<typeof Channel>;

export const RANGE_REVERSED = formatMessage('the date range must end after it starts', '日期范围的结束须晚于开始');
export const RANGE_TOO_LONG = formatMessage(`the date range may span at most ${MAX_RANGE_DAYS} days`, `日期范围最长 ${MAX_RANGE_DAYS} 天`);

export const DashboardFilter = z
  .object({
    from: z.coerce.date(),
    to: z.coerce.date(),
    department: z.string().min(1).max(64).optional(),
    campaignId: z.uuid().optional(),
    channel: Channel.optional(),
    region: z.string().min(1).max(64).optional(),
  })
  .refine((f) => f.from.getTime() < f.to.getTime(), { message: RANGE_REVERSED, path: ['to'] })
  .refine((f) => f.to.getTime() - f.from.getTime() <= MAX_RANGE_DAYS * DAY_MS, { message: RANGE_TOO_LONG, path: ['from'] });
export type DashboardFilter = z.infer<typeof DashboardFilter>;
