// Checks a scenario's declared expectations (`expect VARIANT: ok | KIND, ...`) the way the Test
// Explorer shows them: every named schedule is a witness replayed with the core, and an optional
// explorer checks every interleaving. Pure (no 'vscode'): results are data with traces as text.
// Under the file's `memory lkmm;` a witness runs as `tw run` runs it: on the variant's listing under
// the LKMM, with the reads after its `|` (the pins).
import {
  Machine, Program, Expectation, ViolationKind, MemoryModel, Pin, run, resolveSchedule, formatSchedule,
  describeViolation, describeFinal,
} from '../core';
import { checkExpectations, ExploreResult, parsePins, splitWitness } from '../explore';
import { variantByName, listingVariantFor } from '../model';

export interface WitnessOutcome {
  /** The named schedule, or null for the plain round-robin run used when a file names none. */
  name: string | null;
  /** The schedule as written (replayable with launch.json `schedule`). */
  text: string;
  kinds: ViolationKind[];
  passed: boolean;
  /** Why it failed, one line ('' when it passed). */
  reason: string;
  /** The trace: one line per atomic step, then the violations and the final state. */
  trace: string[];
  /** The violations alone (the end of `trace`), for a message short enough to show its buttons. */
  violations: string[];
  /** 1-based line of the `schedule` declaration, if named. */
  line: number | null;
}

/** Every interleaving of the program under one variant and memory model (src/explore's search, or a stand-in). */
export type ExploreFn = (program: Program, variant: string, memory: MemoryModel) => ExploreResult;

/** The memory model an expectation judges: the one its line names, else the file's. */
export function memoryOfExpectation(program: Program, exp: Expectation): MemoryModel {
  return exp.memory ?? program.memory ?? 'sc';
}

export interface ExpectationOutcome {
  variant: string;
  expected: ViolationKind[];
  passed: boolean;
  /** Nothing could be checked (no witness and no explorer). */
  skipped: boolean;
  witnesses: WitnessOutcome[];
  explore: ExploreResult | null;
  /** One line per problem found; empty when passed. */
  problems: string[];
  /** A schedule that shows the problem, for "Debug the failing schedule". */
  failingSchedule: string | null;
}

function kindsText(kinds: readonly string[]): string {
  return kinds.length ? kinds.join(', ') : 'ok';
}

/** Replays one schedule text under a variant and the file's memory model; the rest of the run is round-robin. */
function runWitness(program: Program, variant: string, exp: Expectation,
  name: string | null, text: string, line: number | null): WitnessOutcome {
  const label = name ? `schedule '${name}'` : 'the round-robin run';
  const memory = memoryOfExpectation(program, exp);
  const w = splitWitness(text);
  const machineVariant = memory === 'lkmm' ? listingVariantFor(variantByName(variant)).variant : variantByName(variant);
  // The reads are checked when they run (lkmmWitness.ts), not by the compiler: a bad one fails the test.
  const pins: Pin[] | string = memory === 'lkmm' && w.pins ? parsePins(program, w.pins) : [];
  const broken = !machineVariant ? `variant ${variant} has no listing to run under the LKMM`
    : typeof pins === 'string' ? `${label}: ${pins}`
    : w.pins && memory !== 'lkmm' ? `${label}: the reads after '|' need \`memory lkmm;\``
    : null;
  if (broken !== null || !machineVariant || typeof pins === 'string') {
    const why = broken ?? '';
    return { name, text, kinds: [], passed: false, reason: why, trace: [why], violations: [why], line };
  }
  const m = new Machine(program, machineVariant, undefined, memory);
  // Named schedules were checked by the compiler (TW211/TW212): an unresolvable one cannot reach here.
  const resolved = resolveSchedule(program, w.schedule);
  const prefix = resolved.kind === 'ok' ? resolved.threads : [];
  const result = run(m, { prefix, fill: { kind: 'round-robin' }, detail: true, pins });
  const s = result.state;
  const kinds = [...new Set(s.violations.map((v) => v.kind))];
  const violations = s.violations.map((v) => describeViolation(m.ctx, v));
  const trace = [...result.steps.map((st) => st.text), ...violations, ...describeFinal(m.ctx, s)];
  let reason = '';
  if (exp.kinds.length === 0 && kinds.length) reason = `${label} shows ${kindsText(kinds)} under ${variant}, expected ok`;
  const extra = kinds.filter((k) => !exp.kinds.includes(k));
  if (exp.kinds.length && kinds.length && extra.length) reason = `${label} also shows ${kindsText(extra)} under ${variant}, not expected`;
  const full = formatSchedule(result.schedule.map((t) => program.threads[t]?.name ?? '?'));
  return { name, text: name ? text : full, kinds, passed: reason === '', reason, trace, violations, line };
}

/** The explorer's verdict on this expectation (src/explore's checkExpectations), as problems. */
function exploreProblems(program: Program, exp: Expectation, ex: ExploreResult): string[] {
  const verdict = checkExpectations({ ...program, expectations: [exp] }, new Map([[exp.variant, ex]]), memoryOfExpectation(program, exp))[0];
  return verdict && verdict.status === 'fail' ? [`explorer: ${verdict.message}`] : [];
}

/** Checks one expectation: its witnesses, then (if given) the explorer. */
export function checkExpectation(program: Program, exp: Expectation, explore?: ExploreFn): ExpectationOutcome {
  const schedules = program.schedules.map((s) => ({ name: s.name as string | null, text: s.text, line: s.origin.range.line as number | null }));
  // With no named schedule an `ok` claim still gets one concrete run; a violation claim needs a witness.
  if (!schedules.length && exp.kinds.length === 0) schedules.push({ name: null, text: '', line: null });
  const witnesses = schedules.map((s) => runWitness(program, exp.variant, exp, s.name, s.text, s.line));
  const problems = witnesses.filter((w) => !w.passed).map((w) => w.reason);
  // A witness is written for one race: a violation claim needs one schedule that shows it, not all.
  if (exp.kinds.length && witnesses.length && !witnesses.some((w) => w.kinds.length > 0)) {
    problems.push(`no schedule shows a violation under ${exp.variant}, expected ${kindsText(exp.kinds)}`);
  }
  const ex = explore ? explore(program, exp.variant, memoryOfExpectation(program, exp)) : null;
  if (ex) problems.push(...exploreProblems(program, exp, ex));
  const badWitness = witnesses.find((w) => !w.passed);
  const badExplore = ex?.violations.find((v) => !exp.kinds.includes(v.kind));
  return {
    variant: exp.variant, expected: exp.kinds, passed: problems.length === 0 && (witnesses.length > 0 || !!ex),
    skipped: witnesses.length === 0 && !ex, witnesses, explore: ex, problems,
    failingSchedule: badWitness?.text ?? badExplore?.schedule ?? null,
  };
}
