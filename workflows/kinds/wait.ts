import { z } from 'zod';
import { t } from '../text';
import { defineNode } from './define';

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/**
 * Waits a fixed time. Compiled to a `startTimer` action and an `octo.timer` event, never an
 * XState `after` delay: the runtime stores the timer as a row, so it survives restarts.
 */
export const wait = defineNode({
  kind: 'wait',
  category: 'time',
  label: t('Wait', '等待'),
  description: t('Pauses the customer for a while.', '让客户在此停留一段时间。'),
  params: z.object({
    duration: z
      .object({
        amount: z.number().int().positive().max(100_000).meta({ label: t('Amount', '时长') }),
        unit: z.enum(['minutes', 'hours', 'days']).meta({ label: t('Unit', '单位') }),
      })
      .meta({ label: t('Wait for', '等待时长') }),
  }),
  defaults: { duration: { amount: 1, unit: 'days' } },
  outputs: () => ['out'],
  portLabels: { out: t('After the wait', '等待结束后') },
  validate(params) {
    const ms = params.duration.amount * UNIT_MS[params.duration.unit];
    return ms > 366 * UNIT_MS.days
      ? [{ rule: 'wait_too_long', field: 'duration', message: t('a wait may last at most 366 days.', '等待时间最长为366天。') }]
      : [];
  },
  compile(node, ctx) {
    const delayMs = node.params.duration.amount * UNIT_MS[node.params.duration.unit];
    return {
      entry: [{ type: 'startTimer', params: { nodeId: node.id, delayMs } }, ctx.step('waiting')],
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
