// Notifications by email and webhook (issue 6). notifyDepartment writes, with each in-app
// notification, one notification_deliveries row per channel in the same transaction; this worker
// stage sends them:
// 1. Claim: a short transaction leases due rows (FOR UPDATE SKIP LOCKED) and counts the attempt;
//    the attempt number is the fencing token, so a worker whose lease was taken over cannot
//    record a late result.
// 2. Send outside any transaction, then record sent, retry later (transient failure, exponential
//    backoff) or failed (permanent, or the last attempt).
// A crash between the receiver's acceptance and the commit sends the same notice again after the
// lease; it carries the same Message-ID / Idempotency-Key, so receivers can drop the repeat.
// A channel with no sender configured marks its rows skipped. Errors are stored and returned
// with the sender's secrets removed; nothing here logs.
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { createTranslator } from 'next-intl';
import { loadMessages } from '../../app/i18n/load-messages';
import type { Locale } from '../../app/i18n/config';
import type { DeliveryResult } from '../channels/types';
import type { Executor } from '../db/client';
import { notificationDeliveries, notifications, user } from '../db/schema';
import type { Clock } from '../runtime/clock';
import { joinNames, noticePath, OWNER_KINDS, signoffsOf } from './notifications-links';

export const MAX_NOTICE_ATTEMPTS = 6;
const BATCH = 50;

export function noticeBackoffMs(attempt: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** (attempt - 1));
}

/** One notice to one person, in both languages (Chinese first), ready for any channel. */
export interface NotificationMessage {
  /** Stable across retries: the Message-ID of a mail, the Idempotency-Key of a webhook. */
  key: string;
  notificationId: string;
  kind: string;
  to: { id: string; email: string; name: string; department: string };
  campaignId: string | null;
  detail: Record<string, unknown>;
  subject: string;
  text: string;
  link: string;
  createdAt: Date;
}

export interface NotificationSender {
  channel: 'email' | 'webhook';
  send(message: NotificationMessage): Promise<DeliveryResult>;
}

export interface DeliveryDeps {
  db: Executor;
  clock: Clock;
  leaseMs: number;
  senders: NotificationSender[];
  /** The address people reach the app at, for links (BETTER_AUTH_URL). */
  baseUrl: string;
}

/** A translator over the whole catalogue; keys are built from the notice's kind, so untyped here. */
interface Translate {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
}
const translators = new Map<Locale, Translate>();
function translator(locale: Locale): Translate {
  let t = translators.get(locale);
  if (!t) {
    t = createTranslator({ locale, messages: loadMessages(locale) as never }) as unknown as Translate;
    translators.set(locale, t);
  }
  return t;
}
const beijingTime = (locale: Locale, at: Date) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(at);

const SUBJECT_KINDS = [
  'signoff_open',
  'allocation_request',
  'escalation',
  'approval_tasks_open',
  'approval_task_escalation',
  'start_refused',
  'version_rejected',
  'version_approved',
] as const;
type SubjectKind = (typeof SUBJECT_KINDS)[number];
const isSubjectKind = (k: string): k is SubjectKind => (SUBJECT_KINDS as readonly string[]).includes(k);

/** Subject and body in one language. */
function renderIn(locale: Locale, n: { kind: string; detail: Record<string, unknown> }, to: NotificationMessage['to'], link: string) {
  const t = translator(locale);
  const d = n.detail;
  const dept = (x: unknown) => {
    const key = `shell.departments.${String(x)}`;
    return t.has(key) ? t(key) : String(x ?? '');
  };
  const values = {
    campaign: String(d.campaignName ?? ''),
    n: Number(d.versionNo ?? 0),
    what: Array.isArray(d.exhausted) ? d.exhausted.join(', ') : '',
    department: dept(d.department),
    count: Number(d.count ?? 0),
    approver: String(d.approver ?? ''),
    // An approval names every sign-off, in the order given.
    approvers: joinNames(locale, signoffsOf(d).map((s) => t('notices.signoff', { approver: s.approver, department: dept(s.department) }))),
  };
  const subject = isSubjectKind(n.kind) ? t(`notices.subject.${n.kind}`, values) : n.kind;
  const lines = [t('notices.greeting', { name: to.name }), '', subject];
  if (typeof d.firstDueAt === 'string') lines.push(t('notices.dueBy', { at: beijingTime(locale, new Date(d.firstDueAt)) }));
  if (typeof d.reason === 'string') lines.push(d.reason);
  if (typeof d.comment === 'string' && d.comment) lines.push(t('notices.comment', { comment: d.comment }));
  if (t.has(`notices.next.${n.kind}`)) lines.push(t(`notices.next.${n.kind}`));
  // A campaign's own notices go to its designers, the others to approvers.
  const footer = OWNER_KINDS.includes(n.kind) ? t('notices.footerOwner') : t('notices.footer', { department: dept(to.department) });
  lines.push('', t('notices.open', { link }), '', footer);
  return { subject, text: lines.join('\n') };
}

/** The message for one delivery: Chinese then English, one link. */
export function renderNotice(
  n: { id: string; kind: string; campaignId: string | null; detail: Record<string, unknown>; createdAt: Date },
  to: NotificationMessage['to'],
  channel: string,
  baseUrl: string,
): NotificationMessage {
  const link = `${baseUrl.replace(/\/$/, '')}${noticePath(n.kind, n.campaignId)}`;
  const zh = renderIn('zh-CN', n, to, link);
  const en = renderIn('en', n, to, link);
  return {
    key: `${n.id}.${channel}`,
    notificationId: n.id,
    kind: n.kind,
    to,
    campaignId: n.campaignId,
    detail: n.detail,
    subject: `[Octoflow] ${zh.subject} / ${en.subject}`,
    text: `${zh.text}\n\n----------\n\n${en.text}\n`,
    link,
    createdAt: n.createdAt,
  };
}

type DeliveryRow = typeof notificationDeliveries.$inferSelect;

async function claim(deps: DeliveryDeps, now: Date): Promise<DeliveryRow[]> {
  const leaseUntil = new Date(now.getTime() + deps.leaseMs);
  return deps.db.transaction(async (tx) => {
    const due = await tx
      .select({ id: notificationDeliveries.id })
      .from(notificationDeliveries)
      .where(
        and(
          eq(notificationDeliveries.status, 'pending'),
          or(isNull(notificationDeliveries.nextAttemptAt), lte(notificationDeliveries.nextAttemptAt, sql`${now.toISOString()}::timestamptz`)),
          or(isNull(notificationDeliveries.leaseUntil), lte(notificationDeliveries.leaseUntil, sql`${now.toISOString()}::timestamptz`)),
        ),
      )
      .orderBy(sql`${notificationDeliveries.nextAttemptAt} asc nulls first`, asc(notificationDeliveries.id))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(notificationDeliveries)
      .set({ leaseUntil, attempts: sql`${notificationDeliveries.attempts} + 1` })
      .where(inArray(notificationDeliveries.id, due.map((d) => d.id)))
      .returning();
  });
}

/** Records the outcome if this worker still holds the row (same attempt, still pending). */
async function settle(db: Executor, row: DeliveryRow, set: Partial<typeof notificationDeliveries.$inferInsert>) {
  await db
    .update(notificationDeliveries)
    .set({ ...set, leaseUntil: null })
    .where(and(eq(notificationDeliveries.id, row.id), eq(notificationDeliveries.attempts, row.attempts), eq(notificationDeliveries.status, 'pending')));
}

/** One pass: sends what is due. Returns how many deliveries were settled. */
export async function deliverNotifications(deps: DeliveryDeps): Promise<number> {
  const now = deps.clock.now();
  const rows = await claim(deps, now);
  if (rows.length === 0) return 0;
  const senders = new Map(deps.senders.map((s) => [s.channel, s]));
  const ids = [...new Set(rows.map((r) => r.notificationId))];
  const notes = new Map(
    (
      await deps.db
        .select({ n: notifications, email: user.email, name: user.name, department: user.department })
        .from(notifications)
        .innerJoin(user, eq(user.id, notifications.userId))
        .where(inArray(notifications.id, ids))
    ).map((r) => [r.n.id, r]),
  );
  await Promise.all(
    rows.map(async (row) => {
      const sender = senders.get(row.channel as NotificationSender['channel']);
      const note = notes.get(row.notificationId);
      if (!sender || !note) {
        await settle(deps.db, row, { status: note ? 'skipped' : 'failed', lastError: note ? `${row.channel} is not configured` : 'the notification or its recipient no longer exists' });
        return;
      }
      const message = renderNotice(note.n, { id: note.n.userId, email: note.email, name: note.name, department: note.department }, row.channel, deps.baseUrl);
      let result: DeliveryResult;
      try {
        result = await sender.send(message);
      } catch (err) {
        result = { ok: false, permanent: false, error: err instanceof Error ? err.message : String(err) };
      }
      const at = deps.clock.now();
      if (result.ok) await settle(deps.db, row, { status: 'sent', sentAt: at, lastError: null });
      else if (result.permanent || row.attempts >= MAX_NOTICE_ATTEMPTS) await settle(deps.db, row, { status: 'failed', lastError: result.error.slice(0, 1000) });
      else await settle(deps.db, row, { lastError: result.error.slice(0, 1000), nextAttemptAt: new Date(at.getTime() + noticeBackoffMs(row.attempts)) });
    }),
  );
  return rows.length;
}

/** The worker stage: the runtime's configured senders (none configured: rows are marked skipped). */
export function deliverNotificationsFor(rt: { db: Executor; clock: Clock; leaseMs: number; notify?: { senders: NotificationSender[]; baseUrl: string } }) {
  return deliverNotifications({ db: rt.db, clock: rt.clock, leaseMs: rt.leaseMs, senders: rt.notify?.senders ?? [], baseUrl: rt.notify?.baseUrl ?? '' });
}
