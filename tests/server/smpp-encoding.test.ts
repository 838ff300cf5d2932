// The pure parts of the SMS gateway: choosing the alphabet, segment sizes, receipt text,
// reply words and number spelling, and the configuration check.
import { describe, expect, it } from 'vitest';
import { concatReference, encodeSms, isGsmText } from '@/server/channels/smpp/encoding';
import { parseReceipt, parseReceiptText } from '@/server/channels/smpp/receipt';
import { isOptOutReply, normalizeMsisdn } from '@/server/channels/smpp/replies';
import { readSmppEnv, smscFromEnv } from '@/server/channels/smpp/config';
import { isTransientStatus, statusName } from '@/server/channels/smpp/protocol';

const enc = (text: string, maxSegments = 10) => {
  const r = encodeSms(text, { reference: 0x1234, maxSegments, mode: 'udh' });
  if ('error' in r) throw new Error(r.error);
  return r;
};

describe('encoding', () => {
  it('should use GSM for Latin text and UCS2 for Chinese', () => {
    expect(isGsmText('Hello @ 50% {x} €')).toBe(true);
    expect(isGsmText('流量')).toBe(false);
    expect(enc('Hello').dataCoding).toBe(0);
    expect(enc('您好').dataCoding).toBe(8);
    expect(enc('您好').segments[0]).toEqual(Buffer.from([0x60, 0xa8, 0x59, 0x7d]));
  });

  it('should fit 160 GSM septets or 70 UCS2 characters in one segment without a UDH', () => {
    expect(enc('a'.repeat(160))).toMatchObject({ udh: false, segments: [expect.any(Buffer)] });
    expect(enc('长'.repeat(70)).segments).toHaveLength(1);
    expect(enc('长'.repeat(71)).segments).toHaveLength(2);
    expect(enc('a'.repeat(161)).segments).toHaveLength(2);
  });

  it('should count an extension character as two septets', () => {
    expect(enc('€'.repeat(80)).segments).toHaveLength(1);
    expect(enc('€'.repeat(81)).segments).toHaveLength(2);
  });

  it('should put a 16-bit concatenation UDH on each segment and stay within 140 octets', () => {
    const r = enc('长'.repeat(200));
    expect(r.udh).toBe(true);
    expect(r.segments).toHaveLength(4);
    r.segments.forEach((s, i) => {
      expect([...s.subarray(0, 7)]).toEqual([0x06, 0x08, 0x04, 0x12, 0x34, 4, i + 1]);
      expect(s.length).toBeLessThanOrEqual(140);
    });
  });

  it('should never split a surrogate pair or a GSM escape across segments', () => {
    const emoji = enc('😀'.repeat(40));
    emoji.segments.forEach((s) => expect((s.length - 7) % 4).toBe(0));
    const euro = enc('a' + '€'.repeat(100));
    expect(euro.segments[0].length - 7).toBe(151);
    expect(euro.segments[0].at(-1)).toBe(0x65);
  });

  it('should refuse more segments than allowed, saying how many', () => {
    expect(encodeSms('长'.repeat(300), { reference: 1, maxSegments: 3, mode: 'udh' })).toEqual({
      error: 'message too long: 300 characters need 5 SMS segments (at most 3)',
    });
  });

  it('should put a long text in one payload in payload mode', () => {
    expect(encodeSms('长'.repeat(300), { reference: 1, maxSegments: 10, mode: 'payload' })).toMatchObject({
      payload: true,
      udh: false,
      segments: [expect.objectContaining({ length: 600 })],
    });
  });

  it('should derive the same concatenation reference from the same effect key', () => {
    expect(concatReference('j1:1:sms')).toBe(concatReference('j1:1:sms'));
    expect(concatReference('j1:1:sms')).not.toBe(concatReference('j1:2:sms'));
  });
});

describe('delivery receipts', () => {
  const text = 'id:0a1b2c sub:001 dlvr:001 submit date:2606011000 done date:2606011001 stat:DELIVRD err:000 text:Hello world';

  it('should parse the standard receipt text', () => {
    expect(parseReceiptText(text)).toEqual({ id: '0a1b2c', stat: 'DELIVRD', err: '000' });
    expect(parseReceipt(undefined, undefined, text)).toEqual({ messageId: '0a1b2c', status: 'DELIVRD' });
  });

  it('should prefer the receipted_message_id and message_state TLVs', () => {
    expect(parseReceipt('ffee', 5, text)).toEqual({ messageId: 'ffee', status: 'UNDELIV' });
  });

  it('should keep a non-zero error code and map an unknown stat to UNKNOWN', () => {
    expect(parseReceipt(undefined, undefined, 'id:9 stat:WEIRD err:017')).toEqual({ messageId: '9', status: 'UNKNOWN', error: '017' });
    expect(parseReceipt(undefined, undefined, 'no id here')).toBeNull();
  });
});

describe('replies', () => {
  it('should take TD, T, STOP and 退订 as opt-outs in any width or case', () => {
    for (const t of ['TD', 'td', 'ＴＤ', ' T ', 'stop', '退订', 'STOP!', '退订。']) expect(isOptOutReply(t), t).toBe(true);
    for (const t of ['Y', '是', 'TD please call me', '我不要退订']) expect(isOptOutReply(t), t).toBe(false);
  });

  it('should spell numbers one way', () => {
    expect(normalizeMsisdn('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizeMsisdn('008613812345678')).toBe('13812345678');
    expect(normalizeMsisdn('8613812345678')).toBe('13812345678');
    expect(normalizeMsisdn('10086')).toBe('10086');
  });
});

describe('status mapping', () => {
  it('should retry throttling, a full queue and vendor codes, but not a bad address', () => {
    expect(isTransientStatus(0x58)).toBe(true);
    expect(isTransientStatus(0x14)).toBe(true);
    expect(isTransientStatus(0x0401)).toBe(true);
    expect(isTransientStatus(0x0b)).toBe(false);
    expect(isTransientStatus(0x0101)).toBe(false);
    expect(statusName(0x58)).toBe('ESME_RTHROTTLED (0x00000058)');
  });
});

describe('configuration', () => {
  it('should need no SMPP settings when no SMSC is configured', () => {
    expect(smscFromEnv(readSmppEnv({}))).toBeNull();
  });

  it('should require credentials with a host and name the variable, not the value', () => {
    expect(() => readSmppEnv({ OCTOFLOW_SMPP_HOST: 'smsc.example' })).toThrow(/OCTOFLOW_SMPP_SYSTEM_ID: required.*OCTOFLOW_SMPP_PASSWORD: required/);
    expect(() => readSmppEnv({ OCTOFLOW_SMPP_HOST: 'h', OCTOFLOW_SMPP_SYSTEM_ID: 'id', OCTOFLOW_SMPP_PASSWORD: 'toolong-secret' })).toThrow(
      /OCTOFLOW_SMPP_PASSWORD/,
    );
    expect(() => readSmppEnv({ OCTOFLOW_SMPP_HOST: 'h', OCTOFLOW_SMPP_SYSTEM_ID: 'id', OCTOFLOW_SMPP_PASSWORD: 'toolong-secret' })).not.toThrow(
      /toolong-secret/,
    );
  });

  it('should turn the environment into client options', () => {
    const env = readSmppEnv({ OCTOFLOW_SMPP_HOST: 'smsc', OCTOFLOW_SMPP_PORT: '2776', OCTOFLOW_SMPP_SYSTEM_ID: 'octo', OCTOFLOW_SMPP_PASSWORD: 'pw' });
    expect(smscFromEnv(env)).toMatchObject({ host: 'smsc', port: 2776, systemId: 'octo', password: 'pw', window: 10, longMessages: 'udh' });
  });
});
