// The audit log (issue 6): every change to a campaign, flow, approval, lifecycle, allocation and
// product, API keys, the tag schema and customer imports, and every sign-in, appended in the
// transaction that makes the change. Entries form a
// hash chain (hash = sha256(canonical entry + prev_hash)), so editing, deleting or re-ordering a
// row is found by verifyAuditChain and named. Appends are serialised by a transaction-scoped
// advisory lock: on PostgreSQL two transactions would otherwise read the same chain head.
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, ilike, lte, sql, type SQL } from 'drizzle-orm';
import { canonicalJson } from '../../workflows/canonical';
import type { Executor, Tx } from '../db/client';
import { containsPattern } from '../db/like';
import { auditLog } from '../db/schema';

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditEntry {
  actor: { id: string; email?: string | null } | null;
  action: string;
  entityType: string;
  entityId: string;
  versionHash?: string | null;
  detail?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);
/** The advisory lock key that serialises appends (any constant bigint). */
const AUDIT_LOCK_KEY = 0x6f63746f61756469n; // "octoaudi"

/** What is hashed: every column except seq (a storage detail) and the hashes themselves. */
function hashOf(row: Omit<AuditRow, 'seq' | 'hash'>): string {
  const body = canonicalJson({
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorEmail: row.actorEmail,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    versionHash: row.versionHash,
    detail: row.detail,
  });
  return createHash('sha256').update(body + row.prevHash, 'utf8').digest('hex');
}

function isTx(db: Executor): db is Tx {
  return typeof (db as Partial<Tx>).rollback === 'function';
}

/** Runs `fn` in the caller's transaction, or a new one: a change and its audit entry commit together. */
export function inTransaction<T>(db: Executor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return isTx(db) ? fn(db) : db.transaction(fn);
}

/** Who acted, as the audit log records it. */
export type AuditActor = AuditEntry['actor'];

/** Appends one entry inside the caller's transaction (or a new one). */
export async function appendAudit(db: Executor, entry: AuditEntry, at: Date = new Date()): Promise<AuditRow> {
  if (!isTx(db)) return db.transaction((tx) => appendAudit(tx, entry, at));
  await db.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY.toString()}::bigint)`);
  const [head] = await db.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const row = {
    // Millisecond precision: what JavaScript and the hash see is exactly what is stored.
    at: new Date(at.getTime()),
    actorId: entry.actor?.id ?? null,
    actorEmail: entry.actor?.email ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    versionHash: entry.versionHash ?? null,
    // Through JSON once, as jsonb will give it back (dates become strings, undefined goes).
    detail: JSON.parse(JSON.stringify(entry.detail ?? {})) as Record<string, unknown>,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const [saved] = await db.insert(auditLog).values({ ...row, hash: hashOf(row) }).returning();
  return saved;
}

export type ChainCheck =
  | { ok: true; entries: number }
  | { ok: false; entries: number; seq: number; reason: 'hash_mismatch' | 'broken_link'; entry: AuditRow };

/** Walks the chain from the start; the first entry whose hash or link does not hold is named. */
export async function verifyAuditChain(db: Executor): Promise<ChainCheck> {
  let prev = GENESIS_HASH;
  let after = 0;
  let entries = 0;
  for (;;) {
    const page = await db.select().from(auditLog).where(gt(auditLog.seq, after)).orderBy(asc(auditLog.seq)).limit(1000);
    if (page.length === 0) return { ok: true, entries };
    for (const row of page) {
      if (row.prevHash !== prev) return { ok: false, entries, seq: row.seq, reason: 'broken_link', entry: row };
      if (hashOf(row) !== row.hash) return { ok: false, entries, seq: row.seq, reason: 'hash_mismatch', entry: row };
      prev = row.hash;
      entries++;
    }
    after = page[page.length - 1].seq;
  }
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
}

function where(f: AuditFilter): SQL | undefined {
  return and(
    f.actor ? ilike(auditLog.actorEmail, containsPattern(f.actor)) : undefined,
    f.action ? ilike(auditLog.action, containsPattern(f.action)) : undefined,
    f.entityType ? eq(auditLog.entityType, f.entityType) : undefined,
    f.entityId ? eq(auditLog.entityId, f.entityId) : undefined,
    f.from ? gte(auditLog.at, f.from) : undefined,
    f.to ? lte(auditLog.at, f.to) : undefined,
  );
}

export async function searchAudit(db: Executor, f: AuditFilter & { limit?: number; beforeSeq?: number }) {
  return db
    .select()
    .from(auditLog)
    .where(and(where(f), f.beforeSeq ? sql`${auditLog.seq} < ${f.beforeSeq}` : undefined))
    .orderBy(desc(auditLog.seq))
    .limit(Math.min(f.limit ?? 100, 500));
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  // A leading = + - @ would run as a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The matching entries as CSV (oldest first, with their hashes so the export can be checked). */
export async function exportAuditCsv(db: Executor, f: AuditFilter): Promise<string> {
  const header = ['seq', 'at', 'actor_email', 'actor_id', 'action', 'entity_type', 'entity_id', 'version_hash', 'detail', 'prev_hash', 'hash'];
  const lines = [header.join(',')];
  let after = 0;
  for (;;) {
    const page = await db.select().from(auditLog).where(and(where(f), gt(auditLog.seq, after))).orderBy(asc(auditLog.seq)).limit(1000);
    for (const r of page) {
      lines.push([r.seq, r.at.toISOString(), r.actorEmail, r.actorId, r.action, r.entityType, r.entityId, r.versionHash, r.detail, r.prevHash, r.hash].map(csvCell).join(','));
    }
    if (page.length < 1000) break;
    after = page[page.length - 1].seq;
  }
  return `${lines.join('\r\n')}\r\n`;
}
