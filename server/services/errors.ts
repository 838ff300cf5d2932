import type { z } from 'zod';
import type { LocalizedText } from '../../workflows/text';

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

/** A schema's issues as the fields and what is wrong with them: `attributes.1.name: …; type: …`. */
export function describeIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || 'input'}: ${i.message}`).join('; ');
}

/** Parses a service's input, or refuses it (BAD_REQUEST) naming every field that is wrong. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new ServiceError('BAD_REQUEST', describeIssues(r.error));
}
