// Server-side only: reads the request's session cookie through better-auth, once per request
// (React's cache: the layout, the page and the locale all ask).
import { cache } from 'react';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getApp } from '@/server/app';
import { Department, Role, type Actor } from '@/server/auth/roles';
import { changePasswordPath, REQUEST_PATH_HEADER, signInPath } from './return-path';

type SessionUser = {
  id: string;
  name: string;
  email: string;
  role?: unknown;
  department?: unknown;
  team?: unknown;
  shopId?: unknown;
  locale?: unknown;
  disabledAt?: unknown;
  mustChangePassword?: unknown;
};

/** The signed-in user's row as the session carries it, or null. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await (await getApp()).auth.api.getSession({ headers: await headers() });
  return session ? (session.user as SessionUser) : null;
});

/**
 * The signed-in user of this request, or null (no session, a disabled account, an account that must
 * first change the password an administrator set, or an account without a valid role).
 */
export async function currentActor(): Promise<Actor | null> {
  const u = await currentUser();
  if (!u || u.disabledAt || u.mustChangePassword) return null;
  const role = Role.safeParse(u.role);
  const department = Department.safeParse(u.department);
  if (!role.success || !department.success) return null;
  const team = typeof u.team === 'string' ? u.team : null;
  const shopId = typeof u.shopId === 'string' ? u.shopId : null;
  return { id: u.id, name: u.name, email: u.email, role: role.data, department: department.data, team, shopId };
}

/** Whether the person is signed in with a password an administrator set, which they must change before anything else. */
export async function mustChangePassword(): Promise<boolean> {
  const u = await currentUser();
  return Boolean(u && !u.disabledAt && u.mustChangePassword === true);
}

/**
 * Sends a signed-out person to the sign-in page, and one who must first change the password an
 * administrator set to the change-password page; either brings them back to the page they asked
 * for (its path and query, from proxy.ts) afterwards.
 */
export async function redirectToSignIn(): Promise<never> {
  const asked = (await headers()).get(REQUEST_PATH_HEADER);
  redirect((await mustChangePassword()) ? changePasswordPath(asked) : signInPath(asked));
}
