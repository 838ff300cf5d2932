import { TRPCClientError } from '@trpc/client';
import { FieldIssueList, type FieldIssue } from '@/server/services/field-issue';
import { FlowIssueList, type FlowIssue } from './flow-issue';

/** What the UI needs from a failed call: the tRPC code, the server's message, validation issues. */
export interface CallError {
  code: string | undefined;
  message: string;
  issues: FlowIssue[];
  /** The service error's details when they are an object (e.g. `{ reason: 'role_required', role }`). */
  details: Record<string, unknown> | null;
  /** The input's fields a BAD_REQUEST refused, each with what is wrong with it, in the reader's language. */
  fields: FieldIssue[];
}

export function callError(err: unknown): CallError {
  if (err instanceof TRPCClientError) {
    const data = err.data as { code?: string; details?: unknown; fields?: unknown } | undefined;
    const parsed = FlowIssueList.safeParse(data?.details);
    const fields = FieldIssueList.safeParse(data?.fields);
    const details = data?.details && typeof data.details === 'object' && !Array.isArray(data.details) ? (data.details as Record<string, unknown>) : null;
    return { code: data?.code, message: err.message, issues: parsed.success ? parsed.data : [], details, fields: fields.success ? fields.data : [] };
  }
  return { code: undefined, message: err instanceof Error ? err.message : String(err), issues: [], details: null, fields: [] };
}

/**
 * A list the server put in an error's details (`details[key]`), in the reader's language: each
 * item is a plain string or a `{ en, zh }` pair. Null when the details carry no such list.
 */
export function detailTexts(details: Record<string, unknown> | null, key: string, locale: string): string[] | null {
  const list = details?.[key];
  if (!Array.isArray(list)) return null;
  return list.map((item) => (typeof item === 'object' && item !== null && 'en' in item && 'zh' in item ? String(locale === 'zh-CN' ? item.zh : item.en) : String(item)));
}
