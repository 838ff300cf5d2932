// The role (岗位, a job title such as 营销经理) an approval node may name (issue 6). Accounts carry
// their titles (`user.titles`, set by an administrator on the users page); a sign-off or a
// per-customer task whose node names a role is decided only by an approver holding that title.
// Administrators stand in for any approver, as for departments (docs/closed-loop.md).
import { eq } from 'drizzle-orm';
import type { Actor } from '../auth/roles';
import type { Executor } from '../db/client';
import { user } from '../db/schema';
import { ServiceError } from './errors';
import { departmentName, t } from '../../workflows';

/** The account's titles as stored now (a change on the users page applies without signing in again). */
export async function titlesOf(db: Executor, userId: string): Promise<string[]> {
  const [row] = await db.select({ titles: user.titles }).from(user).where(eq(user.id, userId));
  return row?.titles ?? [];
}

/** Whether this person holds the role a node names (none named: anyone of the department). */
export function holdsRole(actor: Pick<Actor, 'role'>, titles: readonly string[], role: string | null | undefined): boolean {
  const needed = role?.trim();
  if (!needed || actor.role === 'admin') return true;
  return titles.some((t) => t.trim() === needed);
}

/** The refusal when the role is missing: names the role and the department it belongs to. */
export function roleRefusal(role: string, department: string): ServiceError {
  return new ServiceError(
    'FORBIDDEN',
    t(
      `this approval needs the role "${role.trim()}" in the ${department} department; you do not hold it (an administrator gives roles on the users page)`,
      `此审批需要${departmentName(department).zh}的“${role.trim()}”角色；您没有该角色（管理员可在用户页面中授予）`,
    ),
    { reason: 'role_required', role: role.trim(), department },
  );
}
