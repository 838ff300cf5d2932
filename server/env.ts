// Environment, parsed once at start-up: a bad value fails fast with the variable's name.
import { z } from 'zod';

export const Env = z.object({
  DATABASE_URL: z.string().url().optional(),
  OCTOFLOW_DATA_DIR: z.string().default('.data/pglite'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Run the event, timer and outbox workers inside the web process (the embedded default). */
  OCTOFLOW_WORKERS: z.enum(['in-process', 'off']).default('in-process'),
  /** Seed demo customers, accounts, the demo campaign and the demo API key on an empty database. */
  OCTOFLOW_DEMO: z.enum(['on', 'off']).default('on'),
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  BETTER_AUTH_URL: z.string().url().optional(),
});
export type Env = z.infer<typeof Env>;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = Env.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${issues}`);
  }
  return parsed.data;
}
