// The traces of an example, as the behaviour goldens record them (shared with the test that runs
// each shipped name's listing as a file and compares its traces with the built-in steps').
import { Machine, run, Program, Variant, describeFinal, describeViolation, FillPolicy } from '../../src/core';
import { threadsOf } from '../unit/helpers';

export const RANDOM_SEEDS = [1, 2, 3];

/** How one run is chosen: a named schedule (round robin after it) or a seeded random schedule. */
export interface RunPolicy { name: string; prefix: number[]; fill: FillPolicy }

/** Every named schedule and seeded random schedule of a program, in the goldens' order. */
export function runPolicies(program: Program): RunPolicy[] {
  return [
    ...program.schedules.map((sched) => ({ name: `schedule ${sched.name}`, prefix: threadsOf(program, sched.text), fill: { kind: 'round-robin' } as FillPolicy })),
    ...RANDOM_SEEDS.map((seed) => ({ name: `random seed ${seed}`, prefix: [], fill: { kind: 'random', seed } as FillPolicy })),
  ];
}

/** One run's trace: setup, steps, final state and violations, one line each. */
export function traceText(program: Program, variant: string | Variant, prefix: number[], fill: FillPolicy): string[] {
  const m = new Machine(program, variant, { maxSteps: 500 });
  const r = run(m, { prefix, fill, detail: true });
  return [
    ...r.setupText.map((l) => `  setup ${l}`),
    ...r.steps.map((s) => `  ${s.text}`),
    ...describeFinal(m.ctx, r.state).map((l) => `  final ${l}`),
    ...r.state.violations.map((v) => `  VIOLATION ${describeViolation(m.ctx, v)}`),
  ];
}

/** Every named schedule and seeded random schedule of one variant (`asVariant`: how the name runs). */
export function variantTraces(program: Program, name: string, asVariant: string | Variant = name): string[] {
  return runPolicies(program).flatMap((p) => [`== ${name} ${p.name}`, ...traceText(program, asVariant, p.prefix, p.fill)]);
}
