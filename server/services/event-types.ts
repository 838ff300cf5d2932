// Declared event types (事件类型): the touchpoint events upstream systems may send, each with its
// attributes' types. The product ships built-in types (the standard touchpoint feeds, and the
// ones Octoflow itself records: SMS replies, frontline outcomes, tag updates, API enrolments,
// partner outcomes); administrators declare more here, so an operator with other upstream events
// needs no code change. The catalog is built from both; intake checks every event against its
// type (server/runtime/event-schema.ts), and flows are type-checked against the same list. An enum
// attribute's values may carry labels in both languages, under the rules of an enum tag's
// (value-labels.ts), so designers pick 不再推荐 · not_interested rather than a bare code.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { formatMessage } from '../../workflows/zod-text';
import { type EventTypeDef, type FieldDef, FieldType, t } from '../../workflows';
import type { Executor, Tx } from '../db/client';
import { eventTypeDefinitions } from '../db/schema';
import { appendAudit, inTransaction, type AuditActor } from './audit';
import { fieldRefusal, parseInput, ServiceError } from './errors';
import { runningCampaignsWhere } from './running-campaigns';
import { readableValueLabels, readValueLabels, refuseUndeclaredLabels, storedValueLabels, ValueLabelsInput, type ValueLabels } from './value-labels';

const name = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, formatMessage('must be lower_snake_case, start with a letter, 2–64 characters', '须为小写字母、数字和 _（lower_snake_case），以字母开头，2–64 个字符'));

export const EventAttributeInput = z
  .object({
    name,
    type: FieldType,
    values: z.array(z.string().trim().min(1).max(100)).max(500).default([]),
    /** How people read an enum attribute's values: `{ not_interested: { zh: '不再推荐', en: 'Never ask again' } }`. */
    valueLabels: ValueLabelsInput,
    labelZh: z.string().trim().min(1).max(100),
    labelEn: z.string().trim().min(1).max(100),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'enum' && v.values.length === 0) ctx.addIssue({ code: 'custom', path: ['values'], message: 'an enum attribute needs at least one allowed value' });
    if (new Set(v.values).size !== v.values.length) ctx.addIssue({ code: 'custom', path: ['values'], message: 'allowed values must be distinct' });
    refuseUndeclaredLabels(ctx, ['valueLabels'], v.valueLabels, v.type === 'enum' ? v.values : [], t("the attribute's", '该属性'));
  });
export type EventAttributeInput = z.input<typeof EventAttributeInput>;

export const EventTypeInput = z
  .object({
    type: name,
    labelZh: z.string().trim().min(1).max(100),
    labelEn: z.string().trim().min(1).max(100),
    descriptionZh: z.string().trim().max(500).nullish(),
    descriptionEn: z.string().trim().max(500).nullish(),
    attributes: z.array(EventAttributeInput).max(100).default([]),
    /** Set by "Add event type": a type already declared is refused rather than changing it. */
    create: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.attributes.forEach((a, i) => {
      if (seen.has(a.name)) ctx.addIssue({ code: 'custom', path: ['attributes', i, 'name'], message: `${a.name} is declared twice` });
      seen.add(a.name);
    });
  });
export type EventTypeInput = z.input<typeof EventTypeInput>;

export type EventTypeRow = typeof eventTypeDefinitions.$inferSelect;

/** An attribute as the administration screen edits it: an enum's value labels as given, either language may be missing. */
export type ListedAttribute = Omit<FieldDef, 'valueLabels'> & { valueLabels?: ValueLabels };

/** What the administration screen lists: the built-in types (read-only) and the declared ones. */
export interface EventTypeListing {
  type: string;
  labelZh: string;
  labelEn: string;
  descriptionZh: string | null;
  descriptionEn: string | null;
  attributes: ListedAttribute[];
  builtIn: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** A declared row as the catalog's event type. */
export function toEventTypeDef(row: EventTypeRow): EventTypeDef {
  return {
    type: row.type,
    label: { zh: row.labelZh, en: row.labelEn },
    ...(row.descriptionZh || row.descriptionEn
      ? { description: { zh: row.descriptionZh ?? row.descriptionEn ?? '', en: row.descriptionEn ?? row.descriptionZh ?? '' } }
      : {}),
    attributes: row.attributes.map(({ valueLabels, ...a }) => {
      // Read leniently (value-labels.ts): labels stored in another shape show as codes.
      const labels = a.type === 'enum' ? readableValueLabels(a.values ?? [], valueLabels) : {};
      return { ...a, ...(Object.keys(labels).length ? { valueLabels: labels } : {}) };
    }),
  };
}

/** A declared attribute for the administration screen: its declared values' labels as stored, none when they are not of the right shape. */
function toListedAttribute({ valueLabels, ...a }: EventTypeRow['attributes'][number]): ListedAttribute {
  const stored = readValueLabels(valueLabels);
  const labels = Object.fromEntries((a.type === 'enum' ? (a.values ?? []) : []).filter((v) => stored[v]).map((v) => [v, stored[v]!]));
  return { ...a, ...(Object.keys(labels).length ? { valueLabels: labels } : {}) };
}

export async function listDeclaredEventTypes(db: Executor): Promise<EventTypeRow[]> {
  return db.select().from(eventTypeDefinitions).orderBy(asc(eventTypeDefinitions.type));
}

/** Built-in and declared types, built-in first. */
export async function listEventTypes(db: Executor, builtIn: EventTypeDef[]): Promise<EventTypeListing[]> {
  const declared = await listDeclaredEventTypes(db);
  return [
    ...builtIn.map((e) => ({
      type: e.type,
      labelZh: e.label.zh,
      labelEn: e.label.en,
      descriptionZh: e.description?.zh ?? null,
      descriptionEn: e.description?.en ?? null,
      attributes: e.attributes,
      builtIn: true,
      updatedAt: null,
      updatedBy: null,
    })),
    ...declared.map((r) => ({ ...r, attributes: r.attributes.map(toListedAttribute), builtIn: false })),
  ];
}

/** Campaigns that may run (scheduled, live or paused) whose running version names the type (trigger, wait, goal). */
async function liveCampaignsUsing(db: Executor, type: string): Promise<string[]> {
  return (await runningCampaignsWhere(db, '$.nodes[*] ? (@.params.eventType == $value)', type)).map((c) => c.name);
}

/**
 * Declares an event type or changes a declared one. Built-in types cannot be redeclared. While
 * campaigns that may run (scheduled, live, paused) use the type, its attributes may gain new ones
 * and change their labels, but none may be removed, change type or (enum) lose an allowed value: a
 * running condition would stop type-checking.
 */
export async function saveEventType(
  db: Executor,
  actor: NonNullable<AuditActor> & { email: string },
  input: EventTypeInput,
  builtIn: ReadonlySet<string>,
): Promise<EventTypeRow> {
  const v = parseInput(EventTypeInput, input);
  if (builtIn.has(v.type)) throw fieldRefusal('type', '类型', t(`${v.type} is a built-in event type and cannot be redeclared`, `${v.type} 是内置事件类型，不能重新声明`), 'CONFLICT');
  return inTransaction(db, (tx) => save(tx, actor, v));
}

async function save(tx: Tx, actor: NonNullable<AuditActor> & { email: string }, v: z.output<typeof EventTypeInput>): Promise<EventTypeRow> {
  const [existing] = await tx.select().from(eventTypeDefinitions).where(eq(eventTypeDefinitions.type, v.type)).for('update');
  const typeTaken = () => fieldRefusal('type', '类型', t(`an event type ${v.type} is declared already: choose another type, or edit that one in the list`, `事件类型 ${v.type} 已声明：请换一个类型名，或在列表中编辑它`), 'CONFLICT');
  if (existing && v.create) throw typeTaken();
  const attributes: EventTypeRow['attributes'] = v.attributes.map((a) => {
    const valueLabels = storedValueLabels(a.valueLabels);
    return {
      name: a.name,
      type: a.type,
      ...(a.type === 'enum' ? { values: a.values } : {}),
      ...(Object.keys(valueLabels).length ? { valueLabels } : {}),
      label: { zh: a.labelZh, en: a.labelEn },
    };
  });
  if (existing) {
    const changed = existing.attributes.filter((old) => {
      const now = attributes.find((a) => a.name === old.name);
      return !now || now.type !== old.type || (old.type === 'enum' && (old.values ?? []).some((x) => !(now.values ?? []).includes(x)));
    });
    if (changed.length) {
      const using = await liveCampaignsUsing(tx, v.type);
      if (using.length) {
        throw new ServiceError(
          'CONFLICT',
          t(
            `attributes: ${changed.map((a) => a.name).join(', ')} of ${v.type} cannot be removed or change type while campaigns that may run (scheduled, live or paused) use it (${using.join(', ')})`,
            `属性：已排期、进行中或已暂停的活动（${using.join('、')}）使用 ${v.type} 期间，其属性 ${changed.map((a) => a.name).join('、')} 不能删除或更改类型`,
          ),
        );
      }
    }
  }
  const row = {
    type: v.type,
    labelZh: v.labelZh,
    labelEn: v.labelEn,
    descriptionZh: v.descriptionZh || null,
    descriptionEn: v.descriptionEn || null,
    attributes,
    updatedAt: new Date(),
    updatedBy: actor.email,
  };
  // A new type inserts only: one declared at the same moment by someone else is not overwritten.
  const insert = tx.insert(eventTypeDefinitions).values(row);
  const [saved] = await (v.create ? insert.onConflictDoNothing() : insert.onConflictDoUpdate({ target: eventTypeDefinitions.type, set: row })).returning();
  if (!saved) throw typeTaken();
  await appendAudit(tx, {
    actor,
    action: existing ? 'event_type.update' : 'event_type.create',
    entityType: 'event_type',
    entityId: v.type,
    detail: { labelZh: v.labelZh, labelEn: v.labelEn, attributes, was: existing ? { attributes: existing.attributes } : null },
  });
  return saved;
}

/** Removes a declared type: its events are refused from then on. Refused while running campaigns use it. */
export async function deleteEventType(db: Executor, actor: AuditActor, type: string, builtIn: ReadonlySet<string>): Promise<void> {
  if (builtIn.has(type)) throw new ServiceError('CONFLICT', t(`${type} is a built-in event type and cannot be removed`, `${type} 是内置事件类型，不能删除`));
  await inTransaction(db, async (tx) => {
    const using = await liveCampaignsUsing(tx, type);
    if (using.length) throw new ServiceError(
        'CONFLICT',
        t(`event type ${type} is used by campaigns that may run (scheduled, live or paused): ${using.join(', ')}; end them first`, `事件类型 ${type} 正被已排期、进行中或已暂停的活动使用：${using.join('、')}；请先结束这些活动`),
      );
    const deleted = await tx.delete(eventTypeDefinitions).where(eq(eventTypeDefinitions.type, type)).returning({ type: eventTypeDefinitions.type });
    if (!deleted.length) throw new ServiceError('NOT_FOUND', t(`event type ${type} is not declared`, `事件类型 ${type} 未声明`));
    await appendAudit(tx, { actor, action: 'event_type.delete', entityType: 'event_type', entityId: type, detail: {} });
  });
}
