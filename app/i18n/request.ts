// The locale comes from the NEXT_LOCALE cookie (set by the language switch), then the browser's
// Accept-Language, then Simplified Chinese. No URL prefix.
import { getRequestConfig } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { loadMessages } from './load-messages';
import { defaultLocale, isLocale, LOCALE_COOKIE, type Locale } from './config';

export async function resolveLocale(): Promise<Locale> {
  const fromCookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(fromCookie)) return fromCookie;
  const accept = (await headers()).get('accept-language') ?? '';
  const first = accept.split(',')[0]?.trim().toLowerCase() ?? '';
  if (first.startsWith('en')) return 'en';
  return defaultLocale;
}

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  // The operator is in one province: times are shown in China Standard Time on server and client.
  return { locale, timeZone: 'Asia/Shanghai', messages: loadMessages(locale) };
});
