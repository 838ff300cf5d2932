// The hand-written baseline: a plain Node HTTP handler doing the same business logic as the
// benchmark flow (not opted out, ARPU >= 50, not already subscribed -> POST to the sink) with
// one batched insert per event, no engine. It marks what the hardware allows.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const sink = process.env.BENCH_SINK_URL!;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function postSink(body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(sink, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end(body);
  });
}

const server = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    const e = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const { rows } = await pool.query(
      `select c.tags, exists(select 1 from subscriptions s where s.customer_id = c.id and s.product_id = 'data_pack_5gb') as subscribed
         from customers c where c.id = $1`,
      [e.customerId],
    );
    const c = rows[0];
    const contact = c && c.tags.opted_out !== true && Number(c.tags.arpu) >= 50 && !c.subscribed;
    // One batched insert per event: the event, and the contact record when there is one.
    await pool.query(
      `with ev as (insert into bench_baseline_events(event_id, customer_id, type, occurred_at, attributes)
                   values ($1, $2, $3, $4, $5) on conflict do nothing returning event_id)
       insert into bench_baseline_contacts(event_id, customer_id) select event_id, $2 from ev where $6`,
      [e.eventId, e.customerId, e.type, e.occurredAt, e.attributes ?? {}, contact],
    );
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end('{"accepted":1,"duplicates":0,"rejected":[]}');
    if (contact) await postSink(JSON.stringify({ customerId: e.customerId }));
  } catch (err) {
    res.writeHead(500);
    res.end(String(err));
  }
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }) + '\n');
});
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
