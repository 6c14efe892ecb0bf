// Candidate executions of a litmus test: one path per thread, a write for every read to read
// from (same location, same value), and a coherence order per location; each location's choices
// are filtered for coherence and atomicity first (locationChoices), the rest judged by the LKMM.
import { judgeExecution, partlyForbidden } from '../lkmm';
import type { ExecutionGraph, LkmmEvent, Val } from '../lkmm';
import type { LitmusTest } from './ast';
import { LitmusError } from './diagnostics';
import { allPaths } from './paths';
import { forEachPairing } from './pairing';
import type { ThreadPath } from './pathTypes';
import { locationChoices } from './locationChoices';
import type { LocationChoice } from './locationChoices';

/** An allowed execution: its graph, each thread's registers at the end, and whether it races. */
export interface AllowedExecution { graph: ExecutionGraph; regs: Map<string, Val>[]; final: Map<string, Val>; race: boolean }

export const MAX_CANDIDATES = 2_000_000;
/** A partial execution is checked when at least this many candidates complete it. */
const PARTIAL_CHECK_FROM = 4;

/**
 * Calls `visit` for every execution the LKMM allows; returns how many candidates were judged whole.
 * `prune: false` pairs every path of each thread with every path of the others and judges every
 * candidate whole, without the partial checks (the same executions, slower).
 * `mayKeep`, told the paths chosen so far (the other threads' undefined), may rule out every
 * execution built on them: their executions are not built (runLitmus: registers that already
 * fail the test's filter).
 */
export function forEachAllowed(test: LitmusTest, visit: (x: AllowedExecution) => void, options: { prune?: boolean; mayKeep?: (pick: (ThreadPath | undefined)[]) => boolean } = {}): number {
  const prune = options.prune ?? true;
  const paths = allPaths(test);
  let candidates = 0;
  const placed: PlacedEvents = new Map();
  const judge = (pick: ThreadPath[]): void => { candidates += judgeCombination(test, pick, visit, candidates, prune, placed); };
  if (prune) forEachPairing(test, paths, judge, options.mayKeep);
  else everyPairing(paths, judge);
  return candidates;
}

function judgeCombination(test: LitmusTest, pick: ThreadPath[], visit: (x: AllowedExecution) => void, sofar: number, prune: boolean, placed: PlacedEvents): number {
  const events = eventsOf(test, pick, placed);
  const perLoc: { loc: string; choices: LocationChoice[] }[] = [];
  for (const [loc, writes] of writesByLoc(events)) {
    const reads = events.filter((e) => e.kind === 'R' && e.loc === loc);
    const sources = reads.map((r) => writes.filter((w) => w.value === r.value && !(w.thread === r.thread && w.po > r.po) && r.rmwWrite !== w.id).map((w) => w.id));
    if (sources.some((s) => s.length === 0)) return 0;
    const choices = locationChoices(writes, reads, sources);
    if (choices.length === 0) return 0;
    perLoc.push({ loc, choices });
  }
  // The locations with fewest choices first: a partial execution that already breaks the model is
  // dropped before the product over the many-choice locations behind it is built.
  perLoc.sort((a, b) => a.choices.length - b.choices.length);
  let count = 0;
  const rf: Record<number, number> = {};
  const co: Record<string, number[]> = {};
  const last = perLoc.length - 1;
  // How many candidates lie below a choice at each location: a partial check costs about as much
  // as judging one whole candidate, so it is made only where it may spare several.
  const below = perLoc.map((_, i) => perLoc.slice(i + 1).reduce((n, l) => n * l.choices.length, 1));
  const choose = (i: number): void => {
    if (i > last) {
      if (sofar + ++count > MAX_CANDIDATES) throw new LitmusError('TW606', test.threads[0]?.pos ?? { line: 1, column: 1 }, `more than ${MAX_CANDIDATES} candidate executions`);
      const graph: ExecutionGraph = { events, rf: { ...rf }, co: { ...co } };
      const verdict = judgeExecution(graph);
      if (verdict.allowed) visit({ graph, regs: pick.map((p) => p.regs), final: finalValues(graph), race: verdict.races.length > 0 });
      return;
    }
    const { loc, choices } = perLoc[i] ?? { loc: '', choices: [] };
    for (const c of choices) {
      co[loc] = c.co;
      for (const [r, w] of c.rf) rf[r] = w;
      if (!prune || (below[i] ?? 1) < PARTIAL_CHECK_FROM || !partlyForbidden({ events, rf, co })) choose(i + 1);
      for (const [r] of c.rf) delete rf[r];
    }
    delete co[loc];
  };
  choose(0);
  return count;
}

/** The whole product of the threads' paths. */
function everyPairing(paths: ThreadPath[][], visit: (pick: ThreadPath[]) => void): void {
  const pick: ThreadPath[] = [];
  const combos = (t: number): void => {
    if (t === paths.length) { visit(pick); return; }
    for (const p of paths[t] ?? []) { pick[t] = p; combos(t + 1); }
  };
  combos(0);
}

/** Each location's writes (its initial write first), in event order. */
function writesByLoc(events: LkmmEvent[]): Map<string, LkmmEvent[]> {
  const byLoc = new Map<string, LkmmEvent[]>();
  for (const e of events) if (e.kind === 'W' && e.loc !== undefined) byLoc.set(e.loc, [...(byLoc.get(e.loc) ?? []), e]);
  return byLoc;
}

/**
 * A path's events as placed in an execution, by the id its first event takes: a path is paired with
 * many others, and its events are the same objects wherever it starts at the same place (events
 * are never changed once built).
 */
type PlacedEvents = Map<ThreadPath, Map<number, LkmmEvent[]>>;

/** Initial writes first (every location any thread touches or the test initialises), then each thread's events. */
function eventsOf(test: LitmusTest, pick: ThreadPath[], placed: PlacedEvents): LkmmEvent[] {
  const locs = new Set<string>(test.initLocs.keys());
  for (const t of test.threads) for (const p of t.params) if (!test.arrays.has(p)) locs.add(p);
  for (const p of pick) for (const e of p.events) if (e.loc !== undefined) locs.add(e.loc);
  const events: LkmmEvent[] = [...locs].sort().map((loc, id) => ({ id, thread: -1, po: 0, kind: 'W', loc, value: test.initLocs.get(loc) ?? 0, tag: 'init', addr: [], data: [], ctrl: [] }));
  pick.forEach((p, thread) => {
    const base = events.length;
    const byBase = placed.get(p) ?? new Map<number, LkmmEvent[]>();
    placed.set(p, byBase);
    let mine = byBase.get(base);
    if (!mine) {
      const shift = (ids: number[]): number[] => ids.map((i) => i + base);
      mine = p.events.map((e, po) => ({ ...e, id: base + po, thread, po, addr: shift(e.addr), data: shift(e.data), ctrl: shift(e.ctrl), rmwWrite: e.rmwWrite === undefined ? undefined : e.rmwWrite + base }));
      byBase.set(base, mine);
    }
    for (const e of mine) events.push(e);
  });
  return events;
}

function finalValues(g: ExecutionGraph): Map<string, Val> {
  const out = new Map<string, Val>();
  for (const [loc, order] of Object.entries(g.co)) {
    const last = order[order.length - 1];
    const v = last === undefined ? undefined : g.events[last]?.value;
    if (v !== undefined) out.set(loc, v);
  }
  return out;
}
