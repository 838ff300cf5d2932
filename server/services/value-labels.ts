// How people read the values of an enum an administrator declares (`unlimited_5g` → 5G畅享套餐 /
// Unlimited 5G): customer tags (tag-schema.ts) and attributes of declared event types
// (event-types.ts) follow the same rules. Either language is optional, at most 100 characters; a
// label is only for a declared value; what is stored leaves out values labelled in neither
// language; and what is read back is parsed leniently, so labels stored in another shape (written
// by hand in SQL) show codes instead of stopping the catalog every flow and page is built on.
import { z } from 'zod';
import { formatMessage } from '../../workflows/zod-text';
import type { FieldDef, LocalizedText } from '../../workflows';

/** The labels as stored: per value, a label in either language or both. */
export const ValueLabels = z.record(z.string(), z.object({ zh: z.string().optional(), en: z.string().optional() }));
export type ValueLabels = z.infer<typeof ValueLabels>;

/** A value's label in one language: optional (the other language's shows in its place). */
const ValueLabelText = z.string().trim().min(1).max(100).nullish();

/** The labels as given: `{ unlimited_5g: { zh: '5G畅享套餐', en: 'Unlimited 5G' } }`. */
export const ValueLabelsInput = z.record(z.string(), z.object({ zh: ValueLabelText, en: ValueLabelText })).default({});
export type ValueLabelsInput = z.output<typeof ValueLabelsInput>;

/**
 * Refuses, in a schema's superRefine, each label of a value `declared` does not hold, at
 * `<path>.<value>`. `owner` says whose values they are (`the tag's` / `该标签`).
 */
export function refuseUndeclaredLabels(ctx: z.RefinementCtx, path: (string | number)[], labels: ValueLabelsInput, declared: readonly string[], owner: LocalizedText): void {
  for (const value of Object.keys(labels).filter((k) => !declared.includes(k))) {
    const message = formatMessage(`"${value}" is not one of ${owner.en} values: a label is only for a declared value`, `“${value}”不是${owner.zh}的取值：只能为已声明的取值设置显示名称`);
    ctx.addIssue({ code: 'custom', path: [...path, value], message });
  }
}

/** The labels to store: each language given, values labelled in neither left out. */
export function storedValueLabels(input: ValueLabelsInput): ValueLabels {
  const out: ValueLabels = {};
  for (const [value, { zh, en }] of Object.entries(input)) {
    if (zh || en) out[value] = { ...(zh ? { zh } : {}), ...(en ? { en } : {}) };
  }
  return out;
}

/** Stored labels, or none when they are not of the right shape. */
export function readValueLabels(stored: unknown): ValueLabels {
  const parsed = ValueLabels.safeParse(stored ?? {});
  return parsed.success ? parsed.data : {};
}

/** The declared values' labels in both languages, as the catalog carries them: one given in a single language shows in both. */
export function readableValueLabels(values: readonly string[], stored: unknown): NonNullable<FieldDef['valueLabels']> {
  const labels = readValueLabels(stored);
  const out: NonNullable<FieldDef['valueLabels']> = {};
  for (const v of values) {
    const l = labels[v];
    const zh = l?.zh || l?.en;
    const en = l?.en || l?.zh;
    if (zh && en) out[v] = { zh, en };
  }
  return out;
}
