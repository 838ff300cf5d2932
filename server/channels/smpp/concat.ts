// Reassembly of concatenated SMS (TS 23.040 §9.2.3.24.1 / .8 UDH, or SMPP sar_* TLVs): the
// simulator uses it for what it receives, the client for long mobile-originated replies.

export interface ConcatInfo {
  reference: number;
  total: number;
  seq: number;
}

/** Concatenation header from a UDH information-element list (each element: IEI, length, data). */
export function concatFromUdh(elements: readonly Buffer[] | undefined): ConcatInfo | null {
  for (const ie of elements ?? []) {
    if (ie[0] === 0x00 && ie[1] === 3 && ie.length >= 5) return { reference: ie[2], total: ie[3], seq: ie[4] };
    if (ie[0] === 0x08 && ie[1] === 4 && ie.length >= 6) return { reference: ie.readUInt16BE(2), total: ie[4], seq: ie[5] };
  }
  return null;
}

export function concatFromSar(ref: unknown, total: unknown, seq: unknown): ConcatInfo | null {
  if (typeof ref !== 'number' || typeof total !== 'number' || typeof seq !== 'number') return null;
  return { reference: ref, total, seq };
}

interface Pending<T> {
  parts: Map<number, T>;
  total: number;
  firstAt: number;
}

/**
 * Collects parts until all `total` have arrived, then hands them back in order. Incomplete
 * groups are dropped after `ttlMs` (checked on each add: no timers to clean up).
 */
export class Reassembler<T> {
  private groups = new Map<string, Pending<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The parts in order once complete, else null. A part seen twice is kept once. */
  add(groupKey: string, info: ConcatInfo, part: T): T[] | null {
    const at = this.now();
    for (const [k, g] of this.groups) if (at - g.firstAt > this.ttlMs) this.groups.delete(k);
    if (info.total <= 1) return [part];
    const key = `${groupKey}|${info.reference}|${info.total}`;
    const group = this.groups.get(key) ?? { parts: new Map<number, T>(), total: info.total, firstAt: at };
    group.parts.set(info.seq, part);
    this.groups.set(key, group);
    if (group.parts.size < group.total) return null;
    this.groups.delete(key);
    return [...group.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
  }

  get pending(): number {
    return this.groups.size;
  }
}
