// Text to SMPP short_message segments (3GPP TS 23.038 alphabets, TS 23.040 concatenation).
// GSM 7-bit default alphabet when every character has a code in it, UCS2 (data_coding 8)
// otherwise, which is what Chinese text needs. Long texts become concatenated segments with a
// 16-bit reference UDH, never split inside a GSM escape pair or a UTF-16 surrogate pair; or,
// in `payload` mode, one message_payload that the SMSC splits. Octets are produced here, not by
// the smpp package, whose encoder throws past 255 octets and guesses the coding.
import { createHash } from 'node:crypto';

export const DATA_CODING_GSM = 0x00;
export const DATA_CODING_UCS2 = 0x08;
export type DataCoding = typeof DATA_CODING_GSM | typeof DATA_CODING_UCS2;

/** The basic GSM 03.38 table, index = septet value. 0x1B (escape) is not a character. */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_ESCAPE = 0x1b;
const GSM_EXTENSION: Record<string, number> = {
  '\f': 0x0a,
  '^': 0x14,
  '{': 0x28,
  '}': 0x29,
  '\\': 0x2f,
  '[': 0x3c,
  '~': 0x3d,
  ']': 0x3e,
  '|': 0x40,
  '€': 0x65,
};
const GSM_CODES = new Map<string, number>();
for (let i = 0; i < GSM_BASIC.length; i++) if (i !== GSM_ESCAPE) GSM_CODES.set(GSM_BASIC[i], i);

/** Septets of one character, or null when the GSM alphabet has no code for it. */
function gsmSeptets(ch: string): number[] | null {
  const basic = GSM_CODES.get(ch);
  if (basic !== undefined) return [basic];
  const ext = GSM_EXTENSION[ch];
  return ext === undefined ? null : [GSM_ESCAPE, ext];
}

export function isGsmText(text: string): boolean {
  for (const ch of text) if (!gsmSeptets(ch)) return false;
  return true;
}

/** Unpacked GSM (one septet per octet, as SMPP carries data_coding 0) for GSM-only text. */
export function encodeGsm(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const s = gsmSeptets(ch);
    if (!s) throw new Error(`character ${JSON.stringify(ch)} is not in the GSM 7-bit alphabet`);
    out.push(...s);
  }
  return Buffer.from(out);
}

/** Character-sized units, so no segment boundary falls inside one character. */
function units(text: string, coding: DataCoding): Buffer[] {
  return Array.from(text, (ch) => (coding === DATA_CODING_GSM ? encodeGsm(ch) : Buffer.from(ch, 'utf16le').swap16()));
}

// Octets available per segment. GSM counts septets, carried one per octet in SMPP.
const SINGLE = { [DATA_CODING_GSM]: 160, [DATA_CODING_UCS2]: 140 } as const;
const UDH_LENGTH = 7; // 0x06 IEI 0x08 (16-bit reference) len 4: ref ref total seq
const MULTI = { [DATA_CODING_GSM]: 152, [DATA_CODING_UCS2]: 132 } as const; // 160 - 8 septets; (140 - 7) even

export interface EncodedSms {
  dataCoding: DataCoding;
  /** short_message octets per segment, UDH included when `udh` is true. */
  segments: Buffer[];
  udh: boolean;
  /** True when the one segment goes in message_payload (long text in `payload` mode). */
  payload: boolean;
}

export interface EncodeOptions {
  /** Concatenation reference; derive it from the effect key so a retry produces identical segments. */
  reference: number;
  maxSegments: number;
  /** `udh`: split here with concatenation headers; `payload`: one message_payload, split by the SMSC. */
  mode: 'udh' | 'payload';
}

export function encodeSms(text: string, opts: EncodeOptions): EncodedSms | { error: string } {
  const dataCoding: DataCoding = isGsmText(text) ? DATA_CODING_GSM : DATA_CODING_UCS2;
  const parts = units(text, dataCoding);
  const total = parts.reduce((n, u) => n + u.length, 0);
  if (total <= SINGLE[dataCoding]) return { dataCoding, segments: [Buffer.concat(parts)], udh: false, payload: false };
  const bodies: Buffer[][] = [[]];
  let used = 0;
  for (const u of parts) {
    if (used + u.length > MULTI[dataCoding]) {
      bodies.push([]);
      used = 0;
    }
    bodies[bodies.length - 1].push(u);
    used += u.length;
  }
  if (bodies.length > opts.maxSegments) {
    return { error: `message too long: ${text.length} characters need ${bodies.length} SMS segments (at most ${opts.maxSegments})` };
  }
  if (opts.mode === 'payload') return { dataCoding, segments: [Buffer.concat(parts)], udh: false, payload: true };
  const ref = opts.reference & 0xffff;
  const segments = bodies.map((b, i) =>
    Buffer.concat([Buffer.from([UDH_LENGTH - 1, 0x08, 0x04, ref >> 8, ref & 0xff, bodies.length, i + 1]), ...b]),
  );
  return { dataCoding, segments, udh: true, payload: false };
}

/** A stable 16-bit concatenation reference for an effect key. */
export function concatReference(effectKey: string): number {
  return createHash('sha256').update(effectKey).digest().readUInt16BE(0);
}
