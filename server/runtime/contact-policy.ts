// The global contact policy: opt-outs and do-not-disturb, channel consent, fatigue caps per
// customer across ALL campaigns (per day and per week, overall and per channel) and quiet hours
// in the customer's local time. Every contact any flow makes passes through reserveContact(),
// inside the step's transaction and under the customer's row lock, so the check and the
// reservation are atomic: concurrent events cannot exceed a cap.
import { and, eq, gte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { CONTACT_CHANNELS, DEFAULT_TIMEZONE, isContactChannel, isTimeZone, localParts, zonedTime } from '../../workflows';
import { formatMessage } from '../../workflows/zod-text';
import type { Executor } from '../db/client';
import { contactBlocks, contactConsents, contactLedger, settings } from '../db/schema';
import { settingsChanged } from './settings-changes';

/** Contacts a customer may get per local day and per 7 days. */
const Cap = z.object({ perDay: z.number().int().min(0), perWeek: z.number().int().min(0) });
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, formatMessage('must be HH:MM', '须为 HH:MM 格式'));

/**
 * A policy the runtime can apply: what `loadContactPolicy` reads. A policy stored by an earlier
 * release (or by hand) that breaks a rule added since to `ContactPolicy` still applies as it is,
 * rather than stopping every worker; the administrators' page shows what to correct.
 */
export const StoredContactPolicy = z.object({
  caps: Cap,
  channelCaps: z.record(z.string(), Cap).default({}),
  /** Local time window in which no one is contacted, e.g. 21:00–08:00. Null: no quiet hours. */
  quietHours: z.object({ start: HHMM, end: HHMM }).nullable(),
  /** Channels that need the customer's explicit consent (a contact_consents row). */
  consentRequired: z.array(z.string()).default([]),
  /** Channels the caps and quiet hours do not apply to (the customer is there already). */
  exempt: z.array(z.string()).default(['inbound']),
  /**
   * A contact held while its campaign was paused is dropped when the campaign is live again if it
   * was asked for longer ago than this (`held_too_long`): a message about a moment days past is
   * no longer right. Null: held contacts go out however long the pause (held-contacts.ts).
   */
  maxHeldHours: z.number().int().min(1).max(720).nullable().default(72),
});

/** A policy as it may be saved: one that says what it means, each contradiction refused by name. */
export const ContactPolicy = StoredContactPolicy.superRefine((p, ctx) => {
  // 7 days hold at least one day.
  const cap = (c: z.infer<typeof Cap>, path: string[]) => {
    if (c.perWeek >= c.perDay) return;
    const message = formatMessage(`the per-7-days cap (${c.perWeek}) is lower than the per-day cap (${c.perDay})`, `每 7 天上限（${c.perWeek}）低于每日上限（${c.perDay}）`);
    ctx.addIssue({ code: 'custom', path: [...path, 'perWeek'], message });
  };
  cap(p.caps, ['caps']);
  // A window that ends when it starts would mean no quiet hours or all day: neither is said so.
  if (p.quietHours && p.quietHours.start === p.quietHours.end) {
    const message = formatMessage(
      `quiet hours end when they start (${p.quietHours.start}): give a window such as 21:00–08:00, or turn quiet hours off`,
      `免打扰结束时间与开始时间相同（${p.quietHours.start}）：请设置一个时段（如 21:00–08:00），或关闭免打扰`,
    );
    ctx.addIssue({ code: 'custom', path: ['quietHours', 'end'], message });
  }
  // Every channel named is one flows contact customers through (workflows/channels.ts), and a
  // cap on a channel the caps do not apply to would never hold: both are mistakes, refused by name.
  const unknown = (path: (string | number)[], channel: string) =>
    ctx.addIssue({
      code: 'custom',
      path,
      message: formatMessage(`no channel "${channel}": use one of ${CONTACT_CHANNELS.join(', ')}`, `没有渠道“${channel}”：应为 ${CONTACT_CHANNELS.join('、')} 之一`),
    });
  for (const [channel, c] of Object.entries(p.channelCaps)) {
    cap(c, ['channelCaps', channel]);
    if (!isContactChannel(channel)) unknown(['channelCaps', channel], channel);
    else if (p.exempt.includes(channel)) {
      const message = formatMessage(
        `${channel} is exempt from caps and quiet hours, so its cap would never apply: remove the cap or the exemption`,
        `${channel} 已豁免频次上限和免打扰，其上限不会生效：请删除该上限或取消豁免`,
      );
      ctx.addIssue({ code: 'custom', path: ['channelCaps', channel], message });
    }
  }
  for (const field of ['consentRequired', 'exempt'] as const) {
    p[field].forEach((channel, i) => {
      if (!isContactChannel(channel)) unknown([field, i], channel);
    });
  }
});
export type ContactPolicy = z.infer<typeof ContactPolicy>;

export const defaultContactPolicy: ContactPolicy = {
  caps: { perDay: 3, perWeek: 7 },
  channelCaps: { sms: { perDay: 2, perWeek: 5 }, outbound_call: { perDay: 1, perWeek: 2 } },
  quietHours: { start: '21:00', end: '08:00' },
  consentRequired: ['app_push'],
  exempt: ['inbound'],
  maxHeldHours: 72,
};

export const CONTACT_POLICY_KEY = 'contact_policy';

export async function loadContactPolicy(db: Executor): Promise<ContactPolicy> {
  const [row] = await db.select().from(settings).where(eq(settings.key, CONTACT_POLICY_KEY));
  return row ? StoredContactPolicy.parse(row.value) : defaultContactPolicy;
}

export async function saveContactPolicy(db: Executor, policy: ContactPolicy): Promise<void> {
  const value = ContactPolicy.parse(policy);
  await db
    .insert(settings)
    .values({ key: CONTACT_POLICY_KEY, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
  settingsChanged();
}

export type SuppressionReason = 'opt_out' | 'dnd' | 'no_consent' | 'fatigue_cap' | 'quiet_hours';

export type ContactDecision =
  | { ok: true; sendAt: Date; held: boolean }
  | { ok: false; reason: SuppressionReason; detail: string };

export interface ContactRequest {
  customerId: string;
  tags: Record<string, unknown>;
  channel: string;
  campaignId: string;
  effectKey: string;
  quietHoursMode: 'hold' | 'drop';
  now: Date;
}

/** Local wall-clock parts of an instant in a time zone. */
function local(at: Date, tz: string) {
  const { y, m, d, hh, mm } = localParts(at.getTime(), tz);
  return { y, m, d, minutes: hh * 60 + mm };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** When the quiet window that contains `at` ends, or null if `at` is outside quiet hours. */
export function quietUntil(at: Date, quiet: ContactPolicy['quietHours'], tz: string): Date | null {
  if (!quiet) return null;
  const { y, m, d, minutes } = local(at, tz);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const inside = start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return null;
  // Overnight window after midnight ends today; before midnight it ends tomorrow.
  const endsTomorrow = start > end && minutes >= start;
  return new Date(zonedTime(y, m, d + (endsTomorrow ? 1 : 0), Math.floor(end / 60), end % 60, tz));
}

function startOfLocalDay(at: Date, tz: string): Date {
  const { y, m, d } = local(at, tz);
  return new Date(zonedTime(y, m, d, 0, 0, tz));
}

/** When a contact may go out (now, or when quiet hours end), or why it may not at all. */
type Timing = { ok: true; sendAt: Date; held: boolean; tz: string; exempt: boolean } | { ok: false; reason: SuppressionReason; detail: string };

/** The customer's time zone: their `timezone` tag when it is a valid one, else the default. */
const timeZoneOf = (tags: Record<string, unknown>) => (typeof tags.timezone === 'string' && isTimeZone(tags.timezone) ? tags.timezone : DEFAULT_TIMEZONE);

/**
 * When a contact on `channel` may go out to a customer with `tags` at `now`: `now`, or the end of
 * their quiet hours (an operator's retry of a failed delivery waits for it like any contact).
 */
export function sendableAt(policy: ContactPolicy, channel: string, tags: Record<string, unknown>, now: Date): Date {
  if (policy.exempt.includes(channel)) return now;
  return quietUntil(now, policy.quietHours, timeZoneOf(tags)) ?? now;
}

function timing(policy: ContactPolicy, req: ContactRequest): Timing {
  if (req.tags.opted_out === true) return { ok: false, reason: 'opt_out', detail: 'the customer opted out of marketing' };
  const exempt = policy.exempt.includes(req.channel);
  const tz = timeZoneOf(req.tags);
  if (!exempt) {
    const until = quietUntil(req.now, policy.quietHours, tz);
    if (until) {
      if (req.quietHoursMode === 'drop') {
        return { ok: false, reason: 'quiet_hours', detail: `quiet hours ${policy.quietHours?.start}–${policy.quietHours?.end} (${tz})` };
      }
      return { ok: true, sendAt: until, held: true, tz, exempt };
    }
  }
  return { ok: true, sendAt: req.now, held: false, tz, exempt };
}

/** What the decision needs to know about the customer (read under their row lock). */
export interface ContactFacts {
  /** The first block for this channel or all channels, as "reason:channel", or null. */
  block: string | null;
  consent: boolean;
  /** Contacts reserved from the start of the local day / the last 7 days (of sendAt), overall and on this channel. */
  counts: { day: number; week: number; channelDay: number; channelWeek: number };
}

function judge(policy: ContactPolicy, channel: string, t: Extract<Timing, { ok: true }>, facts: ContactFacts): ContactDecision {
  if (facts.block) {
    const [reason, blockedChannel] = facts.block.split(':');
    return {
      ok: false,
      reason: reason === 'dnd' ? 'dnd' : 'opt_out',
      detail: `${reason} for ${blockedChannel === '*' ? 'all channels' : blockedChannel}`,
    };
  }
  if (policy.consentRequired.includes(channel) && !facts.consent) return { ok: false, reason: 'no_consent', detail: `no consent for ${channel}` };
  if (!t.exempt) {
    const { counts } = facts;
    const cc = policy.channelCaps[channel];
    const over =
      counts.day >= policy.caps.perDay
        ? `${counts.day} contacts today (cap ${policy.caps.perDay})`
        : counts.week >= policy.caps.perWeek
          ? `${counts.week} contacts in 7 days (cap ${policy.caps.perWeek})`
          : cc && counts.channelDay >= cc.perDay
            ? `${counts.channelDay} ${channel} contacts today (cap ${cc.perDay})`
            : cc && counts.channelWeek >= cc.perWeek
              ? `${counts.channelWeek} ${channel} contacts in 7 days (cap ${cc.perWeek})`
              : null;
    if (over) return { ok: false, reason: 'fatigue_cap', detail: over };
  }
  return { ok: true, sendAt: t.sendAt, held: t.held };
}

/** The windows the caps count in: the local day and the 7 days before the contact goes out. */
function windows(t: Extract<Timing, { ok: true }>) {
  return { dayStart: startOfLocalDay(t.sendAt, t.tz), weekStart: new Date(t.sendAt.getTime() - 7 * 86_400_000) };
}

/**
 * Decides and, when allowed, reserves a contact. The caller must hold the customer's row lock
 * (see lockCustomer) and run this in the step's transaction.
 */
export async function reserveContact(db: Executor, policy: ContactPolicy, req: ContactRequest): Promise<ContactDecision> {
  const { customerId, channel } = req;
  const t = timing(policy, req);
  if (!t.ok) return t;
  // One round trip: the customer's blocks for this channel and their contacts in the last week.
  const { dayStart, weekStart } = windows(t);
  const [counts] = await db
    .select({
      block: sql<string | null>`(select ${contactBlocks.reason} || ':' || ${contactBlocks.channel} from ${contactBlocks}
        where ${contactBlocks.customerId} = ${customerId} and ${contactBlocks.channel} in ('*', ${channel}) limit 1)`,
      day: sql<number>`count(*) filter (where ${contactLedger.at} >= ${dayStart.toISOString()}::timestamptz)`.mapWith(Number),
      week: sql<number>`count(*)`.mapWith(Number),
      channelDay: sql<number>`count(*) filter (where ${contactLedger.channel} = ${channel} and ${contactLedger.at} >= ${dayStart.toISOString()}::timestamptz)`.mapWith(Number),
      channelWeek: sql<number>`count(*) filter (where ${contactLedger.channel} = ${channel})`.mapWith(Number),
    })
    .from(contactLedger)
    .where(and(eq(contactLedger.customerId, customerId), gte(contactLedger.at, weekStart)));
  let consent = false;
  if (!counts.block && policy.consentRequired.includes(channel)) {
    const [row] = await db
      .select({ c: contactConsents.channel })
      .from(contactConsents)
      .where(and(eq(contactConsents.customerId, customerId), eq(contactConsents.channel, channel)));
    consent = !!row;
  }
  const decision = judge(policy, channel, t, { block: counts.block, consent, counts });
  if (!decision.ok) return decision;
  await db
    .insert(contactLedger)
    .values({ customerId, channel, campaignId: req.campaignId, effectKey: req.effectKey, at: decision.sendAt })
    .onConflictDoNothing({ target: contactLedger.effectKey });
  return decision;
}

/** A customer's contact facts held in memory for a batch of steps (see step-store.ts). */
export interface ContactMemory {
  /** Blocks as [channel, reason]. */
  blocks: { channel: string; reason: string }[];
  consents: Set<string>;
  /** Ledger entries from 7 days before the batch on (including held ones in the future). */
  ledger: { channel: string; at: Date }[];
}

/**
 * reserveContact on facts loaded for the whole batch under the customers' row locks: the same
 * decision, the reservation recorded in `memory` (so later steps of the batch count it) and
 * returned for the caller to insert with the batch.
 */
export function reserveInMemory(policy: ContactPolicy, req: ContactRequest, memory: ContactMemory): ContactDecision {
  const t = timing(policy, req);
  if (!t.ok) return t;
  const { dayStart, weekStart } = windows(t);
  const block = memory.blocks.find((b) => b.channel === '*' || b.channel === req.channel);
  const counts = { day: 0, week: 0, channelDay: 0, channelWeek: 0 };
  for (const e of memory.ledger) {
    if (e.at < weekStart) continue;
    const today = e.at >= dayStart;
    counts.week++;
    if (today) counts.day++;
    if (e.channel === req.channel) {
      counts.channelWeek++;
      if (today) counts.channelDay++;
    }
  }
  const decision = judge(policy, req.channel, t, {
    block: block ? `${block.reason}:${block.channel}` : null,
    consent: memory.consents.has(req.channel),
    counts,
  });
  if (decision.ok) memory.ledger.push({ channel: req.channel, at: decision.sendAt });
  return decision;
}
