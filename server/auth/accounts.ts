// Creating accounts on the server (administrators and the demo seed), and reading an account's
// password credential. Passwords are hashed and checked with better-auth's own scrypt hasher (the
// one its sign-in uses), never by hand.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { hashPassword, verifyPassword } from 'better-auth/crypto';
import type { Executor } from '../db/client';
import { account, user } from '../db/schema';
import { fieldRefusal } from '../services/errors';
import { t } from '../../workflows/text';
import type { Department, Role } from './roles';

export interface NewAccount {
  email: string;
  name: string;
  password: string;
  role: Role;
  department: Department;
  /** Frontline staff: call-centre team and shop. */
  team?: string | null;
  shopId?: string | null;
  /** Job titles (岗位) that approval nodes may name. */
  titles?: string[];
  /** 'manual' for an account an administrator made (SSO keeps its role); null for the seed. */
  roleSource?: string | null;
  /** The person must choose a password of their own at their next sign-in (an administrator set this one). */
  mustChangePassword?: boolean;
}

/**
 * Creates the account and its password credential; refuses (CONFLICT, on the email field) an email
 * another account has, also when two creations of it race (the insert skips a taken email).
 */
export async function createAccount(db: Executor, a: NewAccount): Promise<string> {
  const email = a.email.toLowerCase();
  const id = randomUUID();
  // Hashed before any row is written: no lock the insert takes is held while scrypt runs.
  const password = await hashPassword(a.password);
  const [created] = await db
    .insert(user)
    .values({ id, email, name: a.name, emailVerified: true, role: a.role, department: a.department, team: a.team ?? null, shopId: a.shopId ?? null, titles: a.titles ?? [], roleSource: a.roleSource ?? null, mustChangePassword: a.mustChangePassword ?? false })
    .onConflictDoNothing({ target: user.email })
    .returning({ id: user.id });
  if (!created) throw fieldRefusal('email', '邮箱', t(`an account with email ${email} already exists`, `已有使用邮箱 ${email} 的账号`), 'CONFLICT');
  await db.insert(account).values({
    id: randomUUID(),
    accountId: id,
    providerId: 'credential',
    userId: id,
    password,
  });
  return id;
}

/** The account's password credential (its row id and hash), or null for an account that signs in only through single sign-on. */
export async function passwordCredential(db: Executor, userId: string): Promise<{ id: string; hash: string } | null> {
  const [row] = await db
    .select({ id: account.id, hash: account.password })
    .from(account)
    .where(and(eq(account.userId, userId), eq(account.providerId, 'credential')));
  return row?.hash ? { id: row.id, hash: row.hash } : null;
}

/** Whether `password` is the one `hash` was made from (better-auth's verifier, constant-time). */
export function passwordMatches(hash: string, password: string): Promise<boolean> {
  return verifyPassword({ hash, password });
}

/** A password's hash as better-auth's sign-in checks it. */
export function passwordHash(password: string): Promise<string> {
  return hashPassword(password);
}
