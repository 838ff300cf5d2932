import { eq } from 'drizzle-orm';
import type { App } from '@/server/app';
import { Department, Role, type Actor } from '@/server/auth/roles';
import { user } from '@/server/db/schema';
import { createCaller } from '@/server/api/root';

/** The demo account with this email, as the actor the API would see after sign-in. */
export async function actorFor(app: App, email: string): Promise<Actor> {
  const [u] = await app.rt.db.select().from(user).where(eq(user.email, email));
  if (!u) throw new Error(`no account ${email}`);
  return { id: u.id, name: u.name, email: u.email, role: Role.parse(u.role), department: Department.parse(u.department), team: u.team, shopId: u.shopId };
}

/** The API as this demo account calls it; refusals in `locale` when given (English otherwise, as for calls without a person's request). */
export async function callerAs(app: App, email: string | null, locale?: 'zh-CN' | 'en') {
  return createCaller({ app, actor: email ? await actorFor(app, email) : null, locale });
}
