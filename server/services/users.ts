// Accounts and their access (issue 6): administrators create accounts, list users and give them a
// role, a department, job titles (岗位, which approval nodes may name) and, for frontline staff, the
// call-centre team or shop they work for (an active one of the organisation, frontline-org.ts). Where a role came from is kept:
// a role set here is 'manual' and an SSO sign-in keeps it (server/auth/sso-access.ts). A leaver's
// account is disabled, not deleted: no sign-in, sessions and API keys end, history keeps the name.
// Every change is audited; a change that would leave no enabled administrator is refused.
// An account created here must choose its own password at its first sign-in (passwords.ts).
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { formatMessage } from '../../workflows/zod-text';
import { createAccount } from '../auth/accounts';
import { MANUAL_ROLE_SOURCE } from '../auth/sso-access';
import { Department, Role, type Actor } from '../auth/roles';
import { changedBy } from '../db/change-feed';
import type { Executor, Tx } from '../db/client';
import { apiKeys, frontlineTasks, session, user } from '../db/schema';
import type { Runtime } from '../runtime/runtime';
import { appendAudit, inTransaction } from './audit';
import { parseInput, ServiceError } from './errors';
import { checkAssignment } from './frontline-org';
import { generatePassword, NewPassword } from './passwords';
import { t } from '../../workflows';

export const UserAccess = z.object({
  userId: z.string().min(1),
  role: Role,
  department: Department,
  /** Job titles, e.g. 营销经理; trimmed, blanks and repeats dropped. */
  titles: z.array(z.string().trim().max(64, formatMessage('a role name may be at most 64 characters', '角色名称最多 64 个字符'))).max(20, formatMessage('at most 20 roles per person', '每人最多 20 个角色')).default([]),
  /** Frontline staff: the call-centre team whose queue they work, null for none; absent: left as it is. */
  team: z.string().trim().max(40).nullish(),
  /** Frontline staff: the shop whose opportunities they work, null for none; absent: left as it is. */
  shopId: z.string().trim().max(40).nullish(),
});
export type UserAccess = z.infer<typeof UserAccess>;

/** A new account: who, their access, and the initial password (absent: one is generated and returned once). */
export const NewUser = UserAccess.omit({ userId: true }).extend({
  email: z.string().trim().toLowerCase().pipe(z.email(formatMessage('must be an email address, such as li.lei@operator.example', '须为邮箱地址，例如 li.lei@operator.example'))),
  name: z.string().trim().min(1, formatMessage('enter the person’s name', '请填写姓名')).max(100, formatMessage('at most 100 characters', '最多 100 个字符')),
  password: NewPassword.optional(),
});
export type NewUser = z.input<typeof NewUser>;

/**
 * Every account with its access, where its role came from, whether it has a password (an account
 * that signs in only through single sign-on has none) and must still choose its own, by name.
 */
export async function listUsers(db: Executor) {
  return db
    .select({
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      department: user.department,
      titles: user.titles,
      team: user.team,
      shopId: user.shopId,
      roleSource: user.roleSource,
      disabledAt: user.disabledAt,
      // Spelt out: drizzle writes the columns unqualified here, and "id" would be the account's.
      hasPassword: sql<boolean>`exists (select 1 from "account" a where a.user_id = "user"."id" and a.provider_id = 'credential' and a.password is not null)`,
      mustChangePassword: user.mustChangePassword,
      updatedAt: user.updatedAt,
    })
    .from(user)
    .orderBy(asc(user.name), asc(user.email));
}

/**
 * Gives a user a role, a department, titles and a workplace, marked as set by hand. Refused when it
 * would take the last enabled administrator's role away, or name a team or shop that does not exist or is
 * deactivated. The administrators' rows are locked first, so two changes at once cannot each leave
 * the other as the last one and both go through.
 */
export async function setUserAccess(db: Executor, actor: Actor, input: UserAccess) {
  const titles = [...new Set(input.titles.filter(Boolean))];
  return inTransaction(db, async (tx) => {
    const admins = await lockEnabledAdmins(tx);
    const [row] = await tx.select().from(user).where(eq(user.id, input.userId)).for('update');
    if (!row) throw new ServiceError('NOT_FOUND', t(`user ${input.userId} not found`, `找不到用户 ${input.userId}`));
    if (row.role === 'admin' && !row.disabledAt && input.role !== 'admin' && admins.length <= 1) {
      throw new ServiceError(
        'PRECONDITION_FAILED',
        t(`${row.name} is the only administrator: make someone else an administrator first, or nobody could manage users`, `${row.name}是唯一的管理员：请先指定其他人为管理员，否则将无人能管理用户`),
        { reason: 'last_admin' },
      );
    }
    const workplace = { team: input.team === undefined ? row.team : input.team || null, shopId: input.shopId === undefined ? row.shopId : input.shopId || null };
    await checkAssignment(tx, { role: input.role, ...workplace }, row);
    const from = { role: row.role, department: row.department, titles: row.titles, team: row.team, shopId: row.shopId, roleSource: row.roleSource };
    const to = { role: input.role, department: input.department, titles, ...workplace, roleSource: MANUAL_ROLE_SOURCE };
    await tx
      .update(user)
      .set({ ...to, updatedAt: sql`now()` })
      .where(eq(user.id, row.id));
    await appendAudit(tx, { actor, action: 'user.set_access', entityType: 'user', entityId: row.id, detail: { email: row.email, from, to } });
    return { id: row.id, ...to };
  });
}

/**
 * The enabled administrators, their rows locked in id order: a change that could leave none (a
 * demotion, a disabling) takes these locks first, so two at once cannot each leave the other.
 */
function lockEnabledAdmins(tx: Tx) {
  return tx
    .select({ id: user.id })
    .from(user)
    .where(and(eq(user.role, 'admin'), isNull(user.disabledAt)))
    .orderBy(asc(user.id))
    .for('update');
}

/**
 * Creates an account with its access and an initial password through the auth library's hasher
 * (accounts.ts); the password is neither stored in clear nor audited. Without a password one is
 * generated and returned this once for the administrator to hand over; either way the person must
 * choose their own at their first sign-in (passwords.ts). Refused: a taken email
 * (naming the field), and a team or shop that does not exist or is deactivated.
 */
export async function createUser(db: Executor, actor: Actor, input: NewUser): Promise<{ id: string; email: string; name: string; generatedPassword: string | null }> {
  const v = parseInput(NewUser, input);
  const titles = [...new Set(v.titles.filter(Boolean))];
  const workplace = { team: v.team || null, shopId: v.shopId || null };
  const generatedPassword = v.password === undefined ? generatePassword() : null;
  return inTransaction(db, async (tx) => {
    await checkAssignment(tx, { role: v.role, ...workplace }, { team: null, shopId: null });
    const access = { role: v.role, department: v.department, titles, ...workplace };
    const id = await createAccount(tx, { email: v.email, name: v.name, password: v.password ?? generatedPassword!, ...access, roleSource: MANUAL_ROLE_SOURCE, mustChangePassword: true });
    await appendAudit(tx, { actor, action: 'user.create', entityType: 'user', entityId: id, detail: { email: v.email, name: v.name, ...access, passwordGenerated: generatedPassword !== null } });
    return { id, email: v.email, name: v.name, generatedPassword };
  });
}

/**
 * Disables an account (a leaver) or enables it again. Disabling ends the person's sessions at once
 * (their next request is signed out), revokes the API keys they created (keys stay revoked when
 * the account is enabled again: the person knew them), and puts the frontline calls they had
 * claimed or promised to call back to their team's queue. Refused: disabling one's own account,
 * and an administrator acting after their own account was disabled.
 */
export async function setUserDisabled(rt: Pick<Runtime, 'db' | 'clock'>, actor: Actor, userId: string, disabled: boolean) {
  const db = rt.db;
  if (disabled && userId === actor.id) {
    throw new ServiceError('PRECONDITION_FAILED', t('you cannot disable your own account: ask another administrator', '不能停用自己的账号：请由其他管理员操作'), { reason: 'self' });
  }
  const revoked: { id: string; name: string }[] = [];
  const result = await inTransaction(db, async (tx) => {
    // After the administrators' locks, an administrator disabled a moment ago (by another one
    // disabling them at the same time) no longer acts: two cannot disable each other and leave none.
    await lockEnabledAdmins(tx);
    const [me] = await tx.select({ disabledAt: user.disabledAt }).from(user).where(eq(user.id, actor.id));
    if (!me || me.disabledAt) throw new ServiceError('FORBIDDEN', t('your account is disabled', '您的账号已停用'));
    const [row] = await tx.select().from(user).where(eq(user.id, userId)).for('update');
    if (!row) throw new ServiceError('NOT_FOUND', t(`user ${userId} not found`, `找不到用户 ${userId}`));
    if (Boolean(row.disabledAt) === disabled) {
      throw new ServiceError(
        'CONFLICT',
        disabled ? t(`${row.name} (${row.email}) is already disabled`, `${row.name}（${row.email}）已停用`) : t(`${row.name} (${row.email}) is already enabled`, `${row.name}（${row.email}）已启用`),
      );
    }
    const now = rt.clock.now();
    const [saved] = await tx
      .update(user)
      .set({ disabledAt: disabled ? now : null, updatedAt: now })
      .where(eq(user.id, row.id))
      .returning({ id: user.id, disabledAt: user.disabledAt });
    if (!disabled) {
      await appendAudit(tx, { actor, action: 'user.enable', entityType: 'user', entityId: row.id, detail: { email: row.email, disabledSince: row.disabledAt!.toISOString() } }, now);
      return saved;
    }
    const ended = await tx.delete(session).where(eq(session.userId, row.id)).returning({ id: session.id });
    revoked.push(...(await tx.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.createdBy, row.email), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id, name: apiKeys.name })));
    const released = await tx
      .update(frontlineTasks)
      .set({ status: 'open', claimedBy: null, claimedAt: null, assignedTo: null })
      .where(and(eq(frontlineTasks.status, 'claimed'), eq(frontlineTasks.claimedBy, row.id)))
      .returning({ id: frontlineTasks.id });
    const callBacks = await tx
      .update(frontlineTasks)
      .set({ assignedTo: null })
      .where(and(eq(frontlineTasks.status, 'open'), eq(frontlineTasks.assignedTo, row.id)))
      .returning({ id: frontlineTasks.id });
    for (const key of revoked) {
      await appendAudit(tx, { actor, action: 'api_key.revoke', entityType: 'api_key', entityId: key.id, detail: { name: key.name, reason: 'owner_disabled', owner: row.email } }, now);
    }
    await appendAudit(
      tx,
      {
        actor,
        action: 'user.disable',
        entityType: 'user',
        entityId: row.id,
        detail: { email: row.email, sessionsEnded: ended.length, apiKeysRevoked: revoked.map((k) => k.id), frontlineTasksReleased: released.length + callBacks.length },
      },
      now,
    );
    return saved;
  });
  if (revoked.length) changedBy(db, 'api_keys');
  return result;
}

/**
 * The job titles approvers hold, per department: what an approval node's role can name (the
 * designer offers them in a picker). Only titles held by an approver or administrator count.
 */
export async function approverTitles(db: Executor): Promise<{ department: string; titles: string[] }[]> {
  const rows = await db
    .selectDistinct({ department: user.department, title: sql<string>`unnest(${user.titles})` })
    .from(user)
    .where(sql`${user.role} in ('approver', 'admin')`);
  const byDepartment = new Map<string, string[]>();
  for (const r of rows) byDepartment.set(r.department, [...(byDepartment.get(r.department) ?? []), r.title]);
  return [...byDepartment].map(([department, titles]) => ({ department, titles: titles.sort((a, b) => a.localeCompare(b, 'zh-CN')) })).sort((a, b) => a.department.localeCompare(b.department));
}
