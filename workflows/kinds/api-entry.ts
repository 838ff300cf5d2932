import { z } from 'zod';
import { ApiAttribute, apiEventType, catalogWithApiEntry, MAX_ENROL_ATTRIBUTES } from '../enrolment';
import { t } from '../text';
import { conditionIssues } from './condition-issues';
import { defineNode, type KindIssue } from './define';
import { duplicates } from './ports';

/**
 * Entry by API: a partner or upstream system enrols a customer (open interconnection). The
 * declared attributes are `event.*` in the flow. The state carries them in `meta`, so
 * buildMachine types `event.*` at run time without anything but the compiled machine.
 */
export const apiEntry = defineNode({
  kind: 'api_entry',
  category: 'entry',
  label: t('API entry', 'API 接入'),
  description: t(
    'A partner or another system enrols customers through the API, optionally with attributes.',
    '合作伙伴或其他系统通过 API 将客户加入流程，可附带属性。',
  ),
  params: z.object({
    attributes: z
      .array(ApiAttribute)
      .max(MAX_ENROL_ATTRIBUTES)
      .default([])
      .meta({ label: t('Attributes sent with an enrolment', '加入时附带的属性') }),
    condition: z
      .string()
      .max(4096)
      .default('')
      .meta({ label: t('Only when (optional)', '仅当（可选）'), widget: 'condition' }),
  }),
  defaults: { attributes: [], condition: '' },
  outputs: () => ['out'],
  portLabels: { out: t('Next', '下一步') },
  validate(p, ctx) {
    const issues: KindIssue[] = [];
    for (const name of duplicates(p.attributes.map((a) => a.name))) {
      issues.push({ rule: 'duplicate_attribute', field: 'attributes', message: t(`two attributes are named "${name}".`, `有两个属性都叫“${name}”。`) });
    }
    p.attributes.forEach((a, i) => {
      if (a.type === 'enum' && !a.values?.length) {
        issues.push({
          rule: 'bad_params',
          field: `attributes.${i}.values`,
          message: t(`the attribute "${a.name}" is a choice: list its possible values.`, `属性“${a.name}”是选项类型，请填写可选值。`),
        });
      }
      if (a.type !== 'enum' && a.values?.length) {
        issues.push({
          rule: 'bad_params',
          field: `attributes.${i}.values`,
          message: t(`the attribute "${a.name}" is not a choice, so it cannot have possible values.`, `属性“${a.name}”不是选项类型，不能填写可选值。`),
        });
      }
    });
    if (issues.length) return issues;
    const scope = { catalog: catalogWithApiEntry(ctx.catalog, ctx.nodeId, p.attributes), eventType: apiEventType(ctx.nodeId), allowEmpty: true };
    issues.push(...conditionIssues(p.condition, scope, 'condition'));
    return issues;
  },
  compile(node, ctx) {
    const attributes = node.params.attributes.map(({ name, type, values, required }) => ({ name, type, ...(values ? { values } : {}), required }));
    return { entry: [ctx.step('entered')], always: { target: ctx.next('out') }, meta: { apiAttributes: attributes } };
  },
});
