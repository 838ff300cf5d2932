import { z } from 'zod';
import { t } from '../text';

export const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
export const MAX_WAIT_MS = 366 * UNIT_MS.days;

export const Duration = z.object({
  amount: z.number().int().positive().max(100_000).meta({ label: t('Amount', '时长') }),
  unit: z.enum(['minutes', 'hours', 'days']).meta({ label: t('Unit', '单位'), valueLabels: { minutes: t('Minutes', '分钟'), hours: t('Hours', '小时'), days: t('Days', '天') } }),
});
export type Duration = z.infer<typeof Duration>;

export function durationMs(d: Duration): number {
  return d.amount * UNIT_MS[d.unit];
}
