// Our one wrapper around the `smpp` package (an ESME bound as transceiver), so the package can
// be replaced without touching the adapter. It adds what the package lacks (docs/STACK-NOTES):
// response timeouts, a bounded in-flight window, reconnect by opening a NEW session and binding
// again (the package's own reconnect is broken), destroying a session that saw a malformed PDU
// (it wedges otherwise), enquire_link keepalive, and segmenting long text ourselves.
import smpp from 'smpp';
import { concatFromSar, concatFromUdh, Reassembler } from './concat';
import { concatReference, encodeSms } from './encoding';
import { EFFECT_KEY_TLV, isTransientStatus, STATUS, statusName } from './protocol';
import { parseReceipt, type ReceiptStatus } from './receipt';

export interface SmppClientOptions {
  host: string;
  port: number;
  systemId: string;
  /** Sent in bind_transceiver only; never logged or put in an error message. */
  password: string;
  systemType?: string;
  /** Our sender address (service code), e.g. '10690000'. */
  sourceAddr?: string;
  sourceTon?: number;
  sourceNpi?: number;
  destTon?: number;
  destNpi?: number;
  /** Waiting for any response longer than this counts as a transient failure. Default 10 s. */
  responseTimeoutMs?: number;
  /** How long a submit waits for a bound session (e.g. during a reconnect). Default responseTimeoutMs. */
  bindWaitMs?: number;
  /** Default 30 s. */
  enquireLinkMs?: number;
  /** Outstanding submit_sm at most. Default 10. */
  window?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  longMessages?: 'udh' | 'payload';
  maxSegments?: number;
  onIncoming?: (message: Incoming) => void | Promise<void>;
  log?: (msg: string) => void;
  now?: () => Date;
}

export type SubmitResult = { ok: true; messageIds: string[] } | { ok: false; permanent: boolean; error: string };

export type Incoming =
  | { kind: 'receipt'; messageId: string; status: ReceiptStatus; error?: string; at: Date }
  | { kind: 'mo'; from: string; to: string; text: string; at: Date };

export class SmppBindError extends Error {
  constructor(
    readonly status: number,
    systemId: string,
  ) {
    super(
      `SMSC refused bind_transceiver for system_id "${systemId}": ${statusName(status)}; ` +
        'check OCTOFLOW_SMPP_SYSTEM_ID and OCTOFLOW_SMPP_PASSWORD',
    );
    this.name = 'SmppBindError';
  }
}

interface InFlight {
  resolve(pdu: smpp.PDU): void;
  reject(err: Error): void;
}

type Decoded = { message?: unknown; udh?: Buffer[] } | undefined;

function textOf(pdu: smpp.PDU): string {
  const sm = pdu.short_message as Decoded;
  const payload = pdu.message_payload as Decoded;
  const fromSm = typeof sm?.message === 'string' ? sm.message : '';
  return fromSm || (typeof payload?.message === 'string' ? payload.message : '');
}

export class SmppClient {
  private session: smpp.Session | null = null;
  private bound = false;
  private stopped = true;
  private seq = 0;
  private readonly inFlight = new Map<number, InFlight>();
  private submitsInFlight = 0;
  private slotWaiters: Array<() => void> = [];
  private boundWaiters: Array<() => void> = [];
  private reconnectTimer: NodeJS.Timeout | null = null;
  private enquireTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private readonly moParts: Reassembler<string>;
  /** Why the last connection or bind failed; shown in transient errors while unbound. */
  lastError: string | null = null;

  private readonly o: Required<Omit<SmppClientOptions, 'onIncoming'>> & Pick<SmppClientOptions, 'onIncoming'>;

  constructor(options: SmppClientOptions) {
    const responseTimeoutMs = options.responseTimeoutMs ?? 10_000;
    this.o = {
      host: options.host,
      port: options.port,
      systemId: options.systemId,
      password: options.password,
      systemType: options.systemType ?? '',
      sourceAddr: options.sourceAddr ?? '',
      sourceTon: options.sourceTon ?? 0,
      sourceNpi: options.sourceNpi ?? 0,
      destTon: options.destTon ?? 0,
      destNpi: options.destNpi ?? 1,
      responseTimeoutMs,
      bindWaitMs: options.bindWaitMs ?? responseTimeoutMs,
      enquireLinkMs: options.enquireLinkMs ?? 30_000,
      window: options.window ?? 10,
      reconnectMinMs: options.reconnectMinMs ?? 500,
      reconnectMaxMs: options.reconnectMaxMs ?? 30_000,
      longMessages: options.longMessages ?? 'udh',
      maxSegments: options.maxSegments ?? 10,
      onIncoming: options.onIncoming,
      log: options.log ?? ((msg) => console.error(msg)),
      now: options.now ?? (() => new Date()),
    };
    this.moParts = new Reassembler<string>(5 * 60_000);
  }

  get isBound(): boolean {
    return this.bound;
  }

  /**
   * Connects and binds. Resolves once bound, or after a network failure (reconnecting goes on
   * in the background: the SMSC may come up later); rejects with SmppBindError when the SMSC
   * refuses our credentials, which no retry will fix.
   */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    try {
      await this.open();
    } catch (err) {
      if (err instanceof SmppBindError) {
        await this.stop();
        throw err;
      }
      this.o.log(`smpp: ${this.where()} unavailable at start (${String(err)}); retrying in the background`);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const session = this.session;
    if (session && this.bound) {
      await this.request(session, 'unbind', {}, Math.min(1_000, this.o.responseTimeoutMs)).catch(() => undefined);
    }
    session?.destroy();
    this.dropSession(session, 'client stopped');
    this.boundWaiters.splice(0).forEach((w) => w());
  }

  /** Sends one SMS (all its segments). Never throws: failures come back classified. */
  async submit(msg: { to: string; text: string; effectKey: string }): Promise<SubmitResult> {
    if (!/^\+?\d{3,20}$/.test(msg.to)) return { ok: false, permanent: true, error: `invalid destination address "${msg.to}"` };
    if (!msg.text) return { ok: false, permanent: true, error: 'empty message text' };
    const enc = encodeSms(msg.text, {
      reference: concatReference(msg.effectKey),
      maxSegments: this.o.maxSegments,
      mode: this.o.longMessages,
    });
    if ('error' in enc) return { ok: false, permanent: true, error: enc.error };
    const session = await this.whenBound(this.o.bindWaitMs);
    if (!session) return { ok: false, permanent: false, error: `SMSC ${this.where()} not bound: ${this.lastError ?? 'connecting'}` };

    const n = enc.segments.length;
    const results = await Promise.all(
      enc.segments.map((segment, i) =>
        this.submitSegment(session, {
          service_type: '',
          source_addr_ton: this.o.sourceTon,
          source_addr_npi: this.o.sourceNpi,
          source_addr: this.o.sourceAddr,
          dest_addr_ton: this.o.destTon,
          dest_addr_npi: this.o.destNpi,
          destination_addr: msg.to,
          esm_class: enc.udh ? 0x40 : 0x00,
          registered_delivery: 0x01,
          data_coding: enc.dataCoding,
          ...(enc.payload ? { short_message: Buffer.alloc(0), message_payload: segment } : { short_message: segment }),
          // One value per PDU: the SMSC deduplicates on it exactly (docs/sms-gateway.md).
          [EFFECT_KEY_TLV]: Buffer.from(n > 1 ? `${msg.effectKey}#${i + 1}/${n}` : msg.effectKey, 'utf8'),
        }),
      ),
    );
    const failed = results.find((r) => !r.ok && r.permanent) ?? results.find((r) => !r.ok);
    if (failed) return failed;
    return { ok: true, messageIds: results.map((r) => (r.ok ? r.messageIds[0] : '')) };
  }

  private async submitSegment(session: smpp.Session, fields: smpp.Fields): Promise<SubmitResult> {
    if (!(await this.acquireSlot(this.o.responseTimeoutMs))) {
      return { ok: false, permanent: false, error: `SMPP window of ${this.o.window} stayed full for ${this.o.responseTimeoutMs} ms` };
    }
    try {
      const resp = await this.request(session, 'submit_sm', fields, this.o.responseTimeoutMs);
      const status = resp.command_status;
      if (status === STATUS.ROK) return { ok: true, messageIds: [String(resp.message_id ?? '')] };
      return { ok: false, permanent: !isTransientStatus(status), error: `SMSC answered submit_sm with ${statusName(status)}` };
    } catch (err) {
      return { ok: false, permanent: false, error: err instanceof Error ? err.message : String(err) };
    } finally {
      this.releaseSlot();
    }
  }

  private acquireSlot(timeoutMs: number): Promise<boolean> {
    if (this.submitsInFlight < this.o.window) {
      this.submitsInFlight++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        this.submitsInFlight++;
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.slotWaiters = this.slotWaiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.slotWaiters.push(waiter);
    });
  }

  private releaseSlot(): void {
    this.submitsInFlight--;
    this.slotWaiters.shift()?.();
  }

  private whenBound(timeoutMs: number): Promise<smpp.Session | null> {
    if (this.bound && this.session) return Promise.resolve(this.session);
    if (this.stopped) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve(this.bound ? this.session : null);
      };
      const timer = setTimeout(() => {
        this.boundWaiters = this.boundWaiters.filter((w) => w !== waiter);
        resolve(null);
      }, timeoutMs);
      this.boundWaiters.push(waiter);
    });
  }

  /** Sends a request PDU and waits for the response with the same sequence number. */
  private request(session: smpp.Session, command: string, fields: smpp.Fields, timeoutMs: number): Promise<smpp.PDU> {
    this.seq = this.seq >= 0x7fffffff ? 1 : this.seq + 1;
    const seq = this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.inFlight.delete(seq);
        reject(new Error(`no ${command}_resp from SMSC ${this.where()} within ${timeoutMs} ms`));
      }, timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        this.inFlight.delete(seq);
        reject(err);
      };
      this.inFlight.set(seq, {
        resolve: (pdu) => {
          clearTimeout(timer);
          resolve(pdu);
        },
        reject: fail,
      });
      try {
        if (!session.send(new smpp.PDU(command, { ...fields, sequence_number: seq }))) {
          fail(new Error(`connection to SMSC ${this.where()} is not writable`));
        }
      } catch (err) {
        fail(new Error(`cannot encode ${command}: ${String(err)}`));
      }
    });
  }

  private where(): string {
    return `${this.o.host}:${this.o.port}`;
  }

  /** One connection attempt: a new session, then bind_transceiver. */
  private open(): Promise<void> {
    const session = smpp.connect({ host: this.o.host, port: this.o.port });
    this.session = session;
    this.seq = 0;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (err?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        if (err) reject(err);
        else resolve();
      };
      const connectTimer = setTimeout(() => {
        this.lastError = `no connection within ${this.o.responseTimeoutMs} ms`;
        settle(new Error(this.lastError));
        session.destroy();
      }, this.o.responseTimeoutMs);
      session.on('connect', () => {
        this.request(session, 'bind_transceiver', {
          system_id: this.o.systemId,
          password: this.o.password,
          system_type: this.o.systemType,
          interface_version: 0x34,
        }, this.o.responseTimeoutMs).then(
          (resp) => {
            if (resp.command_status !== STATUS.ROK) {
              const err = new SmppBindError(resp.command_status, this.o.systemId);
              this.lastError = err.message;
              settle(err);
              session.destroy();
              return;
            }
            this.onBound(session);
            settle();
          },
          (err: Error) => {
            this.lastError = err.message;
            settle(err);
            session.destroy();
          },
        );
      });
      session.on('pdu', (pdu: smpp.PDU) => this.onPdu(session, pdu));
      // Also a malformed PDU: the package stops reading after it, so the session is useless.
      session.on('error', (err: Error) => {
        this.lastError = err.message;
        if (this.session === session && this.bound) this.o.log(`smpp: session error, reconnecting: ${err.message}`);
        settle(err);
        session.destroy();
      });
      session.on('close', () => {
        settle(new Error(this.lastError ?? 'connection closed'));
        this.dropSession(session, 'connection to SMSC closed before it answered');
        if (!this.stopped && !this.reconnectTimer && this.session === null) this.scheduleReconnect();
      });
    });
  }

  private onBound(session: smpp.Session): void {
    this.bound = true;
    this.failures = 0;
    this.lastError = null;
    this.o.log(`smpp: bound to ${this.where()} as ${this.o.systemId}`);
    this.enquireTimer = setInterval(() => {
      this.request(session, 'enquire_link', {}, this.o.responseTimeoutMs).catch((err: Error) => {
        this.lastError = err.message;
        this.o.log(`smpp: ${err.message}; reconnecting`);
        session.destroy();
      });
    }, this.o.enquireLinkMs);
    this.boundWaiters.splice(0).forEach((w) => w());
  }

  /** Forgets a closed session and fails what was waiting on it. */
  private dropSession(session: smpp.Session | null, reason: string): void {
    if (!session || this.session !== session) return;
    this.session = null;
    this.bound = false;
    if (this.enquireTimer) clearInterval(this.enquireTimer);
    this.enquireTimer = null;
    const pending = [...this.inFlight.values()];
    this.inFlight.clear();
    pending.forEach((p) => p.reject(new Error(reason)));
  }

  private scheduleReconnect(): void {
    const base = Math.min(this.o.reconnectMaxMs, this.o.reconnectMinMs * 2 ** this.failures);
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.failures++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.stopped) return;
      this.open().catch((err: Error) => {
        if (this.failures === 1 || this.failures % 10 === 0) this.o.log(`smpp: reconnect to ${this.where()} failed: ${err.message}`);
      });
    }, delay);
  }

  private onPdu(session: smpp.Session, pdu: smpp.PDU): void {
    if (session !== this.session) return;
    if (pdu.isResponse()) {
      const waiting = this.inFlight.get(pdu.sequence_number);
      this.inFlight.delete(pdu.sequence_number);
      waiting?.resolve(pdu);
      return;
    }
    switch (pdu.command) {
      case 'enquire_link':
        session.send(pdu.response());
        return;
      case 'deliver_sm':
        void this.onDeliver(pdu).then((status) => session.send(pdu.response({ command_status: status })));
        return;
      case 'unbind':
        session.send(pdu.response());
        this.lastError = 'SMSC unbound the session';
        session.close();
        return;
      default:
        // 'unknown' becomes generic_nack; anything else an ESME does not accept is refused.
        session.send(pdu.response({ command_status: STATUS.RINVCMDID }));
    }
  }

  /** Returns the deliver_sm_resp status: OK, or a temporary error so the SMSC delivers it again. */
  private async onDeliver(pdu: smpp.PDU): Promise<number> {
    const at = this.o.now();
    const messageType = Number(pdu.esm_class ?? 0) & 0x3c;
    let incoming: Incoming | null = null;
    if (messageType === 0x04 || messageType === 0x20) {
      const receipt = parseReceipt(pdu.receipted_message_id, pdu.message_state, textOf(pdu));
      if (!receipt) this.o.log('smpp: delivery receipt without a message id ignored');
      else incoming = { kind: 'receipt', ...receipt, at };
    } else if (messageType === 0x00) {
      const from = String(pdu.source_addr ?? '');
      const to = String(pdu.destination_addr ?? '');
      const info =
        concatFromUdh((pdu.short_message as Decoded)?.udh) ??
        concatFromSar(pdu.sar_msg_ref_num, pdu.sar_total_segments, pdu.sar_segment_seqnum);
      const parts = info ? this.moParts.add(`${from}|${to}`, info, textOf(pdu)) : [textOf(pdu)];
      if (parts) incoming = { kind: 'mo', from, to, text: parts.join(''), at };
    }
    if (!incoming || !this.o.onIncoming) return STATUS.ROK;
    try {
      await this.o.onIncoming(incoming);
      return STATUS.ROK;
    } catch (err) {
      this.o.log(`smpp: handling ${incoming.kind} failed, SMSC will redeliver: ${String(err)}`);
      return STATUS.RX_T_APPN;
    }
  }
}
