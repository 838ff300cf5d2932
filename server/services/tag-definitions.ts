// The declared customer tags as stored (the read side of the tag schema, which services/tag-schema.ts
// administers): what the catalog is built from.
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import type { FieldDef } from '../../workflows';
import type { Executor } from '../db/client';
import { tagDefinitions } from '../db/schema';
import { readableValueLabels } from './value-labels';

export const TagType = z.enum(['string', 'int', 'double', 'bool', 'enum']);
export type TagType = z.infer<typeof TagType>;

export type TagDefinitionRow = typeof tagDefinitions.$inferSelect;

export function toFieldDef(row: TagDefinitionRow): FieldDef {
  // Read leniently (value-labels.ts): labels stored in another shape show as codes.
  const valueLabels = row.type === 'enum' ? readableValueLabels(row.values, row.valueLabels) : {};
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

export async function listTagDefinitions(db: Executor): Promise<TagDefinitionRow[]> {
  return db.select().from(tagDefinitions).orderBy(asc(tagDefinitions.position), asc(tagDefinitions.name));
}
