// Stateless source-DPOR with sleep sets (Abdulla, Aronis, Jonsson, Sagonas, POPL 2014): one
// complete execution per Mazurkiewicz trace, plus some sleep-set-blocked partial ones (counted as
// pruned). Happens-before is tracked with vector clocks over the footprints of footprints.ts.
// Blocking steps (pi_lock, wait_until, alloc) get a reversibility check: a race whose reversal
// would start with a step that cannot move there is no race (see racing() for the lock case).
import { State, cloneState } from '../core';
import { Search, endedByBound, maskOf } from './search';
import { Strategy, StrategyInit, preemptionsAfter } from './strategy';
import { Fp, SleepEntry, dependent, racing, mayBlock, sleepMaskOf } from './footprints';

interface Ev { t: number; fp: Fp; vc: Int32Array; seq: number; prev: number }
interface Node {
  state: State;
  enMask: number;
  backtrack: number;
  done: number;
  sleep: SleepEntry[];
  sleepMask: number;
  /** Children taken so far, with their footprints: asleep for the later siblings. */
  explored: SleepEntry[];
  last: number;
  lastCanMove: boolean;
  preempted: number;
}

function lowestBit(mask: number): number {
  return mask === 0 ? -1 : 31 - Math.clz32(mask & -mask);
}

export class DporStrategy implements Strategy {
  private readonly nodes: Node[] = [];
  private readonly events: Ev[] = [];
  private readonly path: number[] = [];
  private readonly lastIdx: number[];
  private readonly nthreads: number;
  /** Races whose reversal could not be pinned to one thread (all enabled threads were added). */
  fallbacks = 0;

  constructor(private readonly search: Search, private readonly init: StrategyInit) {
    const root = init.root;
    this.nthreads = root.threads.length;
    if (this.nthreads > 30) throw new Error('dpor: more than 30 threads');
    this.lastIdx = new Array<number>(this.nthreads).fill(-1);
    search.prepareRoot(root);
    search.stats.states++;
    if (root.finished) search.leaf(root);
    else this.push(root, [], init.last, init.preempted);
  }

  private push(state: State, sleep: SleepEntry[], last: number, preempted: number): void {
    const depth = this.nodes.length;
    const en = this.search.m.enabled(state);
    const enMask = maskOf(en);
    const sleepMask = sleepMaskOf(sleep);
    const forced = this.init.fixed[depth];
    const node: Node = {
      state, enMask, backtrack: 0, done: 0, sleep, sleepMask, explored: [],
      last, lastCanMove: last >= 0 && (enMask & (1 << last)) !== 0, preempted,
    };
    if (forced !== undefined) {
      // A node of the split's shared top: its earlier siblings went to other subtrees, in order.
      for (const t of en) {
        if (t >= forced) break;
        if ((sleepMask & (1 << t)) === 0) node.explored.push({ t, fp: this.search.fps.of(state, t) });
      }
      node.backtrack = (enMask & ~sleepMask) & (1 << forced);
    } else {
      node.backtrack = 1 << lowestBit(enMask & ~sleepMask);
      if ((enMask & ~sleepMask) === 0) node.backtrack = 0;
    }
    if (node.backtrack === 0) this.search.stats.pruned++; // sleep-set blocked
    this.nodes.push(node);
  }

  private pop(): void {
    this.nodes.pop();
    const ev = this.events.pop();
    if (ev) this.lastIdx[ev.t] = ev.prev;
  }

  advance(budget: number): boolean {
    for (let n = 0; n < budget; n++) {
      const depth = this.nodes.length - 1;
      const top = this.nodes[depth];
      if (!top) return true;
      const t = lowestBit(top.backtrack & ~top.done & ~top.sleepMask & top.enMask);
      if (t < 0) { this.pop(); continue; }
      top.done |= 1 << t;
      this.expand(top, depth, t);
    }
    return this.nodes.length === 0;
  }

  private expand(top: Node, depth: number, t: number): void {
    const { search } = this;
    const preempted = preemptionsAfter(top, t, this.init.bound, search.stats);
    if (preempted === null) return;
    const fp = search.fps.of(top.state, t);
    const ev = this.event(depth, t, fp);
    if (depth >= this.init.fixed.length) this.detectRaces(depth, ev, search.m.nextLabel(top.state, t));
    const sleep: SleepEntry[] = [];
    for (const e of top.sleep) if (!dependent(e.fp, fp)) sleep.push(e);
    for (const e of top.explored) if (!dependent(e.fp, fp)) sleep.push(e);
    top.explored.push({ t, fp });
    const child = depth < this.init.fixed.length ? top.state : cloneState(top.state);
    this.path[depth] = t;
    search.step(child, t, this.path, depth + 1);
    search.stats.states++;
    if (child.finished) {
      // The other threads' pending steps are not checked for races here (too costly): say so.
      if (endedByBound(child) && child.threads.some((th, u) => u !== t && !th.done)) search.stats.stepLimitCut = true;
      search.leaf(child);
      return;
    }
    this.events.push(ev);
    this.lastIdx[t] = depth;
    this.push(child, sleep, t, preempted);
  }

  /** The event thread t's next step would be at this depth, with its vector clock. */
  private event(depth: number, t: number, fp: Fp): Ev {
    const vc = new Int32Array(this.nthreads);
    const prev = this.lastIdx[t] ?? -1;
    const own = this.events[prev];
    if (own) vc.set(own.vc);
    for (let j = depth - 1; j >= 0; j--) {
      const e = this.events[j];
      if (!e || e.t === t || (vc[e.t] ?? 0) >= e.seq || !dependent(e.fp, fp)) continue;
      for (let u = 0; u < vc.length; u++) if ((e.vc[u] ?? 0) > (vc[u] ?? 0)) vc[u] = e.vc[u] ?? 0;
    }
    const seq = (own ? own.seq : 0) + 1;
    vc[t] = seq;
    return { t, fp, vc, seq, prev };
  }

  /** Every earlier event in a direct race with ev gets its reversal scheduled (source sets). */
  private detectRaces(depth: number, ev: Ev, label: string | null): void {
    const above: Ev[] = [];
    const lp = this.events[ev.prev];
    for (let i = depth - 1; i >= this.init.fixed.length; i--) {
      const e = this.events[i];
      if (!e || e.t === ev.t || !racing(e.fp, ev.fp)) continue;
      let direct = !(lp && ev.prev > i && (lp.vc[e.t] ?? 0) >= e.seq);
      for (const c of above) if ((c.vc[e.t] ?? 0) >= e.seq) { direct = false; break; }
      above.push(e);
      if (direct) this.reverse(i, depth, ev, label);
    }
  }

  private reverse(i: number, depth: number, ev: Ev, label: string | null): void {
    const e = this.events[i];
    const node = this.nodes[i];
    if (!e || !node) return;
    const v: Ev[] = [];
    for (let j = i + 1; j < depth; j++) {
      const x = this.events[j];
      if (x && (x.vc[e.t] ?? 0) < e.seq) v.push(x);
    }
    if (mayBlock(label) && !this.reversible(node.state, v, ev.t)) return;
    const initials = this.initials(v, ev);
    if ((initials & node.backtrack) !== 0) return;
    const usable = initials & node.enMask;
    const awake = usable & ~node.sleepMask;
    const pick = (awake & (1 << ev.t)) !== 0 ? ev.t : lowestBit(awake !== 0 ? awake : usable);
    if (pick >= 0) node.backtrack |= 1 << pick;
    else { node.backtrack |= node.enMask; this.fallbacks++; }
  }

  /** Threads whose first step in v.ev has no happens-before predecessor in v. */
  private initials(v: readonly Ev[], ev: Ev): number {
    let seen = 0;
    let out = 0;
    const all = [...v, ev];
    for (let j = 0; j < all.length; j++) {
      const x = all[j];
      if (!x || (seen & (1 << x.t)) !== 0) continue;
      seen |= 1 << x.t;
      let initial = true;
      for (let k = 0; k < j && initial; k++) {
        const y = all[k];
        if (y && (x.vc[y.t] ?? 0) >= y.seq) initial = false;
      }
      if (initial) out |= 1 << x.t;
    }
    return out;
  }

  /** Can v then thread t be executed from state s? (A blocked step means the race is not reversible.) */
  private reversible(s: State, v: readonly Ev[], t: number): boolean {
    const m = this.search.m;
    const st = cloneState(s);
    for (const x of v) {
      if (st.finished || !m.canMove(st, x.t)) return false;
      m.step(st, x.t);
    }
    return !st.finished && m.canMove(st, t);
  }
}
