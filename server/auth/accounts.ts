// Creating accounts on the server (administrators and the demo seed). The password is hashed
// with better-auth's own scrypt hasher so its sign-in verifies it.
import { randomUUID } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
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
    .values({ id, email, name: a.name, emailVerified: true, role: a.role, department: a.department, team: a.team ?? null, shopId: a.shopId ?? null, titles: a.titles ?? [], roleSource: a.roleSource ?? null })
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
