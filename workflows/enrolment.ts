import { z } from 'zod';
import type { Catalog, FieldDef } from './catalog';
import { clip, t, type LocalizedText } from './text';
import { formatMessage } from './zod-text';

/**
 * API entry: a partner or an upstream system enrols a customer into a flow, optionally with
 * attributes. The API entry node declares those attributes like an event type declares its own;
 * inside the flow they are `event.<name>` (typed for conditions and templates), and the run's
 * `context.trigger.type` is `api:<nodeId>`. parseEnrolment checks what a caller sends.
 */

export const MAX_ENROL_ATTRIBUTES = 30;
const MAX_TEXT = 1000;
// Names conditions refuse to read (conditions.ts): an attribute by such a name could never be used.
const RESERVED = new Set(['constructor', 'prototype']);

export const ApiAttribute = z.object({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, {
      message: formatMessage('a lower-case letter, then up to 63 letters, digits or _', '以小写字母开头，最多64个小写字母、数字或 _'),
    })
    .refine((name) => !RESERVED.has(name), { message: formatMessage('a name that is not reserved (constructor, prototype)', '非保留名称（constructor、prototype）') })
    .meta({ label: t('Attribute name', '属性名称') }),
  type: z.enum(['string', 'int', 'double', 'bool', 'enum']).meta({
    label: t('Type', '类型'),
    // As Admin → Customer data names a tag's type.
    valueLabels: { string: t('Text', '文本'), int: t('Whole number', '整数'), double: t('Number', '数字'), bool: t('Yes/no', '是/否'), enum: t('Choice', '选项') },
  }),
  values: z
    .array(z.string().min(1).max(64).meta({ label: t('Value', '取值') }))
    .max(50)
    .optional()
    .meta({ label: t('Possible values (for a choice)', '可选值（选项类型）') }),
  required: z.boolean().default(false).meta({ label: t('Required', '必填') }),
  label: z.string().max(64).optional().meta({ label: t('Display name', '显示名称') }),
});
export type ApiAttribute = z.infer<typeof ApiAttribute>;

/** The `context.trigger.type` of a run started through an API entry. */
export function apiEventType(nodeId: string): string {
  return `api:${nodeId}`;
}

export function isEntryEventType(type: string): boolean {
  return type === 'schedule' || type.startsWith('api:');
}

function fieldOf(a: ApiAttribute): FieldDef {
  const label = a.label?.trim() || a.name;
  return { name: a.name, type: a.type, ...(a.values ? { values: a.values } : {}), label: { en: label, zh: label } };
}

const derived = new WeakMap<Catalog, Map<string, Catalog>>();

/**
 * The catalog as seen inside a flow entered through an API entry: plus one event type,
 * `api:<nodeId>`, whose attributes are the declared ones. Cached per catalog and declaration, so
 * compiled conditions are cached with it.
 */
export function catalogWithApiEntry(catalog: Catalog, nodeId: string, attributes: ApiAttribute[]): Catalog {
  let byKey = derived.get(catalog);
  if (!byKey) derived.set(catalog, (byKey = new Map()));
  const key = JSON.stringify([nodeId, attributes]);
  let out = byKey.get(key);
  if (!out) {
    const type = apiEventType(nodeId);
    out = {
      ...catalog,
      eventTypes: [...catalog.eventTypes, { type, label: t(`API entry "${nodeId}"`, `API 接入“${nodeId}”`), attributes: attributes.map(fieldOf) }],
    };
    if (byKey.size > 500) byKey.clear();
    byKey.set(key, out);
  }
  return out;
}

export interface EnrolmentIssue {
  /** The attribute at fault (absent when the whole body is wrong). */
  field?: string;
  message: LocalizedText;
}

export type EnrolmentResult = { ok: true; attributes: Record<string, unknown> } | { ok: false; issues: EnrolmentIssue[] };

/**
 * Checks the attributes a caller sends with an enrolment against the entry's declaration: every
 * required one present, each of its type (an `int` a whole number, an `enum` one of its values),
 * nothing undeclared. Never throws; each issue names the attribute in both languages.
 */
export function parseEnrolment(declared: ApiAttribute[], input: unknown): EnrolmentResult {
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, issues: [{ message: t('The attributes must be a JSON object.', '属性必须是一个 JSON 对象。') }] };
  }
  const given = input as Record<string, unknown>;
  const issues: EnrolmentIssue[] = [];
  const out: Record<string, unknown> = {};
  const byName = new Map(declared.map((a) => [a.name, a]));
  for (const key of Object.keys(given)) {
    if (!byName.has(key)) {
      issues.push({
        field: clip(key, 64),
        message: t(`"${clip(key, 64)}" is not an attribute of this entry.`, `“${clip(key, 64)}”不是此入口声明的属性。`),
      });
    }
  }
  for (const a of declared) {
    const v = Object.prototype.hasOwnProperty.call(given, a.name) ? given[a.name] : undefined;
    if (v === undefined || v === null) {
      if (a.required) issues.push({ field: a.name, message: t(`"${a.name}" is required.`, `缺少必填属性“${a.name}”。`) });
      continue;
    }
    const wrong = (en: string, zh: string) => issues.push({ field: a.name, message: t(`"${a.name}" must be ${en}.`, `“${a.name}”必须是${zh}。`) });
    switch (a.type) {
      case 'string':
        if (typeof v !== 'string' || v.length > MAX_TEXT) wrong(`text of at most ${MAX_TEXT} characters`, `不超过${MAX_TEXT}个字符的文本`);
        else out[a.name] = v;
        break;
      case 'int':
        if (typeof v !== 'number' || !Number.isSafeInteger(v)) wrong('a whole number', '整数');
        else out[a.name] = v;
        break;
      case 'double':
        if (typeof v !== 'number' || !Number.isFinite(v)) wrong('a number', '数字');
        else out[a.name] = v;
        break;
      case 'bool':
        if (typeof v !== 'boolean') wrong('true or false', 'true 或 false');
        else out[a.name] = v;
        break;
      case 'enum':
        if (typeof v !== 'string' || !(a.values ?? []).includes(v)) {
          const allowed = (a.values ?? []).join(', ');
          wrong(`one of: ${allowed}`, `以下之一：${allowed}`);
        } else out[a.name] = v;
        break;
    }
  }
  return issues.length ? { ok: false, issues: issues.slice(0, 50) } : { ok: true, attributes: out };
}
