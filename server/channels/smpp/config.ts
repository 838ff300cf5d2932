// SMPP settings from the environment, checked at start-up: a bad value fails fast with the
// variable's name (never its value: one of them is the password). Lengths are SMPP 3.4's
// (system_id 16 octets, password 9, system_type 13, addresses 21, all NUL included).
import { z } from 'zod';
import type { SmppClientOptions } from './client';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const SmppEnv = z
  .object({
    /** The SMSC (or SMS gateway) to bind to. Unset: no SMPP, or the simulator in demo mode. */
    OCTOFLOW_SMPP_HOST: z.string().min(1).optional(),
    OCTOFLOW_SMPP_PORT: int(1, 65535).default(2775),
    OCTOFLOW_SMPP_SYSTEM_ID: z.string().min(1).max(15).optional(),
    OCTOFLOW_SMPP_PASSWORD: z.string().max(8).optional(),
    OCTOFLOW_SMPP_SYSTEM_TYPE: z.string().max(12).default(''),
    /** Our sender address, e.g. the service code '10690000'. */
    OCTOFLOW_SMPP_SOURCE_ADDR: z.string().max(20).default(''),
    OCTOFLOW_SMPP_WINDOW: int(1, 100).default(10),
    OCTOFLOW_SMPP_RESPONSE_TIMEOUT_MS: int(100, 120_000).default(10_000),
    OCTOFLOW_SMPP_ENQUIRE_LINK_MS: int(1_000, 600_000).default(30_000),
    OCTOFLOW_SMPP_LONG_MESSAGES: z.enum(['udh', 'payload']).default('udh'),
    OCTOFLOW_SMPP_MAX_SEGMENTS: int(1, 255).default(10),
  })
  .superRefine((v, ctx) => {
    if (!v.OCTOFLOW_SMPP_HOST) return;
    for (const key of ['OCTOFLOW_SMPP_SYSTEM_ID', 'OCTOFLOW_SMPP_PASSWORD'] as const) {
      if (v[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'required when OCTOFLOW_SMPP_HOST is set' });
    }
  });
export type SmppEnv = z.infer<typeof SmppEnv>;

export function readSmppEnv(source: Record<string, string | undefined> = process.env): SmppEnv {
  const parsed = SmppEnv.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid SMPP environment: ${issues}`);
  }
  return parsed.data;
}

type ConnectionOptions = Omit<SmppClientOptions, 'onIncoming' | 'log' | 'now'>;

/** Client options for the configured SMSC, or null when OCTOFLOW_SMPP_HOST is unset. */
export function smscFromEnv(env: SmppEnv): ConnectionOptions | null {
  if (!env.OCTOFLOW_SMPP_HOST || !env.OCTOFLOW_SMPP_SYSTEM_ID || env.OCTOFLOW_SMPP_PASSWORD === undefined) return null;
  return {
    host: env.OCTOFLOW_SMPP_HOST,
    port: env.OCTOFLOW_SMPP_PORT,
    systemId: env.OCTOFLOW_SMPP_SYSTEM_ID,
    password: env.OCTOFLOW_SMPP_PASSWORD,
    systemType: env.OCTOFLOW_SMPP_SYSTEM_TYPE,
    sourceAddr: env.OCTOFLOW_SMPP_SOURCE_ADDR,
    window: env.OCTOFLOW_SMPP_WINDOW,
    responseTimeoutMs: env.OCTOFLOW_SMPP_RESPONSE_TIMEOUT_MS,
    enquireLinkMs: env.OCTOFLOW_SMPP_ENQUIRE_LINK_MS,
    longMessages: env.OCTOFLOW_SMPP_LONG_MESSAGES,
    maxSegments: env.OCTOFLOW_SMPP_MAX_SEGMENTS,
  };
}
