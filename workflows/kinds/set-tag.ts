import { z } from 'zod';
import { findTag, type FieldDef } from '../catalog';
import { t } from '../text';
import { defineNode } from './define';

function fits(tag: FieldDef, value: string | number | boolean): boolean {
  switch (tag.type) {
    case 'string':
      return typeof value === 'string';
    case 'enum':
      return typeof value === 'string' && (tag.values ?? []).includes(value);
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'double':
      return typeof value === 'number' && Number.isFinite(value);
    case 'bool':
      return typeof value === 'boolean';
  }
}

/**
 * Writes a customer tag (e.g. mark "offered_5gb" to avoid offering twice). Emits `setTag` for the
 * runtime to persist and `assignTag`, which updates context.customer at once so conditions later
 * in the same step already see the new value.
 */
export const setTag = defineNode({
  kind: 'set_tag',
  category: 'data',
  label: t('Set tag', '设置标签'),
  description: t("Sets one of the customer's tags.", '设置客户的某个标签。'),
  params: z.object({
    tag: z.string().max(64).meta({ label: t('Tag', '标签'), widget: 'tag' }),
    value: z.union([z.string().max(200), z.number(), z.boolean()]).meta({ label: t('Value', '值') }),
  }),
  defaults: { tag: '', value: '' },
  outputs: () => ['out'],
  portLabels: { out: t('Next', '下一步') },
  validate(p, ctx) {
    const tag = findTag(ctx.catalog, p.tag);
    if (!tag) {
      return [{ rule: 'unknown_tag', field: 'tag', message: p.tag === '' ? t('choose the tag to set.', '请选择要设置的标签。') : t(`the tag "${p.tag}" is not in the catalog.`, `标签“${p.tag}”不在标签目录中。`) }];
    }
    if (!fits(tag, p.value)) {
      const allowed = tag.type === 'enum' ? ` (${(tag.values ?? []).join(', ')})` : '';
      return [
        {
          rule: 'bad_tag_value',
          field: 'value',
          message: t(`${JSON.stringify(p.value)} is not a valid value for ${tag.label.en} (${tag.type}${allowed}).`, `${JSON.stringify(p.value)} 不是${tag.label.zh}的有效值（${tag.type}${allowed}）。`),
        },
      ];
    }
    return [];
  },
  compile(node, ctx) {
    const { tag, value } = node.params;
    return {
      entry: [{ type: 'setTag', params: { nodeId: node.id, tag, value } }, { type: 'assignTag', params: { tag, value } }, ctx.step('tag_set')],
      always: { target: ctx.next('out') },
    };
  },
});
