// Behaviour goldens: for every example, every variant and every named schedule (plus a seeded set
// of random schedules) the full trace, final state and violations; and the explorer's verdicts and
// outcome sets. They pin what the model does, so a change of how it is executed shows every change
// of behaviour (TW_UPDATE_GOLDEN=1 rewrites them; explain each difference in the commit).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine, run, Program, VARIANT_NAMES, describeFinal, describeViolation, FillPolicy } from '../../src/core';
import { matchGolden } from '../golden';
import { exploreText } from './exploreText';
import { compile, threadsOf } from '../unit/helpers';

const files = readdirSync('examples').filter((f) => f.endsWith('.tw')).sort();
const RANDOM_SEEDS = [1, 2, 3];

function traceText(program: Program, variant: string, prefix: number[], fill: FillPolicy): string[] {
  const m = new Machine(program, variant, { maxSteps: 500 });
  const r = run(m, { prefix, fill, detail: true });
  return [
    ...r.setupText.map((l) => `  setup ${l}`),
    ...r.steps.map((s) => `  ${s.text}`),
    ...describeFinal(m.ctx, r.state).map((l) => `  final ${l}`),
    ...r.state.violations.map((v) => `  VIOLATION ${describeViolation(m.ctx, v)}`),
  ];
}

function tracesOf(program: Program): string {
  const out: string[] = [];
  for (const variant of VARIANT_NAMES) {
    for (const sched of program.schedules) {
      out.push(`== ${variant} schedule ${sched.name}`, ...traceText(program, variant, threadsOf(program, sched.text), { kind: 'round-robin' }));
    }
    for (const seed of RANDOM_SEEDS) out.push(`== ${variant} random seed ${seed}`, ...traceText(program, variant, [], { kind: 'random', seed }));
  }
  return `${out.join('\n')}\n`;
}

describe('behaviour goldens', () => {
  for (const file of files) {
    const program = compile(readFileSync(join('examples', file), 'utf8'), join('examples', file));
    const base = file.replace(/\.tw$/, '');
    it(`${file}: traces of every variant x named and seeded random schedule`, () => {
      matchGolden(join('test/examples/golden', `${base}.traces.txt`), tracesOf(program));
    });
    it(`${file}: explorer verdicts and outcome sets`, function () {
      this.timeout(30000);
      matchGolden(join('test/examples/golden', `${base}.explore.txt`), exploreText(file, program));
    });
  }
});
