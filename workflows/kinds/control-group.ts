import { z } from 'zod';
import { t } from '../text';
import { defineNode } from './define';

/**
 * Hold-out group: a stable share of customers is NOT contacted, so the campaign's effect can be
 * measured against them. Same stable bucket as split (bucket.ts).
 */
export const controlGroup = defineNode({
  kind: 'control_group',
  category: 'decision',
  label: t('Control group', '对照组'),
  description: t('Holds out a share of customers to measure the effect.', '留出部分客户不做营销，用于衡量效果。'),
  params: z.object({
    percent: z.number().int().min(1).max(50).meta({ label: t('Held out (%)', '对照组比例（%）') }),
  }),
  defaults: { percent: 10 },
  outputs: () => ['control', 'treatment'],
  portLabels: { control: t('Control (held out)', '对照组（不营销）'), treatment: t('Treatment', '营销组') },
  compile(node, ctx) {
    return {
      always: [
        {
          guard: { type: 'bucket', params: { nodeId: node.id, from: 0, to: node.params.percent } },
          target: ctx.next('control'),
          actions: [ctx.step('control')],
        },
        { target: ctx.next('treatment'), actions: [ctx.step('treatment')] },
      ],
    };
  },
});
