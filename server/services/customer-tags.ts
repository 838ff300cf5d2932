// Incremental tag updates (issue 8): an upstream system sends the changed tags of one customer
// as an event of the reserved type `tags_updated`, so the update is applied in order with the
// customer's other events — the event processor merges it into the customer's tags, under the
// customer's row lock, before any flow sees the event. A null value removes the tag.
import { eq } from 'drizzle-orm';
import { findTag, t, type Catalog, type LocalizedText } from '../../workflows';
import type { Tx } from '../db/client';
import { customers } from '../db/schema';
import { fieldValueRefusal, valueProblem } from '../runtime/value-problem';

/** Longest text a string tag may hold. */
const MAX_TAG_TEXT = 1000;

export { TAGS_UPDATED } from './catalog';

/** The first problem of a tag update against the declared schema, naming the tag, in both languages; null if none. */
export function checkTagUpdate(catalog: Catalog, changes: Record<string, unknown>): LocalizedText | null {
  const names = Object.keys(changes);
  if (names.length === 0) return t('attributes: name at least one tag to change', 'attributes：请至少给出一个要修改的标签');
  for (const name of names) {
    const def = findTag(catalog, name);
    if (!def) {
      const declared = catalog.tags.map((d) => d.name);
      return t(`attributes.${name}: no such tag is declared (declared tags: ${declared.join(', ')})`, `attributes.${name}：未声明此标签（已声明的标签：${declared.join('、')}）`);
    }
    const value = changes[name];
    if (value === null) continue;
    const problem = valueProblem(def, value, MAX_TAG_TEXT);
    if (problem) return fieldValueRefusal(`attributes.${name}`, problem, value);
  }
  return null;
}

/**
 * Merges the changes into the customer's tags and stores them. Changes that no longer fit the
 * schema (it was edited after the event was accepted) are left out; the rest apply.
 * Returns the customer's tags after the merge.
 */
export async function applyTagUpdate(
  tx: Tx,
  catalog: Catalog,
  customer: { id: string; tags: Record<string, unknown> },
  changes: Record<string, unknown>,
  now: Date,
): Promise<Record<string, unknown>> {
  const tags = { ...customer.tags };
  let changed = false;
  for (const [name, value] of Object.entries(changes)) {
    const def = findTag(catalog, name);
    if (!def) continue;
    if (value === null) {
      if (name in tags) {
        delete tags[name];
        changed = true;
      }
      continue;
    }
    if (valueProblem(def, value, MAX_TAG_TEXT)) continue;
    if (tags[name] !== value) {
      tags[name] = value;
      changed = true;
    }
  }
  if (changed) await tx.update(customers).set({ tags, updatedAt: now }).where(eq(customers.id, customer.id));
  return tags;
}
