// The process-wide Octoflow instance: database, runtime, channels and workers, opened once.
// Next.js may load this module more than once (route handlers and pages are bundled apart), so
// the instance lives on globalThis; a second PGlite opener would otherwise fork the data.
import { createAuth, type Auth } from './auth/auth';
import { ssoSettings } from './auth/sso';
import { batchResolver, cachedEndpoints, secretFrom, withPartnerEndpoints } from './channels/partner-endpoints';
import { startSmsGateway, type SmsGateway } from './channels/smpp/gateway';
import type { ChannelAdapter } from './channels/types';
import { taskQueueChannels } from './channels/task-queue';
import { createAppPushChannel, createWebhookChannel } from './channels/webhook';
import { openPglite, openPostgres, type Database } from './db/client';
import { startChangeFeed, type ChangeFeed } from './db/change-feed';
import { readEnv, type Env } from './env';
import { startNatsIntake } from './intake/nats-consumer';
import { shiftedClock, systemClock, type Clock } from './runtime/clock';
import { FlowIndex } from './runtime/live-flows';
import type { Runtime } from './runtime/runtime';
import { startWorkers, type Workers } from './runtime/workers';
import { CatalogCache } from './services/catalog';
import { recoverInterruptedImports } from './services/customer-import';
import { adoptEnvEndpoints, resolveEndpoints } from './services/partner-endpoints';
import { loadSecretBox, type SecretBox } from './services/secret-box';
import { handleReply, recordReceipt, recordSegments } from './services/sms-events';
import { ensureTagSchema } from './services/tag-schema';
import { checkSsoMapping } from './services/sso-mapping';
import { appBaseUrl, notificationSenders } from './services/notifications-config';
import { listenForWork } from './runtime/notify';

export interface App {
  env: Env;
  database: Database;
  rt: Runtime;
  auth: Auth;
  workers: Workers | null;
  /** The SMPP gateway (and in demo mode its loopback SMSC simulator), when SMS is configured. */
  sms: SmsGateway | null;
  /** The catalog built from the database (`rt.catalog` reads it); refresh it after an edit. */
  catalog: CatalogCache;
  /** Seals and opens secrets stored in the database; null on PostgreSQL without OCTOFLOW_SECRET_KEY. */
  secrets: SecretBox | null;
  /** What the API-key and partner-endpoint caches, the live flows and the settings cache hear of changes (db/change-feed.ts). */
  changes: ChangeFeed;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  env?: Env;
  database?: Database;
  clock?: Clock;
  /** Replaces the configured channels (tests). */
  channels?: ChannelAdapter[];
  workers?: boolean;
}

/** Webhook (partner endpoints from the database, hosts from the environment) and app-push channels. */
function httpChannels(env: Env, secrets: SecretBox | null, changes: ChangeFeed): ChannelAdapter[] {
  const list: ChannelAdapter[] = [];
  const hosts = env.OCTOFLOW_WEBHOOK_ALLOW_HOSTS.split(',').map((h) => h.trim()).filter(Boolean);
  const resolve = batchResolver(cachedEndpoints(changes, (db, ids) => resolveEndpoints(db, secrets, ids)));
  if (hosts.length) {
    const webhook = createWebhookChannel({
      allowHosts: hosts,
      allowPrivate: env.OCTOFLOW_WEBHOOK_ALLOW_PRIVATE === 'on',
      timeoutMs: env.OCTOFLOW_WEBHOOK_TIMEOUT_MS,
      secretFor: secretFrom(resolve),
    });
    list.push(withPartnerEndpoints(webhook, resolve));
  }
  if (env.OCTOFLOW_PUSH_URL && env.OCTOFLOW_PUSH_TOKEN) {
    list.push(
      createAppPushChannel({
        url: env.OCTOFLOW_PUSH_URL,
        token: env.OCTOFLOW_PUSH_TOKEN,
        allowPrivate: env.OCTOFLOW_PUSH_ALLOW_PRIVATE === 'on',
      }),
    );
  }
  return list;
}

export async function createApp(opts: CreateAppOptions = {}): Promise<App> {
  const env = opts.env ?? readEnv();
  const database =
    opts.database ??
    (env.DATABASE_URL
      ? await openPostgres(env.DATABASE_URL, { idleInTransactionMs: env.OCTOFLOW_LEASE_MS })
      : await openPglite(env.OCTOFLOW_DATA_DIR));
  const channels = new Map<string, ChannelAdapter>();
  const changes = startChangeFeed(database);
  // The tag schema lives in the database (seeded from the demo catalog on a fresh one); the
  // catalog flows and events are checked against is built from it and kept fresh (issue 8).
  await ensureTagSchema(database.db);
  // Imports left "running" by a process that died are failed with a reason, not left for ever.
  await recoverInterruptedImports({ db: database.db, dbKind: database.kind });
  // The sign-in mapping lives in the environment: one naming a team or shop the organisation does
  // not have (a typo), a deactivated one, or one its role does not work in is reported loudly at
  // start. It does not stop the start: the administrator fixes the organisation (creates the team)
  // through this very server.
  await checkSsoMapping(database.db, ssoSettings(env)).catch((e: unknown) => {
    console.error(`octoflow: check the single sign-on mapping: ${e instanceof Error ? e.message : String(e)}`);
  });
  const secrets = loadSecretBox(env);
  if (Object.keys(env.OCTOFLOW_WEBHOOK_ENDPOINTS).length) {
    await adoptEnvEndpoints(database.db, secrets, env.OCTOFLOW_WEBHOOK_ENDPOINTS, env.OCTOFLOW_WEBHOOK_SECRETS);
  }
  const catalog = await CatalogCache.load(database.db);
  const rt: Runtime = {
    db: database.db,
    dbKind: database.kind,
    clock: opts.clock ?? (env.OCTOFLOW_CLOCK_START ? shiftedClock(new Date(env.OCTOFLOW_CLOCK_START)) : systemClock),
    get catalog() {
      return catalog.current;
    },
    flows: new FlowIndex(catalog.current, changes),
    channels,
    leaseMs: env.OCTOFLOW_LEASE_MS,
    notify: { senders: notificationSenders(env), baseUrl: appBaseUrl(env) },
  };
  // Flow machines evaluate conditions with the catalog they were built with: a changed tag
  // schema gets a fresh index, so versions are rebuilt with it on next use.
  catalog.onChange((c) => {
    rt.flows = new FlowIndex(c, changes);
  });
  let sms: SmsGateway | null = null;
  if (opts.channels) {
    for (const c of opts.channels) channels.set(c.channel, c);
  } else {
    sms = await startSmsGateway({
      demo: env.OCTOFLOW_DEMO === 'on',
      onDeliveryReceipt: (r) => recordReceipt(rt, r),
      onMobileOriginated: (m) => handleReply(rt, m),
      onSubmitted: ({ contact, messageIds, db }) => recordSegments(db, contact, messageIds),
    });
    if (sms) channels.set(sms.channel.channel, sms.channel);
    else console.warn('octoflow: no SMSC configured (OCTOFLOW_SMPP_HOST): SMS contacts will be dead-lettered, not sent.');
    for (const c of [...taskQueueChannels(() => rt.clock.now()), ...httpChannels(env, secrets, changes)]) channels.set(c.channel, c);
  }
  const wantWorkers = opts.workers ?? env.OCTOFLOW_WORKERS === 'in-process';
  const loops = env.OCTOFLOW_WORKER_LOOPS ?? (database.kind === 'postgres' ? 3 : 1);
  const workers = wantWorkers ? startWorkers(rt, console.error, { loops }) : null;
  // On PostgreSQL a process that runs the event workers processes what its intake accepts as it
  // records it (process-on-intake.ts). Not on PGlite: with its one connection the workers' larger
  // batches went further (runtime bench: about 530 against 480 events/s, the same latency).
  if (wantWorkers && database.kind === 'postgres') rt.processOnIntake = true;
  // On PostgreSQL, events committed by other processes (web processes without workers, other
  // workers' intake) wake this process's loops at once (runtime/notify.ts).
  const stopListening = workers && database.kind === 'postgres' ? listenForWork(database, () => workers.wake()) : null;
  const intake =
    wantWorkers && env.OCTOFLOW_NATS_URL
      ? startNatsIntake(rt, {
          servers: env.OCTOFLOW_NATS_URL.split(','),
          stream: env.OCTOFLOW_NATS_STREAM,
          subject: env.OCTOFLOW_NATS_SUBJECT,
          durable: env.OCTOFLOW_NATS_DURABLE,
          onCommitted: (r) => {
            if (r.queued > 0) workers?.wake();
          },
        })
      : null;
  let auth: Auth | undefined;
  return {
    env,
    database,
    rt,
    // Built on first use: worker processes never need it.
    get auth() {
      return (auth ??= createAuth(database.db, env));
    },
    workers,
    sms,
    catalog,
    secrets,
    changes,
    close: async () => {
      await intake?.stop();
      await stopListening?.();
      await workers?.stop();
      await sms?.stop();
      await changes.stop();
      await database.close();
    },
  };
}

const KEY = Symbol.for('octoflow.app');
type Holder = { [KEY]?: Promise<App> };

/** The shared instance for this process, created on first use. */
export function getApp(): Promise<App> {
  const g = globalThis as Holder;
  if (!g[KEY]) {
    g[KEY] = (async () => {
      const app = await createApp();
      const { ensureDemo } = await import('./services/demo');
      if (app.env.OCTOFLOW_DEMO === 'on') await ensureDemo(app);
      return app;
    })();
    g[KEY].catch(() => {
      delete g[KEY];
    });
  }
  return g[KEY];
}
