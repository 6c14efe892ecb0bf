// Reads DAP frames (Content-Length header, blank line, JSON body) and survives a broken client:
// garbage, a bad or missing length, a truncated or non-JSON body, a body past the size bound are
// each reported and skipped, and the next valid frame is served (the library's reader dies or hangs).

/** The largest message the adapter accepts; larger ones are refused without being buffered. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** A header longer than this without its blank line is garbage. */
const MAX_HEADER_BYTES = 1024;
const NAME = 'Content-Length:';
const HEADER = /^Content-Length: *(\d+) *\r\n(?:[^\r\n]*\r\n)*\r\n/;

export interface FrameSink {
  /** A frame's body, parsed (any JSON value: the session checks it is a DAP message). */
  message(value: unknown): void;
  /** A skipped frame; `request` when an oversized one could be identified, so it can be answered. */
  problem(text: string, request?: { seq: number; command: string }): void;
}

/**
 * Where a complete header starts inside `b` after offset `from`, or -1. A valid JSON body never
 * contains one (outside a string "Content-Length" is not JSON, inside one a raw CR/LF is not),
 * so a header inside a body means that body was cut short and the next frame began.
 */
function headerInside(b: Buffer, from: number, end: number): number {
  for (let p = b.indexOf(NAME, from); p >= 0 && p < end; p = b.indexOf(NAME, p + 1)) {
    if (HEADER.test(b.toString('latin1', p, Math.min(b.length, p + 200)))) return p;
  }
  return -1;
}

/** The seq and command of a request from the start of its body, for answering a refused one. */
function identify(head: string): { seq: number; command: string } | undefined {
  const seq = /"seq"\s*:\s*(\d+)/.exec(head);
  const command = /"command"\s*:\s*"([^"\\]{1,100})"/.exec(head);
  return seq?.[1] && command?.[1] && /"type"\s*:\s*"request"/.test(head) ? { seq: Number(seq[1]), command: command[1] } : undefined;
}

/** Received bytes not consumed yet; appending copies only the new bytes (amortised doubling). */
class ByteQueue {
  private store = Buffer.alloc(4096);
  private start = 0;
  private end = 0;

  get view(): Buffer { return this.store.subarray(this.start, this.end); }

  append(data: Buffer): void {
    if (this.end + data.length > this.store.length) {
      const live = this.end - this.start;
      const next = Buffer.alloc(Math.max(this.store.length, 2 * (live + data.length)));
      this.store.copy(next, 0, this.start, this.end);
      this.store = next;
      this.start = 0;
      this.end = live;
    }
    data.copy(this.store, this.end);
    this.end += data.length;
  }

  consume(n: number): void {
    this.start = Math.min(this.end, this.start + n);
    if (this.start === this.end && this.store.length > 65536) { this.store = Buffer.alloc(4096); this.start = this.end = 0; }
  }
}

export class FrameReader {
  private readonly q = new ByteQueue();
  /** How far into the awaited body the search for a next header has looked. */
  private scanned = 0;
  /** Body bytes awaited (-1: reading a header). */
  private bodyLength = -1;
  /** Bytes of an oversized body still to drop. */
  private skip = 0;
  /** Inside a run of garbage already reported. */
  private inGarbage = false;

  constructor(private readonly sink: FrameSink, private readonly max = MAX_MESSAGE_BYTES) {}

  push(data: Buffer): void {
    this.q.append(data);
    while (this.q.view.length && this.next()) { /* one frame or one skipped piece per turn */ }
  }

  private get buf(): Buffer { return this.q.view; }

  /** Consumes what it can from the buffer; false when it must wait for more bytes. */
  private next(): boolean {
    if (this.skip > 0) return this.skipOversized();
    if (this.bodyLength >= 0) return this.body();
    return this.header();
  }

  private header(): boolean {
    const start = this.buf.indexOf(NAME);
    if (start !== 0) return this.garbage(start);
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return this.buf.length > MAX_HEADER_BYTES ? this.garbage(-1) : false;
    const again = this.buf.indexOf(NAME, 1);
    if (again > 0 && again < end) return this.garbage(again); // a header cut short, then the next one
    const text = this.buf.toString('latin1', 0, end + 4);
    this.q.consume(end + 4);
    const m = HEADER.exec(text);
    const length = m?.[1] && m[1].length <= 10 ? Number(m[1]) : NaN;
    if (!Number.isSafeInteger(length) || length === 0) {
      this.report(`skipped a frame whose Content-Length is not a positive number: ${JSON.stringify(text.split('\r\n')[0]?.slice(0, 60))}`);
      return true;
    }
    this.inGarbage = false;
    if (length > this.max) {
      this.skip = length;
      const head = this.buf.toString('utf8', 0, Math.min(this.buf.length, 512));
      this.sink.problem(`refused a message of ${length} bytes: the adapter accepts at most ${this.max} bytes`, identify(head));
      return true;
    }
    this.bodyLength = length;
    this.scanned = 0;
    return true;
  }

  /** Bytes before the next header (or a header-less run) are dropped, reported once per run. */
  private garbage(start: number): boolean {
    const drop = start > 0 ? start : Math.max(0, this.buf.length - NAME.length);
    if (drop === 0) return false;
    if (!this.inGarbage) this.report(`skipped ${drop} byte(s) that are not a DAP frame (expected 'Content-Length: N' and a blank line)`);
    this.inGarbage = start < 0;
    this.q.consume(drop);
    return true;
  }

  private body(): boolean {
    const need = this.bodyLength;
    const cut = headerInside(this.buf, Math.max(0, this.scanned - 200), Math.min(need, this.buf.length));
    this.scanned = this.buf.length;
    if (cut >= 0) {
      this.bodyLength = -1;
      this.q.consume(cut);
      this.report(`skipped a frame cut short: ${cut} of its ${need} bytes came before the next frame`);
      return true;
    }
    if (this.buf.length < need) return false;
    const text = this.buf.toString('utf8', 0, need);
    this.q.consume(need);
    this.bodyLength = -1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.report(`skipped a frame whose body is not JSON (${e instanceof Error ? e.message : String(e)})`);
      return true;
    }
    this.sink.message(value);
    return true;
  }

  private skipOversized(): boolean {
    const n = Math.min(this.skip, this.buf.length);
    const cut = headerInside(this.buf, 0, n);
    if (cut >= 0) { this.skip = 0; this.q.consume(cut); return true; }
    this.skip -= n;
    this.q.consume(n);
    return true;
  }

  private report(text: string): void {
    this.sink.problem(text);
  }
}
