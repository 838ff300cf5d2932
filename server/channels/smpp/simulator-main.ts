// The SMSC simulator on its own, for demos and the crash test (the SMSC must outlive a killed
// worker): `npx tsx server/channels/smpp/simulator-main.ts`. Prints one JSON line per accepted
// message. With SMSC_HTTP_PORT set, a control port on loopback:
//   GET  /messages                      -> accepted messages
//   POST /mo    {"from","text","to"?}   -> a customer's reply, e.g. {"from":"13812345678","text":"TD"}
//   POST /mode  {"mode":"accept"|"throttle"|"queue_full"|"silent"}
import http from 'node:http';
import { z } from 'zod';
import { startSmscSimulator, type SubmitMode } from './simulator';

const Env = z.object({
  SMSC_PORT: z.coerce.number().int().min(0).max(65535).default(2775),
  SMSC_SYSTEM_ID: z.string().min(1).max(15).default('octoflow'),
  SMSC_PASSWORD: z.string().max(8).default('octoflow'),
  SMSC_RECEIPT_DELAY_MS: z.coerce.number().int().min(0).default(1_000),
  SMSC_HTTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});
const Mo = z.object({ from: z.string().min(1), text: z.string().min(1), to: z.string().optional() });
const Mode = z.object({ mode: z.enum(['accept', 'throttle', 'queue_full', 'silent']) });

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 64_000) throw new Error('body too large');
  }
  return JSON.parse(body || '{}');
}

async function main() {
  const env = Env.parse(process.env);
  const sim = await startSmscSimulator({
    port: env.SMSC_PORT,
    systemId: env.SMSC_SYSTEM_ID,
    password: env.SMSC_PASSWORD,
    receiptDelayMs: env.SMSC_RECEIPT_DELAY_MS,
    log: (msg) => console.error(msg),
    onMessage: (m) => console.log(JSON.stringify({ event: 'submit', ...m })),
  });
  console.error(`SMSC simulator: SMPP on 127.0.0.1:${sim.port}, system_id ${env.SMSC_SYSTEM_ID}`);

  const control = env.SMSC_HTTP_PORT
    ? http
        .createServer((req, res) => {
          const reply = (status: number, body: unknown) => {
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(body));
          };
          void (async () => {
            if (req.method === 'GET' && req.url === '/messages') return reply(200, sim.messages());
            if (req.method === 'POST' && req.url === '/mo') {
              const mo = Mo.parse(await readJson(req));
              await sim.sendMo(mo.from, mo.text, mo.to);
              return reply(200, { ok: true });
            }
            if (req.method === 'POST' && req.url === '/mode') {
              const { mode } = Mode.parse(await readJson(req));
              sim.setSubmitMode(mode satisfies SubmitMode);
              return reply(200, { ok: true, mode });
            }
            reply(404, { error: 'GET /messages, POST /mo or POST /mode' });
          })().catch((err: unknown) => reply(400, { error: err instanceof Error ? err.message : String(err) }));
        })
        .listen(env.SMSC_HTTP_PORT, '127.0.0.1', () => console.error(`SMSC control: http://127.0.0.1:${env.SMSC_HTTP_PORT}`))
    : null;

  const shutdown = () => {
    control?.close();
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
