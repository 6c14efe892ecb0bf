// Gated workers against the core: for every example (and S1 built by hand), under mainline and
// the variants it names, seeded random schedules (spins of blocked, finished and unknown threads
// included) give the same setup events, the same StepEvent sequence, the same enabled sets and
// the same final State; the named witness schedules give the same trace text through runOnWorkers.
import { strict as assert } from 'node:assert';
import { Machine, Program, run, cloneState, seededRandom, formatSchedule } from '../../src/core';
import { GatedWorkers } from '../../src/workers/gated';
import { runOnWorkers } from '../../src/workers/runOnWorkers';
import { liveWorkers } from '../../src/workers/pool';
import { listingVariantOf } from '../../src/workers/listingVariant';
import { handS1, handSpin, examplePrograms, scheduleIndices, S1_WITNESS } from './programs';

const SEEDS_PER_VARIANT = 12;
const MAX_STEPS_PER_SCHEDULE = 120;

function variantsOf(p: Program): string[] {
  return [...new Set(['mainline', ...p.expectations.map((e) => e.variant)])];
}

/** Replays seeded random schedules on the core and on gated workers, step by step. */
async function compareRandomSchedules(p: Program, variant: string, seeds: number[], warmUp = false): Promise<number> {
  const m = new Machine(p, listingVariantOf(p, variant));
  const g = await GatedWorkers.start(p, variant, { timeoutMs: 10000, warmUp });
  let steps = 0;
  try {
    const init = m.init();
    assert.deepEqual(g.setupEvents, init.setupEvents, 'setup events');
    assert.deepEqual(g.snapshot(), init.state, 'state after setup');
    for (const [k, seed] of seeds.entries()) {
      if (k > 0) await g.restore(cloneState(init.state));
      const s = cloneState(init.state);
      const rnd = seededRandom(seed);
      const taken: string[] = [];
      for (let i = 0; i < MAX_STEPS_PER_SCHEDULE && !s.finished; i++) {
        const en = m.enabled(s);
        const t = rnd() < 0.8 && en.length ? (en[Math.floor(rnd() * en.length)] ?? 0) : Math.floor(rnd() * (p.threads.length + 1));
        taken.push(p.threads[t]?.name ?? `#${t}`);
        const where = `${p.file} ${variant} seed ${seed}: ${formatSchedule(taken)}`;
        const expected = m.step(s, t);
        assert.deepEqual(await g.step(t), expected, where);
        assert.deepEqual(g.enabled(), m.enabled(s), `enabled after ${where}`);
        if (k === 0) assert.deepEqual(g.snapshot(), s, `state after ${where}`);
        steps++;
      }
      assert.deepEqual(g.snapshot(), s, `final state of ${p.file} ${variant} seed ${seed}`);
    }
  } finally {
    await g.close();
  }
  return steps;
}

describe('workers: gated mode equals the core', function () {
  this.timeout(120000);
  const programs = [{ name: 's1-by-hand', program: handS1() }, ...examplePrograms()];

  it('compiles the examples the comparison runs on', () => {
    assert.ok(programs.length >= 12, `only ${programs.length} programs`);
  });

  for (const { name, program } of programs) {
    for (const variant of variantsOf(program)) {
      it(`${name} under ${variant}: ${SEEDS_PER_VARIANT} random schedules`, async () => {
        const seeds = Array.from({ length: SEEDS_PER_VARIANT }, (_, i) => 1000 * (name.length + 1) + i * 7919 + variant.length);
        const steps = await compareRandomSchedules(program, variant, seeds);
        assert.ok(steps > SEEDS_PER_VARIANT, `only ${steps} steps compared`);
        assert.equal(liveWorkers(), 0);
      });
    }
  }

  it('workers warmed up on a private heap copy (as the debugger starts them) still equal the core', async () => {
    for (const { name, program } of programs.slice(0, 4)) {
      const steps = await compareRandomSchedules(program, 'mainline', [11, 23, 37], true);
      assert.ok(steps > 3, `only ${steps} steps compared on ${name}`);
    }
    assert.equal(liveWorkers(), 0);
  });

  it('step and loop bounds: S4 (double add, a cycle), a polling loop and a bounded S1 stop like the core', async () => {
    const s4 = examplePrograms().find((e) => e.name.startsWith('s04'))?.program;
    assert.ok(s4);
    const cases: [Program, string, { maxSteps: number; maxLoopIterations: number }][] = [
      [handS1(), 'mainline', { maxSteps: 7, maxLoopIterations: 1000 }],
      [handSpin(), 'mainline', { maxSteps: 10000, maxLoopIterations: 5 }],
      [s4, 'mainline', { maxSteps: 60, maxLoopIterations: 1000 }],
    ];
    for (const [p, variant, limits] of cases) {
      for (const seed of [1, 2, 3]) {
        const fill = { kind: 'random', seed } as const;
        const prefix = p === s4 ? scheduleIndices(p, 'adder1*5 adder2*5') : p.file === 'spin-by-hand' ? scheduleIndices(p, 'poller*12') : [];
        const c = run(new Machine(p, listingVariantOf(p, variant), limits), { prefix, fill, detail: true });
        const w = await runOnWorkers(p, variant, { prefix, fill, limits, detail: true });
        assert.deepEqual(w, c, `${p.file} seed ${seed}`);
        assert.ok(c.state.violations.some((v) => v.kind === 'step-limit'), `${p.file} seed ${seed} hits a bound`);
      }
    }
  });

  it('S1 witness through runOnWorkers: same trace text, state and schedule as run()', async () => {
    const p = handS1();
    for (const variant of ['mainline', 'no-run-lock-pair']) {
      const prefix = scheduleIndices(p, S1_WITNESS);
      const c = run(new Machine(p, listingVariantOf(p, variant)), { prefix, fill: { kind: 'round-robin' }, detail: true });
      const w = await runOnWorkers(p, variant, { prefix, fill: { kind: 'round-robin' }, detail: true });
      assert.deepEqual(w.steps.map((x) => x.text), c.steps.map((x) => x.text));
      assert.deepEqual(w.setupText, c.setupText);
      assert.deepEqual(w.schedule, c.schedule);
      assert.deepEqual(w.state, c.state);
      assert.deepEqual(w.state.violations.map((v) => v.kind),
        variant === 'mainline' ? [] : ['use-after-free', 'use-after-free', 'run-after-cancel', 'assertion']);
    }
    assert.equal(liveWorkers(), 0);
  });

  it('every named schedule of every example, with a seeded random fill: same RunResult as run()', async () => {
    for (const { program } of examplePrograms()) {
      for (const sched of program.schedules) {
        const variant = program.variant;
        const prefix = scheduleIndices(program, sched.text);
        const fill = { kind: 'random', seed: 42 } as const;
        const c = run(new Machine(program, listingVariantOf(program, variant)), { prefix, fill });
        const w = await runOnWorkers(program, variant, { prefix, fill });
        assert.deepEqual(w, c, `${program.file} schedule ${sched.name}`);
      }
    }
    assert.equal(liveWorkers(), 0);
  });
});
