import { z } from 'zod';
import { t } from '../text';
import { defineNode } from './define';

/** The customer leaves the flow. */
export const end = defineNode({
  kind: 'end',
  category: 'outcome',
  label: t('End', '结束'),
  description: t('The customer leaves the flow here.', '客户在此离开流程。'),
  params: z.object({}),
  defaults: {},
  outputs: () => [],
  compile(_node, ctx) {
    return { type: 'final', entry: [ctx.step('exited')] };
  },
});
