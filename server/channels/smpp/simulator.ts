// A small SMSC for the demo and the tests: real SMPP 3.4 over TCP on loopback (the smpp
// package's server). It checks bind credentials, deduplicates on the effect-key TLV the way
// the production SMSC must (docs/sms-gateway.md), reassembles concatenated segments, sends
// delivery receipts and mobile-originated messages, and can be told to throttle, go silent,
// send garbage or go down, so failure handling is tested over a real socket.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import smpp from 'smpp';
import { concatFromSar, concatFromUdh, Reassembler } from './concat';
import { concatReference, encodeSms } from './encoding';
import { EFFECT_KEY_TLV, STATUS } from './protocol';
import { formatReceiptText, messageStateOf, type ReceiptStatus } from './receipt';

export interface SubmittedMessage {
  from: string;
  to: string;
  /** Decoded text, concatenated segments reassembled. */
  text: string;
  /** Id of the first segment; `messageIds` has one per segment. */
  messageId: string;
  messageIds: string[];
  effectKey: string | null;
  dataCoding: number;
  at: Date;
}

/** What the simulator answers to submit_sm. `silent` accepts the message but never answers. */
export type SubmitMode = 'accept' | 'throttle' | 'queue_full' | 'silent';

export interface SmscSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  systemId: string;
  password: string;
  /** Delay before each delivery receipt. Default 50 ms. */
  receiptDelayMs?: number;
  /** Receipt status per message. Default DELIVRD. */
  receiptStatus?: (to: string, text: string) => ReceiptStatus;
  /** The service number a mobile-originated message goes to when no message was sent to that handset. */
  serviceNumber?: string;
  log?: (msg: string) => void;
  /** Called for each message accepted for the first time (standalone runner prints it). */
  onMessage?: (m: SubmittedMessage) => void;
}

export interface SmscSimulator {
  readonly port: number;
  messages(): SubmittedMessage[];
  /** submit_sm PDUs received, duplicates included. */
  submitCount(): number;
  /** Sends a mobile-originated message to a bound ESME; resolves when it answered OK. */
  sendMo(from: string, text: string, to?: string): Promise<void>;
  setSubmitMode(mode: SubmitMode): void;
  /** Writes a PDU header claiming an impossible length to every session. */
  sendGarbage(): void;
  /** Closes the listener and drops every session; state (messages, dedupe store) is kept. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

interface Part {
  messageId: string;
  text: string;
}

interface Bound {
  session: smpp.Session;
  systemId: string;
}

const MO_TIMEOUT_MS = 5_000;

function decodedText(value: unknown): string {
  if (value && typeof value === 'object' && 'message' in value && typeof value.message === 'string') return value.message;
  return '';
}

function decodedUdh(value: unknown): Buffer[] | undefined {
  if (value && typeof value === 'object' && 'udh' in value && Array.isArray(value.udh)) {
    return value.udh.filter((ie): ie is Buffer => Buffer.isBuffer(ie));
  }
  return undefined;
}

export async function startSmscSimulator(options: SmscSimulatorOptions): Promise<SmscSimulator> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const receiptDelayMs = options.receiptDelayMs ?? 50;
  const accepted = new Map<string, string>(); // effect-key TLV value -> message_id
  const messages: SubmittedMessage[] = [];
  const lastSender = new Map<string, string>(); // handset -> our sender address
  const parts = new Reassembler<Part>(10 * 60_000);
  const bound = new Set<Bound>();
  const timers = new Set<NodeJS.Timeout>();
  const pendingReceipts: smpp.PDU[] = [];
  let submits = 0;
  let mode: SubmitMode = 'accept';
  let port = options.port ?? 0;
  let server: smpp.Server | null = null;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  /** Delivers to a bound ESME, or keeps it until one binds (as an SMSC retries). */
  const deliver = (pdu: smpp.PDU) => {
    const target = [...bound][0];
    if (!target || !target.session.send(pdu)) pendingReceipts.push(pdu);
  };

  const scheduleReceipt = (messageId: string, from: string, to: string, text: string, submittedAt: Date) => {
    later(receiptDelayMs, () => {
      const status = options.receiptStatus?.(to, text) ?? 'DELIVRD';
      const receipt = formatReceiptText({ id: messageId, status, submittedAt, doneAt: new Date() });
      deliver(
        new smpp.PDU('deliver_sm', {
          source_addr: to,
          destination_addr: from,
          esm_class: 0x04,
          data_coding: 0,
          short_message: Buffer.from(receipt, 'ascii'),
          receipted_message_id: messageId,
          message_state: messageStateOf(status),
        }),
      );
    });
  };

  const onSubmit = (session: smpp.Session, pdu: smpp.PDU) => {
    submits++;
    const to = String(pdu.destination_addr ?? '');
    const from = String(pdu.source_addr ?? '');
    if (!/^\+?\d{5,20}$/.test(to)) return session.send(pdu.response({ command_status: STATUS.RINVDSTADR }));
    if (mode === 'throttle') return session.send(pdu.response({ command_status: STATUS.RTHROTTLED }));
    if (mode === 'queue_full') return session.send(pdu.response({ command_status: STATUS.RMSGQFUL }));
    const tlv = pdu[EFFECT_KEY_TLV];
    const dedupeKey = Buffer.isBuffer(tlv) ? tlv.toString('utf8') : null;
    const known = dedupeKey === null ? undefined : accepted.get(dedupeKey);
    const messageId = known ?? randomBytes(8).toString('hex');
    if (mode !== 'silent') session.send(pdu.response({ message_id: messageId }));
    if (known) return log(`smsc: duplicate ${dedupeKey} answered with ${messageId}`);
    if (dedupeKey !== null) accepted.set(dedupeKey, messageId);

    const text = decodedText(pdu.short_message) || decodedText(pdu.message_payload);
    const submittedAt = new Date();
    if (Number(pdu.registered_delivery ?? 0) & 0x03) scheduleReceipt(messageId, from, to, text, submittedAt);
    const info =
      concatFromUdh(decodedUdh(pdu.short_message)) ??
      concatFromSar(pdu.sar_msg_ref_num, pdu.sar_total_segments, pdu.sar_segment_seqnum);
    const complete = info ? parts.add(`${from}|${to}`, info, { messageId, text }) : [{ messageId, text }];
    if (!complete) return;
    lastSender.set(to, from);
    const message: SubmittedMessage = {
      from,
      to,
      text: complete.map((p) => p.text).join(''),
      messageId: complete[0].messageId,
      messageIds: complete.map((p) => p.messageId),
      effectKey: dedupeKey?.replace(/#\d+\/\d+$/, '') ?? null,
      dataCoding: Number(pdu.data_coding ?? 0),
      at: submittedAt,
    };
    messages.push(message);
    options.onMessage?.(message);
  };

  const onSession = (session: smpp.Session) => {
    let me: Bound | null = null;
    session.on('error', () => session.destroy());
    session.on('close', () => {
      if (me) bound.delete(me);
    });
    session.on('pdu', (pdu: smpp.PDU) => {
      if (pdu.isResponse()) return;
      switch (pdu.command) {
        case 'bind_transceiver':
        case 'bind_transmitter':
        case 'bind_receiver': {
          if (me) return session.send(pdu.response({ command_status: STATUS.RALYBND }));
          if (pdu.system_id !== options.systemId || pdu.password !== options.password) {
            log(`smsc: bind refused for system_id ${String(pdu.system_id)}`);
            session.send(pdu.response({ command_status: STATUS.RBINDFAIL }));
            return session.close();
          }
          session.send(pdu.response({ system_id: 'OCTOSIM' }));
          me = { session, systemId: options.systemId };
          if (pdu.command !== 'bind_transmitter') {
            bound.add(me);
            pendingReceipts.splice(0).forEach(deliver);
          }
          return;
        }
        case 'submit_sm':
          if (!me) return session.send(pdu.response({ command_status: STATUS.RINVBNDSTS }));
          return onSubmit(session, pdu);
        case 'enquire_link':
          return session.send(pdu.response());
        case 'unbind':
          session.send(pdu.response());
          return session.close();
        default:
          return session.send(pdu.response({ command_status: STATUS.RINVCMDID }));
      }
    });
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = smpp.createServer(onSession);
      s.once('error', reject);
      s.listen(port, host, () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });

  const down = async () => {
    const s = server;
    server = null;
    if (!s) return;
    for (const session of [...s.sessions]) session.destroy();
    bound.clear();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  const sendOne = (pdu: smpp.PDU) =>
    new Promise<void>((resolve, reject) => {
      const target = [...bound][0];
      if (!target) return reject(new Error('no ESME is bound to the SMSC simulator'));
      const timer = setTimeout(() => reject(new Error('no deliver_sm_resp from the ESME')), MO_TIMEOUT_MS);
      target.session.send(pdu, (resp) => {
        clearTimeout(timer);
        if (resp.command_status === STATUS.ROK) resolve();
        else reject(new Error(`ESME answered deliver_sm with status 0x${resp.command_status.toString(16)}`));
      });
    });

  await listen();
  log(`smsc: simulator listening on ${host}:${port}`);

  return {
    get port() {
      return port;
    },
    messages: () => [...messages],
    submitCount: () => submits,
    setSubmitMode: (m) => {
      mode = m;
    },
    async sendMo(from, text, to) {
      const enc = encodeSms(text, { reference: concatReference(`${from}:${Date.now()}`), maxSegments: 255, mode: 'udh' });
      if ('error' in enc) throw new Error(enc.error);
      for (const segment of enc.segments) {
        await sendOne(
          new smpp.PDU('deliver_sm', {
            source_addr: from,
            destination_addr: to || lastSender.get(from) || options.serviceNumber || '10690000',
            esm_class: enc.udh ? 0x40 : 0x00,
            data_coding: enc.dataCoding,
            short_message: segment,
          }),
        );
      }
    },
    sendGarbage() {
      const header = Buffer.alloc(16);
      header.writeUInt32BE(0x7fffffff, 0);
      for (const b of bound) b.session.socket.write(header);
    },
    down,
    up: listen,
    async close() {
      timers.forEach(clearTimeout);
      timers.clear();
      await down();
    },
  };
}
