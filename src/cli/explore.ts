// `tw explore FILE...`: every interleaving that matters, for the variant given or for every
// variant the file declares an expectation for (then the declared verdicts are checked).
import { Program, Variant } from '../core';
import { explore, expectationsFor, validateOptions, ExploreOptions, ExploreResult, ProgressFn, StrategyName, STRATEGY_NAMES } from '../explore';
import { Parsed, str, int, bool, maxSteps, UsageError } from './args';
import { Io, loadScenario } from './load';
import { variantArg, variantTitle, scenarioVariant } from './loadListing';
import { FileReport, output, exitCode, verdictsOf, checkOutputs } from './exploreReport';
import { escapeText } from '../lang/diagnostics';
import { coverageOf } from './coverage';
import { memoryFlag } from './memory';
import { exploreMatrix, isMatrixSpec } from './exploreMatrix';

export const EXPLORE_USAGE = 'tw explore FILE... [--variant V|GLOB|V1,V2,...] [--strategy stateful|dpor|dfs|random|pct] [--bound N] [--max-executions N] [--max-states N] [--timeout S] [--workers N] [--shard i/n] [--seed N] [--memory sc|lkmm] [--max-steps N] [--open-cycles N] [--traces] [--progress] [--json] [--junit FILE] [--coverage] [--lcov FILE] [--symmetry] [--hash-compact]';
export const EXPLORE_FLAGS = {
  variant: 'string', strategy: 'string', bound: 'int', 'max-executions': 'int', timeout: 'int', workers: 'int',
  shard: 'string', seed: 'int', 'max-steps': 'int', json: 'bool', junit: 'string', traces: 'bool', coverage: 'bool', lcov: 'string',
  'max-states': 'int', progress: 'bool', symmetry: 'bool', 'hash-compact': 'bool', memory: 'string', 'open-cycles': 'int',
} as const;

/** What `tw explore` does: the files, the explorer's own options, and the output forms. */
export interface ExploreCliOptions {
  files: string[];
  /**
   * Explore this variant only (no verdicts); a glob ('v*') or a comma list: the version matrix
   * (exploreMatrix.ts). Default: the file's variant and every variant it expects.
   */
  variant?: string;
  /** Passed to the explorer as is (its variant is set per run). */
  explore: ExploreOptions;
  json: boolean;
  /** Write a JUnit XML report here too. */
  junit?: string;
  /** Print the coverage table (docs/coverage.md). */
  coverage: boolean;
  /** Write the coverage as lcov here. */
  lcov?: string;
  /** Progress lines on stderr even when it is not a terminal (CI logs). */
  progress: boolean;
}

/**
 * The default budget: states visited (the stateful search keeps each one, ~1.5 KB; stateless
 * searches visit about a million a few seconds). A run that reaches it says so and exits 4.
 */
export const DEFAULT_MAX_STATES = 1_000_000;

/** Maps `tw explore`'s flags onto ExploreCliOptions (the only place that knows the flag names). */
export function exploreOptions(p: Parsed): ExploreCliOptions {
  const strategy = str(p, 'strategy');
  if (strategy !== undefined && !STRATEGY_NAMES.includes(strategy as StrategyName)) {
    throw new UsageError(`--strategy must be one of ${STRATEGY_NAMES.join(', ')}, found '${escapeText(strategy)}'`);
  }
  const shardText = str(p, 'shard');
  let shard: ExploreOptions['shard'];
  if (shardText !== undefined) {
    const m = /^([0-9]+)\/([0-9]+)$/.exec(shardText);
    if (!m) throw new UsageError(`--shard expects i/n (for example 0/4), found '${escapeText(shardText)}'`);
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  const timeout = int(p, 'timeout');
  return {
    files: p.positional, variant: str(p, 'variant'), json: bool(p, 'json'), junit: str(p, 'junit'), progress: bool(p, 'progress'),
    coverage: bool(p, 'coverage'), lcov: str(p, 'lcov'),
    explore: {
      strategy: strategy as StrategyName | undefined, bound: int(p, 'bound'), maxExecutions: int(p, 'max-executions'),
      timeoutMs: timeout !== undefined ? timeout * 1000 : undefined, workers: int(p, 'workers'), shard,
      seed: int(p, 'seed'), maxSteps: maxSteps(p), traces: bool(p, 'traces'),
      coverage: bool(p, 'coverage') || str(p, 'lcov') !== undefined,
      maxStates: int(p, 'max-states') ?? DEFAULT_MAX_STATES,
      ...(bool(p, 'symmetry') ? { symmetry: true } : {}),
      ...(bool(p, 'hash-compact') ? { hashCompact: true } : {}),
      ...(memoryFlag(p) ? { memory: memoryFlag(p) } : {}),
      ...(int(p, 'open-cycles') !== undefined ? { openCycles: int(p, 'open-cycles') } : {}),
    },
  };
}

/** How a running `tw explore` is watched: progress output, and the signal that interrupted it. */
interface Watch {
  progress: boolean;
  signal?: 'SIGINT' | 'SIGTERM';
  /** Aborted on the signal, so the worker pool stops at once. */
  abort: AbortController;
}

/** Progress lines with --progress (any stderr, for CI logs) at most this often. */
const PROGRESS_LINE_MS = 2000;

/**
 * Explores one variant. With --progress a line on stderr every PROGRESS_LINE_MS (CI logs); else,
 * on a terminal, one line rewritten in place. Either way the totals cover every worker.
 */
async function exploreOne(program: Program, o: ExploreOptions, io: Io, watch: Watch): Promise<ExploreResult> {
  const tty = !watch.progress && process.stderr.isTTY === true;
  const t0 = Date.now();
  let last = watch.progress ? t0 : 0;
  const onProgress: ProgressFn = (pr) => {
    const now = Date.now();
    if (!watch.progress && !tty) return;
    if (now - last < (watch.progress ? PROGRESS_LINE_MS : 100)) return;
    last = now;
    const s = (now - t0) / 1000;
    const text = `${variantTitle(o.variant ?? program.variant)}: ${pr.executions} executions, ${pr.states} states, ${Math.round(pr.executions / Math.max(s, 0.001))}/s, ${s.toFixed(1)} s`;
    if (tty) process.stderr.write(`\r  ${text} `);
    else io.err(`tw explore: ${text}`);
  };
  const r = await explore(program, o, { onProgress, isCancelled: () => watch.signal !== undefined, cancelled: watch.abort.signal });
  if (tty) process.stderr.write('\r\x1b[K');
  return r;
}

/** Each variant once (the file's own and its expectations may name the same one). */
function uniqueByTitle(variants: (string | Variant)[]): (string | Variant)[] {
  const seen = new Set<string>();
  return variants.filter((v) => !seen.has(variantTitle(v)) && !!seen.add(variantTitle(v)));
}

async function exploreFile(file: string, given: string | undefined, o: ExploreOptions, io: Io, watch: Watch): Promise<FileReport | undefined> {
  const program = loadScenario(file, io);
  if (!program) return undefined;
  const variants: (string | Variant)[] = given !== undefined ? [variantArg(given, io)]
    : uniqueByTitle([scenarioVariant(program, undefined, io), ...expectationsFor(program, o.memory ?? program.memory ?? 'sc').map((e) => variantArg(e.variant, io))]);
  const results: [string, ExploreResult][] = [];
  const byTitle = new Map<string, string | Variant>();
  for (const variant of variants) {
    const opts = { ...o, variant };
    const errs = validateOptions(program, opts);
    if (errs.length > 0) throw new UsageError(errs.join('; '));
    if (watch.signal) break; // interrupted: the variants not started are not reported
    const title = variantTitle(variant);
    byTitle.set(title, variant);
    results.push([title, await exploreOne(program, opts, io, watch)]);
  }
  // One shard of several has seen part of the tree: its verdicts are partial, never PASS.
  const partial = o.shard && o.shard.count > 1 ? `shard ${o.shard.index}/${o.shard.count} only (tw merge every shard for a verdict)` : undefined;
  const verdicts = given === undefined ? verdictsOf(program, results, partial !== undefined, o.memory ?? program.memory ?? 'sc') : [];
  const coverage = o.coverage ? coverageOf(file, program, results, byTitle) : undefined;
  const listings = variants.flatMap((v) => (typeof v !== 'string' && v.hash ? [{ file: escapeText(v.file ?? v.name), hash: v.hash }] : []));
  return { file, results, verdicts, ...(partial ? { partial } : {}), ...(coverage ? { coverage } : {}), ...(listings.length ? { listings } : {}) };
}

/** Exit codes of an interrupted run: 128 + the signal's number, as shells report it. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

export async function cmdExplore(o: ExploreCliOptions, io: Io): Promise<number> {
  if (o.files.length === 0) { io.err(`usage: ${EXPLORE_USAGE}`); return 2; }
  checkOutputs({ ...o, inputs: o.files }, io);
  const watch: Watch = { progress: o.progress, abort: new AbortController() };
  // Ctrl-C or SIGTERM: the search stops within a slice and what it found is printed, marked
  // incomplete; a second signal ends the process at once.
  const onSignal = (sig: 'SIGINT' | 'SIGTERM'): void => {
    if (watch.signal) process.exit(SIGNAL_EXIT[sig]);
    watch.signal = sig;
    watch.abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const reports: FileReport[] = [];
  let bad = false;
  let matrixCode: number | undefined;
  try {
    if (isMatrixSpec(o.variant)) {
      matrixCode = await exploreMatrix(o.files, o.variant, o.explore, o, io, (p, eo) => exploreOne(p, eo, io, watch), () => watch.signal !== undefined);
    } else for (const file of o.files) {
      if (watch.signal) break;
      const r = await exploreFile(file, o.variant, o.explore, io, watch);
      if (r) reports.push(r); else bad = true;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (matrixCode === undefined) output(reports, { ...o, inputs: o.files }, io);
  if (watch.signal) {
    io.err(`tw explore: interrupted by ${watch.signal}: the results above are partial (what was found before the stop)`);
    return SIGNAL_EXIT[watch.signal];
  }
  if (matrixCode !== undefined) return matrixCode;
  if (bad) return 2;
  return exitCode(reports);
}
