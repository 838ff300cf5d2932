import { Environment, type ASTNode, type ParseResult } from '@marcbachmann/cel-js';
import { findEventType, type Catalog, type FieldDef } from './catalog';
import { describeType, friendly } from './condition-errors';
import { clip, t, type LocalizedText } from './text';

/**
 * The safe expression language for conditions: CEL (https://cel.dev) through
 * @marcbachmann/cel-js, type-checked against the catalog. Never eval / new Function.
 *
 * Guards (see shared/STACK-NOTES.md): source capped at 4 KB, parse depth and AST size capped,
 * the result must be bool, `matches` is refused (JS regexes can hang on hostile patterns) and
 * so are `__proto__` / `constructor` / `prototype` accesses.
 *
 * Run-time rule: a condition that cannot be evaluated (a tag missing on the customer, a tag
 * of the wrong type) is FALSE. evaluateCondition never throws.
 */

export const MAX_CONDITION_LENGTH = 4096;
const LIMITS = { maxAstNodes: 1000, maxDepth: 32, maxListElements: 200, maxMapEntries: 50, maxCallArguments: 8 };
// Comprehensions (all, exists, …) nest into loops: 4 nested over 200-element lists fit in 4 KB and
// run for minutes. Tags are scalars, so conditions have no use for them; refusing them keeps the
// cost of a condition linear in its size.
const FORBIDDEN_FUNCTIONS = new Set(['matches', 'all', 'exists', 'exists_one', 'map', 'filter']);
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

export interface ConditionError {
  code: string;
  message: LocalizedText;
  /** Character range in the expression, for highlighting in the designer. */
  start?: number;
  end?: number;
}

export interface ConditionCheck {
  ok: boolean;
  errors: ConditionError[];
  /** The fields the expression reads, e.g. ['customer.arpu', 'event.pct']. */
  fields: string[];
}

export interface ConditionScope {
  catalog?: Catalog;
  /** The event type whose attributes `event.*` refers to; none means `event` is unavailable. */
  eventType?: string;
}

export interface ConditionData {
  customer?: Record<string, unknown>;
  event?: Record<string, unknown>;
}

const celType: Record<FieldDef['type'], string> = {
  string: 'string',
  enum: 'string',
  int: 'int',
  double: 'double',
  bool: 'bool',
};

function schemaOf(fields: FieldDef[]): Record<string, string> {
  const schema: Record<string, string> = {};
  for (const f of fields) schema[f.name] = celType[f.type];
  return schema;
}

interface Env {
  env: Environment;
  dynamic: boolean;
  tags: Map<string, FieldDef>;
  attrs: Map<string, FieldDef> | undefined;
  parsed: Map<string, ParseResult>;
}

const envCache = new WeakMap<Catalog, Map<string, Env>>();
let dynamicEnv: Env | undefined;
const PARSE_CACHE_LIMIT = 5000;

function makeEnv(catalog: Catalog | undefined, eventType: string | undefined): Env {
  const env = new Environment({ limits: LIMITS });
  if (!catalog) {
    // No catalog at hand (e.g. a runtime that did not pass one): fields are dynamic.
    env.registerVariable('customer', 'map').registerVariable('event', 'map');
    return { env, dynamic: true, tags: new Map(), attrs: undefined, parsed: new Map() };
  }
  env.registerVariable({ name: 'customer', schema: schemaOf(catalog.tags) });
  const def = eventType === undefined ? undefined : findEventType(catalog, eventType);
  if (def) env.registerVariable({ name: 'event', schema: schemaOf(def.attributes) });
  return {
    env,
    dynamic: false,
    tags: new Map(catalog.tags.map((f) => [f.name, f])),
    attrs: def ? new Map(def.attributes.map((f) => [f.name, f])) : undefined,
    parsed: new Map(),
  };
}

function envFor(scope: ConditionScope): Env {
  const { catalog, eventType } = scope;
  if (!catalog) return (dynamicEnv ??= makeEnv(undefined, undefined));
  let byEvent = envCache.get(catalog);
  if (!byEvent) envCache.set(catalog, (byEvent = new Map()));
  const key = eventType ?? '';
  let env = byEvent.get(key);
  if (!env) byEvent.set(key, (env = makeEnv(catalog, eventType)));
  return env;
}

/** Children of an AST node, whatever its operator. */
function children(node: ASTNode): ASTNode[] {
  const out: ASTNode[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object' && 'op' in v) out.push(v as ASTNode);
  };
  if (node.op !== 'value' && node.op !== 'id') visit(node.args);
  return out;
}

interface Walked {
  errors: ConditionError[];
  fields: string[];
}

/** Refuses forbidden functions and names; collects `customer.x` / `event.x` references. */
function walk(ast: ASTNode, env: Env): Walked {
  const errors: ConditionError[] = [];
  const fields = new Set<string>();
  const stack: ASTNode[] = [ast];
  while (stack.length) {
    const node = stack.pop()!;
    const range = { start: node.start, end: node.end };
    if (node.op === 'call' || node.op === 'rcall') {
      const name = (node.args as unknown[])[0];
      if (typeof name === 'string' && FORBIDDEN_FUNCTIONS.has(name)) {
        errors.push({
          code: 'forbidden_function',
          message:
            name === 'matches'
              ? t(
                  `The function "matches" is not allowed in conditions; use contains(), startsWith() or endsWith().`,
                  `条件中不允许使用函数“matches”，请改用 contains()、startsWith() 或 endsWith()。`,
                )
              : t(`The function "${name}" is not allowed in conditions; compare tags directly.`, `条件中不允许使用函数“${name}”，请直接比较标签。`),
          ...range,
        });
      }
    }
    if (node.op === '.' || node.op === '.?') {
      const [obj, key] = node.args as [ASTNode, string];
      if (FORBIDDEN_NAMES.has(key)) errors.push(forbiddenName(key, range));
      if (obj.op === 'id' && (obj.args === 'customer' || obj.args === 'event')) fields.add(`${obj.args}.${key}`);
    }
    if (node.op === '[]' || node.op === '[?]') {
      const key = (node.args as ASTNode[])[1];
      if (key.op === 'value' && typeof key.args === 'string' && FORBIDDEN_NAMES.has(key.args)) {
        errors.push(forbiddenName(key.args, range));
      }
    }
    if (node.op === '==' || node.op === '!=' || node.op === 'in') errors.push(...enumLiterals(node, env));
    stack.push(...children(node));
  }
  return { errors, fields: [...fields].sort() };
}

function forbiddenName(name: string, range: { start: number; end: number }): ConditionError {
  return {
    code: 'forbidden_name',
    message: t(`"${name}" cannot be used in a condition.`, `条件中不能使用“${name}”。`),
    ...range,
  };
}

function fieldOf(node: ASTNode, env: Env): FieldDef | undefined {
  if (node.op !== '.') return undefined;
  const [obj, key] = node.args as [ASTNode, string];
  if (obj.op !== 'id') return undefined;
  if (obj.args === 'customer') return env.tags.get(key);
  if (obj.args === 'event') return env.attrs?.get(key);
  return undefined;
}

/** `customer.plan == "unlimted_5g"` type-checks as a string but can never be true: say so. */
function enumLiterals(node: ASTNode, env: Env): ConditionError[] {
  const [a, b] = node.args as [ASTNode, ASTNode];
  const pairs: Array<[ASTNode, ASTNode[]]> =
    node.op === 'in'
      ? [[a, b.op === 'list' ? (b.args as ASTNode[]) : []]]
      : [
          [a, [b]],
          [b, [a]],
        ];
  const errors: ConditionError[] = [];
  for (const [fieldNode, literals] of pairs) {
    const field = fieldOf(fieldNode, env);
    if (field?.type !== 'enum' || !field.values) continue;
    for (const lit of literals) {
      if (lit.op === 'value' && typeof lit.args === 'string' && !field.values.includes(lit.args)) {
        const allowed = field.values.join(', ');
        errors.push({
          code: 'unknown_enum_value',
          message: t(
            `"${clip(lit.args)}" is not a possible value of ${field.label.en} (${field.name}); possible values: ${allowed}.`,
            `“${clip(lit.args)}”不是${field.label.zh}（${field.name}）的可选值；可选值：${allowed}。`,
          ),
          start: lit.start,
          end: lit.end,
        });
      }
    }
  }
  return errors;
}

// What a parsed condition reads and what is wrong with it depends only on the parse and its env
// (one parse per env and text), so it is worked out once per parse, not per evaluation.
const walkedParses = new WeakMap<ParseResult, Walked>();
function walkCached(parsed: ParseResult, env: Env): Walked {
  let walked = walkedParses.get(parsed);
  if (!walked) walkedParses.set(parsed, (walked = walk(parsed.ast, env)));
  return walked;
}

function parseCached(env: Env, expr: string): ParseResult {
  let parsed = env.parsed.get(expr);
  if (!parsed) {
    parsed = env.env.parse(expr);
    if (env.parsed.size >= PARSE_CACHE_LIMIT) env.parsed.clear();
    env.parsed.set(expr, parsed);
  }
  return parsed;
}

export interface CheckOptions extends ConditionScope {
  catalog: Catalog;
  /** Treat an empty expression as `true` (triggers); otherwise empty is an error. */
  allowEmpty?: boolean;
}

/** Type-checks a condition against the catalog. Never throws. */
export function checkCondition(expr: unknown, opts: CheckOptions): ConditionCheck {
  const fail = (error: ConditionError): ConditionCheck => ({ ok: false, errors: [error], fields: [] });
  if (typeof expr !== 'string') return fail({ code: 'invalid', message: t('The condition must be text.', '条件必须是文本。') });
  if (expr.trim() === '') {
    return opts.allowEmpty
      ? { ok: true, errors: [], fields: [] }
      : fail({ code: 'empty', message: t('The condition is empty.', '条件为空。') });
  }
  if (expr.length > MAX_CONDITION_LENGTH) {
    return fail({
      code: 'too_long',
      message: t(`The condition is longer than ${MAX_CONDITION_LENGTH} characters.`, `条件超过 ${MAX_CONDITION_LENGTH} 个字符。`),
    });
  }
  try {
    const env = envFor(opts);
    const parsed = parseCached(env, expr);
    const walked = walk(parsed.ast, env);
    if (walked.errors.length) return { ok: false, errors: walked.errors, fields: walked.fields };
    const checked = parsed.check();
    if (!checked.valid) return { ok: false, errors: [friendly(checked.error, expr)], fields: walked.fields };
    if (checked.type !== 'bool') {
      const kind = describeType(checked.type ?? 'unknown');
      return {
        ok: false,
        errors: [
          {
            code: 'not_boolean',
            message: t(
              `The condition must be a yes/no question, but it gives ${kind.en}. Compare it, e.g. "${clip(expr, 30)} > 0".`,
              `条件必须是“是/否”判断，但它得到的是${kind.zh}。请加上比较，例如“${clip(expr, 30)} > 0”。`,
            ),
            start: 0,
            end: expr.length,
          },
        ],
        fields: walked.fields,
      };
    }
    return { ok: true, errors: [], fields: walked.fields };
  } catch (err) {
    return fail(friendly(err, expr));
  }
}

/** Converts JSON values to what the declared CEL types expect (ints are BigInt in cel-js). */
function coerce(values: Record<string, unknown> | undefined, fields: Map<string, FieldDef> | undefined) {
  const out: Record<string, unknown> = {};
  if (!values || typeof values !== 'object') return out;
  if (!fields) {
    for (const key of Object.keys(values)) if (!FORBIDDEN_NAMES.has(key)) out[key] = values[key];
    return out;
  }
  for (const [name, field] of fields) {
    if (!Object.prototype.hasOwnProperty.call(values, name)) continue;
    const v = values[name];
    if (v === null || v === undefined) continue; // a null tag is a missing tag
    if (field.type === 'int' && typeof v === 'number' && Number.isSafeInteger(v)) out[name] = BigInt(v);
    else if (field.type === 'double' && typeof v === 'bigint') out[name] = Number(v);
    else out[name] = v;
  }
  return out;
}

export interface Explanation {
  value: boolean;
  /** Why the condition could not be evaluated (then value is false). */
  error?: ConditionError;
  /** The values the expression read; `missing` when the customer or event lacks the field. */
  fields: Array<{ path: string; value?: unknown; missing: boolean }>;
}

function read(data: ConditionData, path: string): { value?: unknown; missing: boolean } {
  const [root, key] = path.split('.');
  const obj = root === 'customer' ? data.customer : data.event;
  if (!obj || typeof obj !== 'object' || !Object.prototype.hasOwnProperty.call(obj, key)) return { missing: true };
  const value = obj[key];
  return value === null || value === undefined ? { missing: true } : { value, missing: false };
}

/** One evaluation: its verdict, what it read, and what (if anything) stopped it. Never throws. */
interface Run {
  value: boolean;
  walked?: Walked;
  problem?: 'too_long' | 'unreadable' | 'not_boolean' | 'thrown';
  thrown?: unknown;
}

// The single path both the runtime (evaluateCondition) and the designer's explanation take, so a
// verdict shown in the designer is the verdict a customer gets.
function runCondition(expr: string, data: ConditionData, scope: ConditionScope): Run {
  if (typeof expr !== 'string' || expr.trim() === '') return { value: true };
  if (expr.length > MAX_CONDITION_LENGTH) return { value: false, problem: 'too_long' };
  let walked: Walked | undefined;
  try {
    const env = envFor(scope);
    const parsed = parseCached(env, expr);
    walked = walkCached(parsed, env);
    if (walked.errors.length) return { value: false, walked, problem: 'unreadable' };
    const result: unknown = parsed({
      customer: coerce(data.customer, env.dynamic ? undefined : env.tags),
      event: coerce(data.event, env.attrs),
    });
    return typeof result === 'boolean' ? { value: result, walked } : { value: false, walked, problem: 'not_boolean' };
  } catch (thrown) {
    return { value: false, walked, problem: 'thrown', thrown };
  }
}

/** Evaluates and explains: what the condition read and why it came out as it did. Never throws. */
export function explainCondition(expr: string, data: ConditionData, scope: ConditionScope = {}): Explanation {
  const run = runCondition(expr, data, scope);
  const fields: Explanation['fields'] = (run.walked?.fields ?? []).map((path) => ({ path, ...read(data, path) }));
  switch (run.problem) {
    case undefined:
      return { value: run.value, fields };
    case 'too_long':
      return { value: false, fields: [], error: { code: 'too_long', message: t('The condition is too long.', '条件过长。') } };
    case 'unreadable':
      return { value: false, fields, error: run.walked!.errors[0] };
    case 'not_boolean':
      return { value: false, fields, error: { code: 'not_boolean', message: t('The condition did not give yes or no.', '条件没有得到“是/否”。') } };
    case 'thrown': {
      const missing = fields.filter((f) => f.missing).map((f) => f.path);
      if (missing.length) {
        return {
          value: false,
          fields,
          error: {
            code: 'missing_field',
            message: t(
              `${missing.join(', ')} is missing for this customer, so the condition counts as false.`,
              `该客户缺少 ${missing.join('、')}，因此条件按“否”处理。`,
            ),
          },
        };
      }
      const summary = (run.thrown as { summary?: string })?.summary ?? String(run.thrown);
      return {
        value: false,
        fields,
        error: {
          code: 'evaluation_failed',
          message: t(`The condition could not be evaluated (${summary}), so it counts as false.`, `条件无法计算（${summary}），因此按“否”处理。`),
        },
      };
    }
  }
}

/**
 * Evaluates a condition for one customer. Empty means true. Anything that prevents evaluation
 * (missing tag, wrong value type, bad expression) means false: a campaign must never contact a
 * customer because of data it could not read. (explainCondition's verdict, without reading each
 * field for an explanation: the runtime's path.)
 */
export function evaluateCondition(expr: string, data: ConditionData, scope: ConditionScope = {}): boolean {
  return runCondition(expr, data, scope).value;
}
