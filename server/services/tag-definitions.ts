// The declared customer tags as stored (the read side of the tag schema, which services/tag-schema.ts
// administers): what the catalog is built from.
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import type { FieldDef } from '../../workflows';
import type { Executor } from '../db/client';
import { tagDefinitions } from '../db/schema';

export const TagType = z.enum(['string', 'int', 'double', 'bool', 'enum']);
export type TagType = z.infer<typeof TagType>;

/** An enum tag's value labels as stored: per value, a label in either language or both. */
export const TagValueLabels = z.record(z.string(), z.object({ zh: z.string().optional(), en: z.string().optional() }));
export type TagValueLabels = z.infer<typeof TagValueLabels>;

export type TagDefinitionRow = typeof tagDefinitions.$inferSelect;

export function toFieldDef(row: TagDefinitionRow): FieldDef {
  // Read leniently: labels written by hand in SQL in another shape show as codes; they do not stop
  // the catalog, which every flow and page is built on.
  const stored = TagValueLabels.safeParse(row.valueLabels);
  const valueLabels = row.type === 'enum' && stored.success ? readableValues(row.values, stored.data) : {};
  return {
    name: row.name,
    type: TagType.parse(row.type),
    ...(row.type === 'enum' ? { values: row.values } : {}),
    ...(Object.keys(valueLabels).length ? { valueLabels } : {}),
    label: { zh: row.labelZh, en: row.labelEn },
    ...(row.descriptionZh || row.descriptionEn
      ? { description: { zh: row.descriptionZh ?? row.descriptionEn ?? '', en: row.descriptionEn ?? row.descriptionZh ?? '' } }
      : {}),
  };
}

/** The declared values' labels in both languages: one given in a single language shows in both. */
function readableValues(values: string[], labels: TagValueLabels): NonNullable<FieldDef['valueLabels']> {
  const out: NonNullable<FieldDef['valueLabels']> = {};
  for (const v of values) {
    const l = labels[v];
    const zh = l?.zh || l?.en;
    const en = l?.en || l?.zh;
    if (zh && en) out[v] = { zh, en };
  }
  return out;
}

export async function listTagDefinitions(db: Executor): Promise<TagDefinitionRow[]> {
  return db.select().from(tagDefinitions).orderBy(asc(tagDefinitions.position), asc(tagDefinitions.name));
}
