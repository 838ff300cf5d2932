import { z } from 'zod';
import { t } from '../text';
import { defineNode, type KindIssue } from './define';
import { duplicates, PortName } from './ports';

/**
 * Random A/B/n split. The branch is decided by the customer's stable bucket for this node
 * (bucket.ts), so the simulator and the runtime agree and a customer keeps their branch.
 */
export const split = defineNode({
  kind: 'split',
  category: 'decision',
  label: t('A/B split', 'A/B分流'),
  description: t('Splits customers at random into branches by percentage.', '按比例将客户随机分到各分支。'),
  params: z.object({
    branches: z
      .array(
        z.object({
          name: PortName,
          label: z.string().max(40).optional().meta({ label: t('Label', '显示名称') }),
          percent: z.number().int().min(0).max(100).meta({ label: t('Percent', '比例（%）') }),
        }),
      )
      .min(2)
      .max(10)
      .meta({ label: t('Branches', '分支') }),
  }),
  defaults: {
    branches: [
      { name: 'a', label: 'A', percent: 50 },
      { name: 'b', label: 'B', percent: 50 },
    ],
  },
  outputs: (p) => p.branches.map((b) => b.name),
  validate(p) {
    const issues: KindIssue[] = [];
    const total = p.branches.reduce((sum, b) => sum + b.percent, 0);
    if (total !== 100) {
      issues.push({ rule: 'split_not_100', field: 'branches', message: t(`the percentages add up to ${total}%, not 100%.`, `各分支比例合计为${total}%，应为100%。`) });
    }
    for (const name of duplicates(p.branches.map((b) => b.name))) {
      issues.push({ rule: 'duplicate_port', field: 'branches', message: t(`two branches are named "${name}".`, `有两个分支都叫“${name}”。`) });
    }
    return issues;
  },
  compile(node, ctx) {
    let from = 0;
    const always = node.params.branches.map((b, i) => {
      const to = from + b.percent;
      const last = i === node.params.branches.length - 1;
      const tr = {
        ...(last ? {} : { guard: { type: 'bucket', params: { nodeId: node.id, from, to } } }),
        target: ctx.next(b.name),
        actions: [ctx.step(b.name)],
      };
      from = to;
      return tr;
    });
    return { always };
  },
});
