import { z } from 'zod';
import { textIn, type LocalizedText } from '../../workflows/text';
import { chineseOf } from '../../workflows/zod-text';
import type { FieldIssue } from './field-issue';

// Service errors carry a code the API maps to an HTTP/tRPC status, and a message users can act on:
// in English and Simplified Chinese (`t(en, zh)`) where people meet it in the app, which answers
// each person in their language; English only where only systems and operators' logs see it.
export type ServiceErrorCode = 'NOT_FOUND' | 'BAD_REQUEST' | 'CONFLICT' | 'FORBIDDEN' | 'PRECONDITION_FAILED';

/** A refused field of the input, worded in both languages (see FieldIssue). */
export interface LocalizedFieldIssue {
  path: (string | number)[];
  text: LocalizedText;
}

export class ServiceError extends Error {
  /** The message in both languages, when it was given in both. */
  readonly localized: LocalizedText | null;
  constructor(
    readonly code: ServiceErrorCode,
    message: string | LocalizedText,
    readonly details?: unknown,
    /** The input's fields this refusal is about, for forms to show under each field. */
    readonly fields: readonly LocalizedFieldIssue[] = [],
  ) {
    super(typeof message === 'string' ? message : message.en);
    this.localized = typeof message === 'string' ? null : message;
  }

  /** The message for a person reading `locale` (English when no Chinese was given). */
  messageIn(locale: 'zh-CN' | 'en' | undefined): string {
    return locale === 'zh-CN' && this.localized ? this.localized.zh : this.message;
  }

  /** The refused fields for a person reading `locale`. */
  fieldsIn(locale: 'zh-CN' | 'en' | undefined): FieldIssue[] {
    return this.fields.map((f) => ({ path: [...f.path], message: textIn(f.text, locale) }));
  }
}

/**
 * A refusal of one field of the input (BAD_REQUEST unless `code` says otherwise), worded as a
 * schema's refusal is (`exclusiveWith: …`; in Chinese with the field's label, `互斥产品：…`) and
 * carrying the field, so a form shows `what` under it.
 */
export function fieldRefusal(path: string, zhLabel: string, what: LocalizedText, code: ServiceErrorCode = 'BAD_REQUEST'): ServiceError {
  return new ServiceError(code, { en: `${path}: ${what.en}`, zh: `${zhLabel}：${what.zh}` }, undefined, [{ path: path.split('.'), text: what }]);
}

type Issue = z.core.$ZodIssue;
const zhIssue = z.locales.zhCN().localeError;
const enIssue = z.locales.en().localeError;
const wording = (w: ReturnType<typeof zhIssue>) => (typeof w === 'string' ? w : w?.message);

/** The value an issue is about, found in the parsed input by its path. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

/**
 * An issue in the reader's language. The validator's own wording is rendered again in Chinese
 * (zod's zh-CN locale); a schema's own message (`'must be lower_snake_case'`), which the English
 * locale would not have produced, in the Chinese it was written with (`formatMessage(en, zh)`).
 */
function issueIn(issue: Issue, locale: 'zh-CN' | 'en' | undefined, input: unknown): string {
  if (locale !== 'zh-CN') return issue.message;
  const raw = { ...issue, input: valueAt(input, issue.path) } as Parameters<typeof zhIssue>[0];
  if (wording(enIssue(raw)) !== issue.message) return chineseOf(issue.message) ?? issue.message;
  // zod says 期望 string，实际接收 undefined of a field left out: say it is required.
  if (issue.code === 'invalid_type' && input !== undefined && raw.input === undefined) return '必须填写';
  return wording(zhIssue(raw)) ?? issue.message;
}

/** A schema's issues, each with its path in the input, in the reader's language (`input` is what was parsed). */
export function fieldIssues(error: { issues: readonly Issue[] }, locale?: 'zh-CN' | 'en', input?: unknown): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map((k) => (typeof k === 'number' ? k : String(k))), message: issueIn(i, locale, input) }));
}

/**
 * A schema's issues as the fields and what is wrong with them: `attributes.1.name: …; type: …`,
 * in the reader's language (English unless `locale` says Chinese; `input` is what was parsed).
 */
export function describeIssues(error: { issues: readonly Issue[] }, locale?: 'zh-CN' | 'en', input?: unknown): string {
  return fieldIssues(error, locale, input)
    .map((f) => `${f.path.join('.') || (locale === 'zh-CN' ? '输入' : 'input')}: ${f.message}`)
    .join('; ');
}

/** Parses a service's input, or refuses it (BAD_REQUEST) naming every field that is wrong. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const en = fieldIssues(r.error);
  const zh = fieldIssues(r.error, 'zh-CN', input);
  throw new ServiceError(
    'BAD_REQUEST',
    { en: describeIssues(r.error), zh: describeIssues(r.error, 'zh-CN', input) },
    undefined,
    en.map((f, i) => ({ path: f.path, text: { en: f.message, zh: zh[i].message } })),
  );
}
