// API keys for upstream systems and partners. Only the SHA-256 of a key is stored; the key
// itself is shown once, when created.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { apiKeys } from '../db/schema';

export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

export async function createApiKey(db: Executor, name: string, scopes: string[], key?: string) {
  const plain = key ?? `octo_${randomBytes(24).toString('base64url')}`;
  const id = randomUUID();
  await db.insert(apiKeys).values({ id, name, keyHash: hashApiKey(plain), scopes });
  return { id, key: plain };
}

/** The key's row if it exists and is not revoked. */
export async function findApiKey(db: Executor, key: string) {
  const [row] = await db
    .select({ id: apiKeys.id, name: apiKeys.name, scopes: apiKeys.scopes })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)));
  return row ?? null;
}
