// Secrets at rest (partner webhook signing secrets): AES-256-GCM with a key that never enters
// the database. OCTOFLOW_SECRET_KEY holds 32 random bytes (base64 or hex); without it, the
// embedded single-process install generates one once into a file beside the data folder (mode
// 0600, like the session secret), and PostgreSQL installs — several processes sharing one
// database — refuse to store secrets until the key is set, rather than each process inventing its
// own. A stored secret is `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url): the key id (first 8
// hex digits of SHA-256 of the key) names a wrong key in the error instead of failing obscurely,
// and the row's id is bound in as associated data, so a ciphertext copied onto another row does
// not decrypt.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Env } from '../env';
import { ServiceError } from './errors';

export interface SecretBox {
  /** The key's id (not the key): shown in errors and the admin screen. */
  keyId: string;
  seal(plain: string, boundTo: string): string;
  open(sealed: string, boundTo: string): string;
}

const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

/** A 32-byte key from base64, base64url or hex text; throws naming what is wrong. */
export function parseSecretKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error('OCTOFLOW_SECRET_KEY: must be 32 random bytes, as 64 hex digits or base64 (openssl rand -base64 32)');
  return key;
}

export function secretBox(key: Buffer): SecretBox {
  const keyId = keyIdOf(key);
  return {
    keyId,
    seal(plain, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(boundTo, 'utf8'));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
    },
    open(sealed, boundTo) {
      const [v, id, iv, tag, ct] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('the stored secret is not in the v1 format');
      if (id !== keyId) throw new Error(`the stored secret was encrypted with key ${id}, but OCTOFLOW_SECRET_KEY is key ${keyId}`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(boundTo, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('the stored secret does not decrypt (altered, or moved from another row)');
      }
    },
  };
}

/**
 * The process's secret box, or null on PostgreSQL without OCTOFLOW_SECRET_KEY (storing secrets
 * is then refused with a message naming the variable). The generated file is created once with
 * O_EXCL, so two starts racing never end up with two keys.
 */
export function loadSecretBox(env: Pick<Env, 'OCTOFLOW_SECRET_KEY' | 'DATABASE_URL' | 'OCTOFLOW_DATA_DIR'>): SecretBox | null {
  if (env.OCTOFLOW_SECRET_KEY) return secretBox(parseSecretKey(env.OCTOFLOW_SECRET_KEY));
  if (env.DATABASE_URL) return null;
  const file = path.join(path.dirname(path.resolve(env.OCTOFLOW_DATA_DIR)), 'secret-key');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return secretBox(parseSecretKey(fs.readFileSync(file, 'utf8')));
}

/** The box, or an error an administrator can act on. */
export function requireSecretBox(box: SecretBox | null): SecretBox {
  if (!box) {
    throw new ServiceError('PRECONDITION_FAILED', 'secrets cannot be stored: set OCTOFLOW_SECRET_KEY (32 random bytes, e.g. `openssl rand -base64 32`) on every Octoflow process of this database');
  }
  return box;
}
