// Environment, parsed once at start-up: a bad value fails fast with the variable's name.
import { z } from 'zod';
import { SsoAccess, SsoScopes, SsoIssuer } from './auth/sso-env';

/** An env var holding JSON, parsed and checked; the error names the shape it must have. */
function jsonOf<T extends z.ZodType>(schema: T, fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((text, ctx): z.infer<T> => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON of the documented shape (see README)' });
        return z.NEVER;
      }
      const parsed = schema.safeParse(json);
      if (parsed.success) return parsed.data;
      const why = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
      ctx.addIssue({ code: 'custom', message: `must be JSON of the documented shape (see README): ${why}` });
      return z.NEVER;
    });
}

export const Env = z.object({
  DATABASE_URL: z.string().url().optional(),
  OCTOFLOW_DATA_DIR: z.string().default('.data/pglite'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Run the event, timer and outbox workers inside the web process (the embedded default). */
  OCTOFLOW_WORKERS: z.enum(['in-process', 'off']).default('in-process'),
  /** Event and outbox loops per worker process (each holds a connection while it works);
   *  default 3 on PostgreSQL (overlapping one batch's round trips with another's work), 1 on PGlite. */
  OCTOFLOW_WORKER_LOOPS: z.coerce.number().int().min(1).max(16).optional(),
  /** Seed demo customers, accounts, the demo campaign and the demo API key on an empty database. */
  OCTOFLOW_DEMO: z.enum(['on', 'off']).default('on'),
  /** Test and drill use only: the clock starts at this instant and runs on from there. */
  OCTOFLOW_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
  /** Test use only: `name:n` kills this process (SIGKILL) the n-th time it passes failpoint `name`. */
  OCTOFLOW_FAILPOINT: z.string().regex(/^[a-z.-]+:\d+(:stop)?$/).optional(),
  /** How long a worker may hold a claimed effect; on PostgreSQL also the idle-in-transaction
   *  timeout, so a stalled worker's locks are released and its lease taken over. */
  OCTOFLOW_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
  /** NATS JetStream intake; unset = off. Comma-separated for a cluster. */
  OCTOFLOW_NATS_URL: z.string().optional(),
  OCTOFLOW_NATS_STREAM: z.string().regex(/^[A-Za-z0-9_-]+$/).default('OCTOFLOW_EVENTS'),
  OCTOFLOW_NATS_SUBJECT: z.string().min(1).default('octoflow.events'),
  OCTOFLOW_NATS_DURABLE: z.string().regex(/^[A-Za-z0-9_-]+$/).default('octoflow-intake'),
  /** Partner webhook hosts that may be called (comma-separated); empty = webhook channel off. */
  OCTOFLOW_WEBHOOK_ALLOW_HOSTS: z.string().default(''),
  /** Partner endpoints: JSON {"endpointId": {"url": "https://…", "partnerId": "…"}}. */
  OCTOFLOW_WEBHOOK_ENDPOINTS: jsonOf(z.record(z.string(), z.object({ url: z.string().url(), partnerId: z.string().min(1) })), '{}'),
  /** Key (32 bytes, base64 or hex) that encrypts secrets at rest, e.g. partner webhook secrets.
   *  Required on PostgreSQL to store them; the embedded install generates one beside its data. */
  OCTOFLOW_SECRET_KEY: z.string().min(1).optional(),
  /** Signing secrets per partner: JSON {"partnerId": "secret (16+ characters)"}. Never logged. */
  OCTOFLOW_WEBHOOK_SECRETS: jsonOf(z.record(z.string(), z.string().min(16)), '{}'),
  OCTOFLOW_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** Local development only: allow webhooks to private and loopback addresses. */
  OCTOFLOW_WEBHOOK_ALLOW_PRIVATE: z.enum(['on', 'off']).default('off'),
  OCTOFLOW_PUSH_URL: z.string().url().optional(),
  OCTOFLOW_PUSH_TOKEN: z.string().min(1).optional(),
  OCTOFLOW_PUSH_ALLOW_PRIVATE: z.enum(['on', 'off']).default('off'),
  /** Approvers' notifications by email: smtp://user:password@host:587 or smtps://…:465; unset = off.
   *  Never logged (it may hold a password). */
  OCTOFLOW_SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\/[^/?#]+/.test(v), 'must be smtp://[user:password@]host[:port] or smtps://…')
    .optional(),
  OCTOFLOW_SMTP_FROM: z.string().min(3).default('Octoflow <octoflow@localhost>'),
  /** Refuse to send mail unless the server offers STARTTLS (smtp://). */
  OCTOFLOW_SMTP_REQUIRE_TLS: z.enum(['on', 'off']).default('off'),
  /** Approvers' notifications by signed webhook (the partner webhooks' guarded sender); unset = off. */
  OCTOFLOW_NOTIFY_WEBHOOK_URL: z.string().url().optional(),
  OCTOFLOW_NOTIFY_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** Local development only: allow the notification webhook to reach private and loopback addresses. */
  OCTOFLOW_NOTIFY_WEBHOOK_ALLOW_PRIVATE: z.enum(['on', 'off']).default('off'),
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  BETTER_AUTH_URL: z.string().url().optional(),
  /** OpenID Connect single sign-on (issue 6, docs/architecture.md): on when the issuer, client id
   *  and client secret are all set. The secret is never logged. */
  OCTOFLOW_OIDC_ISSUER: SsoIssuer.optional(),
  OCTOFLOW_OIDC_CLIENT_ID: z.string().min(1).optional(),
  OCTOFLOW_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The provider's name on the sign-in button ("Sign in with <name>"). */
  OCTOFLOW_OIDC_NAME: z.string().trim().min(1).max(40).default('SSO'),
  OCTOFLOW_OIDC_SCOPES: SsoScopes,
  /** The claim holding the user's groups or roles (a dotted path for nested claims). */
  OCTOFLOW_OIDC_ROLE_CLAIM: z.string().regex(/^[A-Za-z0-9_:/-]+(\.[A-Za-z0-9_:/-]+)*$/, 'must be a claim name, or a dotted path such as realm_access.roles').default('groups'),
  /** JSON {"<claim value>": {"role": …, "department": …, "team"?: …, "shopId"?: …}}; first match wins. */
  OCTOFLOW_OIDC_ROLE_MAP: jsonOf(z.record(z.string().min(1), SsoAccess), '{}'),
  /** JSON {"role": …, "department": …}: access for new SSO users no mapping matches; unset = none. */
  OCTOFLOW_OIDC_DEFAULT_ACCESS: jsonOf(SsoAccess.nullable(), 'null'),
}).superRefine((env, ctx) => {
  const sso = ['OCTOFLOW_OIDC_ISSUER', 'OCTOFLOW_OIDC_CLIENT_ID', 'OCTOFLOW_OIDC_CLIENT_SECRET'] as const;
  const set = sso.filter((k) => env[k] !== undefined);
  if (set.length === 0 || set.length === sso.length) return;
  for (const k of sso) {
    if (env[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: `is required for single sign-on when ${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set` });
  }
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
