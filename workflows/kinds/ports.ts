import { z } from 'zod';

/** A user-named output port (split branches, switch cases): short, lower-case, stable. */
export const PortName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, { message: 'a lower-case letter, then up to 31 letters, digits or _' })
  .meta({ label: { en: 'Output name', zh: '出口名称' } });

export function duplicates(names: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const n of names) (seen.has(n) ? dup : seen).add(n);
  return [...dup];
}
