// What a notice's kind says about where it leads and whom it is for, shared by the bell (client)
// and the e-mail/webhook renderer (notifications-delivery.ts) so the two never disagree. Pure: the
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
