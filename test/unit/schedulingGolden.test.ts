// Every user of "which thread runs next" pinned as a golden, recorded before the choosers moved
// into one module: the explorer's random and PCT samplers (their statistics show any change of the
// runs they draw), `run` with a replayed prefix then a seeded random fill, and the debugger's
// Continue scheduler (round-robin and random, with a thread parked for a while).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine, Program, run, cloneState } from '../../src/core';
import { exploreSync, ExploreOptions } from '../../src/explore';
import { Scheduler } from '../../src/debug/scheduler';
import { matchGolden } from '../golden';
import { compile, threadsOf } from './helpers';

const files = readdirSync('examples').filter((f) => f.endsWith('.tw')).sort();

const SAMPLERS: { name: string; o: ExploreOptions }[] = [
  { name: 'random seed 1', o: { strategy: 'random', seed: 1, maxExecutions: 30 } },
  { name: 'random seed 9', o: { strategy: 'random', seed: 9, maxExecutions: 30 } },
  { name: 'pct seed 1 depth 3', o: { strategy: 'pct', seed: 1, maxExecutions: 30 } },
  { name: 'pct seed 4 depth 2', o: { strategy: 'pct', seed: 4, bound: 2, maxExecutions: 30 } },
];

function variantsOf(program: Program): string[] {
  return [...new Set(['mainline', ...program.expectations.map((e) => e.variant)])];
}

function samplerText(program: Program): string[] {
  const out: string[] = [];
  for (const variant of variantsOf(program)) {
    for (const { name, o } of SAMPLERS) {
      const r = exploreSync(program, { ...o, variant, workers: 1 });
      out.push(`== ${variant} ${name}: ${r.executions} executions, ${r.states} states, ${r.steps} steps, ${r.outcomes.length} outcome(s)`);
      for (const v of r.violations) out.push(`  ${v.kind}: ${v.schedule}`);
    }
  }
  return out;
}

function names(program: Program, schedule: readonly number[]): string {
  return schedule.map((t) => program.threads[t]?.name ?? '?').join(' ');
}

/** A replayed prefix (the first named schedule's first steps, or none), then a seeded random fill. */
function prefixThenRandom(program: Program): string[] {
  const sched = program.schedules[0];
  const prefix = sched ? threadsOf(program, sched.text).slice(0, 3) : [];
  const out: string[] = [];
  for (const seed of [2, 5]) {
    const r = run(new Machine(program, 'mainline', { maxSteps: 500 }), { prefix, fill: { kind: 'random', seed } });
    out.push(`== run prefix ${prefix.length} then random seed ${seed}: ${names(program, r.schedule)}`);
  }
  return out;
}

/** The debugger's Continue: thread 0 parked from choice 3 to choice 8. */
function debuggerText(program: Program): string[] {
  const out: string[] = [];
  for (const [kind, seed] of [['round-robin', 1], ['random', 3], ['random', 11]] as const) {
    const m = new Machine(program, 'mainline', { maxSteps: 500 });
    const s = cloneState(m.init().state);
    const sched = new Scheduler(kind, seed);
    const parked = new Set<number>();
    const taken: number[] = [];
    let last = -1;
    for (let i = 0; !s.finished && i < 200; i++) {
      if (i === 3) parked.add(0);
      if (i === 8) parked.delete(0);
      const t = sched.choose(m, s, last, parked);
      if (t === null) { taken.push(-1); parked.clear(); continue; }
      m.step(s, t);
      taken.push(t);
      last = t;
    }
    out.push(`== debugger ${kind} seed ${seed}: ${taken.map((t) => (t < 0 ? '|' : program.threads[t]?.name ?? '?')).join(' ')}`);
  }
  return out;
}

describe('scheduling goldens (samplers, run fill, debugger Continue)', () => {
  for (const file of files) {
    const program = compile(readFileSync(join('examples', file), 'utf8'), join('examples', file));
    it(`${file}: the same runs drawn as before the choosers moved`, () => {
      const text = [...samplerText(program), ...prefixThenRandom(program), ...debuggerText(program)];
      matchGolden(join('test/unit/golden', `${file.replace(/\.tw$/, '')}.scheduling.txt`), `${text.join('\n')}\n`);
    });
  }
});
