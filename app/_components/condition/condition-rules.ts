import type { Catalog, FieldType, LocalizedText } from '@/workflows';
import { findEventType } from '@/workflows';

/**
 * The point-and-click condition builder's model and its translation to CEL: groups of rules
 * (field, operator, value) joined by and/or. The builder reads back only expressions in the form
 * it writes; anything else stays in the text editor, so no hand-written condition is mangled.
 */

export type Join = 'and' | 'or';
export type Op = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'contains' | 'startsWith' | 'in' | 'isTrue' | 'isFalse';
export type RuleValue = string | number | string[] | null;
export interface Rule {
  field: string;
  op: Op;
  value: RuleValue;
}
export interface Group {
  join: Join;
  rules: Rule[];
}
export interface Builder {
  join: Join;
  groups: Group[];
}
export interface FieldOption {
  path: string;
  type: FieldType;
  values?: string[];
  /** How people read the enum's values, from the catalog. */
  valueLabels?: Record<string, LocalizedText>;
  label: LocalizedText;
  source: 'customer' | 'event';
}

export const OPS_BY_TYPE: Record<FieldType, Op[]> = {
  string: ['==', '!=', 'contains', 'startsWith'],
  enum: ['==', '!=', 'in'],
  int: ['==', '!=', '>', '>=', '<', '<='],
  double: ['>=', '>', '<=', '<', '==', '!='],
  bool: ['isTrue', 'isFalse'],
};

/** The fields a condition may read: customer tags, and the trigger event's attributes. */
export function conditionFields(catalog: Catalog, eventType: string | undefined): FieldOption[] {
  const tags = catalog.tags.map((f) => ({ path: `customer.${f.name}`, type: f.type, values: f.values, valueLabels: f.valueLabels, label: f.label, source: 'customer' as const }));
  const event = eventType ? findEventType(catalog, eventType) : undefined;
  const attrs = (event?.attributes ?? []).map((f) => ({ path: `event.${f.name}`, type: f.type, values: f.values, valueLabels: f.valueLabels, label: f.label, source: 'event' as const }));
  return [...tags, ...attrs];
}

export const emptyRule = (field?: FieldOption): Rule => ({
  field: field?.path ?? '',
  op: field ? OPS_BY_TYPE[field.type][0]! : '==',
  value: field ? defaultValue(field) : null,
});

export function defaultValue(field: FieldOption, op?: Op): RuleValue {
  if (field.type === 'bool') return null;
  if (op === 'in') return [];
  if (field.type === 'enum') return field.values?.[0] ?? '';
  if (field.type === 'int' || field.type === 'double') return 0;
  return '';
}

const literal = (type: FieldType, v: RuleValue): string => {
  if (type === 'int') return String(Math.trunc(Number(v ?? 0)));
  if (type === 'double') {
    const n = Number(v ?? 0);
    return Number.isInteger(n) ? `${n}.0` : String(n);
  }
  return JSON.stringify(String(v ?? ''));
};

export function ruleToCel(rule: Rule, fields: FieldOption[]): string | null {
  const f = fields.find((x) => x.path === rule.field);
  if (!f) return null;
  switch (rule.op) {
    case 'isTrue':
      return f.path;
    case 'isFalse':
      return `!${f.path}`;
    case 'contains':
    case 'startsWith':
      return `${f.path}.${rule.op}(${literal('string', rule.value)})`;
    case 'in':
      return `${f.path} in [${(Array.isArray(rule.value) ? rule.value : []).map((v) => JSON.stringify(v)).join(', ')}]`;
    default:
      return `${f.path} ${rule.op} ${literal(f.type, rule.value)}`;
  }
}

const JOIN: Record<Join, string> = { and: ' && ', or: ' || ' };

export function builderToCel(b: Builder, fields: FieldOption[]): string {
  const groups = b.groups
    .map((g) => ({ join: g.join, rules: g.rules.map((r) => ruleToCel(r, fields)).filter((x): x is string => !!x) }))
    .filter((g) => g.rules.length > 0);
  return groups
    .map((g) => {
      const body = g.rules.join(JOIN[g.join]);
      return g.rules.length > 1 && groups.length > 1 ? `(${body})` : body;
    })
    .join(JOIN[b.join]);
}

/** Splits at `sep` where it is outside brackets and quotes. */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && s.startsWith(sep, i)) {
      out.push(s.slice(start, i).trim());
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  out.push(s.slice(start).trim());
  return out;
}

const wrapped = (s: string) => s.startsWith('(') && s.endsWith(')') && splitTop(s.slice(1, -1), ')').length === 1;

function parseRule(s: string, fields: FieldOption[]): Rule | null {
  const known = (path: string) => fields.find((f) => f.path === path);
  let m = /^!((?:customer|event)\.[a-z][a-z0-9_]*)$/.exec(s);
  if (m) return known(m[1]!)?.type === 'bool' ? { field: m[1]!, op: 'isFalse', value: null } : null;
  m = /^((?:customer|event)\.[a-z][a-z0-9_]*)$/.exec(s);
  if (m) return known(m[1]!)?.type === 'bool' ? { field: m[1]!, op: 'isTrue', value: null } : null;
  m = /^((?:customer|event)\.[a-z][a-z0-9_]*)\.(contains|startsWith)\(("(?:[^"\\]|\\.)*")\)$/.exec(s);
  if (m) return known(m[1]!) ? { field: m[1]!, op: m[2] as Op, value: JSON.parse(m[3]!) as string } : null;
  m = /^((?:customer|event)\.[a-z][a-z0-9_]*) in (\[.*\])$/.exec(s);
  if (m) {
    try {
      const list = JSON.parse(m[2]!) as unknown;
      return known(m[1]!) && Array.isArray(list) && list.every((x) => typeof x === 'string') ? { field: m[1]!, op: 'in', value: list as string[] } : null;
    } catch {
      return null;
    }
  }
  m = /^((?:customer|event)\.[a-z][a-z0-9_]*) (==|!=|>=|<=|>|<) (.+)$/.exec(s);
  if (!m) return null;
  const f = known(m[1]!);
  if (!f) return null;
  const raw = m[3]!;
  if (raw.startsWith('"')) {
    try {
      return { field: f.path, op: m[2] as Op, value: JSON.parse(raw) as string };
    } catch {
      return null;
    }
  }
  const n = Number(raw);
  return Number.isFinite(n) && (f.type === 'int' || f.type === 'double') ? { field: f.path, op: m[2] as Op, value: n } : null;
}

function parseGroup(s: string, fields: FieldOption[]): Group | null {
  for (const join of ['and', 'or'] as const) {
    const parts = splitTop(s, JOIN[join].trim());
    if (parts.length > 1) {
      const rules = parts.map((p) => parseRule(p, fields));
      return rules.every((r): r is Rule => !!r) ? { join, rules } : null;
    }
  }
  const rule = parseRule(s, fields);
  return rule ? { join: 'and', rules: [rule] } : null;
}

/** The builder for an expression it wrote, or null (the expression stays text). */
export function celToBuilder(expr: string, fields: FieldOption[]): Builder | null {
  const e = expr.trim();
  if (!e) return { join: 'and', groups: [{ join: 'and', rules: [] }] };
  for (const join of ['or', 'and'] as const) {
    const parts = splitTop(e, JOIN[join].trim());
    if (parts.length > 1 && parts.some(wrapped)) {
      const groups = parts.map((p) => parseGroup(wrapped(p) ? p.slice(1, -1) : p, fields));
      if (groups.every((g): g is Group => !!g)) return { join, groups };
    }
  }
  const g = parseGroup(wrapped(e) ? e.slice(1, -1) : e, fields);
  return g ? { join: 'and', groups: [g] } : null;
}
