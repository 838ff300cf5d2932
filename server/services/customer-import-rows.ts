// The checks of an imported CSV: its header and each row. A problem is a stable code with its
// values — the import page words it in the user's language (messages customerData.imports.reasons)
// — plus the same reason in English for API clients, logs and the stored report.
import { z } from 'zod';
import { findTag, type Catalog, type FieldDef } from '../../workflows';
import type { ImportProblem } from '../db/schema';
import { parseTagCell } from './tag-schema';

export const ImportKind = z.enum(['customers', 'subscriptions']);
export type ImportKind = z.infer<typeof ImportKind>;

export const REQUIRED: Record<ImportKind, string[]> = {
  customers: ['customer_id', 'msisdn', 'name'],
  subscriptions: ['customer_id', 'product_id', 'since'],
};

type Params = Record<string, string | number>;
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** English wording of every problem code (the UI has both languages). */
export const ENGLISH_REASONS = {
  csv_invalid: (p: Params) => `not valid CSV: ${p.detail}`,
  record_too_long: (p: Params) =>
    `line ${p.line} is longer than ${p.limit} bytes, the most one line may hold: not imported (no customer data is this long; or a quote was opened and never closed)`,
  field_count: (p: Params) => `expected ${p.expected} fields as in the header, got ${p.got}`,
  encoding: () => 'not valid UTF-8 (save the file as UTF-8; exports from Excel in Chinese are often GBK)',
  customer_id_empty: () => 'customer_id: empty',
  customer_id_invalid: (p: Params) => `customer_id: ${JSON.stringify(p.value)} is not an id (letters, digits, _ . : -, at most 100)`,
  customer_unknown: (p: Params) => `customer_id: no customer ${p.value} (import the customers first)`,
  product_unknown: (p: Params) => `product_id: no product ${JSON.stringify(p.value)} in the product catalogue`,
  since_invalid: (p: Params) => `since: expected a date (2026-11-29) or a date-time with offset, got ${JSON.stringify(p.value)}`,
  msisdn_invalid: (p: Params) => `msisdn: expected 5 to 20 digits, got ${JSON.stringify(p.value)}`,
  name_empty: () => 'name: empty',
  name_too_long: () => 'name: longer than 200 characters',
  tag_not_int: (p: Params) => `${p.column}: expected a whole number, got ${JSON.stringify(p.value)}`,
  tag_not_number: (p: Params) => `${p.column}: expected a number, got ${JSON.stringify(p.value)}`,
  tag_not_bool: (p: Params) => `${p.column}: expected true or false, got ${JSON.stringify(p.value)}`,
  tag_not_allowed: (p: Params) => `${p.column}: expected one of ${p.allowed}, got ${JSON.stringify(p.value)}`,
  tag_too_long: (p: Params) => `${p.column}: longer than 1000 characters`,
  header_encoding: () => `line 1 (header): not valid UTF-8 (save the file as UTF-8; exports from Excel in Chinese are often GBK)`,
  header_too_long: (p: Params) => `line 1 (header) is longer than ${p.limit} bytes, the most one line may hold: the file was not read`,
  header_duplicate: (p: Params) => `line 1 (header): the column ${p.column} appears twice`,
  header_missing: (p: Params) =>
    `line 1 (header): missing the column${plural(Number(p.count), '', 's')} ${p.columns}; a ${p.kind} file starts with ${p.expected}`,
  header_unknown: (p: Params) =>
    `line 1 (header): unknown column${plural(Number(p.count), '', 's')} ${p.columns}; a subscriptions file has customer_id,product_id,since`,
  header_undeclared: (p: Params) =>
    `line 1 (header): ${p.columns} ${plural(Number(p.count), 'is not a declared tag', 'are not declared tags')}; declared tags are ${p.declared} (administer them under Admin → Tag schema)`,
  empty_file: () => 'the file is empty: expected a header line and rows',
  all_or_nothing: (p: Params) => `${p.count} line${plural(Number(p.count), '', 's')} failed the schema; nothing was imported (all-or-nothing)`,
  failed: (p: Params) => `import stopped at line ${p.line}: ${p.detail}`,
  interrupted: (p: Params) => `the process running this import stopped (restart or crash) after line ${p.line}; nothing more will be imported: run the file again (re-importing changes nothing already imported)`,
} satisfies Record<string, (p: Params) => string>;
export type ProblemCode = keyof typeof ENGLISH_REASONS;

export interface Problem extends ImportProblem {
  code: ProblemCode;
  reason: string;
}

/** Values are cut to 40 characters: a report never carries a whole malformed line. */
export function problem(code: ProblemCode, params: Params = {}): Problem {
  const cut: Params = {};
  for (const [k, v] of Object.entries(params)) cut[k] = k === 'value' && typeof v === 'string' ? v.slice(0, 40) : v;
  return { code, params: cut, reason: ENGLISH_REASONS[code](cut) };
}

export interface CustomerRow {
  line: number;
  id: string;
  msisdn: string;
  name: string;
  tags: Record<string, unknown>;
}
export interface SubscriptionRow {
  line: number;
  customer_id: string;
  product_id: string;
  since: string;
}
export type Row = CustomerRow | SubscriptionRow;
export interface Header {
  columns: string[];
  tags: (FieldDef | null)[];
  /** Where each required column is, found once for the file rather than per row. */
  at: Record<string, number>;
  /** The positions of tag columns with their definitions. */
  tagAt: { index: number; def: FieldDef }[];
}

function makeHeader(columns: string[], tags: (FieldDef | null)[]): Header {
  const at: Record<string, number> = {};
  for (const c of [...REQUIRED.customers, ...REQUIRED.subscriptions]) at[c] = columns.indexOf(c);
  const tagAt = tags.flatMap((def, index) => (def ? [{ index, def }] : []));
  return { columns, tags, at, tagAt };
}

const REPLACEMENT = '\uFFFD';
const CUSTOMER_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const MSISDN = /^\+?[0-9]{5,20}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `since` as an instant: a date alone is midnight in China (UTC+8), where the extract is made. */
function parseSince(text: string): Date | null {
  const iso = DATE_ONLY.test(text) ? `${text}T00:00:00+08:00` : text;
  if (!DATE_ONLY.test(text) && !z.iso.datetime({ offset: true }).safeParse(text).success) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The header's problem (the whole file is refused), or the columns. */
export function checkHeader(kind: ImportKind, header: string[], catalog: Catalog): Problem | Header {
  const columns = header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim().toLowerCase());
  if (columns.some((c) => c.includes(REPLACEMENT))) return problem('header_encoding');
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup) return problem('header_duplicate', { column: dup });
  const missing = REQUIRED[kind].filter((c) => !columns.includes(c));
  if (missing.length) return problem('header_missing', { columns: missing.join(', '), count: missing.length, kind, expected: REQUIRED[kind].join(',') });
  if (kind === 'subscriptions') {
    const extra = columns.filter((c) => !REQUIRED.subscriptions.includes(c));
    if (extra.length) return problem('header_unknown', { columns: extra.join(', '), count: extra.length });
    return makeHeader(columns, columns.map(() => null));
  }
  const tags = columns.map((c) => (REQUIRED.customers.includes(c) ? null : (findTag(catalog, c) ?? null)));
  const unknown = columns.filter((c, i) => !REQUIRED.customers.includes(c) && !tags[i]);
  if (unknown.length) {
    return problem('header_undeclared', { columns: unknown.join(', '), count: unknown.length, declared: catalog.tags.map((t) => t.name).join(', ') });
  }
  return makeHeader(columns, tags);
}

const TAG_PROBLEM: Record<FieldDef['type'], ProblemCode> = {
  int: 'tag_not_int',
  double: 'tag_not_number',
  bool: 'tag_not_bool',
  enum: 'tag_not_allowed',
  string: 'tag_too_long',
};

/**
 * The row, or why it was rejected. Runs once per line of files of millions: positions come from
 * the header, and a row allocates nothing beyond what it returns.
 */
export function checkRow(kind: ImportKind, header: Header, rec: string[], line: number, productIds: Set<string>): Row | Problem {
  const { columns, at, tagAt } = header;
  if (rec.length !== columns.length) return problem('field_count', { expected: columns.length, got: rec.length });
  for (let i = 0; i < rec.length; i++) if (rec[i].includes(REPLACEMENT)) return problem('encoding');
  const customerId = rec[at.customer_id].trim();
  if (!CUSTOMER_ID.test(customerId)) return customerId ? problem('customer_id_invalid', { value: customerId }) : problem('customer_id_empty');
  if (kind === 'subscriptions') {
    const productId = rec[at.product_id].trim();
    if (!productIds.has(productId)) return problem('product_unknown', { value: productId });
    const sinceText = rec[at.since].trim();
    const since = parseSince(sinceText);
    if (!since) return problem('since_invalid', { value: sinceText });
    return { line, customer_id: customerId, product_id: productId, since: since.toISOString() };
  }
  const msisdn = rec[at.msisdn].trim();
  if (!MSISDN.test(msisdn)) return problem('msisdn_invalid', { value: msisdn });
  const name = rec[at.name].trim();
  if (!name) return problem('name_empty');
  if (name.length > 200) return problem('name_too_long');
  const values: Record<string, unknown> = {};
  for (const { index, def } of tagAt) {
    const cell = rec[index];
    if (cell === '' || cell.trim() === '') continue; // an empty cell leaves the tag unset
    const parsed = parseTagCell(def, cell);
    if (parsed.error !== undefined) {
      return problem(TAG_PROBLEM[def.type], { column: def.name, value: cell.trim(), allowed: (def.values ?? []).join(', ') });
    }
    values[def.name] = parsed.value;
  }
  return { line, id: customerId, msisdn, name, tags: values };
}

export const isProblem = (x: object): x is Problem => 'code' in x && 'reason' in x;
