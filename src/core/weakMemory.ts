// The LKMM memory of one run: each access becomes an event of the execution graph, and a load (or
// an RMW's read, or a write's place in coherence) is a choice among the options that keep the
// graph consistent (checkLkmm). The explorer enumerates choices; a run without them takes the
// newest write (what sequential consistency would read).
import { checkLkmm } from '../lkmm';
import type { LkmmEvent, AccessTag } from '../lkmm';
import type { Order } from './listingCode';
import { Ctx } from './context';
import { WeakGraph, addEvent, initWrite, locationName, accessTag, fenceTag } from './weakGraph';

/**
 * A replay's instruction for one choice (docs/memory-model-scenarios.md): thread `thread`'s access
 * at step `label` reads from (rf) or is placed just before in coherence (co) the write `writer`
 * made at `writerLabel` ('init': the initial write). Pins are used up in order, per thread.
 */
export interface Pin {
  thread: number; label: string; kind: 'rf' | 'co'; writer: number; writerLabel: string;
  /** A read of a write made later in the schedule (load buffering): the value it takes before that write exists. */
  value?: number;
}

/**
 * A choice a run made other than the default (the newest write, the last place): a witness's pins.
 * A promise (a read of a write not made yet) has `write` -1 and the value it took; its writer is the
 * one the read is bound to at the end (the graph's rf).
 */
export interface Chosen { kind: 'rf' | 'co'; event: number; write: number; value?: number }

/** How an RMW ends once it knows the value it read: it writes `value`, or (a failed cmpxchg) nothing. */
export type RmwResult = { write: boolean; value: number };

/**
 * An RMW the look-ahead ran (newestOnly): its location, what it writes for each value it may read,
 * and the dependencies its write has besides its own read (the explorer's promises: lkmmPromises.ts).
 */
export interface RmwSeen { loc: string; then: (old: number) => RmwResult; addr: readonly number[]; data: readonly number[]; ctrl: readonly number[] }

/**
 * One choice point of a step: the access (at `loc`) and the writes it may take, newest first, then
 * the values it may promise (a read of a write not made yet; only while `promises` offers them).
 */
export interface ChoicePoint { kind: 'rf' | 'co'; thread: number; label: string; loc: string; writes: readonly number[]; promised: readonly number[] }

const NONE: number[] = [];

/** The sorted union of two sorted id lists (either returned as is when the other is empty). */
export function union(a: readonly number[], b: readonly number[]): number[] {
  if (a.length === 0) return b as number[];
  if (b.length === 0) return a as number[];
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

export class WeakMemory {
  /** The graph the current step extends; undefined while setup runs (setup is sequentially consistent). */
  g: WeakGraph | undefined;
  /** The choice at each choice point of this step (missing: 0, the newest write); filled by the explorer. */
  choices: readonly number[] = NONE;
  /** How many options each choice point of this step had (the explorer's odometer). */
  counts: number[] = [];
  /** The choice points of this step with their options (the debugger offers them to the user). */
  points: ChoicePoint[] = [];
  private k = 0;
  /** Pins still to be used (a replay); the explorer leaves it empty. */
  pins: Pin[] = [];
  /** The choices taken other than the default, since the run or the step began. */
  chosen: Chosen[] = [];
  /** The dependencies of the next access, set by the tracer just before it (weakTrace.ts). */
  addrDeps: number[] = NONE;
  dataDeps: number[] = NONE;
  /** The control dependencies of the next access from the branches it is inside (the tracer sets them). */
  ctrlDeps: number[] = NONE;
  /** The read event the last access made (-1 for none): the tracer taints the slot the value lands in. */
  lastRead = -1;
  /** The step label the accesses belong to, for the events' text. */
  label = '';
  /** The thread stepping now (the tracer's control dependencies are per thread). */
  thread = 0;

  /**
   * The explorer's promises: the values a load of `loc` by `thread` may take from a write that is not
   * made yet (load buffering); undefined outside the explorer, where only a replay's pins promise.
   */
  promises: ((loc: string, thread: number) => readonly number[]) | undefined;
  /**
   * Every access takes the newest write (the last place), unchecked: reading the coherence-latest
   * write is always consistent. The explorer's look-ahead (which writes a thread will make) runs so.
   */
  newestOnly = false;
  /**
   * A replay's promised reads and the pins that asked for them (bound to the pinned writer at the
   * end). start() clears it; a debugger checkpoint saves and restores it with the graph.
   */
  promisePins = new Map<number, Pin>();
  /** When set, each RMW is recorded here as well (the look-ahead: an RMW's write for other values than the newest). */
  rmwSeen: RmwSeen[] | undefined;

  /** The value a word held when the threads started (after setup): its initial write. */
  initialValue: (addr: number) => number = () => 0;

  constructor(private readonly ctx: Ctx) {}

  /** Starts a step of the explorer: `choices` say which option each choice point takes. */
  begin(g: WeakGraph, choices: readonly number[]): void {
    this.g = g;
    this.choices = choices;
    this.counts = [];
    this.points = [];
    this.chosen = [];
    this.k = 0;
  }

  /** A run (not the explorer) starts over graph g, taking the default at each choice unless pinned. */
  start(g: WeakGraph, pins: Pin[] = []): void {
    this.begin(g, NONE);
    this.pins = pins.slice();
    this.promisePins.clear();
  }

  /**
   * Picks among `writes` (newest first), then the `promised` values (a read of a write not made yet),
   * for the access `self` will be; a pin overrides the explorer's choice.
   */
  private choose(kind: 'rf' | 'co', writes: readonly number[], self: number, promised: readonly number[] = NONE): number {
    const n = writes.length + promised.length;
    let c = this.choices[this.k] ?? 0;
    this.counts.push(n);
    this.k++;
    this.points.push({ kind, thread: this.thread, label: this.label, loc: this.g?.events[writes[0] as number]?.loc ?? '', writes, promised });
    const p = this.nextPin(kind);
    if (p) {
      const at = writes.findIndex((w) => this.isWriter(w, p));
      const v = at < 0 && p.value !== undefined ? promised.indexOf(p.value) : -1;
      if (at >= 0 || v >= 0) {
        c = at >= 0 ? at : writes.length + v;
        this.pins.splice(this.pins.indexOf(p), 1);
        if (v >= 0) this.promisePins.set(self, p);
      }
    }
    c = c < n ? c : n - 1;
    if (c >= writes.length) this.chosen.push({ kind, event: self, write: -1, value: promised[c - writes.length] as number });
    else if (c > 0) this.chosen.push({ kind, event: self, write: writes[c] as number });
    return c;
  }

  /** The thread's next pin when it is for this step and this kind of choice. */
  private nextPin(kind: 'rf' | 'co'): Pin | undefined {
    const p = this.pins.find((x) => x.thread === this.thread);
    return p && p.label === this.label && p.kind === kind ? p : undefined;
  }

  /** The values a load may promise: the explorer's, or the one a replay's pin names when its writer is not made yet. */
  private promised(loc: string, t: number, ok: readonly number[]): readonly number[] {
    if (this.promises) return this.promises(loc, t);
    const p = this.nextPin('rf');
    return p?.value !== undefined && !ok.some((w) => this.isWriter(w, p)) ? [p.value] : NONE;
  }

  private isWriter(w: number, p: Pin): boolean {
    const e = this.g?.events[w];
    if (!e) return false;
    return p.writerLabel === 'init' ? e.tag === 'init' : e.thread === p.writer && e.text === p.writerLabel;
  }

  private loc(addr: number): string {
    const g = this.g as WeakGraph;
    const loc = locationName(this.ctx, addr);
    if (g.init[loc] === undefined) initWrite(g, loc, this.initialValue(addr));
    return loc;
  }

  private event(t: number, e: Partial<LkmmEvent> & Pick<LkmmEvent, 'kind'>): LkmmEvent {
    const g = this.g as WeakGraph;
    const po = g.po[t] ?? 0;
    g.po[t] = po + 1;
    return addEvent(g, { thread: t, po, addr: this.addrDeps, data: this.dataDeps, ctrl: union(g.ctrl[t] ?? NONE, this.ctrlDeps), text: this.label, ...e });
  }

  /** Removes the newest event (a tentative one that was not chosen). */
  private undo(t: number): void {
    const g = this.g as WeakGraph;
    const e = g.events.pop();
    if (e) { delete g.rf[e.id]; g.po[t] = (g.po[t] ?? 1) - 1; }
  }

  private consistent(): boolean {
    return checkLkmm(this.g as WeakGraph).allowed;
  }

  /** A load: reads one of the writes to the location that keep the graph consistent, newest first. */
  load(t: number, addr: number, order: Order, tag: AccessTag = accessTag(order)): number {
    const g = this.g as WeakGraph;
    const loc = this.loc(addr);
    const co = g.co[loc] as number[];
    const ok: number[] = [];
    for (let i = co.length - 1; i >= (this.newestOnly ? co.length - 1 : 0); i--) {
      const w = co[i] as number;
      const r = this.event(t, { kind: 'R', loc, value: g.events[w]?.value, tag });
      g.rf[r.id] = w;
      if (i === co.length - 1 || this.consistent()) ok.push(w); // the newest write is always allowed
      this.undo(t);
    }
    const promised = this.promised(loc, t, ok);
    const c = this.choose('rf', ok, g.events.length, promised);
    if (c >= ok.length) return this.promise(t, loc, tag, promised[c - ok.length] as number);
    const w = ok[c] as number;
    const value = g.events[w]?.value as number;
    const r = this.event(t, { kind: 'R', loc, value, tag });
    g.rf[r.id] = w;
    this.lastRead = r.id;
    return value;
  }

  /** A read that takes `value` from a write not made yet: pending until the end binds it (bindPending, or the explorer). */
  private promise(t: number, loc: string, tag: AccessTag, value: number): number {
    const g = this.g as WeakGraph;
    const r = this.event(t, { kind: 'R', loc, value, tag });
    g.pending.push(r.id);
    this.lastRead = r.id;
    return value;
  }

  /**
   * The end of a run (not the explorer's, which binds every way itself): binds each promised read to
   * the write its pin names, else to the first later write of its value that keeps the graph
   * consistent. False when one cannot be bound (the run is not an execution the LKMM allows).
   */
  bindPending(): boolean {
    const g = this.g;
    if (!g || g.pending.length === 0) return true;
    if (this.promises) return false;
    for (const r of g.pending.slice()) {
      const p = this.promisePins.get(r);
      const all = laterWrites(g, r);
      const ws = p ? [...all.filter((w) => this.isWriter(w, p)), ...all.filter((w) => !this.isWriter(w, p))] : all;
      const w = ws.find((x) => { g.rf[r] = x; return this.consistent(); });
      if (w === undefined) { delete g.rf[r]; return false; }
      g.pending.splice(g.pending.indexOf(r), 1);
    }
    return true;
  }

  /** A store: takes a place in the location's coherence order (last first). Returns true when last. */
  store(t: number, addr: number, value: number, order: Order): boolean {
    const g = this.g as WeakGraph;
    const loc = this.loc(addr);
    const co = g.co[loc] as number[];
    const w = this.event(t, { kind: 'W', loc, value, tag: accessTag(order) });
    return this.place(w.id, co);
  }

  /** Puts write `w` at one of the places in coherence `co` that keep the graph consistent (last first). True when last. */
  private place(w: number, co: number[]): boolean {
    const ok: number[] = [];
    for (let p = co.length; p >= (this.newestOnly ? co.length : 1); p--) {
      co.splice(p, 0, w);
      if (p === co.length - 1 || this.consistent()) ok.push(p);
      co.splice(p, 1);
    }
    // Each place is named by the write it goes just before (the last place: by the write itself).
    const p = ok[this.choose('co', ok.map((q) => (q < co.length ? co[q] as number : w)), w)] as number;
    co.splice(p, 0, w);
    return p === co.length - 1;
  }

  /**
   * A read-modify-write (cmpxchg, xchg, an atomic OR/AND): reads one write, and its write (if any)
   * comes right after that one in coherence. Returns the value read and whether the write is last.
   */
  rmw(t: number, addr: number, order: Order, then: (old: number) => RmwResult): { old: number; last: boolean } {
    const g = this.g as WeakGraph;
    const loc = this.loc(addr);
    const co = g.co[loc] as number[];
    const rtag: AccessTag = order === 'release' ? 'once' : accessTag(order);
    const wtag: AccessTag = order === 'acquire' ? 'once' : accessTag(order);
    this.rmwSeen?.push({ loc, then, addr: this.addrDeps, data: this.dataDeps, ctrl: union(g.ctrl[t] ?? NONE, this.ctrlDeps) });
    const ok: number[] = [];
    for (let i = co.length - 1; i >= (this.newestOnly ? co.length - 1 : 0); i--) {
      const r = this.tryRmw(t, loc, co, i, rtag, wtag, then);
      if (this.newestOnly || this.consistent()) ok.push(i);
      this.untryRmw(t, co, i, r);
    }
    const writes = ok.map((x) => co[x] as number);
    const promised = this.promised(loc, t, writes);
    const c = this.choose('rf', writes, g.events.length, promised);
    if (c >= ok.length) return this.promiseRmw(t, loc, co, rtag, wtag, then, promised[c - ok.length] as number);
    const i = ok[c] as number;
    const r = this.tryRmw(t, loc, co, i, rtag, wtag, then);
    this.lastRead = r.id;
    return { old: r.value as number, last: r.rmwWrite !== undefined && i + 1 === co.length - 1 };
  }

  /**
   * An RMW whose read takes `value` from a write not made yet (load buffering through a relaxed RMW):
   * the read is pending, and its write, computed from `value`, takes a place in coherence as a
   * store's. The write the read is bound to at the end must come right before it in coherence (the
   * LKMM's atomicity axiom decides; a later store branches over the place just before it too).
   */
  private promiseRmw(t: number, loc: string, co: number[], rtag: AccessTag, wtag: AccessTag, then: (old: number) => RmwResult, value: number): { old: number; last: boolean } {
    const g = this.g as WeakGraph;
    const res = then(value);
    const r = this.event(t, { kind: 'R', loc, value, tag: rtag, rmwOp: true });
    g.pending.push(r.id);
    this.lastRead = r.id;
    if (!res.write) return { old: value, last: false };
    const x = this.event(t, { kind: 'W', loc, value: res.value, tag: wtag, rmwOp: true, data: [...this.dataDeps, r.id] });
    r.rmwWrite = x.id;
    return { old: value, last: this.place(x.id, co) };
  }

  private tryRmw(t: number, loc: string, co: number[], i: number, rtag: AccessTag, wtag: AccessTag, then: (old: number) => RmwResult): LkmmEvent {
    const g = this.g as WeakGraph;
    const w = co[i] as number;
    const old = g.events[w]?.value as number;
    const res = then(old);
    const r = this.event(t, { kind: 'R', loc, value: old, tag: rtag, rmwOp: true });
    g.rf[r.id] = w;
    if (res.write) {
      const x = this.event(t, { kind: 'W', loc, value: res.value, tag: wtag, rmwOp: true, data: [...this.dataDeps, r.id] });
      r.rmwWrite = x.id;
      co.splice(i + 1, 0, x.id);
    }
    return r;
  }

  private untryRmw(t: number, co: number[], i: number, r: LkmmEvent): void {
    if (r.rmwWrite !== undefined) { co.splice(i + 1, 1); this.undo(t); }
    this.undo(t);
  }

  /** spin_lock: the lock word's read (of the last unlock) and write, paired; lock order is the schedule's. */
  lock(t: number, addr: number): void {
    const g = this.g as WeakGraph;
    const loc = this.loc(addr);
    const co = g.co[loc] as number[];
    const r = this.event(t, { kind: 'R', loc, value: 0, lock: 'lock-read', addr: NONE, data: NONE });
    g.rf[r.id] = co[co.length - 1] as number;
    const w = this.event(t, { kind: 'W', loc, value: 1, lock: 'lock-write', addr: NONE, data: NONE });
    r.rmwWrite = w.id;
    co.push(w.id);
  }

  /**
   * raw_spin_unlock_wait (3.7-dev – 4.13): not a lock operation but an acquire read of the lock word
   * that finds it free, i.e. reads an unlock or the initial value, whichever of those keeps the
   * graph consistent (not always the newest: a lock-write of another CPU need not have reached it).
   * It synchronizes with the unlock it reads and with nothing else: a critical section whose lock
   * it does not see is not ordered against it (why the kernel replaced it with a lock/unlock pair).
   */
  unlockWait(t: number, addr: number): void {
    const g = this.g as WeakGraph;
    const loc = this.loc(addr);
    const co = g.co[loc] as number[];
    const ok: number[] = [];
    for (let i = co.length - 1; i >= 0; i--) {
      const w = co[i] as number;
      if (g.events[w]?.value !== 0) continue; // a held lock: the wait would go on spinning
      const r = this.event(t, { kind: 'R', loc, value: 0, tag: 'acquire', addr: NONE, data: NONE });
      g.rf[r.id] = w;
      if (this.consistent()) ok.push(w);
      this.undo(t);
    }
    if (ok.length === 0) return; // cannot happen: the schedule lets the wait step only once the lock is free
    const w = ok[this.choose('rf', ok, g.events.length)] as number;
    const r = this.event(t, { kind: 'R', loc, value: 0, tag: 'acquire', addr: NONE, data: NONE });
    g.rf[r.id] = w;
  }

  unlock(t: number, addr: number): void {
    const g = this.g as WeakGraph;
    const loc = this.loc(addr);
    const w = this.event(t, { kind: 'W', loc, value: 0, lock: 'unlock', addr: NONE, data: NONE });
    (g.co[loc] as number[]).push(w.id);
  }

  /**
   * kfree and kmalloc of a work's address: the allocator hands the memory over, so a free is a
   * release write and the allocation that reuses the address an acquire read of it (the allocator's
   * own locking orders them in the kernel). `loc` is the address's heap word (heapLocation).
   */
  heap(t: number, loc: string, op: 'free' | 'alloc'): void {
    const g = this.g as WeakGraph;
    if (g.init[loc] === undefined) initWrite(g, loc, 0);
    const co = g.co[loc] as number[];
    if (op === 'free') {
      const w = this.event(t, { kind: 'W', loc, value: 0, tag: 'release', addr: NONE, data: NONE });
      co.push(w.id);
    } else {
      const r = this.event(t, { kind: 'R', loc, value: 0, tag: 'acquire', addr: NONE, data: NONE });
      g.rf[r.id] = co[co.length - 1] as number; // the alloc waited for the free: it reads the newest
    }
  }

  fence(t: number, order: Order, tag = ''): void {
    this.event(t, { kind: 'F', tag: fenceTag(order, tag), addr: NONE, data: NONE });
  }
}

/** The writes a promised read `r` may be bound to: made after it, by another thread, of its location and value. */
export function laterWrites(g: WeakGraph, r: number): number[] {
  const e = g.events[r];
  if (!e?.loc) return [];
  return (g.co[e.loc] ?? []).filter((w) => {
    const x = g.events[w];
    return w > r && !!x && x.thread >= 0 && x.thread !== e.thread && x.value === e.value;
  });
}
