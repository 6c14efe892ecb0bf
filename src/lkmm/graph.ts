// The execution graph the Linux kernel memory model (LKMM) judges: events with their thread,
// program order, location, value and annotation, dependencies, read-from and coherence order.
// This is the contract between whoever builds executions (litmus tests, scenarios) and checkLkmm.

/** A value in memory: a number, or a pointer written as the name of the location it points to. */
export type Val = number | string;

/**
 * The annotation of a memory access, as herd7's kernel model tags it:
 * 'plain' (C `*x = 1`), 'once' (READ_ONCE/WRITE_ONCE, rcu_dereference, _relaxed RMWs),
 * 'acquire', 'release', 'mb' (value-returning fully ordered RMWs: xchg, cmpxchg, atomic_*_return),
 * 'noreturn' (atomic_inc/add/... without a return value), 'init' (the initial write of a location),
 * 'srcu-lock' / 'srcu-unlock' (srcu_read_lock's read, srcu_read_unlock's write of the srcu struct).
 */
export type AccessTag = 'plain' | 'once' | 'acquire' | 'release' | 'mb' | 'noreturn' | 'init' | 'srcu-lock' | 'srcu-unlock';

/** A fence's annotation: smp_mb, smp_rmb, smp_wmb, barrier, RCU's and the smp_mb__* helpers. */
export type FenceTag =
  | 'mb' | 'rmb' | 'wmb' | 'barrier'
  | 'rcu-lock' | 'rcu-unlock' | 'sync-rcu'
  | 'before-atomic' | 'after-atomic' | 'after-spinlock' | 'after-unlock-lock' | 'after-srcu-read-unlock';

/**
 * What a spinlock operation does to its lock word (lock.cat's event classes):
 * 'lock-read'/'lock-write' the two halves of spin_lock or a successful spin_trylock (paired by rmw),
 * 'unlock' spin_unlock, 'lock-fail' a failed spin_trylock, 'read-locked'/'read-unlocked' spin_is_locked.
 * A lock word holds 0 when free and 1 when held: lock-read reads 0, lock-write writes 1, unlock writes 0.
 */
export type LockOp = 'lock-read' | 'lock-write' | 'unlock' | 'lock-fail' | 'read-locked' | 'read-unlocked';

export type EventKind = 'R' | 'W' | 'F' | 'sync-srcu';

export interface LkmmEvent {
  /** Index of this event in graph.events. */
  id: number;
  /** 0-based thread (P0 is 0); -1 for an initial write. */
  thread: number;
  /** Program-order index within the thread (increasing along the thread; only the order matters). */
  po: number;
  kind: EventKind;
  /** The location accessed (R, W, sync-srcu); undefined for a fence. */
  loc?: string;
  /** The value read or written (R, W). */
  value?: Val;
  /** The access annotation (R, W) or the fence's (F); sync-srcu carries none. */
  tag?: AccessTag | FenceTag;
  /** A spinlock operation: the event is also a read (lock-read, lock-fail, read-*) or a write. */
  lock?: LockOp;
  /** The event belongs to a read-modify-write instruction (xchg, cmpxchg, atomic_*), failed or not. */
  rmwOp?: boolean;
  /** A read half of a successful RMW (or a lock-read): the id of its write half. */
  rmwWrite?: number;
  /** Ids of the reads whose values this event's address, stored value, or reaching depends on. */
  addr: number[];
  data: number[];
  ctrl: number[];
  /** How the event reads in a message: "READ_ONCE(*y)". */
  text?: string;
}

export interface ExecutionGraph {
  /**
   * The events, ids 0..n-1. Judgements cache what they derive from the event objects: replace an
   * event by a new object (push, pop, a new array) rather than changing its fields in place.
   */
  events: LkmmEvent[];
  /** Read id -> the id of the write it reads from. Every read has one. */
  rf: Record<number, number>;
  /** Location -> its writes in coherence order, the initial write first. */
  co: Record<string, number[]>;
}

/** Builds graphs by hand (tests, scenarios): events in order, then rf and co. */
export class GraphBuilder {
  readonly events: LkmmEvent[] = [];
  readonly rf: Record<number, number> = {};
  readonly co: Record<string, number[]> = {};
  private readonly nextPo = new Map<number, number>();

  /** The initial write of `loc` (also starts its coherence order). */
  init(loc: string, value: Val = 0): number {
    const id = this.push({ thread: -1, kind: 'W', loc, value, tag: 'init' });
    this.co[loc] = [id, ...(this.co[loc] ?? [])];
    return id;
  }
  read(thread: number, loc: string, value: Val, tag: AccessTag = 'once', more: Partial<LkmmEvent> = {}): number {
    return this.push({ thread, kind: 'R', loc, value, tag, ...more });
  }
  /** A write; it joins the end of its location's coherence order (reorder with `coOrder`). */
  write(thread: number, loc: string, value: Val, tag: AccessTag = 'once', more: Partial<LkmmEvent> = {}): number {
    const id = this.push({ thread, kind: 'W', loc, value, tag, ...more });
    (this.co[loc] ??= []).push(id);
    return id;
  }
  fence(thread: number, tag: FenceTag): number { return this.push({ thread, kind: 'F', tag }); }
  /** A successful RMW: read then write, paired. */
  rmw(thread: number, loc: string, read: Val, written: Val, tag: AccessTag = 'mb'): [number, number] {
    const r = this.read(thread, loc, read, tag, { rmwOp: true });
    const w = this.write(thread, loc, written, tag, { rmwOp: true });
    const ev = this.events[r];
    if (ev) ev.rmwWrite = w;
    return [r, w];
  }
  readsFrom(read: number, write: number): this { this.rf[read] = write; return this; }
  /** Sets the coherence order of `loc` after its initial write. */
  coOrder(loc: string, writes: number[]): this {
    const first = this.co[loc]?.[0];
    const isInit = first !== undefined && this.events[first]?.tag === 'init';
    this.co[loc] = [...(isInit ? [first] : []), ...writes];
    return this;
  }
  graph(): ExecutionGraph { return { events: this.events, rf: this.rf, co: this.co }; }

  private push(e: Omit<LkmmEvent, 'id' | 'po' | 'addr' | 'data' | 'ctrl'> & Partial<LkmmEvent>): number {
    const id = this.events.length;
    const po = this.nextPo.get(e.thread) ?? 0;
    this.nextPo.set(e.thread, po + 1);
    this.events.push({ addr: [], data: [], ctrl: [], ...e, id, po: e.po ?? po });
    return id;
  }
}

/** An event in words for messages: "P1's READ_ONCE(*y)=0" or "the initial write of x". */
export function eventText(g: ExecutionGraph, id: number): string {
  const e = g.events[id];
  if (!e) return `event ${id}`;
  if (e.tag === 'init') return `the initial write of ${e.loc ?? '?'}`;
  const what = e.text ?? defaultText(e);
  const value = e.value !== undefined && (e.kind === 'R' || e.kind === 'W') ? `=${String(e.value)}` : '';
  return `P${e.thread}'s ${what}${value}`;
}

function defaultText(e: LkmmEvent): string {
  if (e.kind === 'F') return `fence ${e.tag ?? ''}`;
  if (e.kind === 'sync-srcu') return `synchronize_srcu(${e.loc ?? ''})`;
  const op = e.lock ?? (e.kind === 'R' ? 'read' : 'write');
  return `${op}${e.tag && e.tag !== 'plain' ? `[${e.tag}]` : ''} ${e.loc ?? ''}`;
}

/**
 * The annotation of an access written with one of tw's orderings (core's Order): 'full' is a
 * fully ordered RMW (xchg, cmpxchg), 'relaxed' a _relaxed RMW or a once access.
 */
export function accessTagOf(order: 'plain' | 'once' | 'relaxed' | 'acquire' | 'release' | 'full'): AccessTag {
  switch (order) {
    case 'plain': return 'plain';
    case 'once': case 'relaxed': return 'once';
    case 'full': return 'mb';
    default: return order;
  }
}
