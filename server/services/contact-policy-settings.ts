// The global contact policy as administrators see and change it (docs/contact-policy.md): the
// policy, the channels it may name, and who saved it when. A save is checked by the policy's own
// schema (runtime/contact-policy.ts), refused when it was based on a policy saved over since
// (two administrators editing at once must not silently overwrite each other), and written with
// its audit entry in one transaction; every worker reloads it from its next pass.
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { canonicalJson, CONTACT_CHANNELS, sha256Hex, t, type ContactChannel, type LocalizedText } from '../../workflows';
import type { Executor } from '../db/client';
import { auditLog, settings } from '../db/schema';
import { CONTACT_POLICY_KEY, ContactPolicy, defaultContactPolicy, saveContactPolicy, StoredContactPolicy } from '../runtime/contact-policy';
import { settingsChanged } from '../runtime/settings-changes';
import { appendAudit, inTransaction, type AuditActor } from './audit';
import { describeIssues, parseInput, ServiceError } from './errors';

/** A save: the whole policy, and the revision of the one the editor started from. */
export const ContactPolicyEdit = ContactPolicy.safeExtend({
  revision: z.string().min(1).max(64),
});
export type ContactPolicyEdit = z.input<typeof ContactPolicyEdit>;

export interface ContactPolicySettings {
  /** What the runtime applies: the saved policy, or the defaults when none was saved. */
  policy: ContactPolicy;
  /** False while the defaults apply. */
  saved: boolean;
  /** Changes with every save: a save must name the revision it was based on. */
  revision: string;
  /** The channels a policy may name (the ones flows contact customers through). */
  channels: ContactChannel[];
  updatedAt: Date | null;
  /** Who saved it in Octoflow; null when never saved, or last changed by other means (SQL). */
  updatedBy: string | null;
  /**
   * What in the stored policy a save would refuse (stored by hand, or by a release before a rule
   * was added). The workers still apply it as it is (StoredContactPolicy), and so it is shown;
   * one they cannot read at all shows as the defaults.
   */
  problem: LocalizedText | null;
}

const AUDIT = { entityType: 'contact_policy', entityId: 'global' } as const;
/** Serialises saves, the first one too (there is no row to lock yet). Any constant bigint. */
const SAVE_LOCK_KEY = 0x6f63746f706f6c69n; // "octopoli"
const FIELDS = Object.keys(ContactPolicy.shape) as (keyof ContactPolicy)[];

const revisionOf = (value: unknown, updatedAt: Date | null) => sha256Hex(canonicalJson({ value, updatedAt: updatedAt?.toISOString() ?? null })).slice(0, 16);

/** The policy as stored now, with its revision and who saved it. */
export async function getContactPolicySettings(db: Executor): Promise<ContactPolicySettings> {
  return (await read(db)).current;
}

/** The settings, and the stored value as it is (what a save replaces, even when it does not parse). */
async function read(db: Executor): Promise<{ current: ContactPolicySettings; stored: Record<string, unknown> }> {
  const [row] = await db.select().from(settings).where(eq(settings.key, CONTACT_POLICY_KEY));
  const parsed = row ? ContactPolicy.safeParse(row.value) : null;
  const applied = row ? StoredContactPolicy.safeParse(row.value) : null;
  const revision = revisionOf(row?.value ?? null, row?.updatedAt ?? null);
  const [last] = row
    ? await db
        .select({ email: auditLog.actorEmail, detail: auditLog.detail })
        .from(auditLog)
        .where(and(eq(auditLog.entityType, AUDIT.entityType), eq(auditLog.entityId, AUDIT.entityId)))
        .orderBy(desc(auditLog.seq))
        .limit(1)
    : [];
  const current = {
    policy: applied?.success ? applied.data : defaultContactPolicy,
    saved: !!row,
    revision,
    channels: [...CONTACT_CHANNELS],
    updatedAt: row?.updatedAt ?? null,
    updatedBy: last?.detail.revision === revision ? last.email : null,
    problem: parsed && !parsed.success ? t(describeIssues(parsed.error), describeIssues(parsed.error, 'zh-CN', row?.value)) : null,
  };
  const stored = current.problem && row?.value && typeof row.value === 'object' ? (row.value as Record<string, unknown>) : current.policy;
  return { current, stored };
}

/**
 * Saves the policy over the revision the editor loaded (else CONFLICT, naming who saved since),
 * with an audit entry of the fields it changed, before and after. Returns the policy saved and
 * the fields changed (none: nothing was written).
 */
export async function saveContactPolicySettings(db: Executor, actor: AuditActor, input: ContactPolicyEdit): Promise<ContactPolicySettings & { changed: string[] }> {
  const { revision, ...policy } = parseInput(ContactPolicyEdit, input);
  const result = await inTransaction(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SAVE_LOCK_KEY.toString()}::bigint)`);
    const { current: before, stored } = await read(tx);
    if (before.revision !== revision) {
      const who = before.updatedBy;
      throw new ServiceError(
        'CONFLICT',
        who
          ? t(`the contact policy was saved by ${who} after you opened it: reload to see their change, then make yours again`, `您打开后触达策略已被 ${who} 保存：请刷新查看对方的修改，再重新修改`)
          : t('the contact policy was changed after you opened it: reload to see the change, then make yours again', '您打开后触达策略已被修改：请刷新查看修改，再重新修改'),
      );
    }
    const changed = FIELDS.filter((f) => canonicalJson(stored[f]) !== canonicalJson(policy[f]));
    if (changed.length === 0 && !before.problem) return { ...before, changed };
    await saveContactPolicy(tx, policy);
    const after = await getContactPolicySettings(tx);
    const pick = (p: Record<string, unknown>) => Object.fromEntries(changed.map((f) => [f, p[f]]));
    await appendAudit(tx, { actor, action: 'contact_policy.save', ...AUDIT, detail: { changed, before: pick(stored), after: pick(policy), revision: after.revision } });
    return { ...after, updatedBy: actor?.email ?? null, changed };
  });
  // Again once committed: a worker that reloaded between saveContactPolicy's announcement and
  // the commit read the policy before it (runtime/settings-cache.ts).
  if (result.changed.length) settingsChanged();
  return result;
}
