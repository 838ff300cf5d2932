// The note of a lifecycle move (campaign_events.note) as what happened and its figures, not as
// words: the plan page words it in the reader's language, departments by name and times in the
// operator's time zone (app/(app)/campaigns/[id]/plan/lifecycle-note.ts), as notifications are.
// It is kept as JSON in the text column; notes written before (plain English) read as `text`
// and are shown as they are, so no migration.
import { z } from 'zod';
import { LocalizedText } from '../../workflows/text';

/** A used-up part of the allocation: which figure, how much was used, of how much. */
export const ExhaustedPart = z.object({
  part: z.enum(['budgetCny', 'sms', 'outboundCalls', 'frontlineTasks']),
  used: z.number(),
  quota: z.number(),
});
export type ExhaustedPart = z.infer<typeof ExhaustedPart>;

const At = z.iso.datetime({ offset: true });
const VersionNo = z.number().int();

export const TimelineNote = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('submitted'), versionNo: VersionNo }),
  /** A launch sign-off that moved the campaign; the approver's comment in their own words. */
  z.object({ kind: z.literal('decided'), department: z.string(), decision: z.enum(['approved', 'rejected']), comment: z.string() }),
  z.object({ kind: z.literal('launched'), versionNo: VersionNo }),
  z.object({ kind: z.literal('scheduled'), versionNo: VersionNo, startAt: At }),
  z.object({ kind: z.literal('windowStarted'), startAt: At }),
  z.object({ kind: z.literal('notStarted'), startAt: At, why: LocalizedText }),
  /** The window ended; the versions waiting for approval then lapsed. */
  z.object({ kind: z.literal('windowEnded'), endAt: At, lapsed: z.array(VersionNo) }),
  z.object({ kind: z.literal('allocationUsedUp'), exhausted: z.array(ExhaustedPart) }),
  z.object({ kind: z.literal('allocationRequested'), exhausted: z.array(ExhaustedPart) }),
  z.object({ kind: z.literal('evaluated'), conversions: z.number(), revenueCny: z.number(), costCny: z.number() }),
  /** A move of the generated demo history (server/analytics/demo-history.ts). */
  z.object({ kind: z.literal('demoHistory') }),
  /** A note written by an earlier release, in plain text: shown as it is. */
  z.object({ kind: z.literal('text'), text: z.string() }),
]);
export type TimelineNote = z.infer<typeof TimelineNote>;

/** The note as the column keeps it ('' for none). */
export function storedNote(note: TimelineNote | null): string {
  return note ? JSON.stringify(TimelineNote.parse(note)) : '';
}

/** The note the column keeps, parsed: none, one of ours, or an earlier release's plain text. */
export function readNote(stored: string): TimelineNote | null {
  if (!stored) return null;
  let json: unknown;
  try {
    json = JSON.parse(stored);
  } catch {
    return { kind: 'text', text: stored };
  }
  const note = TimelineNote.safeParse(json);
  return note.success ? note.data : { kind: 'text', text: stored };
}
