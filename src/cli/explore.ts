// `tw explore FILE...`: every interleaving that matters, for the variant given or for every
// variant the file declares an expectation for (then the declared verdicts are checked).
import { Machine, Program } from '../core';
import { explore, exploreFrom, validateOptions, ExploreOptions, ExploreResult, StrategyName, STRATEGY_NAMES } from '../explore';
import { Parsed, str, int, bool, maxSteps, UsageError } from './args';
import { Io, loadScenario, checkVariant } from './load';
import { FileReport, output, exitCode, verdictsOf, checkOutputs } from './exploreReport';
import { escapeText } from '../lang/diagnostics';

export const EXPLORE_USAGE = 'tw explore FILE... [--variant V] [--strategy stateful|dpor|dfs|random|pct] [--bound N] [--max-executions N] [--timeout S] [--workers N] [--shard i/n] [--seed N] [--max-steps N] [--traces] [--json] [--junit FILE]';
export const EXPLORE_FLAGS = {
  variant: 'string', strategy: 'string', bound: 'int', 'max-executions': 'int', timeout: 'int', workers: 'int',
  shard: 'string', seed: 'int', 'max-steps': 'int', json: 'bool', junit: 'string', traces: 'bool',
} as const;

/** What `tw explore` does: the files, the explorer's own options, and the output forms. */
export interface ExploreCliOptions {
  files: string[];
  /** Explore this variant only (no verdicts); default: the file's variant and every variant it expects. */
  variant?: string;
  /** Passed to the explorer as is (its variant is set per run). */
  explore: ExploreOptions;
  json: boolean;
  /** Write a JUnit XML report here too. */
  junit?: string;
}

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
    files: p.positional, variant: str(p, 'variant'), json: bool(p, 'json'), junit: str(p, 'junit'),
    explore: {
      strategy: strategy as StrategyName | undefined, bound: int(p, 'bound'), maxExecutions: int(p, 'max-executions'),
      timeoutMs: timeout !== undefined ? timeout * 1000 : undefined, workers: int(p, 'workers'), shard,
      seed: int(p, 'seed'), maxSteps: maxSteps(p), traces: bool(p, 'traces'),
    },
  };
}

/** On a terminal, the single-threaded search reports executions, rate and elapsed time on stderr. */
async function exploreOne(program: Program, o: ExploreOptions, io: Io): Promise<ExploreResult> {
  const tty = process.stderr.isTTY === true && (o.workers ?? 1) <= 1 && !o.shard;
  if (!tty) return explore(program, o);
  const m = new Machine(program, o.variant, o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {});
  const t0 = Date.now();
  const r = await exploreFrom(m, m.init().state, [], o, (pr) => {
    const s = (Date.now() - t0) / 1000;
    process.stderr.write(`\r  ${o.variant}: ${pr.executions} executions, ${Math.round(pr.executions / Math.max(s, 0.001))}/s, ${s.toFixed(1)} s `);
  });
  process.stderr.write('\r\x1b[K');
  void io;
  return r;
}

async function exploreFile(file: string, given: string | undefined, o: ExploreOptions, io: Io): Promise<FileReport | undefined> {
  const program = loadScenario(file, io);
  if (!program) return undefined;
  const variants = given !== undefined ? [checkVariant(given)]
    : [...new Set([program.variant, ...program.expectations.map((e) => e.variant)])];
  const results: [string, ExploreResult][] = [];
  for (const variant of variants) {
    const opts = { ...o, variant };
    const errs = validateOptions(program, opts);
    if (errs.length > 0) throw new UsageError(errs.join('; '));
    results.push([variant, await exploreOne(program, opts, io)]);
  }
  // One shard of several has seen part of the tree: its verdicts are partial, never PASS.
  const partial = o.shard && o.shard.count > 1 ? `shard ${o.shard.index}/${o.shard.count} only (tw merge every shard for a verdict)` : undefined;
  const verdicts = given === undefined ? verdictsOf(program, results, partial !== undefined) : [];
  return { file, results, verdicts, ...(partial ? { partial } : {}) };
}

export async function cmdExplore(o: ExploreCliOptions, io: Io): Promise<number> {
  if (o.files.length === 0) { io.err(`usage: ${EXPLORE_USAGE}`); return 2; }
  checkOutputs({ ...o, inputs: o.files }, io);
  const reports: FileReport[] = [];
  let bad = false;
  for (const file of o.files) {
    const r = await exploreFile(file, o.variant, o.explore, io);
    if (r) reports.push(r); else bad = true;
  }
  output(reports, { ...o, inputs: o.files }, io);
  if (bad) return 2;
  return exitCode(reports);
}

