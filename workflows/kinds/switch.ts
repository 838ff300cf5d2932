import { z } from 'zod';
import { t } from '../text';
import { conditionIssues } from './condition-issues';
import { defineNode, type KindIssue } from './define';
import { duplicates, PortName } from './ports';

/** Multi-way branch: the first case whose condition holds, else "default". */
export const switchKind = defineNode({
  kind: 'switch',
  category: 'decision',
  label: t('Multi-branch', '多分支判断'),
  description: t('Sends the customer down the first branch whose condition holds.', '客户进入第一个条件成立的分支。'),
  params: z.object({
    cases: z
      .array(
        z.object({
          name: PortName,
          label: z.string().max(40).optional().meta({ label: t('Label', '显示名称') }),
          expr: z.string().max(4096).meta({ label: t('Condition', '条件'), widget: 'condition' }),
        }),
      )
      .min(1)
      .max(20)
      .meta({ label: t('Branches (checked in order)', '分支（按顺序判断）') }),
  }),
  defaults: { cases: [{ name: 'case_1', expr: '' }] },
  outputs: (p) => [...p.cases.map((c) => c.name), 'default'],
  portLabels: { default: t('Otherwise', '其他') },
  validate(p, ctx) {
    const issues: KindIssue[] = [];
    for (const name of duplicates(p.cases.map((c) => c.name))) {
      issues.push({ rule: 'duplicate_port', field: 'cases', message: t(`two branches are named "${name}".`, `有两个分支都叫“${name}”。`) });
    }
    if (p.cases.some((c) => c.name === 'default')) {
      issues.push({ rule: 'duplicate_port', field: 'cases', message: t('"default" is reserved for the "otherwise" branch.', '“default”保留给“其他”分支。') });
    }
    p.cases.forEach((c, i) => {
      issues.push(...conditionIssues(c.expr, { catalog: ctx.catalog, eventType: ctx.eventType }, `cases.${i}.expr`, t(`branch "${c.label ?? c.name}"`, `分支“${c.label ?? c.name}”`)));
    });
    return issues;
  },
  compile(node, ctx) {
    return {
      always: [
        ...node.params.cases.map((c) => ({
          guard: { type: 'cond', params: { expr: c.expr } },
          target: ctx.next(c.name),
          actions: [ctx.step(c.name)],
        })),
        { target: ctx.next('default'), actions: [ctx.step('default')] },
      ],
    };
  },
});
