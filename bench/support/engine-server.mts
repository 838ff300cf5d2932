// The engine under benchmark: the public event API (the same handlers Next serves) on a plain
// node:http server, with the in-process workers as the app starts them (OCTOFLOW_WORKER_LOOPS
// or the database's default; none with OCTOFLOW_WORKERS=off, when the bench runs worker
// processes beside it), configured from the environment.
import { createApp } from '../../server/app';
import { readEnv } from '../../server/env';
import { routePublicApi } from '../../server/http/public-api';
import { serve } from '../../server/http/node-server';

const env = readEnv();
const app = await createApp({ env });
// BENCH_INTAKE=queue: the intake only records events and the workers claim them (how a web
// process without workers runs), to compare with processing on intake, the default.
if (process.env.BENCH_INTAKE === 'queue') app.rt.processOnIntake = false;
const server = await serve((req) => routePublicApi(app, req), Number(process.env.BENCH_PORT ?? 0));
process.stdout.write(JSON.stringify({ url: server.url }) + '\n');
process.on('SIGTERM', async () => {
  await server.close();
  await app.close();
  process.exit(0);
});
