// The SMS channel against the SMSC simulator over real TCP on loopback: encodings, long
// messages, receipts, replies, the effect-key deduplication, and the failures the dispatcher
// must see as transient.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deliveryBatch } from '@/server/channels/delivery-batch';
import type { Executor } from '@/server/db/client';
import type { OutgoingContact } from '@/server/channels/types';
import { createSmppChannel, type DeliveryReceipt, type MobileOriginated, type SmppChannel, type SmppChannelOptions } from '@/server/channels/smpp/adapter';
import { startSmscSimulator, type SmscSimulator } from '@/server/channels/smpp/simulator';

const SYSTEM_ID = 'octoflow';
const PASSWORD = 's3cret';
// The adapter touches the database only through onSubmitted, which these tests do not set.
const db = deliveryBatch({} as Executor);

let sim: SmscSimulator;
let channels: SmppChannel[] = [];
let logs: string[] = [];
let outboxId = 0;

function contact(address: string, text: string, effectKey = `journey-${++outboxId}:1:sms_1`): OutgoingContact {
  return { outboxId: ++outboxId, effectKey, customerId: `c-${address}`, channel: 'sms', payload: { address, text } };
}

async function connect(opts: Partial<SmppChannelOptions> = {}): Promise<SmppChannel> {
  const channel = createSmppChannel({
    host: '127.0.0.1',
    port: sim.port,
    systemId: SYSTEM_ID,
    password: PASSWORD,
    sourceAddr: '10690000',
    responseTimeoutMs: 500,
    bindWaitMs: 500,
    reconnectMinMs: 50,
    reconnectMaxMs: 200,
    log: (m) => logs.push(m),
    ...opts,
  });
  channels.push(channel);
  await channel.start();
  return channel;
}

beforeEach(async () => {
  logs = [];
  sim = await startSmscSimulator({ systemId: SYSTEM_ID, password: PASSWORD, receiptDelayMs: 20 });
});

afterEach(async () => {
  await Promise.all(channels.map((c) => c.stop()));
  channels = [];
  await sim.close();
});

describe('sending', () => {
  it('should send Chinese text as UCS2 and return the message id as providerRef', async () => {
    const sms = await connect();
    const text = '【八爪鱼】尊敬的客户，您本月流量已用80%，回复Y订购10元1GB流量包，回复TD退订。';
    const result = await sms.send(contact('13812345678', text, 'j1:1:sms'), db);
    expect(result.ok).toBe(true);
    const [m] = sim.messages();
    expect(m).toMatchObject({ to: '13812345678', from: '10690000', text, dataCoding: 8, effectKey: 'j1:1:sms' });
    expect(result).toEqual({ ok: true, providerRef: m.messageId });
  });

  it('should send GSM text with data_coding 0, extension characters included', async () => {
    const sms = await connect();
    const text = 'Top up 50 EUR {bonus} [today] ~ € only';
    expect((await sms.send(contact('13812345678', text), db)).ok).toBe(true);
    expect(sim.messages()[0]).toMatchObject({ text, dataCoding: 0 });
  });

  it('should split a 300-character Chinese message into segments the SMSC reassembles', async () => {
    const sms = await connect();
    const text = Array.from({ length: 300 }, (_, i) => '流量包优惠活动进行中😀'[i % 12]).join('');
    const result = await sms.send(contact('13812345678', text), db);
    expect(result.ok).toBe(true);
    const messages = sim.messages();
    expect(messages).toHaveLength(1);
    expect(messages[0].text).toBe(text);
    expect(messages[0].messageIds.length).toBeGreaterThan(4);
    expect(result.ok && result.providerRef).toBe(messages[0].messageIds.join(','));
  });

  it('should split a 300-character GSM message and reassemble it', async () => {
    const sms = await connect();
    const text = 'Data offer: 1GB for 10 CNY. '.repeat(11).slice(0, 300);
    expect((await sms.send(contact('13812345678', text), db)).ok).toBe(true);
    expect(sim.messages().map((m) => [m.text, m.messageIds.length])).toEqual([[text, 2]]);
  });

  it('should send one message_payload in payload mode', async () => {
    const sms = await connect({ longMessages: 'payload' });
    const text = '长'.repeat(300);
    const result = await sms.send(contact('13812345678', text), db);
    expect(result.ok).toBe(true);
    expect(sim.messages().map((m) => [m.text, m.messageIds.length])).toEqual([[text, 1]]);
  });

  it('should refuse a message longer than the segment limit as a permanent failure', async () => {
    const sms = await connect({ maxSegments: 2 });
    const result = await sms.send(contact('13812345678', '长'.repeat(200)), db);
    expect(result).toMatchObject({ ok: false, permanent: true, error: expect.stringMatching(/too long.*at most 2/) });
    expect(sim.submitCount()).toBe(0);
  });

  it('should keep at most `window` submits in flight and still send them all', async () => {
    const sms = await connect({ window: 1 });
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => sms.send(contact('13812345678', `msg ${i}`), db)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(sim.messages()).toHaveLength(5);
  });
});

describe('bind', () => {
  it('should refuse a wrong password with an error naming the status and the settings', async () => {
    const attempt = connect({ password: 'wrong' });
    await expect(attempt).rejects.toThrow(/refused bind_transceiver for system_id "octoflow": ESME_RBINDFAIL.*OCTOFLOW_SMPP_PASSWORD/);
    await expect(attempt).rejects.not.toThrow(/wrong/);
  });
});

describe('receipts and replies', () => {
  it('should report the delivery receipt with the providerRef of the send', async () => {
    const receipts: DeliveryReceipt[] = [];
    const sms = await connect({ onDeliveryReceipt: (r) => void receipts.push(r) });
    const result = await sms.send(contact('13812345678', 'Your bill is ready'), db);
    await vi.waitFor(() => expect(receipts).toHaveLength(1));
    expect(receipts[0]).toMatchObject({ providerRef: result.ok ? result.providerRef : '?', status: 'DELIVRD' });
    expect(receipts[0].at).toBeInstanceOf(Date);
  });

  it('should report an undelivered receipt status', async () => {
    await sim.close();
    sim = await startSmscSimulator({ systemId: SYSTEM_ID, password: PASSWORD, receiptDelayMs: 5, receiptStatus: () => 'UNDELIV' });
    const receipts: DeliveryReceipt[] = [];
    const sms = await connect({ onDeliveryReceipt: (r) => void receipts.push(r) });
    await sms.send(contact('13812345678', 'hello'), db);
    await vi.waitFor(() => expect(receipts.map((r) => r.status)).toEqual(['UNDELIV']));
  });

  it('should deliver a TD reply to onMobileOriginated as an opt-out', async () => {
    const replies: MobileOriginated[] = [];
    await connect({ onMobileOriginated: (m) => void replies.push(m) });
    await sim.sendMo('8613812345678', 'TD');
    expect(replies).toEqual([expect.objectContaining({ from: '13812345678', to: '10690000', text: 'TD', optOut: true })]);
  });

  it('should reassemble a long Chinese reply and not take it for an opt-out', async () => {
    const replies: MobileOriginated[] = [];
    await connect({ onMobileOriginated: (m) => void replies.push(m) });
    const text = '我想了解一下这个流量包的具体资费和有效期，'.repeat(8);
    await sim.sendMo('13812345678', text);
    expect(replies.map((r) => [r.text, r.optOut])).toEqual([[text, false]]);
  });

  it('should answer with a temporary error when the reply cannot be handled, so the SMSC retries', async () => {
    await connect({
      onMobileOriginated: () => {
        throw new Error('database unavailable');
      },
    });
    await expect(sim.sendMo('13812345678', 'Y')).rejects.toThrow(/status 0x64/);
  });
});

describe('idempotency on the effect key', () => {
  it('should answer a resubmitted effect key with the same message id and deliver nothing new', async () => {
    const sms = await connect();
    const first = await sms.send(contact('13812345678', '回复Y订购', 'j9:2:sms'), db);
    const again = await sms.send(contact('13812345678', '回复Y订购', 'j9:2:sms'), db);
    expect(again).toEqual(first);
    expect(sim.submitCount()).toBe(2);
    expect(sim.messages()).toHaveLength(1);
  });

  it('should deduplicate every segment of a long message', async () => {
    const sms = await connect();
    const text = '长'.repeat(150);
    const first = await sms.send(contact('13812345678', text, 'j10:1:sms'), db);
    const again = await sms.send(contact('13812345678', text, 'j10:1:sms'), db);
    expect(again).toEqual(first);
    expect(sim.messages()).toHaveLength(1);
  });

  it('should get the first message id back after a lost submit_sm_resp', async () => {
    const sms = await connect();
    sim.setSubmitMode('silent');
    const lost = await sms.send(contact('13812345678', 'hello', 'j11:1:sms'), db);
    expect(lost).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/no submit_sm_resp.*500 ms/) });
    sim.setSubmitMode('accept');
    const retry = await sms.send(contact('13812345678', 'hello', 'j11:1:sms'), db);
    expect(sim.messages()).toHaveLength(1);
    expect(retry).toEqual({ ok: true, providerRef: sim.messages()[0].messageId });
  });
});

describe('failures', () => {
  it('should report throttling and a full queue as transient', async () => {
    const sms = await connect();
    sim.setSubmitMode('throttle');
    expect(await sms.send(contact('13812345678', 'hi'), db)).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/ESME_RTHROTTLED/) });
    sim.setSubmitMode('queue_full');
    expect(await sms.send(contact('13812345678', 'hi'), db)).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/ESME_RMSGQFUL/) });
  });

  it('should report an invalid destination as permanent', async () => {
    const sms = await connect();
    expect(await sms.send(contact('1234', 'hi'), db)).toMatchObject({ ok: false, permanent: true, error: expect.stringMatching(/ESME_RINVDSTADR/) });
    expect(await sms.send(contact('not-a-number', 'hi'), db)).toMatchObject({ ok: false, permanent: true });
    expect(await sms.send(contact('', 'hi'), db)).toMatchObject({ ok: false, permanent: true, error: 'customer has no phone number' });
  });

  it('should fail transiently while the SMSC is down and send again once it is back', async () => {
    const sms = await connect();
    await sim.down();
    await vi.waitFor(() => expect(sms.client.isBound).toBe(false));
    expect(await sms.send(contact('13812345678', 'while down'), db)).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/not bound/) });
    await sim.up();
    await vi.waitFor(() => expect(sms.client.isBound).toBe(true), { timeout: 5_000 });
    expect((await sms.send(contact('13812345678', 'back up'), db)).ok).toBe(true);
    expect(sim.messages().map((m) => m.text)).toEqual(['back up']);
  });

  it('should reconnect in the background when the SMSC is down at start', async () => {
    await sim.down();
    const sms = await connect();
    expect(sms.client.isBound).toBe(false);
    await sim.up();
    await vi.waitFor(() => expect(sms.client.isBound).toBe(true), { timeout: 5_000 });
    expect((await sms.send(contact('13812345678', 'late start'), db)).ok).toBe(true);
  });

  it('should drop a session that received a malformed PDU and bind a new one', async () => {
    const sms = await connect();
    sim.sendGarbage();
    await vi.waitFor(() => expect(logs.filter((l) => l.startsWith('smpp: bound'))).toHaveLength(2), { timeout: 5_000 });
    expect(logs.join('\n')).toMatch(/session error, reconnecting: PDU length was too large/);
    expect((await sms.send(contact('13812345678', 'after garbage'), db)).ok).toBe(true);
  });

  it('should never put the password in a log line', async () => {
    const sms = await connect();
    await sim.down();
    await sms.send(contact('13812345678', 'x'), db);
    await sim.up();
    await vi.waitFor(() => expect(sms.client.isBound).toBe(true), { timeout: 5_000 });
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(PASSWORD);
  });
});
