// An oracle for the LKMM explorer's completeness on small scenarios: every execution by brute
// force, with no schedule, look-ahead or promise. Each read's value is guessed among the values
// written to its location (the initial one and every value some run writes there, to a fixed
// point); the threads run one after another with those values (a read takes its guess and no
// read-from); then every read-from (a write of the read's location and value) and every coherence
// order of each location is tried, and those the LKMM's axioms allow (lkmmAllows) are the
// executions. Only the interpreter (which events a thread makes given what it reads) and the axiom
// checker are shared with the explorer.
//
// It runs scenarios whose threads do not wait for each other through `.tw` code (a thread that
// cannot move before it is done is refused) and that make few reads (the guesses multiply).
import { Machine, Program, Variant, WeakGraph, cloneGraph, outcomeText } from '../../src/core';
import type { LkmmEvent } from '../../src/lkmm';
import { lkmmAllows } from '../../src/lkmm';
import { graphKey } from '../../src/explore/lkmmWitness';
import { LkmmSearch } from '../../src/explore/lkmmSearch';

export interface Executions {
  /** Each allowed graph's key (graphKey: events named by thread and program order). */
  graphs: Set<string>;
  /** Each allowed execution's returned values (`p0 returned 0x4; p1 returned NULL`): the outcome without the memory, whose final values the oracle's run does not order. */
  returns: Set<string>;
}

/** Thrown from a read that has no guess yet: the run stops and is tried with each value there. */
class Guess {
  constructor(readonly loc: string, readonly initial: number) {}
}

/** The choice index no point has: every choice takes its last option (with newestOnly, the guess). */
const LAST: readonly number[] = new Array<number>(256).fill(1e9);

/** One run with these guesses, threads in order: its graph (every read unbound) and returns. */
function runWith(m: Machine, guesses: readonly number[], maxReads: number): { g: WeakGraph; returns: string } | Guess {
  const weak = m.weak;
  if (!weak) throw new Error('the oracle runs under the LKMM');
  const s = m.init().state;
  const g = m.startWeak(s);
  // Every access takes the newest write unchecked and a read then its one "promised" value: the
  // guess. Its read-from is left open (g.pending) and tried every way below.
  weak.newestOnly = true;
  let k = 0;
  weak.promises = (loc) => {
    if (k < guesses.length) return [guesses[k++] as number];
    if (k >= maxReads) throw new Error(`more than ${maxReads} reads: too big for the oracle`);
    const init = g.events[g.init[loc] ?? -1];
    throw new Guess(loc, typeof init?.value === 'number' ? init.value : 0);
  };
  try {
    for (let t = 0; t < s.threads.length; t++) {
      while (!s.threads[t]?.done) {
        if (s.finished || !m.canMove(s, t)) throw new Error(`thread ${t} cannot run alone to its end (waits, spins or hit the step bound): not for the oracle`);
        weak.begin(g, LAST);
        m.step(s, t);
      }
    }
  } catch (e) {
    if (e instanceof Guess) return e;
    throw e;
  } finally {
    weak.promises = undefined;
    weak.newestOnly = false;
  }
  return { g, returns: returnsOf(outcomeText(m.ctx, s)) };
}

/** Every execution of the scenario the LKMM allows, by brute force (see the file's comment). */
export function bruteForce(program: Program, variant: Variant, maxReads = 10, maxSteps = 300): Executions {
  const m = new Machine(program, variant, { maxSteps }, 'lkmm');
  const values = new Map<string, Set<number>>();
  let runs: { g: WeakGraph; returns: string }[] = [];
  for (;;) {
    runs = [];
    const dfs = (prefix: number[]): void => {
      const r = runWith(m, prefix, maxReads);
      if (!(r instanceof Guess)) { runs.push(r); return; }
      const dom = new Set([r.initial, ...(values.get(r.loc) ?? [])]);
      for (const v of [...dom].sort((a, b) => a - b)) dfs([...prefix, v]);
    };
    dfs([]);
    // The values written in these runs: a read may take any of them (a fixed point).
    let grew = false;
    for (const { g } of runs) {
      for (const e of g.events) {
        if (e.kind !== 'W' || e.loc === undefined || typeof e.value !== 'number') continue;
        const set = values.get(e.loc) ?? new Set<number>();
        if (!set.has(e.value)) { set.add(e.value); grew = true; }
        values.set(e.loc, set);
      }
    }
    if (!grew) break;
  }
  const out: Executions = { graphs: new Set(), returns: new Set() };
  for (const r of runs) {
    for (const h of completions(r.g)) {
      out.graphs.add(graphKey(h));
      out.returns.add(r.returns);
    }
  }
  return out;
}

/**
 * The graphs the LKMM allows among the run's completions: every read-from of every read and every
 * coherence order, one location at a time (each filtered by coherence of that location), then the
 * whole graph judged by the axioms.
 */
function completions(g: WeakGraph): WeakGraph[] {
  const locs = Object.keys(g.co).sort();
  const perLoc = locs.map((loc) => locationChoices(g, loc));
  const out: WeakGraph[] = [];
  const h = cloneGraph(g);
  h.pending = [];
  const pick = (i: number): void => {
    if (i === locs.length) { if (lkmmAllows(h)) out.push(cloneGraph(h)); return; }
    for (const c of perLoc[i] ?? []) {
      h.co[locs[i] as string] = c.co;
      for (const [r, w] of c.rf) h.rf[r] = w;
      pick(i + 1);
    }
  };
  pick(0);
  return out;
}

interface LocChoice { co: number[]; rf: [number, number][] }

/** The coherence orders (initial write first) and read-froms of one location that keep it coherent. */
function locationChoices(g: WeakGraph, loc: string): LocChoice[] {
  const at = g.events.filter((e) => e.loc === loc);
  const writes = at.filter((e) => e.kind === 'W' && e.thread >= 0).map((e) => e.id);
  const init = g.init[loc] as number;
  const reads = at.filter((e) => e.kind === 'R');
  const out: LocChoice[] = [];
  for (const order of permutations(writes)) {
    const co = [init, ...order];
    const rfs: [number, number][][] = [[]];
    for (const r of reads) {
      const ws = co.filter((w) => g.events[w]?.value === r.value && w !== r.rmwWrite);
      const next: [number, number][][] = [];
      for (const partial of rfs) for (const w of ws) next.push([...partial, [r.id, w]]);
      rfs.splice(0, rfs.length, ...next);
    }
    for (const rf of rfs) if (coherent(at, co, rf)) out.push({ co, rf });
  }
  return out;
}

/** Program order of the location, read-from, coherence and from-read without a cycle. */
function coherent(at: readonly LkmmEvent[], co: readonly number[], rf: readonly [number, number][]): boolean {
  const next = new Map<number, number[]>();
  const add = (a: number, b: number): void => { const l = next.get(a); if (l) l.push(b); else next.set(a, [b]); };
  for (const a of at) for (const b of at) if (a.thread >= 0 && a.thread === b.thread && a.po < b.po) add(a.id, b.id);
  for (let i = 0; i + 1 < co.length; i++) add(co[i] as number, co[i + 1] as number);
  for (const [r, w] of rf) {
    add(w, r);
    const later = co[co.indexOf(w) + 1];
    if (later !== undefined) add(r, later);
  }
  const state = new Map<number, 1 | 2>();
  const visit = (a: number): boolean => {
    state.set(a, 1);
    for (const b of next.get(a) ?? []) {
      const s = state.get(b);
      if (s === 1 || (s === undefined && !visit(b))) return false;
    }
    state.set(a, 2);
    return true;
  };
  for (const a of next.keys()) if (!state.has(a) && !visit(a)) return false;
  return true;
}

function permutations(xs: readonly number[]): number[][] {
  if (xs.length <= 1) return [xs.slice()];
  const out: number[][] = [];
  xs.forEach((x, i) => { for (const p of permutations([...xs.slice(0, i), ...xs.slice(i + 1)])) out.push([x, ...p]); });
  return out;
}

/** The explorer's executions of the same scenario, in the oracle's terms (step-limited ones left out). */
export function explored(program: Program, variant: Variant, openCycles?: number, maxSteps = 300): Executions & { complete: boolean } {
  const m = new Machine(program, variant, { maxSteps }, 'lkmm');
  const search = new LkmmSearch(m, openCycles === undefined ? {} : { openCycles }, () => undefined);
  for (const _ of search.run()) { /* to the end */ }
  return { graphs: new Set(search.graphs), returns: new Set([...search.outcomes].map(returnsOf)), complete: search.stopped === undefined };
}

/** The threads' returned values of an outcome line. */
function returnsOf(outcome: string): string {
  return outcome.split('; ').filter((p) => / returned /.test(p)).join('; ');
}
