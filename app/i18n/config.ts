export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'zh-CN';
export const LOCALE_COOKIE = 'NEXT_LOCALE';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/**
 * A person's language: their own saved setting, then the language cookie (all there is before
 * sign-in), then the browser's first Accept-Language, then Simplified Chinese. The pages and the
 * API's error messages choose it the same way.
 */
export function pickLocale(saved: unknown, cookie: unknown, acceptLanguage: string | null): Locale {
  if (isLocale(saved)) return saved;
  if (isLocale(cookie)) return cookie;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : defaultLocale;
}
