// `tw explore FILE...`: every interleaving that matters, for the variant given or for every
// variant the file declares an expectation for (then the declared verdicts are checked);
// `tw merge SHARD.json...` combines `--shard i/n --json` results from several machines.
import { writeFileSync } from 'node:fs';
import { Machine, Program } from '../core';
import { explore, exploreFrom, checkExpectations, mergeResults, validateOptions, ExploreOptions, ExploreResult, StrategyName, STRATEGY_NAMES } from '../explore';
import { Parsed, str, int, bool, UsageError } from './args';
import { Io, loadScenario, checkVariant, fsErrorText, readInput } from './load';
import { FileReport, reportText, reportJunit } from './exploreReport';
import { escapeText } from '../lang/diagnostics';

export const EXPLORE_USAGE = 'tw explore FILE... [--variant V] [--strategy stateful|dpor|dfs|random|pct] [--bound N] [--max-executions N] [--timeout S] [--workers N] [--shard i/n] [--seed N] [--max-steps N] [--traces] [--json] [--junit FILE]';
export const MERGE_USAGE = 'tw merge SHARD.json... [--json]';
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
      seed: int(p, 'seed'), maxSteps: int(p, 'max-steps'), traces: bool(p, 'traces'),
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
  const verdicts = given === undefined ? checkExpectations(program, new Map(results)) : [];
  return { file, results, verdicts };
}

/** 1 when a declared verdict fails (or, with no declaration in play, when anything was found). */
function exitCode(reports: readonly FileReport[]): number {
  for (const r of reports) {
    if (r.verdicts.length > 0 ? r.verdicts.some((v) => v.status === 'fail' || v.status === 'inconclusive')
      : r.results.some(([, x]) => x.violations.length > 0)) return 1;
  }
  return 0;
}

export async function cmdExplore(o: ExploreCliOptions, io: Io): Promise<number> {
  if (o.files.length === 0) { io.err(`usage: ${EXPLORE_USAGE}`); return 2; }
  const reports: FileReport[] = [];
  let bad = false;
  for (const file of o.files) {
    const r = await exploreFile(file, o.variant, o.explore, io);
    if (r) reports.push(r); else bad = true;
  }
  output(reports, o, io);
  if (bad) return 2;
  return exitCode(reports);
}

/** The output forms both explore and merge print. */
interface OutputOptions { json: boolean; junit?: string }

function output(reports: FileReport[], o: OutputOptions, io: Io): void {
  const junit = o.junit;
  if (junit) {
    try {
      writeFileSync(junit, reportJunit(reports));
    } catch (e) {
      throw new UsageError(`--junit: cannot write ${junit}: ${fsErrorText(e)}`); // a bad path is the user's, not a bug
    }
  }
  if (o.json) {
    io.out(JSON.stringify(reports.map((r) => ({ file: r.file, results: Object.fromEntries(r.results), verdicts: r.verdicts })), null, 2));
  } else {
    for (const r of reports) for (const line of reportText(r)) io.out(line);
  }
}

interface ShardFile { file: string; results: Record<string, ExploreResult> }

function readShard(path: string, io: Io): ShardFile[] {
  let data: unknown;
  try {
    data = JSON.parse(readInput(path, io).toString('utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(data) || !data.every((x) => typeof x === 'object' && x !== null && typeof (x as ShardFile).file === 'string' && typeof (x as ShardFile).results === 'object')) {
    throw new UsageError(`${path} is not the --json output of 'tw explore'`);
  }
  return data as ShardFile[];
}

/** What `tw merge` does: the shard files, and the output form. */
export interface MergeOptions { shards: string[]; json: boolean }

export function mergeOptions(p: Parsed): MergeOptions {
  return { shards: p.positional, json: bool(p, 'json') };
}

export async function cmdMerge(o: MergeOptions, io: Io): Promise<number> {
  if (o.shards.length === 0) { io.err(`usage: ${MERGE_USAGE}`); return 2; }
  const byFile = new Map<string, Map<string, ExploreResult[]>>();
  for (const path of o.shards) {
    for (const f of readShard(path, io)) {
      const variants = byFile.get(f.file) ?? new Map<string, ExploreResult[]>();
      byFile.set(f.file, variants);
      for (const [v, r] of Object.entries(f.results)) variants.set(v, [...(variants.get(v) ?? []), r]);
    }
  }
  const reports: FileReport[] = [];
  for (const [file, variants] of byFile) {
    const results: [string, ExploreResult][] = [...variants].map(([v, rs]) => {
      try { return [v, mergeResults(rs)]; } catch (e) { throw new UsageError(e instanceof Error ? e.message : String(e)); }
    });
    const program = loadScenario(file, io);
    reports.push({ file, results, verdicts: program ? checkExpectations(program, new Map(results)) : [] });
  }
  output(reports, o, io);
  return exitCode(reports);
}
