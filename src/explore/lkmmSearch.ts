// The explorer under `memory lkmm`: every execution the Linux kernel memory model allows. Threads
// take steps in every order (as under SC); at each load the run branches over every write that
// keeps the partial graph consistent (checkLkmm) and over the values a later write may give it (a
// promise, for load buffering: lkmmPromises.ts), at each store over its places in coherence. A
// node is the machine state plus the graph; nodes with the same state and the same graph (up to
// the order events were added) are searched once, and each consistent graph is counted once.
import { Machine, State, Program, Variant, cloneState, cloneGraph, WeakGraph, outcomeText, ViolationKind, VIOLATION_KINDS, Chosen, reportRaces } from '../core';
import { FutureWrites, Future, bindings, promisable } from './lkmmPromises';
import { bindable, closed } from './lkmmBindable';
import { StateEncoder } from './stateKey';
import { ExploreOptions, ExploreViolation, ExploreResult, StopReason, ExploreControl } from './types';
import { DEFAULT_EXPLORE_STEPS, scheduleText, exploreSync, drain } from './explore';
import { witnessPins, explainPins, graphKey } from './lkmmWitness';
import { listingVariantFor } from '../model';

interface Node { s: State; g: WeakGraph; path: number[]; chosen: Chosen[][] }

/** What one violating execution needs to be replayed and explained. */
interface Found { kind: ViolationKind; message: string; path: number[]; chosen: Chosen[][]; g: WeakGraph; s: State }

/** `promises`: loads that took a value from a write not made yet (bound or not in the end). */
export interface LkmmStats { executions: number; states: number; pruned: number; steps: number; promises: number }

/** The next choice vector after `c` given the options each point had, or undefined when all are done. */
export function nextChoices(c: readonly number[], counts: readonly number[]): number[] | undefined {
  for (let k = counts.length - 1; k >= 0; k--) {
    const cur = c[k] ?? 0;
    if (cur + 1 < (counts[k] ?? 1)) return [...c.slice(0, k).map((x) => x), cur + 1];
  }
  return undefined;
}

export class LkmmSearch {
  readonly stats: LkmmStats = { executions: 0, states: 0, pruned: 0, steps: 0, promises: 0 };
  readonly outcomes = new Set<string>();
  readonly found = new Map<ViolationKind, Found>();
  private readonly visited = new Set<string>();
  /** The key of each consistent graph found (graphKey): the executions, each once. */
  readonly graphs = new Set<string>();
  private readonly enc = new StateEncoder();
  private readonly stack: Node[] = [];
  stopped: StopReason | undefined;
  /** Look-aheads on a second machine whose memory takes the newest write, unchecked. */
  private readonly ahead: FutureWrites;
  /** The node being expanded, and what each other thread will write from it (filled on demand). */
  private node: Node | undefined;
  private readonly future = new Map<number, Future>();
  /** How many of the node's pending reads have a cycle not closed yet (worked out on demand). */
  private open: number | undefined;
  /** How many may be open when another read of a later write is made (ExploreOptions.openCycles). */
  private readonly openCycles: number;

  constructor(readonly m: Machine, private readonly o: ExploreOptions, private readonly stop: () => StopReason | undefined) {
    const { state } = m.init();
    const g = m.startWeak(state);
    const ahead = new Machine(m.program, m.variant, m.ctx.limits, 'lkmm');
    ahead.startWeak(ahead.init().state);
    if (ahead.weak) ahead.weak.newestOnly = true;
    this.ahead = new FutureWrites(ahead);
    this.openCycles = o.openCycles ?? 1;
    if (m.weak) m.weak.promises = (loc, t) => this.promised(loc, t);
    this.stack.push({ s: state, g, path: [], chosen: [] });
  }

  /**
   * The values thread t's load of `loc` may take from a write not made yet: what another live
   * thread will write there whatever it reads. Each load-buffering cycle needs one such read, and
   * a read stays pending until the execution ends, so two cycles in one execution need two: a new
   * one is opened while fewer than `openCycles` pending reads (1 by default) have no write yet
   * that closes their cycle (an execution with more cycles that must be open at once is not
   * generated; the promises that never close, on the shipped examples, do not multiply: with 2
   * the search of caller-keyctl-session-to-parent.tw does not end in minutes).
   */
  private promised(loc: string, t: number): number[] {
    const node = this.node;
    if (!node) return [];
    if (node.g.pending.length > 0) {
      if (this.open === undefined) this.open = node.g.pending.filter((r) => !closed(node.g, r)).length;
      if (this.open >= this.openCycles) return [];
    }
    const futures: Future[] = [];
    node.s.threads.forEach((th, u) => {
      if (u === t || th.done) return;
      let f = this.future.get(u);
      if (!f) this.future.set(u, (f = this.ahead.of(node.s, node.g, u)));
      futures.push(f);
    });
    return [...promisable(loc, node.g, futures)].sort((a, b) => a - b);
  }

  /** Runs until done or stopped; yields every slice so a caller can report progress. */
  *run(): Generator<void, void> {
    for (let n = 0; this.stack.length > 0; n++) {
      if (n % 64 === 0) {
        this.stopped = this.stop() ?? (this.stats.states >= (this.o.maxStates ?? Infinity) ? 'max-states' : undefined);
        if (this.stopped) return;
        yield;
      }
      this.expand(this.stack.pop() as Node);
    }
  }

  private expand(node: Node): void {
    const en = this.m.enabled(node.s);
    if (en.length === 0) return this.complete(node);
    const weak = this.m.weak;
    if (!weak) return;
    if (node.g.pending.length > 0 && !bindable(node.g, node.s.threads.map((th) => th.done))) { this.stats.pruned++; return; }
    this.node = node;
    this.future.clear();
    this.open = undefined;
    for (let i = en.length - 1; i >= 0; i--) {
      const t = en[i] as number;
      // The steps that open a read of a later write go on the stack first, so they are searched
      // after the others of this thread: a search cut short by a budget has seen the plain reads.
      const later: Node[] = [];
      const now: Node[] = [];
      for (let c: number[] | undefined = []; c; ) {
        const s = cloneState(node.s);
        const g = cloneGraph(node.g);
        weak.begin(g, c);
        this.m.step(s, t);
        this.stats.steps++;
        if (g.pending.length > node.g.pending.length) this.stats.promises++;
        const counts = weak.counts.slice();
        const key = this.key(s, g);
        if (this.visited.has(key)) this.stats.pruned++;
        else {
          this.visited.add(key);
          this.stats.states++;
          (g.pending.length > node.g.pending.length ? later : now).push({ s, g, path: [...node.path, t], chosen: [...node.chosen, weak.chosen.slice()] });
        }
        c = nextChoices(c, counts);
      }
      this.stack.push(...later, ...now);
    }
  }

  private key(s: State, g: WeakGraph): string {
    this.enc.encode(s);
    return `${this.enc.buf.subarray(0, this.enc.len).join(',')}|${graphKey(g)}`;
  }

  /** A complete execution, once per way its promised reads can be bound (none: it is not one). */
  private complete(node: Node): void {
    if (node.g.pending.length === 0) return this.completeGraph(node, false);
    for (const g of bindings(node.g)) this.completeGraph({ ...node, s: cloneState(node.s), g }, true);
  }

  /** The end checks, the data races of its graph, its outcome. */
  private completeGraph(node: Node, bound: boolean): void {
    const s = node.s;
    const weak = this.m.weak;
    if (weak) weak.g = node.g; // finish() reports the graph's data races
    if (!s.finished) this.m.finish(s);
    else if (bound && s.threads.every((th) => th.done)) reportRaces(this.m.ctx, s, node.g); // the step that ended it could not: reads were pending
    const gk = graphKey(node.g);
    if (!this.graphs.has(gk)) { this.graphs.add(gk); this.stats.executions++; }
    const stepLimited = s.violations.some((v) => v.kind === 'step-limit');
    const stuck = s.threads.some((th) => !th.done);
    if (!stepLimited) this.outcomes.add(outcomeText(this.m.ctx, s) + (stuck ? '; deadlock' : '')); // as the SC search words it
    for (const v of s.violations) this.record({ kind: v.kind, message: v.message, ...node });
  }

  /** Keeps the shortest witness of each kind. */
  private record(f: Found): void {
    const old = this.found.get(f.kind);
    if (!old || f.path.length < old.path.length) this.found.set(f.kind, f);
  }

  violations(): ExploreViolation[] {
    const out: ExploreViolation[] = [];
    for (const kind of VIOLATION_KINDS) {
      const f = this.found.get(kind);
      if (!f) continue;
      const pins = witnessPins(this.m, f.g, f.chosen);
      const schedule = scheduleText(this.m, f.path);
      out.push({
        kind, message: f.message, schedule: pins.length ? `${schedule} | ${pins.join(', ')}` : schedule, path: f.path,
        steps: f.path.length, preemptions: 0, minimal: false,
        explanation: explainPins(this.m, f.g, f.chosen), outcome: outcomeText(this.m.ctx, f.s),
      });
    }
    return out;
  }
}

/** The run is under the LKMM: the option, else the file's `memory lkmm;`. */
export function isLkmm(program: Program, o: ExploreOptions): boolean {
  return (o.memory ?? program.memory ?? 'sc') === 'lkmm';
}

/** The listing variant an LKMM search runs (a name resolves to its listing), or why there is none. */
export function lkmmVariant(program: Program, o: ExploreOptions): Variant | string {
  const spec = o.variant ?? program.variant;
  const r = listingVariantFor(spec);
  return r.variant ?? `memory lkmm: variant '${typeof spec === 'string' ? spec : spec.name}' has no listing to run`;
}

/** Explores under the LKMM, then under SC for the outcomes only weak memory reaches. */
export function* exploreLkmm(program: Program, o: ExploreOptions, control: ExploreControl): Generator<void, ExploreResult> {
  const variant = lkmmVariant(program, o);
  if (typeof variant === 'string') throw new Error(variant); // validateOptions said so first
  const t0 = Date.now();
  const deadline = o.timeoutMs !== undefined ? t0 + o.timeoutMs : Infinity;
  const stop = (): StopReason | undefined => (control.isCancelled?.() ? 'cancelled' : Date.now() > deadline ? 'timeout' : undefined);
  const r = yield* searchLkmm(program, variant, o, stop, (st) => control.onProgress?.(st));
  // The comparison is the whole SC search at the same step bound: the LKMM search's state or
  // execution budget does not apply to it (cut short, it left outcomes out and the report called
  // them weak only: s04 at --max-states 500). Not finished (a timeout): nothing is judged weak only.
  const { maxStates: _s, maxExecutions: _e, openCycles: _c, ...unbudgeted } = o;
  const sc = exploreSync(program, { ...unbudgeted, memory: 'sc', variant, traces: false, coverage: false });
  const seen = new Set(sc.outcomes);
  if (sc.complete) r.weakOnly = r.outcomes.filter((x) => !seen.has(x));
  return r;
}

/** The LKMM search itself (the variant must run a listing). */
export function* searchLkmm(program: Program, variant: Variant, o: ExploreOptions, stop: () => StopReason | undefined,
  progress: (st: LkmmStats) => void = () => undefined): Generator<void, ExploreResult> {
  const t0 = Date.now();
  const maxSteps = o.maxSteps ?? DEFAULT_EXPLORE_STEPS;
  const m = new Machine(program, variant, { maxSteps }, 'lkmm');
  const search = new LkmmSearch(m, o, stop);
  for (const _ of search.run()) { progress(search.stats); yield; }
  const st = search.stats;
  const result: ExploreResult = {
    strategy: 'stateful', variant: variant.name, memory: 'lkmm',
    executions: st.executions, states: st.states, pruned: st.pruned, steps: st.steps, timeMs: Date.now() - t0,
    violations: search.violations(), outcomes: [...search.outcomes].sort(), complete: search.stopped === undefined, maxSteps,
  };
  if (search.stopped) result.stopped = search.stopped;
  return result;
}

/**
 * Explores in this thread to the end under the program's memory model: the SC search, or under
 * `memory lkmm` (the option or the file's statement) the LKMM search. For in-process callers (the
 * language server's explore command, the Test Explorer), which must not judge an LKMM file by SC.
 */
export function exploreProgramSync(program: Program, o: ExploreOptions): ExploreResult {
  return isLkmm(program, o) ? drain(exploreLkmm(program, o, {})) : exploreSync(program, o);
}
