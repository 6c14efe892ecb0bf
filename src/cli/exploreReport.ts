// Text, JSON and JUnit renderings of exploration results (explore and merge): a summary table,
// each violation with its schedule, the deciding race and the exact `tw run` command that
// replays it; the verdicts, marked PARTIAL when only part of the tree was explored (one shard).
import { statSync, writeFileSync } from 'node:fs';
import { Program, MemoryModel } from '../core';
import { ExploreResult, ExploreViolation, ExpectationVerdict, checkExpectations } from '../explore';
import { UsageError } from './args';
import { Io, fsErrorText } from './load';
import { jsonText } from './jsonText';

export interface FileReport {
  file: string;
  /** Variant -> result, in exploration order. */
  results: [string, ExploreResult][];
  verdicts: ExpectationVerdict[];
  /** With --coverage / --lcov: the table lines and the lcov text of every variant. */
  coverage?: { table: string[]; lcov: string };
  /** Set when the results cover part of the tree only (a shard): why, for the verdict lines. */
  partial?: string;
  /** Listing files run as variants, with a hash of each text: what ran, so the result can be reproduced. */
  listings?: { file: string; hash: string }[];
}

/** The declared verdicts; on part of the tree a missing kind proves nothing, so none is PASS. */
export function verdictsOf(program: Program, results: readonly [string, ExploreResult][], partial: boolean, memory?: MemoryModel): ExpectationVerdict[] {
  return checkExpectations(program, new Map(results.map(([v, r]) => [v, partial ? { ...r, complete: false } : r])), memory);
}

const kindsText = (ks: readonly string[]): string => ks.join(', ') || 'ok';

function verdictLine(v: ExpectationVerdict, partial: string | undefined): string {
  if (partial && v.status !== 'fail') return `PARTIAL expect ${v.variant}: ${kindsText(v.expected)}: found ${kindsText(v.found)} in ${partial}`;
  return `${v.status === 'pass' ? 'PASS' : v.status.toUpperCase()} ${v.message}`;
}

/** The exit code of a search cut short by a budget (time, states, executions) that found nothing. */
export const EXIT_INCOMPLETE = 4;

/**
 * Stopped by a budget, a cancellation or DPOR's step-limit gap (a preemption bound or sampling is
 * the search asked for).
 */
export function cutShort(x: ExploreResult): boolean {
  return x.stopped !== undefined && x.stopped !== 'bound';
}

/**
 * 1 when a declared verdict fails, or, with no declaration in play, when anything was found;
 * otherwise EXIT_INCOMPLETE when a verdict is inconclusive (a partial one excepted) or, with no
 * declaration, a search was cut short: "nothing found" there is no proof.
 */
export function exitCode(reports: readonly FileReport[]): number {
  let incomplete = false;
  for (const r of reports) {
    if (r.verdicts.length > 0 ? r.verdicts.some((v) => v.status === 'fail') : r.results.some(([, x]) => x.violations.length > 0)) return 1;
    if (r.verdicts.length > 0 ? r.verdicts.some((v) => !r.partial && v.status === 'inconclusive') : r.results.some(([, x]) => cutShort(x))) incomplete = true;
  }
  return incomplete ? EXIT_INCOMPLETE : 0;
}

/** Why a result is not the whole tree, for the summary line. */
export function incompleteText(x: ExploreResult): string {
  switch (x.stopped) {
    case undefined: return x.complete ? '' : ' (incomplete: sampling)';
    case 'bound': return ' (incomplete: bound)';
    case 'step-limit': return ', incomplete (dpor: an execution hit the step limit with other threads pending; use --strategy stateful)';
    case 'cancelled': return ', incomplete (interrupted)';
    case 'timeout': return ', incomplete (budget: --timeout reached)';
    case 'max-states': return `, incomplete (budget: ${x.states} states; raise --max-states)`;
    case 'max-executions': return `, incomplete (budget: ${x.executions} executions; raise --max-executions)`;
  }
}

/** The output forms explore and merge share; `inputs` are never overwritten by --junit or --lcov. */
export interface OutputOptions {
  json: boolean;
  junit?: string;
  inputs: readonly string[];
  /** Print each file's coverage table under its report; write the lcov records here. */
  coverage?: boolean;
  lcov?: string;
}

/** The same file (hard links and other spellings included), when both exist. */
function sameFile(a: string, b: string | Buffer): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** Refuses, before any work is done, a --junit or --lcov path that is one of the inputs. */
export function checkOutputs(o: OutputOptions, io: Io): void {
  for (const [flag, path] of [['--junit', o.junit], ['--lcov', o.lcov]] as const) {
    const input = path === undefined ? undefined : o.inputs.find((f) => sameFile(path, io.rawPaths?.get(f) ?? f));
    if (input !== undefined) throw new UsageError(`${flag} ${path} would overwrite the input ${input}: give the report another name`);
  }
}

/** Writes a report file (--junit, --lcov); a path that cannot be written is the user's error. */
function writeReport(flag: string, path: string, text: () => string): void {
  try {
    writeFileSync(path, text());
  } catch (e) {
    throw new UsageError(`${flag}: cannot write ${path}: ${fsErrorText(e)}`); // a bad path is the user's, not a bug
  }
}

export function output(reports: readonly FileReport[], o: OutputOptions, io: Io): void {
  checkOutputs(o, io);
  if (o.junit !== undefined) writeReport('--junit', o.junit, () => reportJunit(reports));
  if (o.lcov !== undefined) writeReport('--lcov', o.lcov, () => reports.map((r) => r.coverage?.lcov ?? '').join(''));
  if (o.json) {
    io.out(jsonText(reports.map((r) => ({ file: r.file, results: Object.fromEntries(r.results), verdicts: r.verdicts, ...(r.partial ? { partial: r.partial } : {}), ...(r.listings ? { listings: r.listings } : {}) }))));
  } else {
    for (const r of reports) {
      for (const line of reportText(r)) io.out(line);
      if (o.coverage) for (const line of r.coverage?.table ?? []) io.out(line);
    }
  }
}


function pad(s: string | number, n: number): string { return String(s).padEnd(n); }
function rpad(s: string | number, n: number): string { return String(s).padStart(n); }

/** `'a*3 b'` quoted for a POSIX shell. */
function shellQuote(s: string): string { return `'${s.replace(/'/g, `'\\''`)}'`; }

export function reportText(r: FileReport): string[] {
  const lines = [`${r.file}`];
  for (const l of r.listings ?? []) lines.push(`  listing ${l.file}, content hash ${l.hash}`);
  lines.push(`  ${pad('variant', 26)}${pad('strategy', 10)}${rpad('executions', 11)}${rpad('states', 9)}${rpad('pruned', 9)}${rpad('ms', 8)}  violations`);
  for (const [variant, x] of r.results) {
    const kinds = x.violations.map((v) => v.kind).join(', ') || 'none';
    const cut = incompleteText(x);
    lines.push(`  ${pad(variant, Math.max(26, variant.length + 2))}${pad(x.memory ? 'lkmm' : x.strategy, 10)}${rpad(x.executions, 11)}${rpad(x.states, 9)}${rpad(x.pruned, 9)}${rpad(Math.round(x.timeMs), 8)}  ${kinds}${cut}`);
  }
  for (const [variant, x] of r.results) {
    if (x.missProbability !== undefined) lines.push(`  hash compaction under ${variant}: states kept as 64-bit fingerprints; probability that one was missed <= ${x.missProbability.toExponential(1)}`);
    if (x.memory) lines.push(...lkmmLines(variant, x));
    if (x.symmetry) lines.push(`  symmetry under ${variant}: ${x.symmetry.map((c) => c.join(' ~ ')).join('; ')} explored once up to permutation (state counts and outcomes are up to permutation)`);
  }
  for (const [variant, x] of r.results) {
    for (const v of x.violations) {
      lines.push(`  ${v.kind} under ${variant}: ${v.message}`);
      lines.push(`    schedule (${v.steps} steps, ${v.preemptions} preemption(s)${v.minimal ? ', minimal' : ''}): ${v.schedule}`);
      if (v.explanation) lines.push(`    ${x.memory ? 'why' : 'race'}: ${v.explanation}`);
      lines.push(`    replay: ${replayCommand(r.file, variant, v, x)}`);
    }
  }
  for (const v of r.verdicts) lines.push(`  ${verdictLine(v, r.partial)}`);
  return lines;
}

/** The `tw run` command that shows v: its schedule (none when v happens before any step), and the
 * explorer's step bound for a step-limit, which depends on it. */
export function replayCommand(file: string, variant: string, v: ExploreViolation, x: ExploreResult): string {
  const schedule = v.schedule ? ` --schedule ${shellQuote(v.schedule)}` : '';
  const bound = v.kind === 'step-limit' && x.maxSteps !== undefined ? ` --max-steps ${x.maxSteps}` : '';
  return `tw run ${file} --variant ${variant}${x.memory ? ' --memory lkmm' : ''}${schedule}${bound}`;
}

/** Under the LKMM: the executions are graphs, and the outcomes sequential consistency never reaches are marked. */
function lkmmLines(variant: string, x: ExploreResult): string[] {
  const head = `  memory lkmm under ${variant}: ${x.executions} consistent execution graph(s), ${x.outcomes.length} outcome(s)`;
  if (!x.weakOnly) return [`${head}; the sc search to compare with did not finish, so none is marked weak only`, ...x.outcomes.map((o) => `    ${o}`)];
  const weak = new Set(x.weakOnly);
  const out = [`${head}, ${weak.size} only weak memory allows`];
  for (const o of x.outcomes) out.push(`    ${weak.has(o) ? 'weak only' : 'also sc  '}  ${o}`);
  return out;
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One testsuite per file, one testcase per declared expectation (or per explored variant). */
export function reportJunit(reports: readonly FileReport[]): string {
  const suites = reports.map((r) => {
    const cases = r.verdicts.length > 0
      ? r.verdicts.map((v) => {
        const skip = r.partial !== undefined && v.status !== 'fail' ? verdictLine(v, r.partial) : '';
        return { name: `expect ${v.variant}`, fail: v.status === 'pass' || skip ? '' : v.message, skip };
      })
      : r.results.map(([variant, x]) => ({ name: `explore ${variant}`, fail: x.violations.map((v) => `${v.kind}: ${v.schedule}`).join('\n'), skip: '' }));
    const time = r.results.reduce((a, [, x]) => a + x.timeMs, 0) / 1000;
    const body = cases.map((c) => `    <testcase classname="${xml(r.file)}" name="${xml(c.name)}">${c.fail ? `<failure message="${xml(c.fail.split('\n')[0] ?? '')}">${xml(c.fail)}</failure>` : c.skip ? `<skipped message="${xml(c.skip)}"/>` : ''}</testcase>`);
    const failures = cases.filter((c) => c.fail).length;
    return `  <testsuite name="${xml(r.file)}" tests="${cases.length}" failures="${failures}" time="${time.toFixed(3)}">\n${body.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
}
