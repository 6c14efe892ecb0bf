// Declared verdicts: each `expect VARIANT: kinds;` of a program against the kinds an exhaustive
// exploration of that variant found. "Exactly these kinds" (ok = none), over all interleavings.
import { Program, Origin, ViolationKind, VIOLATION_KINDS, Expectation, MemoryModel } from '../core';
import { ExploreResult } from './types';

export type VerdictStatus = 'pass' | 'fail' | 'inconclusive' | 'not-explored';

export interface ExpectationVerdict {
  variant: string;
  expected: ViolationKind[];
  found: ViolationKind[];
  /** Expected but not found / found but not expected. */
  missing: ViolationKind[];
  unexpected: ViolationKind[];
  /** pass: exactly the expected kinds on a complete exploration; fail: an unexpected kind, or a
   *  missing one although every interleaving was explored; inconclusive: the exploration was cut. */
  status: VerdictStatus;
  /** One line, e.g. `expect no-sentinel: lost-work: found lost-work, assertion (assertion not expected)`. */
  message: string;
  origin: Origin;
}

function kindsText(ks: readonly ViolationKind[]): string {
  return ks.length === 0 ? 'ok' : ks.join(', ');
}

function order(ks: Iterable<ViolationKind>): ViolationKind[] {
  const set = new Set(ks);
  return VIOLATION_KINDS.filter((k) => set.has(k));
}

/**
 * The `expect` lines that judge a search or a run under `memory`: per variant, the line naming that
 * memory model, else the line naming none (the file's verdict, as before lines could name one).
 */
export function expectationsFor(program: Program, memory: MemoryModel): Expectation[] {
  const own = program.memory ?? 'sc';
  const named = new Set(program.expectations.filter((e) => (e.memory ?? own) === memory).map((e) => e.variant));
  return program.expectations.filter((e) => (e.memory ?? own) === memory || (e.memory === undefined && !named.has(e.variant)));
}

/** The line's head as written: `expect VARIANT [MEMORY]: KINDS`. */
function headOf(e: Expectation, expected: readonly ViolationKind[]): string {
  return `expect ${e.variant}${e.memory ? ` ${e.memory}` : ''}: ${kindsText(expected)}`;
}

/**
 * The verdicts of the lines that apply under `memory` (expectationsFor). Default: the results'
 * model (an LKMM search says so), else the file's.
 */
export function checkExpectations(program: Program,
  results: ReadonlyMap<string, ExploreResult> | Readonly<Record<string, ExploreResult>>, memory?: MemoryModel): ExpectationVerdict[] {
  const all = results instanceof Map ? [...results.values()] : Object.values(results);
  const model = memory ?? (all.some((r) => r.memory === 'lkmm') ? 'lkmm' : all.length ? 'sc' : program.memory ?? 'sc');
  const get = (v: string): ExploreResult | undefined =>
    results instanceof Map ? results.get(v) : (results as Readonly<Record<string, ExploreResult>>)[v];
  return expectationsFor(program, model).map((e) => {
    const expected = order(e.kinds);
    const r = get(e.variant);
    const head = headOf(e, expected);
    if (!r) {
      return { variant: e.variant, expected, found: [], missing: expected, unexpected: [], status: 'not-explored', message: `${head}: not explored`, origin: e.origin };
    }
    const found = order(r.violations.map((v) => v.kind));
    const missing = expected.filter((k) => !found.includes(k));
    const unexpected = found.filter((k) => !expected.includes(k));
    const status: VerdictStatus = unexpected.length > 0 || (r.complete && missing.length > 0) ? 'fail'
      : r.complete ? 'pass' : 'inconclusive';
    const notes = [
      unexpected.length > 0 ? `${unexpected.join(', ')} not expected` : '',
      missing.length > 0 ? `${missing.join(', ')} never happens${r.complete ? '' : ' in the part explored'}` : '',
      status === 'inconclusive' ? `exploration incomplete (${r.stopped ?? r.strategy})` : '',
    ].filter(Boolean);
    const message = `${head}: found ${kindsText(found)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
    return { variant: e.variant, expected, found, missing, unexpected, status, message, origin: e.origin };
  });
}
