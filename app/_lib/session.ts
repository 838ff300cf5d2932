// Server-side only: reads the request's session cookie through better-auth.
import { headers } from 'next/headers';
import { getApp } from '@/server/app';
import { Department, Role, type Actor } from '@/server/auth/roles';

/** The signed-in user of this request, or null (no session, or an account without a valid role). */
export async function currentActor(): Promise<Actor | null> {
  const session = await (await getApp()).auth.api.getSession({ headers: await headers() });
  if (!session) return null;
  const u = session.user as typeof session.user & { role?: unknown; department?: unknown; team?: unknown; shopId?: unknown };
  const role = Role.safeParse(u.role);
  const department = Department.safeParse(u.department);
  if (!role.success || !department.success) return null;
  const team = typeof u.team === 'string' ? u.team : null;
  const shopId = typeof u.shopId === 'string' ? u.shopId : null;
  return { id: u.id, name: u.name, email: u.email, role: role.data, department: department.data, team, shopId };
}
