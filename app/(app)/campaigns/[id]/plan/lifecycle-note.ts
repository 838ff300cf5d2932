// A lifecycle move's note (server/services/timeline-note.ts) in the reader's words: departments
// by name, times in the reader's format in the operator's time zone, figures as numbers. Kept
// apart from the component so the server tests read the timeline as a person would.
import type { useFormatter, useTranslations } from 'next-intl';
import type { ExhaustedPart, TimelineNote } from '@/server/services/timeline-note';
import { pickText } from '@/app/_lib/localized';

export interface NoteWording {
  t: ReturnType<typeof useTranslations<'closedLoop'>>;
  format: ReturnType<typeof useFormatter>;
  department: (department: string) => string;
  locale: string;
}

/** "a、b、c" and "a, b, c": the unit style runs Chinese items together. */
const LIST = { type: 'conjunction', style: 'narrow' } as const;
const PART_LABEL = { budgetCny: 'budget', sms: 'sms', outboundCalls: 'outboundCalls', frontlineTasks: 'frontlineTasks' } as const;

export function lifecycleNoteText(note: TimelineNote, { t, format, department, locale }: NoteWording): string {
  const at = (iso: string) => format.dateTime(new Date(iso), { dateStyle: 'short', timeStyle: 'short' });
  const cny = (n: number) => format.number(n, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const parts = (exhausted: ExhaustedPart[]) =>
    format.list(
      exhausted.map((p) => `${t(`plan.${PART_LABEL[p.part]}`)} ${t('plan.used', { used: p.part === 'budgetCny' ? cny(p.used) : format.number(p.used), quota: format.number(p.quota) })}`),
      LIST,
    );
  switch (note.kind) {
    case 'submitted':
      return t('plan.notes.submitted', { n: note.versionNo });
    case 'decided': {
      const decided = t('plan.notes.decided', { department: department(note.department), decision: t(`signoffs.${note.decision}`) });
      return note.comment ? t('plan.notes.withComment', { decided, comment: note.comment }) : decided;
    }
    case 'launched':
      return t('plan.notes.launched', { n: note.versionNo });
    case 'scheduled':
      return t('plan.notes.scheduled', { n: note.versionNo, at: at(note.startAt) });
    case 'windowStarted':
      return t('plan.notes.windowStarted', { at: at(note.startAt) });
    case 'notStarted':
      return t('plan.notes.notStarted', { at: at(note.startAt), why: pickText(note.why, locale) });
    case 'windowEnded':
      return note.lapsed.length
        ? t('plan.notes.windowEndedLapsed', { at: at(note.endAt), versions: format.list(note.lapsed.map(String), LIST), n: note.lapsed.length })
        : t('plan.notes.windowEnded', { at: at(note.endAt) });
    case 'allocationUsedUp':
      return t('plan.notes.allocationUsedUp', { parts: parts(note.exhausted) });
    case 'allocationRequested':
      return t('plan.notes.allocationRequested', { parts: parts(note.exhausted) });
    case 'evaluated':
      return t('plan.notes.evaluated', { conversions: note.conversions, revenue: cny(note.revenueCny), cost: cny(note.costCny) });
    case 'demoHistory':
      return t('plan.notes.demoHistory');
    case 'text':
      return note.text;
    default:
      return assertNever(note);
  }
}

function assertNever(x: never): never {
  throw new Error(`unknown lifecycle note ${JSON.stringify(x)}`);
}
