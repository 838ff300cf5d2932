// What a notice's kind says about where it leads and whom it is for, and whose sign-offs an
// approval names, shared by the bell (client) and the e-mail/webhook renderer (notifications-delivery.ts) so the two never disagree. Pure: the
// client bundle imports it.

/** Kinds addressed to the approvers of a department: they lead to the approvals inbox. */
const INBOX_KINDS: readonly string[] = ['signoff_open', 'approval_tasks_open', 'approval_task_escalation'];

/** Kinds addressed to a campaign's designers (its author or the author of a version). */
export const OWNER_KINDS: readonly string[] = ['start_refused', 'version_rejected', 'version_approved'];

/**
 * Where a notice sends the reader: the approvals inbox; the campaign's designer for a decision on
 * a version (change and resubmit it, or launch it); otherwise the campaign's plan page.
 */
export function noticePath(kind: string, campaignId: string | null): string {
  if (INBOX_KINDS.includes(kind)) return '/approvals';
  if (!campaignId) return '/campaigns';
  return kind === 'version_rejected' || kind === 'version_approved' ? `/campaigns/${campaignId}` : `/campaigns/${campaignId}/plan`;
}

/** One sign-off a version_approved notice names: who gave it, for which department. */
export interface GivenSignoff {
  approver: string;
  department: string;
}

/**
 * The sign-offs an approval notice names, in the order they were given. Notices written before
 * they carried the list name the last one only.
 */
export function signoffsOf(detail: Record<string, unknown>): GivenSignoff[] {
  const list = Array.isArray(detail.signoffs) ? detail.signoffs : [];
  const given = list.flatMap((s: unknown) => {
    if (!s || typeof s !== 'object') return [];
    const { approver, department } = s as Record<string, unknown>;
    return typeof approver === 'string' && typeof department === 'string' ? [{ approver, department }] : [];
  });
  if (given.length) return given;
  return typeof detail.approver === 'string' ? [{ approver: detail.approver, department: String(detail.department ?? '') }] : [];
}

/** Names joined as each language lists them: "A, B, and C"; "A、B、C". */
export function joinNames(locale: string, names: string[]): string {
  return new Intl.ListFormat(locale, { type: 'conjunction', style: locale.startsWith('zh') ? 'narrow' : 'long' }).format(names);
}
