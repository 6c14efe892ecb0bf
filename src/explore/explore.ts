// The in-process explorer: exploreSync for one thread of work, exploreFrom for the debugger's
// "explore from here" (chunked, with progress and cancellation), and the result assembly they
// share with the parallel driver (minimised schedules, race explanations, outcome lines).
import { Limits, Machine, Program, State, VIOLATION_KINDS, ViolationKind, findVariant, run, outcomeText, formatSchedule, cloneState } from '../core';
import { Search } from './search';
import { SearchSetup, Task, TaskResult, TaskRun, runTask, splitTasks, prefixInfo, rootOf } from './tasks';
import { minimize } from './minimize';
import { explainRace } from './explain';
import { stateKey } from './stateKey';
import { ExploreOptions, ExploreResult, ExploreViolation, ProgressFn, STRATEGY_NAMES, StrategyName } from './types';

export const DEFAULT_EXPLORE_STEPS = 300;
export const DEFAULT_RUNS = 1000;
/** Expansions the minimiser may spend before it keeps the search's own schedule. */
const MINIMIZE_NODES = 100000;

/** Problems with the options, as messages naming the option; empty when they are fine. */
export function validateOptions(program: Program, o: ExploreOptions): string[] {
  const errs: string[] = [];
  const variant = o.variant ?? program.variant;
  if (!findVariant(variant)) errs.push(`variant: unknown variant '${variant}'`);
  if (o.strategy !== undefined && !STRATEGY_NAMES.includes(o.strategy)) {
    errs.push(`strategy: expected one of ${STRATEGY_NAMES.join(', ')}, found '${String(o.strategy)}'`);
  }
  const count = (name: string, v: number | undefined, min: number): void => {
    if (v !== undefined && (!Number.isInteger(v) || v < min)) errs.push(`${name}: expected an integer >= ${min}, found ${v}`);
  };
  count('bound', o.bound, 0);
  count('maxExecutions', o.maxExecutions, 1);
  count('timeoutMs', o.timeoutMs, 1);
  count('workers', o.workers, 1);
  count('seed', o.seed, 0);
  count('maxSteps', o.maxSteps, 1);
  if (o.shard && (!Number.isInteger(o.shard.count) || o.shard.count < 1 || !Number.isInteger(o.shard.index) ||
    o.shard.index < 0 || o.shard.index >= o.shard.count)) {
    errs.push(`shard: expected 0 <= index < count, found ${o.shard.index}/${o.shard.count}`);
  }
  if (program.threads.length > 30) errs.push('the explorer handles at most 30 threads');
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
  const m = new Machine(program, o.variant ?? program.variant, { ...limits, maxSteps: stepsAtRoot + (o.maxSteps ?? DEFAULT_EXPLORE_STEPS) });
  const root = rootOf(m, prefix);
  const strategy: StrategyName = o.strategy ?? 'stateful';
  const setup: SearchSetup = {
    strategy, prefix, bound: o.bound, seed: o.seed ?? 1, runs: o.maxExecutions ?? DEFAULT_RUNS,
    pctLength: strategy === 'pct' ? roundRobinLength(m, prefix) : 0,
    maxExecutions: strategy === 'random' || strategy === 'pct' ? undefined : o.maxExecutions,
  };
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
  const scratch = new Search(m, setup.prefix);
  const tasks = splitTasks(m, setup, cloneState(root), scratch);
  const shard = o.shard;
  // What the split itself ran (executions that end above the cut) belongs to shard 0 only.
  if (!shard || shard.index === 0) top.absorb({ stats: scratch.stats, found: scratch.found.values(), outcomes: scratch.outcomes });
  return shard ? tasks.filter((_, i) => i % shard.count === shard.index) : tasks;
}

/** Explores in this thread, start to end. */
export function exploreSync(program: Program, options: ExploreOptions): ExploreResult {
  const t0 = Date.now();
  const { m, setup, root } = prepare(program, options);
  const top = new Search(m, []);
  const deadline = options.timeoutMs !== undefined ? t0 + options.timeoutMs : Infinity;
  let stopped: ExploreResult['stopped'];
  const cap = setup.maxExecutions;
  for (const task of tasksFor(m, setup, root, options, false, top)) {
    if (Date.now() > deadline) { stopped = 'timeout'; break; }
    const left = cap === undefined ? undefined : cap - top.stats.executions;
    if (left !== undefined && left <= 0) { stopped = 'max-executions'; break; }
    const r = runTask(m, { ...setup, maxExecutions: left }, root, task, () => Date.now() > deadline);
    absorb(top, r);
    if (r.stopped) stopped = Date.now() > deadline ? 'timeout' : 'max-executions';
  }
  return finish(m, setup, root, top, options, { t0, stopped });
}

export function absorb(top: Search, r: TaskResult): void {
  top.absorb({ stats: r.stats, found: r.found, outcomes: r.outcomes });
}

/**
 * "Explore from here": every continuation of `state`, reached from the start by `prefix` (thread
 * indices, spin steps included). Runs in slices so the caller's event loop stays live: progress at
 * least every 50 ms, `isCancelled` polled every slice (a few ms). Schedules come back from the start.
 */
export async function exploreFrom(machine: Machine, state: State, prefix: readonly number[], options: ExploreOptions,
  onProgress?: ProgressFn, isCancelled?: () => boolean): Promise<ExploreResult> {
  const t0 = Date.now();
  const o: ExploreOptions = { ...options, variant: options.variant ?? machine.variant.name };
  const { m, setup, root } = prepare(machine.program, o, prefix.slice(), state.steps, machine.ctx.limits);
  if (stateKey(root) !== stateKey(state)) throw new Error('exploreFrom: the prefix does not lead to the given state');
  const top = new Search(m, setup.prefix);
  const [task] = tasksFor(m, setup, root, o, false, top);
  const deadline = o.timeoutMs !== undefined ? t0 + o.timeoutMs : Infinity;
  let stopped: ExploreResult['stopped'];
  let lastReport = Date.now();
  if (task) {
    const tr = new TaskRun(m, setup, root, task);
    const progress = (): void => onProgress?.({ executions: tr.search.stats.executions, states: tr.search.stats.states, steps: tr.search.stats.steps });
    for (;;) {
      const sliceEnd = Date.now() + 20;
      const r = tr.run(() => Date.now() > sliceEnd);
      if (r === 'done') break;
      if (r === 'max-executions') { stopped = 'max-executions'; break; }
      if (isCancelled?.()) { stopped = 'cancelled'; break; }
      if (Date.now() > deadline) { stopped = 'timeout'; break; }
      if (Date.now() - lastReport >= 50) { lastReport = Date.now(); progress(); }
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
    absorb(top, tr.result(stopped !== undefined));
  }
  onProgress?.({ executions: top.stats.executions, states: top.stats.states, steps: top.stats.steps });
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
  const mins = kinds.size > 0 && budget > 0 ? minimize(m, root, info.last, kinds, budget) : new Map<ViolationKind, never>();
  const violations: ExploreViolation[] = [];
  for (const kind of VIOLATION_KINDS) {
    const cand = top.found.get(kind);
    if (!cand) continue;
    const min = mins.get(kind);
    const minimal = min ? [...setup.prefix, ...min.path] : cand.path.length === setup.prefix.length ? cand.path : undefined;
    const v = (minimal && describe(m, setup, kind, minimal, info.preempted + (min?.preemptions ?? 0), true, o)) ??
      describe(m, setup, kind, cand.path, prefixInfo(m, cand.path).preempted, false, o);
    violations.push(v ?? fallback(m, kind, cand.message, cand.path));
  }
  const sampling = setup.strategy === 'random' || setup.strategy === 'pct';
  const stopped = meta.stopped ?? (top.stats.boundCut ? 'bound' : undefined);
  const result: ExploreResult = {
    strategy: setup.strategy, variant: m.variant.name,
    executions: top.stats.executions, states: top.stats.states, pruned: top.stats.pruned, steps: top.stats.steps,
    timeMs: Date.now() - meta.t0, violations, outcomes: top.outcomes, complete: !sampling && stopped === undefined,
    maxSteps: m.ctx.limits.maxSteps,
  };
  if (stopped) result.stopped = stopped;
  if (o.shard) result.shard = { ...o.shard };
  return result;
}

/** Replays a violating path; undefined if the replay does not show the kind (it always should). */
function describe(m: Machine, setup: SearchSetup, kind: ViolationKind, path: number[], preemptions: number,
  minimal: boolean, o: ExploreOptions): ExploreViolation | undefined {
  const r = run(m, { prefix: path, detail: o.traces === true });
  const found = r.state.violations.find((x) => x.kind === kind);
  if (!found) return undefined;
  const v: ExploreViolation = {
    kind, message: found.message, schedule: scheduleText(m, path), path, steps: path.length, preemptions, minimal,
    explanation: path.length === setup.prefix.length ? 'none: it happens before any thread moves (in setup or at the start)'
      : explainRace(m, path, setup.prefix.length, kind),
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
