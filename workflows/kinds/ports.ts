import { z } from 'zod';
import { formatMessage } from '../zod-text';

/** A user-named output port (split branches, switch cases): short, lower-case, stable. */
export const PortName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, { message: formatMessage('a lower-case letter, then up to 31 letters, digits or _', '以小写字母开头，最多32个小写字母、数字或 _') })
  .meta({ label: { en: 'Output name', zh: '出口名称' } });

export function duplicates(names: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const n of names) (seen.has(n) ? dup : seen).add(n);
  return [...dup];
}
