// The engine under benchmark: the public event API (the same handlers Next serves) on a plain
// node:http server, with the in-process workers, configured from the environment.
import { createApp } from '../../server/app';
import { readEnv } from '../../server/env';
import { routePublicApi } from '../../server/http/public-api';
import { serve } from '../../server/http/node-server';

const env = readEnv();
const app = await createApp({ env, workers: false });
const { startWorkers } = await import('../../server/runtime/workers');
const workers = [startWorkers(app.rt, console.error, { loops: Number(process.env.BENCH_WORKER_LOOPS ?? 1) })];
const server = await serve(async (req) => {
  const res = await routePublicApi(app, req);
  if (res.status === 202) for (const w of workers) w.wake();
  return res;
}, Number(process.env.BENCH_PORT ?? 0));
process.stdout.write(JSON.stringify({ url: server.url }) + '\n');
process.on('SIGTERM', async () => {
  await server.close();
  await Promise.all(workers.map((w) => w.stop()));
  await app.close();
  process.exit(0);
});
