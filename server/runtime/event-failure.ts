// Why an event's processing failed, kept as a code with its values beside the English `error`
// (which logs, search and older rows use): the operations page words it in the reader's language.
import { z } from 'zod';
import { t, textIn, type LocalizedText } from '../../workflows/text';
import { ServiceError } from '../services/errors';

export const EventFailure = z.discriminatedUnion('code', [
  /** The event names a customer the customer data does not have (yet). */
  z.object({ code: z.literal('unknown_customer'), params: z.object({ customerId: z.string() }) }),
  /** A step refused the event with a message worded in both languages. */
  z.object({ code: z.literal('refused'), params: z.object({ en: z.string(), zh: z.string() }) }),
  /** Anything else that went wrong (a database error, a bug): its own text, not translatable. */
  z.object({ code: z.literal('processing_error'), params: z.object({ detail: z.string() }) }),
]);
export type EventFailure = z.infer<typeof EventFailure>;

/** A failed step's outcome for an event whose customer is not known. */
export function unknownCustomer(customerId: string): { status: 'failed'; error: string; detail: EventFailure } {
  const detail: EventFailure = { code: 'unknown_customer', params: { customerId } };
  return { status: 'failed', error: wording(detail).en, detail };
}

/** A refusal worded in both languages, as a failure's detail (each language cut to 2,000 characters). */
export function refusal(problem: LocalizedText): EventFailure {
  return { code: 'refused', params: { en: problem.en.slice(0, 2000), zh: problem.zh.slice(0, 2000) } };
}

/** What a thrown error says, as a failure and in English (drizzle's "Failed query: …" gives way to its cause). */
export function failureOf(err: unknown): { error: string; detail: EventFailure } {
  if (err instanceof ServiceError && err.localized) {
    return { error: err.message.slice(0, 2000), detail: refusal(err.localized) };
  }
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : null;
  const message = (cause ?? (err instanceof Error ? err.message : String(err))).slice(0, 2000);
  return { error: message, detail: { code: 'processing_error', params: { detail: message } } };
}

function wording(f: EventFailure): LocalizedText {
  switch (f.code) {
    case 'unknown_customer':
      return t(`unknown customer ${f.params.customerId}`, `未知客户 ${f.params.customerId}（客户数据中没有此客户，导入客户后可重试）`);
    case 'refused':
      return f.params;
    case 'processing_error':
      return t(`processing failed: ${f.params.detail}`, `处理出错：${f.params.detail}`);
  }
}

/**
 * The failure in the reader's language: from its detail when the row has one (re-parsed: it is
 * stored JSON), else the stored English message (rows failed before details were kept).
 */
export function failureMessage(detail: unknown, error: string | null, locale: 'zh-CN' | 'en' | undefined): string | null {
  const parsed = EventFailure.safeParse(detail);
  if (!parsed.success) return error;
  return textIn(wording(parsed.data), locale);
}
