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
  /** Test and drill use only: the clock starts at this instant and runs on from there. */
  OCTOFLOW_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
  /** Test use only: `name:n` kills this process (SIGKILL) the n-th time it passes failpoint `name`. */
  OCTOFLOW_FAILPOINT: z.string().regex(/^[a-z.-]+:\d+(:stop)?$/).optional(),
  /** How long a worker may hold a claimed effect; on PostgreSQL also the idle-in-transaction
   *  timeout, so a stalled worker's locks are released and its lease taken over. */
  OCTOFLOW_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
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
