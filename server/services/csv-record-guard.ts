// Keeps records longer than the import's limit away from csv-parse, which cannot go on after one:
// past `max_record_size` it drops the rest of the chunk it was reading and refuses every chunk after
// it, so one oversized line made "1 read, 10 rejected" of a file and lost every line after it.
//
// The guard finds record boundaries as csv-parse does (with the options the import uses: `"` quotes
// a field only at its start, `""` inside quotes is a quote, a quote followed by anything but a
// delimiter or a line end leaves the field quoted) and holds each record's bytes until it ends, at
// most `limit` of them. A record that grows past the limit is replaced by a placeholder record
// (TOO_LONG and the line it starts on) whose quoted line breaks keep csv-parse's line count as the
// original's would: every line after it keeps its number. The importer reports the placeholder as
// one rejected line and reads on. The bytes pass through otherwise untouched.
import { Transform, type TransformCallback } from 'node:stream';

/** How a placeholder record's first field starts; its second is the line the oversized record started on. */
const TOO_LONG = '\u0000octoflow:record_too_long';

/** The line an oversized record started on, when `record` is the guard's placeholder for one. */
export function tooLongAt(record: string[]): number | null {
  return record.length === 2 && record[0].startsWith(TOO_LONG) ? Number(record[1]) : null;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const BOM = [0xef, 0xbb, 0xbf];

export class CsvRecordGuard extends Transform {
  /** Leading bytes of a byte order mark read so far (3: past the start of the file). */
  private bom = 0;
  /** The line csv-parse is on (it counts a run of CR and LF bytes as one line break). */
  private line = 1;
  private wasBreak = false;
  private inRecord = false;
  private quoting = false;
  /** A quote was read inside quotes: the next byte says whether it closed the field. */
  private quotePending = false;
  private fieldEmpty = true;
  private size = 0;
  /** Line breaks inside the current record's quotes (each a line for csv-parse). */
  private breaks = 0;
  private startLine = 1;
  private oversized = false;
  /** The current record's bytes from earlier chunks, until it ends. */
  private held: Buffer[] = [];

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const n = buf.length;
    const limit = this.limit;
    // The state in locals while the loop runs (it reads every byte of the file).
    let { line, wasBreak, inRecord, quoting, quotePending, fieldEmpty, size, breaks, startLine, oversized } = this;
    // Bytes of this chunk from `from` on are not yet passed on (-1: skipping an oversized record).
    let from = oversized ? -1 : 0;
    let recordStart = 0;
    let i = 0;
    // A byte order mark is no field content (csv-parse drops it).
    while (this.bom < 3 && i < n) {
      if (buf[i] !== BOM[this.bom]) this.bom = 3;
      else {
        this.bom++;
        i++;
      }
    }
    for (; i < n; i++) {
      const b = buf[i];
      const isBreak = b === CR || b === LF;
      if (isBreak) {
        if (!wasBreak && quoting && !quotePending) breaks++;
        wasBreak = true;
      } else if (wasBreak) {
        line++;
        wasBreak = false;
      }
      if (!inRecord) {
        if (isBreak) continue;
        inRecord = true;
        size = 0;
        breaks = 0;
        startLine = line;
        fieldEmpty = true;
        recordStart = i;
      }
      if (quotePending) {
        quotePending = false;
        if (b === QUOTE) {
          size++; // "" inside quotes: a quote, still quoted
          continue;
        }
        if (b === COMMA || isBreak) quoting = false; // it closed the field
      }
      if (isBreak && !quoting) {
        // The record ends here; the line break itself passes on as it is.
        if (oversized) {
          this.push(placeholder(startLine, breaks));
          oversized = false;
          from = i;
        } else if (this.held.length > 0) {
          this.push(Buffer.concat(this.held));
          this.held = [];
        }
        inRecord = false;
        continue;
      }
      if (++size > limit && !oversized) {
        oversized = true;
        this.held = [];
        if (from >= 0 && recordStart > from) this.push(buf.subarray(from, recordStart));
        from = -1;
      }
      if (quoting) {
        if (b === QUOTE) quotePending = true;
      } else if (b === COMMA) fieldEmpty = true;
      else {
        if (b === QUOTE && fieldEmpty) quoting = true;
        fieldEmpty = false;
      }
    }
    Object.assign(this, { line, wasBreak, inRecord, quoting, quotePending, fieldEmpty, size, breaks, startLine, oversized });
    if (from >= 0) {
      const end = inRecord ? recordStart : n;
      if (end > from) this.push(buf.subarray(from, end));
      if (inRecord) this.held.push(Buffer.from(buf.subarray(recordStart)));
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.inRecord && this.oversized) this.push(placeholder(this.startLine, this.breaks));
    else if (this.held.length > 0) this.push(Buffer.concat(this.held));
    done();
  }
}

/** TOO_LONG and the start line, with the record's quoted line breaks (csv-parse counts their lines). */
function placeholder(startLine: number, breaks: number): Buffer {
  return Buffer.from(`"${TOO_LONG}${'\nx'.repeat(breaks)}",${startLine}`, 'utf8');
}
