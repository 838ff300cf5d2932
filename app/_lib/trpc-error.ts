import { TRPCClientError } from '@trpc/client';
import { FlowIssueList, type FlowIssue } from './flow-issue';

/** What the UI needs from a failed call: the tRPC code, the server's message, validation issues. */
export interface CallError {
  code: string | undefined;
  message: string;
  issues: FlowIssue[];
}

export function callError(err: unknown): CallError {
  if (err instanceof TRPCClientError) {
    const data = err.data as { code?: string; details?: unknown } | undefined;
    const parsed = FlowIssueList.safeParse(data?.details);
    return { code: data?.code, message: err.message, issues: parsed.success ? parsed.data : [] };
  }
  return { code: undefined, message: err instanceof Error ? err.message : String(err), issues: [] };
}
