// Delivery receipts (SMPP 3.4 Appendix B): the de-facto text format in deliver_sm
// "id:… sub:… dlvr:… submit date:… done date:… stat:DELIVRD err:… text:…", and the
// receipted_message_id / message_state TLVs that 3.4 SMSCs add. TLVs win when present.

export const RECEIPT_STATUSES = ['ENROUTE', 'DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'ACCEPTD', 'UNKNOWN', 'REJECTD'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** message_state TLV value -> stat text (SMPP 3.4 §5.2.28). */
export function statusFromMessageState(state: number): ReceiptStatus | null {
  return RECEIPT_STATUSES[state - 1] ?? null;
}

export function messageStateOf(status: ReceiptStatus): number {
  return RECEIPT_STATUSES.indexOf(status) + 1;
}

function asStatus(stat: string | undefined): ReceiptStatus | null {
  const s = (stat ?? '').toUpperCase();
  return (RECEIPT_STATUSES as readonly string[]).includes(s) ? (s as ReceiptStatus) : null;
}

export interface ReceiptText {
  id?: string;
  stat?: string;
  err?: string;
}

const FIELD = /\b(id|sub|dlvr|submit date|done date|stat|err|text):/gi;

export function parseReceiptText(text: string): ReceiptText {
  const marks = [...text.matchAll(FIELD)];
  const fields: Record<string, string> = {};
  marks.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = i + 1 < marks.length ? marks[i + 1].index : text.length;
    fields[m[1].toLowerCase()] = text.slice(start, end).trim();
  });
  return { id: fields.id, stat: fields.stat, err: fields.err };
}

export interface ParsedReceipt {
  messageId: string;
  status: ReceiptStatus;
  error?: string;
}

/** From a deliver_sm's TLVs and text; null when no message id can be found. */
export function parseReceipt(tlvId: unknown, tlvState: unknown, text: string): ParsedReceipt | null {
  const parsed = parseReceiptText(text);
  const messageId = typeof tlvId === 'string' && tlvId ? tlvId : parsed.id;
  if (!messageId) return null;
  const status = (typeof tlvState === 'number' ? statusFromMessageState(tlvState) : null) ?? asStatus(parsed.stat) ?? 'UNKNOWN';
  return { messageId, status, ...(parsed.err && parsed.err !== '000' ? { error: parsed.err } : {}) };
}

function yymmddhhmm(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

export function formatReceiptText(r: { id: string; status: ReceiptStatus; submittedAt: Date; doneAt: Date; err?: string }): string {
  const delivered = r.status === 'DELIVRD' ? '001' : '000';
  return (
    `id:${r.id} sub:001 dlvr:${delivered} submit date:${yymmddhhmm(r.submittedAt)} ` +
    `done date:${yymmddhhmm(r.doneAt)} stat:${r.status} err:${r.err ?? '000'} text:`
  );
}
