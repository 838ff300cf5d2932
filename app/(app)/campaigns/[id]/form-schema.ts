import { getKind, kindFormSchema, LocalizedText, type NodeKind } from '@/workflows';

/**
 * Reads a kind's params schema (as JSON Schema, from workflows' kindFormSchema, with the
 * `.meta()` labels and widgets) into the field tree the settings form is generated from.
 */

interface Common {
  key: string;
  label?: LocalizedText;
  description?: LocalizedText;
  required: boolean;
}
export type FieldSpec =
  | (Common & { type: 'string'; widget?: string; placeholder?: LocalizedText; maxLength?: number; pattern?: string })
  | (Common & { type: 'number'; integer: boolean; min?: number; max?: number })
  | (Common & { type: 'enum'; values: string[]; valueLabels?: Record<string, LocalizedText> })
  | (Common & { type: 'boolean' })
  | (Common & { type: 'object'; fields: FieldSpec[] })
  | (Common & { type: 'array'; item: FieldSpec; widget?: string; minItems?: number; maxItems?: number })
  | (Common & { type: 'unknown' });

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): LocalizedText | undefined => {
  const parsed = LocalizedText.safeParse(v);
  return parsed.success ? parsed.data : undefined;
};
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

function readField(key: string, schema: unknown, required: boolean): FieldSpec {
  const s = isObj(schema) ? schema : {};
  const common: Common = { key, label: text(s.label), description: text(s.description), required };
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string')) {
    const labels = isObj(s.valueLabels) ? Object.entries(s.valueLabels).flatMap(([v, l]) => (text(l) ? [[v, text(l)!] as const] : [])) : [];
    return { ...common, type: 'enum', values: s.enum as string[], ...(labels.length ? { valueLabels: Object.fromEntries(labels) } : {}) };
  }
  switch (s.type) {
    case 'string':
      return {
        ...common,
        type: 'string',
        widget: typeof s.widget === 'string' ? s.widget : undefined,
        placeholder: text(s.placeholder),
        maxLength: num(s.maxLength),
        pattern: typeof s.pattern === 'string' ? s.pattern : undefined,
      };
    case 'integer':
    case 'number': {
      const exclusiveMin = num(s.exclusiveMinimum);
      return {
        ...common,
        type: 'number',
        integer: s.type === 'integer',
        min: num(s.minimum) ?? (exclusiveMin !== undefined ? exclusiveMin + (s.type === 'integer' ? 1 : 0) : undefined),
        max: num(s.maximum),
      };
    }
    case 'boolean':
      return { ...common, type: 'boolean' };
    case 'object':
      return { ...common, type: 'object', fields: readObject(s) };
    case 'array':
      return { ...common, type: 'array', item: readField('', s.items, true), widget: typeof s.widget === 'string' ? s.widget : undefined, minItems: num(s.minItems), maxItems: num(s.maxItems) };
    default:
      return { ...common, type: 'unknown' };
  }
}

function readObject(schema: Json): FieldSpec[] {
  const props = isObj(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(props).map(([key, s]) => readField(key, s, required.has(key)));
}

const cache = new Map<string, FieldSpec[]>();

/** The fields of a kind's settings form, computed once per kind. */
export function kindFields(kind: NodeKind): FieldSpec[] {
  let fields = cache.get(kind);
  if (!fields) {
    fields = getKind(kind) ? readObject(kindFormSchema(kind)) : [];
    cache.set(kind, fields);
  }
  return fields;
}

/** A starting value for a new item of a list (a new switch case, a new split branch). */
export function emptyValue(spec: FieldSpec, siblings: unknown[] = []): unknown {
  switch (spec.type) {
    case 'string':
      if (spec.key === 'name') return uniqueName(siblings);
      return '';
    case 'number':
      return spec.min ?? 0;
    case 'enum':
      return spec.values[0];
    case 'boolean':
      return false;
    case 'object':
      return Object.fromEntries(spec.fields.filter((f) => f.required).map((f) => [f.key, emptyValue(f, siblings)]));
    case 'array':
      return [];
    default:
      return undefined;
  }
}

/** `case_3` after `case_1`, `case_2`: the prefix of the existing names, the next free number. */
function uniqueName(siblings: unknown[]): string {
  const names = siblings.map((s) => (isObj(s) && typeof s.name === 'string' ? s.name : '')).filter(Boolean);
  const prefix = names.length ? names[names.length - 1].replace(/_?\d+$/, '') || 'branch' : 'branch';
  for (let i = names.length + 1; ; i++) {
    const candidate = `${prefix}_${i}`;
    if (!names.includes(candidate)) return candidate;
  }
}
