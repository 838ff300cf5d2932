import { z } from 'zod';
import type { LocalizedText } from '../../workflows/text';
import { chineseOf } from '../../workflows/zod-text';

// Service errors carry a code the API maps to an HTTP/tRPC status, and a message users can act on:
// in English and Simplified Chinese (`t(en, zh)`) where people meet it in the app, which answers
// each person in their language; English only where only systems and operators' logs see it.
export type ServiceErrorCode = 'NOT_FOUND' | 'BAD_REQUEST' | 'CONFLICT' | 'FORBIDDEN' | 'PRECONDITION_FAILED';

export class ServiceError extends Error {
  /** The message in both languages, when it was given in both. */
  readonly localized: LocalizedText | null;
  constructor(
    readonly code: ServiceErrorCode,
    message: string | LocalizedText,
    readonly details?: unknown,
  ) {
    super(typeof message === 'string' ? message : message.en);
    this.localized = typeof message === 'string' ? null : message;
  }

  /** The message for a person reading `locale` (English when no Chinese was given). */
  messageIn(locale: 'zh-CN' | 'en' | undefined): string {
    return locale === 'zh-CN' && this.localized ? this.localized.zh : this.message;
  }
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
  return wording(zhIssue(raw)) ?? issue.message;
}

/**
 * A schema's issues as the fields and what is wrong with them: `attributes.1.name: …; type: …`,
 * in the reader's language (English unless `locale` says Chinese; `input` is what was parsed).
 */
export function describeIssues(error: { issues: readonly Issue[] }, locale?: 'zh-CN' | 'en', input?: unknown): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || (locale === 'zh-CN' ? '输入' : 'input')}: ${issueIn(i, locale, input)}`).join('; ');
}

/** Parses a service's input, or refuses it (BAD_REQUEST) naming every field that is wrong. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new ServiceError('BAD_REQUEST', { en: describeIssues(r.error), zh: describeIssues(r.error, 'zh-CN', input) });
}
