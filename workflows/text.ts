import { z } from 'zod';

/** Text shown to people: every user-facing string ships in English and Simplified Chinese. */
export const LocalizedText = z.object({ en: z.string(), zh: z.string() });
export type LocalizedText = z.infer<typeof LocalizedText>;

export function t(en: string, zh: string): LocalizedText {
  return { en, zh };
}

/** The text for a reader of `locale` (English unless the reader reads Simplified Chinese). */
export function textIn(text: LocalizedText, locale: string | undefined): string {
  return locale === 'zh-CN' ? text.zh : text.en;
}

/** Shortens user-controlled text before it is quoted inside a message. */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
