// The declared customer tag schema (客户标签定义), kept in the database and administered in the
// UI. It is what conditions are type-checked against and what imported and updated tag values
// must fit. A fresh database is seeded with the demo catalog's tags.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { formatMessage } from '../../workflows/zod-text';
import { demoCatalog, t, type FieldDef, type LocalizedText } from '../../workflows';
import type { Executor, Tx } from '../db/client';
import { tagDefinitions } from '../db/schema';
import { appendAudit, inTransaction, type AuditActor } from './audit';
import { buildCatalog } from './catalog';
import { fieldRefusal, ServiceError } from './errors';
import { runningCampaignsBrokenBy } from './running-campaigns';
import { TagType, type TagDefinitionRow } from './tag-definitions';
import { refuseUndeclaredLabels, storedValueLabels, ValueLabelsInput } from './value-labels';
import { refuseRemovingServedCities } from './frontline-org';

export { listTagDefinitions, TagType, toFieldDef, type TagDefinitionRow } from './tag-definitions';

/** The words a tag may not be called: the columns every customer has anyway. */
const RESERVED_NAMES = new Set(['id', 'customer_id', 'msisdn']);

export const TagDefinitionInput = z
  .object({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, formatMessage('must be lower_snake_case, start with a letter, at most 64 characters', '须为小写字母、数字和 _（lower_snake_case），以字母开头，最多 64 个字符'))
      .refine((n) => !RESERVED_NAMES.has(n), 'is reserved for the customer record itself'),
    type: TagType,
    values: z.array(z.string().trim().min(1).max(100)).max(500).default([]),
    /** How people read the enum's values: `{ unlimited_5g: { zh: '5G畅享套餐', en: 'Unlimited 5G' } }`. */
    valueLabels: ValueLabelsInput,
    labelZh: z.string().trim().min(1).max(100),
    labelEn: z.string().trim().min(1).max(100),
    descriptionZh: z.string().trim().max(500).nullish(),
    descriptionEn: z.string().trim().max(500).nullish(),
    position: z.number().int().min(0).max(10_000).optional(),
    /** Set by "Add tag": a name already taken is refused rather than changing that tag. */
    create: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'enum' && v.values.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'an enum tag needs at least one allowed value' });
    }
    if (new Set(v.values).size !== v.values.length) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'allowed values must be distinct' });
    }
    refuseUndeclaredLabels(ctx, ['valueLabels'], v.valueLabels, v.type === 'enum' ? v.values : [], t("the tag's", '该标签'));
  });
export type TagDefinitionInput = z.input<typeof TagDefinitionInput>;

/** Seeds the schema from the demo catalog when the table is empty. Returns true if it seeded. */
export async function ensureTagSchema(db: Executor): Promise<boolean> {
  const [any] = await db.select({ name: tagDefinitions.name }).from(tagDefinitions).limit(1);
  if (any) return false;
  await db
    .insert(tagDefinitions)
    .values(
      demoCatalog.tags.map((f, i) => ({
        name: f.name,
        type: f.type,
        values: f.values ?? [],
        valueLabels: f.valueLabels ?? {},
        labelZh: f.label.zh,
        labelEn: f.label.en,
        descriptionZh: f.description?.zh ?? null,
        descriptionEn: f.description?.en ?? null,
        position: i * 10,
      })),
    )
    .onConflictDoNothing();
  return true;
}

/**
 * Runs `change` (a write to the tag schema) and refuses it, rolling it back, when a campaign that
 * may run would no longer be valid against the schema it leaves: the refusal names each campaign
 * and what would break.
 */
async function unlessItBreaksRunningCampaigns<T>(db: Tx, what: LocalizedText, change: () => Promise<T>): Promise<T> {
  const before = await buildCatalog(db);
  const result = await change();
  const broken = await runningCampaignsBrokenBy(db, before, await buildCatalog(db));
  if (broken.length) {
    throw new ServiceError(
      'CONFLICT',
      t(
        `${what.en} would break campaigns that may run: ${broken.map((b) => `${b.name} (${b.problem.en})`).join('; ')}; change or end them first`,
        `${what.zh} 会使可能运行的活动出错：${broken.map((b) => `${b.name}（${b.problem.zh}）`).join('；')}；请先修改或结束这些活动`,
      ),
    );
  }
  return result;
}

/** Creates or changes a tag. A change that would break a campaign that may run is refused. */
export async function saveTagDefinition(db: Executor, actor: NonNullable<AuditActor> & { email: string }, input: TagDefinitionInput): Promise<TagDefinitionRow> {
  const v = TagDefinitionInput.parse(input);
  return inTransaction(db, (tx) => saveTag(tx, actor, v));
}

async function saveTag(db: Tx, actor: NonNullable<AuditActor> & { email: string }, v: z.output<typeof TagDefinitionInput>): Promise<TagDefinitionRow> {
  const [existing] = await db.select().from(tagDefinitions).where(eq(tagDefinitions.name, v.name));
  const nameTaken = () => fieldRefusal('name', '标签名', t(`a tag ${v.name} exists already: choose another name, or edit that tag in the list`, `标签 ${v.name} 已存在：请换一个名称，或在列表中编辑该标签`), 'CONFLICT');
  if (existing && v.create) throw nameTaken();
  const values = v.type === 'enum' ? v.values : [];
  if (existing) await refuseRemovingServedCities(db, citiesRemoved(existing, values));
  const valueLabels = storedValueLabels(v.valueLabels);
  const row = {
    name: v.name,
    type: v.type,
    values,
    valueLabels,
    labelZh: v.labelZh,
    labelEn: v.labelEn,
    descriptionZh: v.descriptionZh || null,
    descriptionEn: v.descriptionEn || null,
    position: v.position ?? existing?.position ?? (await nextPosition(db)),
    updatedAt: new Date(),
    updatedBy: actor.email,
  };
  // Retyping a tag or changing its values may break a running flow (checked: two catalog builds
  // and a validation of every running version); a new tag, a new label or a new position never does.
  // A new tag inserts only: one added at the same moment by someone else is not overwritten.
  const write = () => (v.create ? db.insert(tagDefinitions).values(row).onConflictDoNothing() : db.insert(tagDefinitions).values(row).onConflictDoUpdate({ target: tagDefinitions.name, set: row })).returning();
  const mayBreak = existing && (existing.type !== v.type || existing.values.join('\u0000') !== values.join('\u0000'));
  const [saved] = mayBreak ? await unlessItBreaksRunningCampaigns(db, t(`changing tag ${v.name}`, `修改标签 ${v.name}`), write) : await write();
  if (!saved) throw nameTaken();
  const was = existing ? { type: existing.type, values: existing.values, valueLabels: existing.valueLabels, labelZh: existing.labelZh, labelEn: existing.labelEn } : null;
  await appendAudit(db, {
    actor,
    action: existing ? 'tag_schema.update' : 'tag_schema.create',
    entityType: 'tag_definition',
    entityId: v.name,
    detail: { type: v.type, values, valueLabels, labelZh: v.labelZh, labelEn: v.labelEn, was },
  });
  return saved;
}

/** The cities a change to the tag `region` takes away (a retyped tag declares none): the organisation's teams and shops name them. */
function citiesRemoved(existing: Pick<TagDefinitionRow, 'name' | 'type' | 'values'>, values: readonly string[]): string[] {
  if (existing.name !== 'region' || existing.type !== 'enum') return [];
  return existing.values.filter((c) => !values.includes(c));
}

async function nextPosition(db: Executor): Promise<number> {
  const [{ max }] = await db.select({ max: sql<number | null>`max(${tagDefinitions.position})` }).from(tagDefinitions);
  return (Number(max ?? 0) || 0) + 10;
}

/** Removes a tag from the schema (customers keep their stored values). Refused while a campaign that may run uses it. */
export async function deleteTagDefinition(db: Executor, actor: AuditActor, name: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [existing] = await tx.select().from(tagDefinitions).where(eq(tagDefinitions.name, name));
    if (existing) await refuseRemovingServedCities(tx, citiesRemoved(existing, []), { path: 'name', zh: '标签名' });
    const deleted = await unlessItBreaksRunningCampaigns(tx, t(`removing tag ${name}`, `删除标签 ${name}`), async () => {
      const rows = await tx.delete(tagDefinitions).where(eq(tagDefinitions.name, name)).returning({ name: tagDefinitions.name, type: tagDefinitions.type });
      if (!rows.length) throw new ServiceError('NOT_FOUND', t(`tag ${name} is not declared`, `标签 ${name} 未声明`));
      return rows;
    });
    await appendAudit(tx, { actor, action: 'tag_schema.delete', entityType: 'tag_definition', entityId: name, detail: { type: deleted[0]!.type } });
  });
}

const TRUE = new Set(['true', '1', 'yes', 'y', 't', '是']);
const FALSE = new Set(['false', '0', 'no', 'n', 'f', '否']);

/** A CSV cell as the tag's value: `{ value }` or `{ error }`. The caller skips empty cells. */
export function parseTagCell(def: FieldDef, cell: string): { value: unknown; error?: undefined } | { error: string } {
  const text = cell.trim();
  switch (def.type) {
    case 'int': {
      if (!/^[+-]?\d{1,15}$/.test(text)) return { error: `expected a whole number, got ${JSON.stringify(text.slice(0, 40))}` };
      return { value: Number(text) };
    }
    case 'double': {
      const n = Number(text);
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || !Number.isFinite(n)) {
        return { error: `expected a number, got ${JSON.stringify(text.slice(0, 40))}` };
      }
      return { value: n };
    }
    case 'bool': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return { value: true };
      if (FALSE.has(lower)) return { value: false };
      return { error: `expected true or false, got ${JSON.stringify(text.slice(0, 40))}` };
    }
    case 'enum':
      return (def.values ?? []).includes(text)
        ? { value: text }
        : { error: `expected one of ${(def.values ?? []).join(', ')}, got ${JSON.stringify(text.slice(0, 40))}` };
    case 'string':
      return text.length <= 1000 ? { value: text } : { error: 'longer than 1000 characters' };
  }
}
