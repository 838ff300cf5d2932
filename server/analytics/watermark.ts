// Watermark arithmetic for the roll-up worker. Ids come from a sequence before their
// transaction commits, so a batch read past `lastId` may see id 12 while id 11 is still being
// written: 11 becomes a gap, read again on later passes until it shows up or is older than the
// horizon (a rolled-back insert burns its id for good). Pure, so it is tested on its own.

/** [from id, to id, first seen (epoch ms)]. */
export type Gap = [number, number, number];

export interface Watermark {
  lastId: number;
  gaps: Gap[];
}

/** More open holes than this means something else is wrong; the oldest are given up first. */
export const MAX_GAPS = 2000;

/**
 * The watermark after a batch: `newIds` are the ids read past `lastId` (ascending), `found` the
 * ids read inside known gaps.
 */
export function advance(wm: Watermark, newIds: number[], found: Iterable<number>, nowMs: number, horizonMs: number): Watermark {
  const foundSorted = [...found].sort((a, b) => a - b);
  const gaps: Gap[] = [];
  for (const [from, to, since] of wm.gaps) {
    if (nowMs - since > horizonMs) continue;
    let start = from;
    for (const id of foundSorted) {
      if (id < from || id > to) continue;
      if (id > start) gaps.push([start, id - 1, since]);
      start = id + 1;
    }
    if (start <= to) gaps.push([start, to, since]);
  }
  let prev = wm.lastId;
  for (const id of newIds) {
    if (id > prev + 1) gaps.push([prev + 1, id - 1, nowMs]);
    if (id > prev) prev = id;
  }
  return { lastId: prev, gaps: gaps.length > MAX_GAPS ? gaps.slice(gaps.length - MAX_GAPS) : gaps };
}
