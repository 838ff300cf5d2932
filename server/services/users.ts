// Accounts and their access (issue 6): administrators list users and give them a role, a
// department, job titles (岗位, which approval nodes may name) and, for frontline staff, the
// call-centre team or shop they work for (an active one of the organisation, frontline-org.ts). Where a role came from is kept:
// a role set here is 'manual' and an SSO sign-in keeps it (server/auth/sso-access.ts). Every change
// is audited; a change that would leave no administrator is refused.
import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { formatMessage } from '../../workflows/zod-text';
import { MANUAL_ROLE_SOURCE } from '../auth/sso-access';
import { Department, Role, type Actor } from '../auth/roles';
import type { Executor } from '../db/client';
import { user } from '../db/schema';
import { appendAudit, inTransaction } from './audit';
import { ServiceError } from './errors';
import { checkAssignment } from './frontline-org';
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

/** Every account with its access and where its role came from, by name. */
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
      updatedAt: user.updatedAt,
    })
    .from(user)
    .orderBy(asc(user.name), asc(user.email));
}

/**
 * Gives a user a role, a department, titles and a workplace, marked as set by hand. Refused when it
 * would take the last administrator's role away, or name a team or shop that does not exist or is
 * deactivated. The administrators' rows are locked first, so two changes at once cannot each leave
 * the other as the last one and both go through.
 */
export async function setUserAccess(db: Executor, actor: Actor, input: UserAccess) {
  const titles = [...new Set(input.titles.filter(Boolean))];
  return inTransaction(db, async (tx) => {
    const admins = await tx.select({ id: user.id }).from(user).where(eq(user.role, 'admin')).orderBy(asc(user.id)).for('update');
    const [row] = await tx.select().from(user).where(eq(user.id, input.userId)).for('update');
    if (!row) throw new ServiceError('NOT_FOUND', t(`user ${input.userId} not found`, `找不到用户 ${input.userId}`));
    if (row.role === 'admin' && input.role !== 'admin' && admins.length <= 1) {
      throw new ServiceError(
        'PRECONDITION_FAILED',
        t(`${row.name} is the only administrator: make someone else an administrator first, or nobody could manage users`, `${row.name}是唯一的管理员：请先指定其他人为管理员，否则将无人能管理用户`),
        { reason: 'last_admin' },
      );
    }
    const workplace = { team: input.team === undefined ? row.team : input.team || null, shopId: input.shopId === undefined ? row.shopId : input.shopId || null };
    await checkAssignment(tx, workplace, row);
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
