// SMPP 3.4 facts shared by our client and the SMSC simulator: the vendor TLV that carries the
// effect key (see docs/sms-gateway.md, "Idempotency contract"), command_status names, and which
// statuses are worth retrying.
import smpp from 'smpp';

/**
 * Vendor-specific optional parameter (SMPP 3.4 §5.3.2 reserves 0x1400-0x3FFF) carrying the
 * outbox effect key, UTF-8. user_message_reference (0x0204) holds only 16 bits: too few to
 * tell millions of effects apart. The production SMSC, or the gateway in front of it, must
 * answer a repeated value with the first message_id and deliver nothing new.
 */
export const EFFECT_KEY_TLV_TAG = 0x1400;
export const EFFECT_KEY_TLV = 'octoflow_effect_key';

if (!smpp.tlvs[EFFECT_KEY_TLV]) {
  smpp.addTLV(EFFECT_KEY_TLV, { id: EFFECT_KEY_TLV_TAG, type: smpp.types.tlv.buffer });
}

export const STATUS = {
  ROK: 0x0000,
  RINVMSGLEN: 0x0001,
  RINVCMDID: 0x0003,
  RINVBNDSTS: 0x0004,
  RALYBND: 0x0005,
  RSYSERR: 0x0008,
  RINVDSTADR: 0x000b,
  RBINDFAIL: 0x000d,
  RINVPASWD: 0x000e,
  RINVSYSID: 0x000f,
  RMSGQFUL: 0x0014,
  RSUBMITFAIL: 0x0045,
  RTHROTTLED: 0x0058,
  RX_T_APPN: 0x0064,
  RDELIVERYFAILURE: 0x00fe,
  RUNKNOWNERR: 0x00ff,
} as const;

/** Statuses that say "not now" rather than "never": the dispatcher retries these with backoff. */
const TRANSIENT = new Set<number>([
  STATUS.RINVBNDSTS,
  STATUS.RSYSERR,
  STATUS.RMSGQFUL,
  STATUS.RSUBMITFAIL,
  STATUS.RTHROTTLED,
  STATUS.RX_T_APPN,
  STATUS.RDELIVERYFAILURE,
  STATUS.RUNKNOWNERR,
]);

/** Statuses that describe the request itself (address, length, coding, rights): retrying cannot help. */
const PERMANENT_MAX_KNOWN = 0x03ff;

/**
 * Transient for the "not now" set above and for vendor codes (0x0400 and above, whose meaning
 * we cannot know: a bounded retry is safer than dropping a message); permanent for the other
 * standard codes, which all describe a malformed or forbidden request.
 */
export function isTransientStatus(status: number): boolean {
  return TRANSIENT.has(status) || status > PERMANENT_MAX_KNOWN;
}

const NAMES = new Map<number, string>(Object.entries(smpp.errors).map(([name, code]) => [code, name]));

/** e.g. `ESME_RTHROTTLED (0x00000058)` */
export function statusName(status: number): string {
  const hex = `0x${status.toString(16).toUpperCase().padStart(8, '0')}`;
  return `${NAMES.get(status) ?? 'vendor status'} (${hex})`;
}
