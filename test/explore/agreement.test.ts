// The rule: every violation `run` or `explore` can see, the other sees on the same schedule. For
// every fuzz case that compiles (the seeded .tw mutator's cases, random small scenarios and the
// start/final corner cases), at the same step bound:
//  - each violation explore reports replays in run from the schedule it prints (the replay command);
//  - each violation run reports (round-robin and seeded random schedules) is among explore's when
//    explore covered every interleaving.
// FUZZ_N raises the number of mutated cases (CI: a bounded, seeded run).
import assert from 'node:assert/strict';
import { FillPolicy, Machine, Program, resolveSchedule, run } from '../../src/core';
import { compileSource } from '../../src/lang';
import { exploreSync, StrategyName } from '../../src/explore';
import { fuzzCount, mutatedCases } from '../fuzz/twMutator';
import { randomScenario } from './helpers';
import { EXIT_INCOMPLETE, exitCode, incompleteText } from '../../src/cli/exploreReport';

const MAX_STEPS = 150;
const FILLS: FillPolicy[] = [{ kind: 'round-robin' }, { kind: 'random', seed: 1 }, { kind: 'random', seed: 2 }];

interface Tally { cases: number; compiled: number; explorations: number; replays: number; runs: number; disagreements: string[] }

function compiled(text: string): Program | undefined {
  try {
    return compileSource('fuzz.tw', text).program ?? undefined;
  } catch {
    return undefined; // the lang fuzz suite owns "never throws"; here only programs matter
  }
}

/** Compares run and explore on one program and variant; disagreements are added to the tally. */
function agree(p: Program, variant: string, strategy: StrategyName, label: string, t: Tally): void {
  if (p.threads.length > 6) return;
  const x = exploreSync(p, { variant, strategy, maxSteps: MAX_STEPS, maxStates: 20000, timeoutMs: 5000 });
  t.explorations++;
  const machine = new Machine(p, variant, { maxSteps: MAX_STEPS });
  for (const v of x.violations) {
    const sched = resolveSchedule(p, v.schedule);
    const again = sched.kind === 'ok' ? run(machine, { prefix: sched.threads }) : undefined;
    t.replays++;
    if (!again?.state.violations.some((y) => y.kind === v.kind)) t.disagreements.push(`${label} ${variant} ${strategy}: explore's ${v.kind} does not replay from '${v.schedule}'`);
  }
  const found = new Set(x.violations.map((v) => v.kind));
  for (const fill of FILLS) {
    const r = run(machine, { fill });
    t.runs++;
    if (!x.complete) continue; // DPOR claims completeness only when no execution met the step limit
    for (const v of r.state.violations) {
      if (!found.has(v.kind)) t.disagreements.push(`${label} ${variant} ${strategy}: run (${fill.kind}) sees ${v.kind}, a complete explore does not`);
    }
  }
}

describe('run and explore agree (fuzz)', function () {
  this.timeout(600000);
  const tally: Tally = { cases: 0, compiled: 0, explorations: 0, replays: 0, runs: 0, disagreements: [] };

  it('on the seeded mutator\'s cases that compile', () => {
    for (const c of mutatedCases(12, fuzzCount(100))) {
      tally.cases++;
      const p = compiled(c.text);
      if (!p) continue;
      tally.compiled++;
      for (const strategy of ['stateful', 'dpor'] as const) agree(p, p.variant, strategy, `mutated #${c.index} (${c.base}: ${c.how.join(', ')})`, tally);
    }
    assert.deepEqual(tally.disagreements, []);
  });

  // DPOR does not check the pending steps of a livelocked (step-limited) execution for races, so it
  // may miss their reversals: it must then say it is incomplete, never "none" as if complete.
  it('dpor on randomScenario(2) under no-run-lock-pair: finds the list-cycle or says incomplete', () => {
    const { text } = randomScenario(2);
    const p = compiled(text);
    assert.ok(p);
    const x = exploreSync(p, { variant: 'no-run-lock-pair', strategy: 'dpor', maxSteps: MAX_STEPS });
    const seen = run(new Machine(p, 'no-run-lock-pair', { maxSteps: MAX_STEPS }), { prefix: [1, 1, 1, 1] });
    assert.ok(seen.state.violations.some((v) => v.kind === 'list-cycle'), 'run sees the list-cycle at t1*4');
    if (!x.violations.some((v) => v.kind === 'list-cycle')) {
      assert.equal(x.complete, false);
      assert.equal(x.stopped, 'step-limit');
      assert.match(incompleteText(x), /incomplete \(dpor: an execution hit the step limit/);
      // Had it found nothing, the CLI would exit 4 (incomplete), not 0.
      assert.equal(exitCode([{ file: 'r2.tw', results: [['no-run-lock-pair', { ...x, violations: [] }]], verdicts: [] }]), EXIT_INCOMPLETE);
    }
    const d = { cases: 0, compiled: 0, explorations: 0, replays: 0, runs: 0, disagreements: [] as string[] };
    agree(p, 'no-run-lock-pair', 'dpor', 'random #2', d);
    assert.deepEqual(d.disagreements, []);
  });

  it('on random small scenarios, with every strategy', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const { text, variant } = randomScenario(seed);
      tally.cases++;
      const p = compiled(text);
      if (!p) continue;
      tally.compiled++;
      for (const strategy of ['stateful', 'dfs', 'dpor', 'random', 'pct'] as const) agree(p, variant, strategy, `random #${seed}`, tally);
    }
    assert.deepEqual(tally.disagreements, []);
  });

  after(() => {
    // The figures for the report: cases, programs compiled, comparisons, disagreements (0).
    if (process.env.TW_FUZZ_FIGURES) console.log(`      agreement: ${JSON.stringify({ ...tally, disagreements: tally.disagreements.length })}`);
  });
});
