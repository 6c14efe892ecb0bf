// The in-process explorer: exploreSync for one thread of work, exploreFrom for the debugger's
// "explore from here" (chunked, with progress and cancellation), and the result assembly they
// share with the parallel driver (minimised schedules, race explanations, outcome lines).
import { Limits, Machine, Program, State, VIOLATION_KINDS, ViolationKind, findVariant, run, outcomeText, formatSchedule, cloneState } from '../core';
import { Search, SearchStats } from './search';
import { SearchSetup, Task, TaskResult, TaskRun, splitTasks, prefixInfo, rootOf } from './tasks';
import { minimize } from './minimize';
import { explainRace } from './explain';
import { stateKey } from './stateKey';
import { symmetryOf } from './symmetry';
import { ExploreControl, ExploreOptions, ExploreResult, ExploreViolation, ProgressFn, STRATEGY_NAMES, StopReason, StrategyName } from './types';
import { listingVariantFor } from '../model';
import { machineFor } from './machines';

export const DEFAULT_EXPLORE_STEPS = 300;
export const DEFAULT_RUNS = 1000;
/** Expansions the minimiser may spend before it keeps the search's own schedule. */
const MINIMIZE_NODES = 100000;
/** The time minimising may take past a timeout the search used up (so `--timeout N` ends near N s). */
const MINIMIZE_AFTER_TIMEOUT_MS = 300;
/** The time minimising may take with no timeout given. */
const MINIMIZE_MS = 3000;

/** Problems with the options, as messages naming the option; empty when they are fine. */
export function validateOptions(program: Program, o: ExploreOptions): string[] {
  const errs: string[] = [];
  const variant = o.variant ?? program.variant;
  if (typeof variant === 'string' && !findVariant(variant)) errs.push(`variant: unknown variant '${variant}'`);
  if (o.strategy !== undefined && !STRATEGY_NAMES.includes(o.strategy)) {
    errs.push(`strategy: expected one of ${STRATEGY_NAMES.join(', ')}, found '${String(o.strategy)}'`);
  }
  const count = (name: string, v: number | undefined, min: number): void => {
    if (v !== undefined && (!Number.isInteger(v) || v < min)) errs.push(`${name}: expected an integer >= ${min}, found ${v}`);
  };
  count('bound', o.bound, 0);
  count('maxExecutions', o.maxExecutions, 1);
  count('maxStates', o.maxStates, 1);
  count('timeoutMs', o.timeoutMs, 1);
  count('workers', o.workers, 1);
  count('seed', o.seed, 0);
  count('maxSteps', o.maxSteps, 1);
  count('openCycles', o.openCycles, 1);
  if (o.shard && (!Number.isInteger(o.shard.count) || o.shard.count < 1 || !Number.isInteger(o.shard.index) ||
    o.shard.index < 0 || o.shard.index >= o.shard.count)) {
    errs.push(`shard: expected 0 <= index < count, found ${o.shard.index}/${o.shard.count}`);
  }
  if (o.hashCompact && (o.strategy ?? 'stateful') !== 'stateful') errs.push(`hashCompact: only with the stateful strategy, not ${String(o.strategy)}`);
  if (o.symmetry && (o.strategy ?? 'stateful') !== 'stateful') errs.push(`symmetry: only with the stateful strategy, not ${String(o.strategy)}`);
  if (o.symmetry && o.bound !== undefined) errs.push('symmetry: not with a preemption bound (who ran last would need renaming too)');
  if (program.threads.length > 30) errs.push('the explorer handles at most 30 threads');
  if ((o.memory ?? program.memory) === 'lkmm') errs.push(...lkmmOptionErrors(program, o));
  else if (o.openCycles !== undefined) errs.push('openCycles: only under memory lkmm');
  return errs;
}

/** Under the LKMM the search is over execution graphs: the SC strategies' options do not apply. */
function lkmmOptionErrors(program: Program, o: ExploreOptions): string[] {
  const errs: string[] = [];
  if (o.strategy !== undefined && o.strategy !== 'stateful') errs.push(`memory lkmm: it has its own search over execution graphs; leave out strategy (${o.strategy})`);
  for (const [name, on] of [['bound', o.bound !== undefined], ['symmetry', o.symmetry], ['hashCompact', o.hashCompact], ['shard', o.shard !== undefined], ['coverage', o.coverage]] as const) {
    if (on) errs.push(`memory lkmm: ${name} is not supported under the LKMM search`);
  }
  const v = o.variant ?? program.variant;
  if (!listingVariantFor(v).variant) errs.push(`memory lkmm: variant '${typeof v === 'string' ? v : v.name}' has no listing to run`);
  return errs;
}

function check(program: Program, o: ExploreOptions): void {
  const errs = validateOptions(program, o);
  if (errs.length > 0) throw new Error(`explore: ${errs.join('; ')}`);
}

/** The machine and the search setup for a program explored from its start. */
export function prepare(program: Program, o: ExploreOptions, prefix: number[] = [], stepsAtRoot = 0,
  limits: Partial<Limits> = {}): { m: Machine; setup: SearchSetup; root: State } {
  check(program, o);
  const m = machineFor(program, o.variant ?? program.variant, { ...limits, maxSteps: stepsAtRoot + (o.maxSteps ?? DEFAULT_EXPLORE_STEPS) });
  const root = rootOf(m, prefix);
  const strategy: StrategyName = o.strategy ?? 'stateful';
  const setup: SearchSetup = {
    strategy, prefix, bound: o.bound, seed: o.seed ?? 1, runs: o.maxExecutions ?? DEFAULT_RUNS,
    pctLength: strategy === 'pct' ? roundRobinLength(m, prefix) : 0,
    maxExecutions: strategy === 'random' || strategy === 'pct' ? undefined : o.maxExecutions, maxStates: o.maxStates,
  };
  if (o.coverage) setup.coverage = true;
  if (o.symmetry && strategy === 'stateful' && o.bound === undefined) setup.symmetry = true;
  if (o.hashCompact && strategy === 'stateful') setup.hashCompact = true;
  return { m, setup, root };
}

/** Steps of the round-robin run from the root: PCT draws its change points within this length. */
function roundRobinLength(m: Machine, prefix: number[]): number {
  return Math.max(1, run(m, { prefix }).schedule.length - prefix.length);
}

/** The task list for this call: one whole-tree task, or this shard's share of the split. */
export function tasksFor(m: Machine, setup: SearchSetup, root: State, o: ExploreOptions, split: boolean, top: Search): Task[] {
  const sampling = setup.strategy === 'random' || setup.strategy === 'pct';
  if (!split && !o.shard) {
    return [sampling ? { kind: 'runs', runs: Array.from({ length: setup.runs }, (_, i) => i) } : { kind: 'subtree', path: [] }];
  }
  const scratch = new Search(m, setup.prefix, setup.coverage);
  const tasks = splitTasks(m, setup, cloneState(root), scratch);
  const shard = o.shard;
  // What the split itself ran (executions that end above the cut) belongs to shard 0 only.
  if (!shard || shard.index === 0) top.absorb({ stats: scratch.stats, found: scratch.found.values(), outcomes: scratch.outcomes, coverage: scratch.coverage?.data() });
  if (!shard) return tasks;
  if (setup.strategy !== 'stateful') return tasks.filter((_, i) => i % shard.count === shard.index);
  // The stateful search takes a shard's subtrees in one search: one visited set for all of them.
  // They are a block of neighbours (subtrees with a common prefix meet again sooner, so the shard
  // explores their common states once) rather than every n-th, which left each shard subtrees
  // from all over the tree and so most of its states (docs/explore-shards.md has the figures).
  // Blocks of as many subtrees as can be (their counts differ by one at most).
  const at = (i: number): number => Math.floor((i * tasks.length) / shard.count);
  const mine = tasks.slice(at(shard.index), at(shard.index + 1));
  if (mine.length === 0) return mine;
  return [{ kind: 'subtrees', paths: mine.map((x) => (x.kind === 'subtree' ? x.path : [])) }];
}

/** Explores in this thread, start to end, without yielding (tests, small searches). */
export function exploreSync(program: Program, options: ExploreOptions): ExploreResult {
  return drain(inThread(program, options, {}));
}

/** Runs a sliced computation to its end without yielding. */
export function drain<T>(g: Generator<void, T>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

/**
 * Explores in this thread in slices of a few milliseconds, so the caller's event loop stays live:
 * progress at least every 50 ms, cancellation (Ctrl-C) honoured within a slice, with what was
 * found so far kept.
 */
export function exploreInThread(program: Program, options: ExploreOptions, control: ExploreControl = {}): Promise<ExploreResult> {
  return runSliced(inThread(program, options, control));
}

/** Runs a sliced computation, yielding to the event loop between its slices. */
export async function runSliced<T>(g: Generator<void, T>): Promise<T> {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The in-thread search as slices (a yield between two): one implementation, sync or not. */
function* inThread(program: Program, options: ExploreOptions, control: ExploreControl): Generator<void, ExploreResult> {
  const t0 = Date.now();
  const { m, setup, root } = prepare(program, options);
  const top = new Search(m, [], setup.coverage);
  const stop = stopper(t0, options, control);
  let stopped: StopReason | undefined;
  for (const task of tasksFor(m, setup, root, options, false, top)) {
    stopped = stop() ?? capReached(setup, top.stats);
    if (stopped) break;
    const tr = new TaskRun(m, capsLeft(setup, top), root, task);
    const r = yield* slices(tr, stop, () => control.onProgress?.(totals(top.stats, tr.search.stats)));
    stopped = r === 'done' || r === 'paused' ? undefined : r;
    absorb(top, tr.result(stopped !== undefined));
    if (stopped) break;
  }
  control.onProgress?.(totals(top.stats));
  return finish(m, setup, root, top, options, { t0, stopped, minimizeNodes: minimizeBudget(stopped) });
}

export function absorb(top: Search, r: TaskResult): void {
  top.absorb({ stats: r.stats, found: r.found, outcomes: r.outcomes, coverage: r.coverage });
}

/** Why to stop now, if at all: the caller cancelled, or the time is up. */
export function stopper(t0: number, o: ExploreOptions, control: ExploreControl): () => StopReason | undefined {
  const deadline = o.timeoutMs !== undefined ? t0 + o.timeoutMs : Infinity;
  return () => (control.isCancelled?.() ? 'cancelled' : Date.now() > deadline ? 'timeout' : undefined);
}

/** The budget the tasks before this one used up, if they did. */
export function capReached(setup: SearchSetup, counts: { executions: number; states: number }): StopReason | undefined {
  if (setup.maxExecutions !== undefined && counts.executions >= setup.maxExecutions) return 'max-executions';
  if (setup.maxStates !== undefined && counts.states >= setup.maxStates) return 'max-states';
  return undefined;
}

function capsLeft(setup: SearchSetup, top: Search): SearchSetup {
  const left = (cap: number | undefined, used: number): number | undefined => (cap === undefined ? undefined : cap - used);
  return { ...setup, maxExecutions: left(setup.maxExecutions, top.stats.executions), maxStates: left(setup.maxStates, top.stats.states) };
}

/** Counts so far: the finished tasks' and the running ones'. */
export function totals(...all: SearchStats[]): { executions: number; states: number; steps: number } {
  const t = { executions: 0, states: 0, steps: 0 };
  for (const s of all) { t.executions += s.executions; t.states += s.states; t.steps += s.steps; }
  return t;
}

/** Minimisation after a stop: none when cancelled (the answer is wanted now); a timeout bounds it by time. */
export function minimizeBudget(stopped: StopReason | undefined): number | undefined {
  return stopped === 'cancelled' ? 0 : undefined;
}

const SLICE_MS = 20;

/**
 * Runs a task in slices of SLICE_MS, yielding between them. Returns 'done', the cap or stop
 * reason that ended it, or 'paused' when `pause` said so (the task can go on later).
 */
export function* slices(tr: TaskRun, stop: () => StopReason | undefined, onSlice: () => void,
  pause: () => boolean = () => false): Generator<void, 'done' | 'paused' | StopReason> {
  let lastReport = Date.now();
  for (;;) {
    const sliceEnd = Date.now() + SLICE_MS;
    const r = tr.run(() => Date.now() > sliceEnd || pause());
    if (r !== 'stopped') return r;
    const why = stop();
    if (why) return why;
    if (pause()) return 'paused';
    if (Date.now() - lastReport >= 50) { lastReport = Date.now(); onSlice(); }
    yield;
  }
}

/**
 * "Explore from here": every continuation of `state`, reached from the start by `prefix` (thread
 * indices, spin steps included). Runs in slices so the caller's event loop stays live: progress at
 * least every 50 ms, `isCancelled` polled every slice (a few ms). Schedules come back from the start.
 */
export async function exploreFrom(machine: Machine, state: State, prefix: readonly number[], options: ExploreOptions,
  onProgress?: ProgressFn, isCancelled?: () => boolean): Promise<ExploreResult> {
  const t0 = Date.now();
  const o: ExploreOptions = { ...options, variant: options.variant ?? machine.variant };
  const { m, setup, root } = prepare(machine.program, o, prefix.slice(), state.steps, machine.ctx.limits);
  if (stateKey(root) !== stateKey(state)) throw new Error('exploreFrom: the prefix does not lead to the given state');
  const top = new Search(m, setup.prefix, setup.coverage);
  const [task] = tasksFor(m, setup, root, o, false, top);
  let stopped: StopReason | undefined;
  if (task) {
    const tr = new TaskRun(m, setup, root, task);
    const r = await runSliced(slices(tr, stopper(t0, o, { isCancelled }), () => onProgress?.(totals(tr.search.stats))));
    stopped = r === 'done' || r === 'paused' ? undefined : r;
    absorb(top, tr.result(stopped !== undefined));
  }
  onProgress?.(totals(top.stats));
  // A cancelled caller wants its answer now: keep the schedules as found. Otherwise a smaller
  // minimisation budget than the CLI's, since this runs on the debugger's event loop.
  return finish(m, setup, root, top, o, { t0, stopped, minimizeNodes: stopped === 'cancelled' ? 0 : 20000 });
}

interface FinishMeta {
  t0: number;
  stopped: ExploreResult['stopped'];
  /** Expansions the minimiser may spend (0: keep the schedules as found). */
  minimizeNodes?: number;
}

/** Turns a search's raw findings into the result: minimal schedules, explanations, outcomes. */
export function finish(m: Machine, setup: SearchSetup, root: State, top: Search, o: ExploreOptions, meta: FinishMeta): ExploreResult {
  const info = prefixInfo(m, setup.prefix);
  // A kind already in the root (setup's, say) is at its shortest there: nothing to minimise.
  const kinds = new Set([...top.found.values()].filter((c) => c.path.length > setup.prefix.length).map((c) => c.kind));
  const budget = meta.minimizeNodes ?? MINIMIZE_NODES;
  // With a timeout, minimising shares it: it ends by the deadline, or shortly after if the search
  // used it all. Without one it still ends within MINIMIZE_MS (only big scenarios come near).
  const end = o.timeoutMs !== undefined ? Math.max(meta.t0 + o.timeoutMs, Date.now() + MINIMIZE_AFTER_TIMEOUT_MS) : Date.now() + MINIMIZE_MS;
  const mins = kinds.size > 0 && budget > 0 ? minimize(m, root, info.last, kinds, budget, () => Date.now() > end) : new Map<ViolationKind, never>();
  const violations: ExploreViolation[] = [];
  for (const kind of VIOLATION_KINDS) {
    const cand = top.found.get(kind);
    if (!cand) continue;
    const min = mins.get(kind);
    const minimal = min ? [...setup.prefix, ...min.path] : cand.path.length === setup.prefix.length ? cand.path : undefined;
    const explain = meta.stopped !== 'cancelled'; // a cancelled caller wants the answer now
    const v = (minimal && describe(m, setup, kind, minimal, info.preempted + (min?.preemptions ?? 0), true, o, explain)) ??
      describe(m, setup, kind, cand.path, prefixInfo(m, cand.path).preempted, false, o, explain);
    violations.push(v ?? fallback(m, kind, cand.message, cand.path));
  }
  const sampling = setup.strategy === 'random' || setup.strategy === 'pct';
  const stopped = meta.stopped ?? (top.stats.boundCut ? 'bound' : top.stats.stepLimitCut ? 'step-limit' : undefined);
  const result: ExploreResult = {
    strategy: setup.strategy, variant: m.variant.name,
    executions: top.stats.executions, states: top.stats.states, pruned: top.stats.pruned, steps: top.stats.steps,
    timeMs: Date.now() - meta.t0, violations, outcomes: top.outcomes, complete: !sampling && stopped === undefined,
    maxSteps: m.ctx.limits.maxSteps,
  };
  if (stopped) result.stopped = stopped;
  if (o.shard) result.shard = { ...o.shard };
  if (top.coverage) result.coverage = top.coverage.data();
  const sym = setup.symmetry ? symmetryOf(m.program, m.variant.listing) : undefined;
  if (sym) result.symmetry = sym.classes;
  if (setup.hashCompact) result.missProbability = top.stats.missProbability ?? 0;
  return result;
}

/** Replays a violating path; undefined if the replay does not show the kind (it always should). */
function describe(m: Machine, setup: SearchSetup, kind: ViolationKind, path: number[], preemptions: number,
  minimal: boolean, o: ExploreOptions, explain: boolean): ExploreViolation | undefined {
  const r = run(m, { prefix: path, detail: o.traces === true });
  const found = r.state.violations.find((x) => x.kind === kind);
  if (!found) return undefined;
  const v: ExploreViolation = {
    kind, message: found.message, schedule: scheduleText(m, path), path, steps: path.length, preemptions, minimal,
    explanation: path.length === setup.prefix.length ? 'none: it happens before any thread moves (in setup or at the start)'
      : explain ? explainRace(m, path, setup.prefix.length, kind) : 'not worked out: the search was interrupted',
    outcome: outcomeText(m.ctx, r.state),
  };
  if (o.traces) v.trace = r.steps.map((st) => st.text);
  return v;
}

function fallback(m: Machine, kind: ViolationKind, message: string, path: number[]): ExploreViolation {
  return {
    kind, message, schedule: scheduleText(m, path), path, steps: path.length, preemptions: prefixInfo(m, path).preempted,
    minimal: false, explanation: 'no explanation: the schedule did not replay', outcome: '',
  };
}

export function scheduleText(m: Machine, path: readonly number[]): string {
  return formatSchedule(path.map((t) => m.program.threads[t]?.name ?? `t${t}`));
}
