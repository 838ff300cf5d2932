import { z } from 'zod';
import { t } from '../text';
import { conditionIssues } from './condition-issues';
import { defineNode } from './define';

/** A yes/no branch on a CEL condition over the customer's tags and the triggering event. */
export const condition = defineNode({
  kind: 'condition',
  category: 'decision',
  label: t('Condition', '条件判断'),
  description: t('Sends the customer down "yes" or "no".', '按条件将客户分到“是”或“否”。'),
  params: z.object({
    expr: z.string().max(4096).meta({ label: t('Condition', '条件'), widget: 'condition' }),
  }),
  defaults: { expr: '' },
  outputs: () => ['yes', 'no'],
  portLabels: { yes: t('Yes', '是'), no: t('No', '否') },
  validate(params, ctx) {
    return conditionIssues(params.expr, { catalog: ctx.catalog, eventType: ctx.eventType }, 'expr');
  },
  compile(node, ctx) {
    return {
      always: [
        { guard: { type: 'cond', params: { expr: node.params.expr } }, target: ctx.next('yes'), actions: [ctx.step('yes')] },
        { target: ctx.next('no'), actions: [ctx.step('no')] },
      ],
    };
  },
});
