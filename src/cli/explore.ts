// `tw explore FILE...`: every interleaving that matters, for the variant given or for every
// variant the file declares an expectation for (then the declared verdicts are checked);
// `tw merge SHARD.json...` combines `--shard i/n --json` results from several machines.
import { readFileSync, writeFileSync } from 'node:fs';
import { Machine, Program } from '../core';
import { explore, exploreFrom, checkExpectations, mergeResults, validateOptions, ExploreOptions, ExploreResult, StrategyName, STRATEGY_NAMES } from '../explore';
import { Parsed, str, int, bool, UsageError } from './args';
import { Io, loadScenario, checkVariant, fsErrorText } from './load';
import { FileReport, reportText, reportJunit } from './exploreReport';
import { coverageOf, writeLcov } from './coverage';

export const EXPLORE_USAGE = 'tw explore FILE... [--variant V] [--strategy stateful|dpor|dfs|random|pct] [--bound N] [--max-executions N] [--timeout S] [--workers N] [--shard i/n] [--seed N] [--max-steps N] [--traces] [--json] [--junit FILE] [--coverage] [--lcov FILE]';
export const MERGE_USAGE = 'tw merge SHARD.json... [--json]';
export const EXPLORE_FLAGS = {
  variant: 'string', strategy: 'string', bound: 'int', 'max-executions': 'int', timeout: 'int', workers: 'int',
  shard: 'string', seed: 'int', 'max-steps': 'int', json: 'bool', junit: 'string', traces: 'bool', coverage: 'bool', lcov: 'string',
} as const;

function options(p: Parsed): ExploreOptions {
  const strategy = str(p, 'strategy');
  if (strategy !== undefined && !STRATEGY_NAMES.includes(strategy as StrategyName)) {
    throw new UsageError(`--strategy must be one of ${STRATEGY_NAMES.join(', ')}, found '${strategy}'`);
  }
  const shardText = str(p, 'shard');
  let shard: ExploreOptions['shard'];
  if (shardText !== undefined) {
    const m = /^([0-9]+)\/([0-9]+)$/.exec(shardText);
    if (!m) throw new UsageError(`--shard expects i/n (for example 0/4), found '${shardText}'`);
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  const timeout = int(p, 'timeout');
  return {
    strategy: strategy as StrategyName | undefined, bound: int(p, 'bound'), maxExecutions: int(p, 'max-executions'),
    timeoutMs: timeout !== undefined ? timeout * 1000 : undefined, workers: int(p, 'workers'), shard,
    seed: int(p, 'seed'), maxSteps: int(p, 'max-steps'), traces: bool(p, 'traces'),
    coverage: bool(p, 'coverage') || str(p, 'lcov') !== undefined,
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

async function exploreFile(file: string, p: Parsed, o: ExploreOptions, io: Io): Promise<FileReport | undefined> {
  const program = loadScenario(file, io);
  if (!program) return undefined;
  const given = str(p, 'variant');
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
  return { file, results, verdicts, coverage: o.coverage ? coverageOf(file, program, results) : undefined };
}

/** 1 when a declared verdict fails (or, with no declaration in play, when anything was found). */
function exitCode(reports: readonly FileReport[]): number {
  for (const r of reports) {
    if (r.verdicts.length > 0 ? r.verdicts.some((v) => v.status === 'fail' || v.status === 'inconclusive')
      : r.results.some(([, x]) => x.violations.length > 0)) return 1;
  }
  return 0;
}

export async function cmdExplore(p: Parsed, io: Io): Promise<number> {
  if (p.positional.length === 0) { io.err(`usage: ${EXPLORE_USAGE}`); return 2; }
  const o = options(p);
  const reports: FileReport[] = [];
  let bad = false;
  for (const file of p.positional) {
    const r = await exploreFile(file, p, o, io);
    if (r) reports.push(r); else bad = true;
  }
  output(reports, p, io);
  if (bad) return 2;
  return exitCode(reports);
}

function output(reports: FileReport[], p: Parsed, io: Io): void {
  const junit = str(p, 'junit');
  if (junit) {
    try {
      writeFileSync(junit, reportJunit(reports));
    } catch (e) {
      throw new UsageError(`--junit: cannot write ${junit}: ${fsErrorText(e)}`); // a bad path is the user's, not a bug
    }
  }
  const lcov = str(p, 'lcov');
  if (lcov !== undefined) writeLcov(lcov, reports);
  if (bool(p, 'json')) {
    io.out(JSON.stringify(reports.map((r) => ({ file: r.file, results: Object.fromEntries(r.results), verdicts: r.verdicts })), null, 2));
  } else {
    for (const r of reports) {
      for (const line of reportText(r)) io.out(line);
      if (bool(p, 'coverage')) for (const line of r.coverage?.table ?? []) io.out(line);
    }
  }
}

interface ShardFile { file: string; results: Record<string, ExploreResult> }

function readShard(path: string): ShardFile[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(data) || !data.every((x) => typeof x === 'object' && x !== null && typeof (x as ShardFile).file === 'string' && typeof (x as ShardFile).results === 'object')) {
    throw new UsageError(`${path} is not the --json output of 'tw explore'`);
  }
  return data as ShardFile[];
}

export async function cmdMerge(p: Parsed, io: Io): Promise<number> {
  if (p.positional.length === 0) { io.err(`usage: ${MERGE_USAGE}`); return 2; }
  const byFile = new Map<string, Map<string, ExploreResult[]>>();
  for (const path of p.positional) {
    for (const f of readShard(path)) {
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
  output(reports, p, io);
  return exitCode(reports);
}
