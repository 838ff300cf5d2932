// The locale comes from the signed-in user's own setting (the language switch saves it, so it
// follows them to another browser), then the NEXT_LOCALE cookie (the switch sets it too; it is
// all there is before sign-in), then the browser's Accept-Language, then Simplified Chinese.
// No URL prefix.
import { getRequestConfig } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { currentUser } from '@/app/_lib/session';
import { loadMessages } from './load-messages';
import { LOCALE_COOKIE, pickLocale, type Locale } from './config';

export async function resolveLocale(): Promise<Locale> {
  // Cookies first: reading them marks the page as rendered per request before the database is touched.
  const jar = await cookies();
  const saved = (await currentUser())?.locale;
  return pickLocale(saved, jar.get(LOCALE_COOKIE)?.value, (await headers()).get('accept-language'));
}

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  // The operator is in one province: times are shown in China Standard Time on server and client.
  return { locale, timeZone: 'Asia/Shanghai', messages: loadMessages(locale) };
});
