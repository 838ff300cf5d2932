import type { useTranslations } from 'next-intl';

export type Params = Record<string, string | number>;
type Translate = ReturnType<typeof useTranslations<'customerData.imports'>>;

/** A rejected line's or file's reason in the user's language (the English reason if the code is new to this page). */
export function reasonText(t: Translate, code: string | undefined, params: Params | undefined, english: string): string {
  const key = `reasons.${code}` as 'reasons.encoding';
  if (!code || !t.has(key)) return english;
  const kind = params?.kind;
  const values = kind === 'customers' || kind === 'subscriptions' ? { ...params, kind: t(`kinds.${kind}`) } : params;
  return t(key, values as never);
}
