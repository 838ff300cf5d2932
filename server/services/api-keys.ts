// API keys for upstream systems and partners. Only the SHA-256 of a key is stored; the key
// itself is shown once, when created. Each key has scopes and a rate limit (token bucket).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { formatMessage } from '../../workflows/zod-text';
import { isTransaction, type Executor } from '../db/client';
import { changedBy, feedOf, FeedCache, type ChangeFeed } from '../db/change-feed';
import { processWide } from '../process-wide';
import { groupCommitPer } from '../runtime/group-commit';
import { apiKeys } from '../db/schema';
import { ApiKeyScope } from '../auth/api-scopes';
import { appendAudit, inTransaction, type AuditActor } from './audit';
import { fieldRefusal, ServiceError } from './errors';
import { t } from '../../workflows';

export { API_KEY_SCOPES, ApiKeyScope } from '../auth/api-scopes';

export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

export const NewApiKey = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(ApiKeyScope).min(1, formatMessage('choose at least one scope', '请至少选择一个权限范围')),
  ratePerSecond: z.number().int().min(1).max(100_000).default(50),
  burst: z.number().int().min(1).max(1_000_000).default(100),
});
export type NewApiKey = z.input<typeof NewApiKey>;

export async function createApiKey(
  db: Executor,
  name: string,
  scopes: string[],
  key?: string,
  limits: { ratePerSecond?: number; burst?: number; createdBy?: string } = {},
) {
  const plain = key ?? `octo_${randomBytes(24).toString('base64url')}`;
  const id = randomUUID();
  await db.insert(apiKeys).values({
    id,
    name,
    keyHash: hashApiKey(plain),
    scopes,
    // Keys made by code (the demo, benchmarks, set-up scripts) are for trusted upstream systems;
    // administrators choose a limit for each partner key in the UI.
    ratePerSecond: limits.ratePerSecond ?? 10_000,
    burst: limits.burst ?? 20_000,
    createdBy: limits.createdBy ?? null,
  });
  return { id, key: plain };
}

/** An administrator's new key: validated; the plain key is returned once and never stored (nor audited). */
export async function issueApiKey(db: Executor, actor: NonNullable<AuditActor> & { email: string }, input: NewApiKey) {
  const v = NewApiKey.parse(input);
  if (v.burst < 1) throw fieldRefusal('burst', '突发上限', t('at least 1', '至少为 1'));
  return inTransaction(db, async (tx) => {
    const created = await createApiKey(tx, v.name, v.scopes, undefined, { ratePerSecond: v.ratePerSecond, burst: v.burst, createdBy: actor.email });
    await appendAudit(tx, { actor, action: 'api_key.create', entityType: 'api_key', entityId: created.id, detail: { name: v.name, scopes: v.scopes, ratePerSecond: v.ratePerSecond, burst: v.burst } });
    return created;
  });
}

/** The keys without their hashes, newest first. */
export async function listApiKeys(db: Executor) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      scopes: apiKeys.scopes,
      ratePerSecond: apiKeys.ratePerSecond,
      burst: apiKeys.burst,
      createdBy: apiKeys.createdBy,
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .orderBy(desc(apiKeys.createdAt));
}

/**
 * Revokes a key. Every request with it is refused from the next one on in this process, and in
 * the others as soon as they hear of the commit (change-feed.ts: milliseconds).
 */
export async function revokeApiKey(db: Executor, actor: AuditActor, id: string, now: Date) {
  await inTransaction(db, async (tx) => {
    const [row] = await tx.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id, name: apiKeys.name });
    if (!row) {
      const [exists] = await tx.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, id));
      throw new ServiceError(exists ? 'CONFLICT' : 'NOT_FOUND', exists ? t(`API key ${id} is already revoked`, `API 密钥 ${id} 已被吊销`) : t(`API key ${id} not found`, `找不到 API 密钥 ${id}`));
    }
    await appendAudit(tx, { actor, action: 'api_key.revoke', entityType: 'api_key', entityId: id, detail: { name: row.name } }, now);
  });
  changedBy(db, 'api_keys');
}

/**
 * The key's row if it exists and is not revoked. Valid keys are cached while the database's change
 * feed is live (db/change-feed.ts), so a request does not wait for a query before its real work;
 * unknown and revoked keys are always looked up.
 */
export async function findApiKey(db: Executor, key: string): Promise<ApiKeyRow | null> {
  const hash = hashApiKey(key);
  if (isTransaction(db)) return (await lookUp(db, [hash]))[0];
  const feed = feedOf(db);
  return feed ? cacheOf(feed).get(hash, () => lookupGrouped(db, hash)) : lookupGrouped(db, hash);
}

const caches = processWide('api-keys.cache', () => new WeakMap<ChangeFeed, FeedCache<ApiKeyRow | null>>());

function cacheOf(feed: ChangeFeed) {
  let c = caches.get(feed);
  if (!c) caches.set(feed, (c = new FeedCache<ApiKeyRow | null>(feed, 'api_keys', (row) => row !== null)));
  return c;
}

type ApiKeyRow = { id: string; name: string; scopes: string[]; ratePerSecond: number; burst: number };

// Concurrent requests' key checks share one query (group commit: each query starts after its
// callers arrived, so a key revoked before a request is refused for it).
async function lookUp(db: Executor, hashes: string[]): Promise<(ApiKeyRow | null)[]> {
  const rows = await db
    .select({ hash: apiKeys.keyHash, id: apiKeys.id, name: apiKeys.name, scopes: apiKeys.scopes, ratePerSecond: apiKeys.ratePerSecond, burst: apiKeys.burst })
    .from(apiKeys)
    .where(and(inArray(apiKeys.keyHash, [...new Set(hashes)]), isNull(apiKeys.revokedAt)));
  const byHash = new Map(rows.map(({ hash, ...row }) => [hash, row as ApiKeyRow]));
  return hashes.map((h) => byHash.get(h) ?? null);
}

const lookupGrouped = groupCommitPer((db: Executor) => (hashes: string[]) => lookUp(db, hashes));
