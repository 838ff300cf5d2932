// `npm run worker`: a worker process without the web server. Any number of them can share one
// PostgreSQL database (set DATABASE_URL; the web process can then run with
// OCTOFLOW_WORKERS=off). Rows are claimed with FOR UPDATE SKIP LOCKED and per-customer row locks,
// outbox deliveries in transactions the server ends past the lease, so nothing is executed twice.
import { createApp } from './app';
import { readEnv } from './env';

async function main() {
  const env = readEnv();
  if (!env.DATABASE_URL) {
    console.error(
      'npm run worker needs DATABASE_URL: separate worker processes share a PostgreSQL database.\n' +
        'With the embedded database the web process runs the workers itself (npm start).',
    );
    process.exit(1);
  }
  const app = await createApp({ env, workers: true });
  console.log(`octoflow worker ${process.pid} running on PostgreSQL`);
  const stop = async (signal: string) => {
    console.log(`octoflow worker ${process.pid}: ${signal}, finishing the current step`);
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
