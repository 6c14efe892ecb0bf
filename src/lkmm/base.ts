// The base sets and relations of one execution graph, the vocabulary the LKMM's axioms are
// written in: event classes (R, W, Marked, Plain, Acquire, ...), po, loc, int/ext, rf, co, fr,
// rmw and the dependencies (extended through plain stores and loads of the same thread).
import type { ExecutionGraph, LkmmEvent } from './graph';
import { EventSet, Rel } from './relation';

export interface Base {
  n: number;
  all: EventSet;
  IW: EventSet; R: EventSet; W: EventSet; M: EventSet; F: EventSet;
  /** Memory accesses with a marking (everything that is not a plain access). */
  Marked: EventSet; Plain: EventSet;
  Acquire: EventSet; Release: EventSet; Mb: EventSet; Noreturn: EventSet;
  /** Events of RMW instructions, successful or failed. */
  RMW: EventSet;
  LKR: EventSet; LKW: EventSet; UL: EventSet;
  SrcuLock: EventSet; SrcuUnlock: EventSet; SyncSrcu: EventSet;
  /** Fences by annotation. */
  fences: (tag: string) => EventSet;
  po: Rel; loc: Rel; int: Rel; ext: Rel; id: Rel;
  rf: Rel; co: Rel; fr: Rel; rmw: Rel;
  addr: Rel; data: Rel; ctrl: Rel;
}

const LOCK_READS = new Set(['lock-read', 'lock-fail', 'read-locked', 'read-unlocked']);

/** Is this event a read (of memory or of a lock word)? */
export function isRead(e: LkmmEvent): boolean { return e.kind === 'R' || (!!e.lock && LOCK_READS.has(e.lock)); }
export function isWrite(e: LkmmEvent): boolean { return e.kind === 'W' || e.lock === 'lock-write' || e.lock === 'unlock'; }

type StaticBase = Omit<Base, 'rf' | 'co' | 'fr' | 'addr' | 'data' | 'ctrl'> & { addr0: Rel; data0: Rel; ctrl0: Rel; events: readonly LkmmEvent[] };

/** The same event objects in the same places (an array grown, or popped and pushed again, is not). */
function sameEvents(a: readonly LkmmEvent[], b: readonly LkmmEvent[]): boolean {
  return a.length === b.length && a.every((e, i) => e === b[i]);
}

/**
 * The parts that depend on the events only, shared by every rf/co choice over the same events
 * (derived again when the array holds other event objects; an event's fields are not watched).
 */
const staticCache = new WeakMap<readonly LkmmEvent[], StaticBase>();

export function baseOf(g: ExecutionGraph): Base {
  let s = staticCache.get(g.events);
  if (!s || !sameEvents(s.events, g.events)) { s = staticBase(g.events); staticCache.set(g.events, s); }
  const co = coRel(g, s.n);
  const rf = Rel.of(s.n, Object.entries(g.rf).map(([r, w]) => [w, Number(r)] as [number, number]));
  const { addr0, data0, ctrl0, events: _events, ...rest } = s;
  // Dependencies carried through memory: into a store that a later read of the same thread
  // reads from, continuing from that read (data ; rfi)*, except through srcu_read_unlock's store.
  const rfi = rf.inter(s.int);
  const carried = data0.isEmpty() || rfi.isEmpty();
  const carry = carried ? s.id : data0.restrict(undefined, s.SrcuUnlock.not()).seq(rfi).star();
  return {
    ...rest, rf, co, fr: rf.inv().seq(co),
    addr: carried ? addr0 : carry.seq(addr0), data: carried ? data0 : carry.seq(data0), ctrl: carried ? ctrl0 : carry.seq(ctrl0),
  };
}

function staticBase(ev: readonly LkmmEvent[]): StaticBase {
  const n = ev.length;
  const set = (keep: (e: LkmmEvent) => boolean): EventSet => EventSet.where(n, (i) => keep(ev[i] as LkmmEvent));
  const R = set(isRead);
  const W = set(isWrite);
  const M = R.union(W);
  const rmw = Rel.of(n, ev.flatMap((e) => (e.rmwWrite !== undefined ? [[e.id, e.rmwWrite] as [number, number]] : [])));
  const failed = set((e) => !!e.rmwOp && e.rmwWrite === undefined && e.kind === 'R');
  const tagged = (t: string): EventSet => set((e) => e.kind !== 'F' && e.tag === t);
  const lock = (op: string): EventSet => set((e) => e.lock === op);
  const IW = tagged('init');
  const LKR = lock('lock-read'); const LKW = lock('lock-write'); const UL = lock('unlock');
  const SrcuLock = tagged('srcu-lock'); const SrcuUnlock = tagged('srcu-unlock');
  const RMW = set((e) => !!e.rmwOp);
  const Marked = M.not().union(IW).union(tagged('once')).union(tagged('release')).union(tagged('acquire'))
    .union(tagged('mb')).union(RMW).union(set((e) => !!e.lock)).union(SrcuLock).union(SrcuUnlock);
  const int = Rel.where(n, (a, b) => sameThread(ev[a], ev[b]) || a === b);
  const fenceSets = new Map<string, EventSet>();
  const from = (pick: (e: LkmmEvent) => number[]): Rel => Rel.of(n, ev.flatMap((e) => pick(e).map((r) => [r, e.id] as [number, number])));
  return {
    n, all: EventSet.where(n, () => true), IW, R, W, M, F: set((e) => e.kind === 'F'),
    Marked, Plain: M.minus(Marked),
    Acquire: tagged('acquire').minus(W).minus(failed).union(LKR),
    Release: tagged('release').minus(R).minus(failed).union(UL),
    Mb: tagged('mb').minus(failed),
    Noreturn: tagged('noreturn').minus(W),
    RMW, LKR, LKW, UL, SrcuLock, SrcuUnlock, SyncSrcu: set((e) => e.kind === 'sync-srcu'),
    fences: (tag) => {
      let f = fenceSets.get(tag);
      if (!f) { f = set((e) => e.kind === 'F' && e.tag === tag); fenceSets.set(tag, f); }
      return f;
    },
    po: Rel.where(n, (a, b) => sameThread(ev[a], ev[b]) && (ev[a]?.po ?? 0) < (ev[b]?.po ?? 0)),
    loc: Rel.where(n, (a, b) => ev[a]?.loc !== undefined && ev[a]?.loc === ev[b]?.loc),
    int, ext: Rel.where(n, (a, b) => !int.has(a, b)), id: Rel.id(n), rmw,
    addr0: from((e) => e.addr), data0: from((e) => e.data), ctrl0: from((e) => e.ctrl), events: ev.slice(),
  };
}

function sameThread(a: LkmmEvent | undefined, b: LkmmEvent | undefined): boolean {
  return !!a && !!b && a.thread >= 0 && a.thread === b.thread;
}

/** co as a relation: each location's writes in the order given, transitively. */
function coRel(g: ExecutionGraph, n: number): Rel {
  const r = new Rel(n);
  for (const order of Object.values(g.co)) {
    for (let i = 0; i < order.length; i++) for (let j = i + 1; j < order.length; j++) r.add(order[i] ?? 0, order[j] ?? 0);
  }
  return r;
}
