import { z } from 'zod';
import { t } from '../text';
import { defineNode } from './define';
import { Duration, durationMs, MAX_WAIT_MS } from './duration';

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
    duration: Duration.meta({ label: t('Wait for', '等待时长') }),
  }),
  defaults: { duration: { amount: 1, unit: 'days' } },
  outputs: () => ['out'],
  portLabels: { out: t('After the wait', '等待结束后') },
  validate(params) {
    return durationMs(params.duration) > MAX_WAIT_MS
      ? [{ rule: 'wait_too_long', field: 'duration', message: t('a wait may last at most 366 days.', '等待时间最长为366天。') }]
      : [];
  },
  compile(node, ctx) {
    const delayMs = durationMs(node.params.duration);
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
