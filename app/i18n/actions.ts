'use server';
import { cookies } from 'next/headers';
import { eq } from 'drizzle-orm';
import { getApp } from '@/server/app';
import { user } from '@/server/db/schema';
import { currentActor } from '@/app/_lib/session';
import { isLocale, LOCALE_COOKIE } from './config';

/** The language switch: this browser's cookie, and the signed-in user's own setting (it follows them to another device). */
export async function setLocale(locale: string): Promise<void> {
  if (!isLocale(locale)) throw new Error(`unsupported locale ${locale}`);
  (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax' });
  const actor = await currentActor();
  if (actor) await (await getApp()).rt.db.update(user).set({ locale }).where(eq(user.id, actor.id));
}
