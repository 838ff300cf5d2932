// Creating accounts on the server (administrators and the demo seed). The password is hashed
// with better-auth's own scrypt hasher so its sign-in verifies it.
import { randomUUID } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { account, user } from '../db/schema';
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
}

export async function createAccount(db: Executor, a: NewAccount): Promise<string> {
  const email = a.email.toLowerCase();
  const [existing] = await db.select({ id: user.id }).from(user).where(eq(user.email, email));
  if (existing) throw new Error(`an account with email ${email} already exists`);
  const id = randomUUID();
  await db.insert(user).values({ id, email, name: a.name, emailVerified: true, role: a.role, department: a.department, team: a.team ?? null, shopId: a.shopId ?? null, titles: a.titles ?? [] });
  await db.insert(account).values({
    id: randomUUID(),
    accountId: id,
    providerId: 'credential',
    userId: id,
    password: await hashPassword(a.password),
  });
  return id;
}
