// Approvers' notifications by email and webhook, against a real SMTP server and a real HTTP
// receiver on loopback: a sign-off waiting for the market department reaches its approver once
// by mail (both languages, a link to the inbox) and once by signed webhook; a failure is retried
// and a refused address is given up; a worker that dies mid-send is taken over after its lease
// and its late result refused; secrets appear in no log and no stored error.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createSmtpSender } from '@/server/channels/email/smtp-sender';
import { verifyWebhookSignature } from '@/server/channels/webhook/verify';
import { notificationDeliveries, notifications, user } from '@/server/db/schema';
import { drainRuntime } from '@/server/runtime/workers';
import { deliverNotifications, type NotificationSender } from '@/server/services/notifications-delivery';
import { createNotifyWebhookSender } from '@/server/services/notifications-webhook';
import type { FlowGraph } from '@/workflows';
import { callerAs } from './support/actors';
import { createTestApp, type TestApp } from './support/test-app';

const SMTP_USER = 'octoflow';
const SMTP_PASS = 'smtp-Pa55-never-shown';
const HOOK_SECRET = 'hook-secret-never-shown-0123456789';

let app: TestApp;
let smtp: SMTPServer;
let smtpPort: number;
const mails: ParsedMail[] = [];
/** Recipients the SMTP server refuses permanently (550). */
const refuse = new Set<string>();
let hook: http.Server;
let hookUrl: string;
const hooks: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let hookStatus = 200;
const logged: string[] = [];

function startSmtp(port = 0): Promise<number> {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      if (refuse.has(address.address)) cb(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
      else cb();
    },
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((m) => {
          mails.push(m);
          cb();
        })
        .catch(cb);
    },
  });
  return new Promise((resolve) => smtp.listen(port, '127.0.0.1', () => resolve((smtp.server.address() as AddressInfo).port)));
}

const senders = (pass = SMTP_PASS): NotificationSender[] => [
  createSmtpSender({ url: `smtp://${SMTP_USER}:${encodeURIComponent(pass)}@127.0.0.1:${smtpPort}`, from: 'Octoflow <octoflow@operator.test>', timeoutMs: 3000 }),
  createNotifyWebhookSender({ url: hookUrl, secret: HOOK_SECRET, timeoutMs: 3000, allowPrivate: true }),
];

beforeAll(async () => {
  smtpPort = await startSmtp();
  hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      hooks.push({ headers: req.headers, body });
      res.writeHead(hookStatus).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/octoflow/notices`;
  app = await createTestApp();
  app.rt.notify = { senders: senders(), baseUrl: 'https://octoflow.operator.test' };
});

afterAll(async () => {
  await app?.close();
  await new Promise((r) => smtp.close(() => r(undefined)));
  await new Promise((r) => hook.close(() => r(undefined)));
});

// Everything the process prints while notices go out, to check no secret is among it.
beforeEach(() => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  }
});
afterEach(() => vi.restoreAllMocks());

const flow: FlowGraph = {
  version: 1,
  settings: { reentry: 'every_time', concurrent: false },
  nodes: [
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'balance_low', condition: '' } },
    { id: 's', kind: 'sms', position: { x: 0, y: 100 }, params: { template: '余额不足提醒' } },
    { id: 'e', kind: 'end', position: { x: 0, y: 200 }, params: {} },
  ],
  edges: [
    { id: 'e1', source: 't', sourcePort: 'out', target: 's' },
    { id: 'e2', source: 's', sourcePort: 'out', target: 'e' },
  ],
};

/** A designer submits a campaign: the market's approvers are notified (one notification each). */
async function submit(name: string) {
  const designer = await callerAs(app, 'designer@octoflow.demo');
  const c = await designer.campaigns.create({ name, graph: flow });
  await designer.campaigns.submit({ id: c.id });
  const rows = await app.rt.db.select({ id: notifications.id, email: user.email }).from(notifications).innerJoin(user, eq(user.id, notifications.userId)).where(eq(notifications.campaignId, c.id));
  expect(rows.map((r) => r.email)).toEqual(['approver@octoflow.demo']);
  return rows[0].id;
}

const deliveriesOf = (id: string) => app.rt.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.notificationId, id)).orderBy(notificationDeliveries.channel);
const mailsFor = (id: string) => mails.filter((m) => m.messageId === `<${id}.email@notifications.octoflow>`);
const hooksFor = (id: string) => hooks.filter((h) => h.headers['idempotency-key'] === `${id}.webhook`);

describe('delivery', () => {
  it('should mail the approver once, in both languages, with a link to the inbox', async () => {
    const id = await submit('周末流量包 Weekend data');
    await drainRuntime(app.rt);
    await drainRuntime(app.rt);
    const [mail, ...more] = mailsFor(id);
    expect(more).toEqual([]);
    expect(mail.to).toMatchObject({ value: [{ address: 'approver@octoflow.demo' }] });
    expect(mail.from).toMatchObject({ value: [{ address: 'octoflow@operator.test' }] });
    expect(mail.subject).toContain('“周末流量包 Weekend data” v1 等待贵部门会签');
    expect(mail.subject).toContain("“周末流量包 Weekend data” v1 waits for your department's sign-off");
    expect(mail.text).toContain('市场部 · 王审批，您好');
    expect(mail.text).toContain('Hello 市场部 · 王审批,');
    expect(mail.text).toContain('https://octoflow.operator.test/approvals');
    expect(mail.headers.get('x-octoflow-notification')).toBe('signoff_open');
    expect((await deliveriesOf(id)).map((d) => [d.channel, d.status, d.attempts])).toEqual([
      ['email', 'sent', 1],
      ['webhook', 'sent', 1],
    ]);
  });

  it('should POST a signed webhook once, with the notice and its recipient', async () => {
    const id = await submit('Signed webhook campaign');
    await drainRuntime(app.rt);
    const [req, ...more] = hooksFor(id);
    expect(more).toEqual([]);
    const ts = String(req.headers['x-octoflow-timestamp']);
    expect(verifyWebhookSignature(HOOK_SECRET, ts, req.body, String(req.headers['x-octoflow-signature']))).toBe(true);
    expect(verifyWebhookSignature('another-secret-0123456789', ts, req.body, String(req.headers['x-octoflow-signature']))).toBe(false);
    expect(JSON.parse(req.body)).toMatchObject({
      id: `${id}.webhook`,
      event: 'notification.signoff_open',
      recipient: { email: 'approver@octoflow.demo', department: 'market' },
      detail: { campaignName: 'Signed webhook campaign', versionNo: 1 },
      link: 'https://octoflow.operator.test/approvals',
    });
  });

  it('should mark a channel that is not configured as skipped, and still send the other', async () => {
    app.rt.notify = { senders: senders().filter((s) => s.channel === 'email'), baseUrl: 'https://octoflow.operator.test' };
    try {
      const id = await submit('Email only');
      await drainRuntime(app.rt);
      expect((await deliveriesOf(id)).map((d) => [d.channel, d.status])).toEqual([
        ['email', 'sent'],
        ['webhook', 'skipped'],
      ]);
      expect(hooksFor(id)).toEqual([]);
    } finally {
      app.rt.notify = { senders: senders(), baseUrl: 'https://octoflow.operator.test' };
    }
  });
});

describe('failures', () => {
  it('should retry when the mail server is down, then send once it is back', async () => {
    await new Promise((r) => smtp.close(() => r(undefined)));
    hookStatus = 503;
    const id = await submit('Mail server down');
    await drainRuntime(app.rt);
    const failed = await deliveriesOf(id);
    expect(failed.map((d) => [d.channel, d.status, d.attempts])).toEqual([
      ['email', 'pending', 1],
      ['webhook', 'pending', 1],
    ]);
    expect(failed[0].lastError).toMatch(/ECONNECTION|ECONNREFUSED/);
    expect(failed[1].lastError).toContain('503');
    expect(failed.every((d) => d.nextAttemptAt!.getTime() > app.clock.now().getTime())).toBe(true);
    // Not due yet: a pass sends nothing.
    await startSmtp(smtpPort);
    hookStatus = 200;
    await drainRuntime(app.rt);
    expect(mailsFor(id)).toEqual([]);
    app.clock.advance(31_000);
    await drainRuntime(app.rt);
    expect(mailsFor(id)).toHaveLength(1);
    // The receiver saw the refused attempt and the accepted one, with the same Idempotency-Key.
    expect(hooksFor(id)).toHaveLength(2);
    expect((await deliveriesOf(id)).map((d) => [d.status, d.attempts])).toEqual([
      ['sent', 2],
      ['sent', 2],
    ]);
  });

  it('should give up on an address the mail server refuses', async () => {
    refuse.add('approver@octoflow.demo');
    try {
      const id = await submit('Refused mailbox');
      await drainRuntime(app.rt);
      const [email] = await deliveriesOf(id);
      expect(email).toMatchObject({ status: 'failed', attempts: 1 });
      expect(email.lastError).toContain('550');
    } finally {
      refuse.clear();
    }
  });

  it('should keep a wrong SMTP password out of errors and logs, and retry', async () => {
    app.rt.notify = { senders: senders('wrong-Pa55-also-secret'), baseUrl: 'https://octoflow.operator.test' };
    try {
      const id = await submit('Wrong password');
      await drainRuntime(app.rt);
      const [email] = await deliveriesOf(id);
      expect(email).toMatchObject({ status: 'pending', attempts: 1 });
      expect(email.lastError).toContain('EAUTH');
      expect(email.lastError).not.toContain('wrong-Pa55-also-secret');
    } finally {
      app.rt.notify = { senders: senders(), baseUrl: 'https://octoflow.operator.test' };
    }
  });
});

describe('a worker that dies mid-send', () => {
  it('should be taken over after its lease, send once more with the same id, and have its late result refused', async () => {
    const id = await submit('Crash mid-send');
    // The first worker claims the notice and hangs in the middle of sending it.
    const waiting: (() => void)[] = [];
    const hung: NotificationSender[] = (['email', 'webhook'] as const).map((channel) => ({
      channel,
      send: () => new Promise((resolve) => void waiting.push(() => resolve({ ok: true }))),
    }));
    const first = deliverNotifications({ db: app.rt.db, clock: app.clock, leaseMs: 60_000, senders: hung, baseUrl: 'https://x.test' });
    await expect.poll(async () => (await deliveriesOf(id)).every((d) => d.attempts === 1 && d.leaseUntil !== null)).toBe(true);
    // Within the lease nobody else takes it.
    await deliverNotifications({ db: app.rt.db, clock: app.clock, leaseMs: 60_000, senders: senders(), baseUrl: 'https://octoflow.operator.test' });
    expect(mailsFor(id)).toEqual([]);
    // After the lease another worker sends it.
    app.clock.advance(61_000);
    await drainRuntime(app.rt);
    expect(mailsFor(id)).toHaveLength(1);
    expect((await deliveriesOf(id)).map((d) => [d.status, d.attempts])).toEqual([
      ['sent', 2],
      ['sent', 2],
    ]);
    // The first worker wakes up: its result is not recorded over the second's.
    for (const wake of waiting) wake();
    await first;
    expect((await deliveriesOf(id)).map((d) => [d.status, d.attempts])).toEqual([
      ['sent', 2],
      ['sent', 2],
    ]);
  });

  it('should lose no notice written before a crash: the rows wait in the outbox', async () => {
    const id = await submit('Written, then the process died');
    // Nothing delivered yet (as if the process died right after the commit): the rows are there.
    expect((await deliveriesOf(id)).map((d) => d.status)).toEqual(['pending', 'pending']);
    await drainRuntime(app.rt);
    expect(mailsFor(id)).toHaveLength(1);
    expect(hooksFor(id)).toHaveLength(1);
  });
});

describe('secrets', () => {
  it('should appear in no log line and no stored error', async () => {
    const rows = await app.rt.db.select().from(notificationDeliveries);
    const stored = JSON.stringify(rows);
    const printed = logged.join('\n');
    for (const secret of [SMTP_PASS, HOOK_SECRET, Buffer.from(SMTP_PASS).toString('base64')]) {
      expect(stored).not.toContain(secret);
      expect(printed).not.toContain(secret);
    }
    const ids = rows.map((r) => r.notificationId);
    expect(await app.rt.db.select().from(notifications).where(inArray(notifications.id, ids))).toHaveLength(new Set(ids).size);
  });
});

describe('an overdue sign-off', () => {
  it('should escalate to the head office’s approvers in the app, by email and by webhook', async () => {
    app.rt.notify = { senders: senders(), baseUrl: 'https://octoflow.operator.test' };
    await submit('Overdue sign-off');
    await drainRuntime(app.rt);
    // Two days is the default step's timeout; versions are stamped with the database's time.
    app.clock.set(new Date(Date.now() + 3 * 24 * 3600_000));
    await drainRuntime(app.rt);
    await drainRuntime(app.rt);
    const rows = await app.rt.db
      .select({ id: notifications.id, email: user.email, detail: notifications.detail })
      .from(notifications)
      .innerJoin(user, eq(user.id, notifications.userId))
      .where(eq(notifications.kind, 'escalation'));
    const esc = rows.filter((r) => r.detail.campaignName === 'Overdue sign-off');
    expect(esc.map((r) => r.email)).toEqual(['ho-approver@octoflow.demo']);
    const [mail, ...more] = mailsFor(esc[0].id);
    expect(more).toEqual([]);
    expect(mail.to).toMatchObject({ value: [{ address: 'ho-approver@octoflow.demo' }] });
    expect(mail.subject).toContain('“Overdue sign-off” v1');
    expect(mail.subject).toContain('sign-off is overdue and escalated to you');
    expect(mail.headers.get('x-octoflow-notification')).toBe('escalation');
    const [req] = hooksFor(esc[0].id);
    expect(JSON.parse(req.body)).toMatchObject({ event: 'notification.escalation', recipient: { email: 'ho-approver@octoflow.demo', department: 'head_office' }, detail: { campaignName: 'Overdue sign-off', department: 'market' } });
    expect((await deliveriesOf(esc[0].id)).map((d) => [d.channel, d.status])).toEqual([
      ['email', 'sent'],
      ['webhook', 'sent'],
    ]);
  });
});
