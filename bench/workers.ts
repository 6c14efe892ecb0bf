// Worker backend figures: gated steps per second (one granted step per Atomics round trip) and
// its ratio to the core on the same schedules; stress runs per second; and how often the S1 race
// of no-run-lock-pair shows in free runs, with and without delays and the start-line rendezvous.
import { availableParallelism, loadavg } from 'node:os';
import { Machine, Program, State, cloneState, seededRandom } from '../src/core';
import { GatedWorkers } from '../src/workers/gated';
import { stress } from '../src/workers/stress';
import { loadExamples, fmt, row } from './util';

/** Seeded random executions (restarting at each end) until `steps` steps; returns the schedule. */
function schedules(m: Machine, init: State, steps: number, seed: number): number[][] {
  const rnd = seededRandom(seed);
  const out: number[][] = [];
  let s = cloneState(init);
  let cur: number[] = [];
  for (let i = 0; i < steps; i++) {
    const en = m.enabled(s);
    if (s.finished || en.length === 0) { out.push(cur); cur = []; s = cloneState(init); i--; continue; }
    const t = en[Math.floor(rnd() * en.length)] ?? 0;
    m.step(s, t);
    cur.push(t);
  }
  out.push(cur);
  return out;
}

const W = [10, 18, 14, 14, 14, 11, 10];

async function gatedFigures(name: string, p: Program, variant: string): Promise<void> {
  const m = new Machine(p, variant);
  const init = m.init().state;
  const runs = schedules(m, init, 4000, 3);
  const total = runs.reduce((a, r) => a + r.length, 0);
  const replay = (): void => { for (const r of runs) { const s = cloneState(init); for (const t of r) m.step(s, t); } };
  for (let rep = 0; rep < 50; rep++) replay(); // warm-up: the core is measured hot
  const c0 = process.hrtime.bigint();
  for (let rep = 0; rep < 100; rep++) replay();
  const coreMs = Number(process.hrtime.bigint() - c0) / 1e6 / 100;
  const g = await GatedWorkers.start(p, variant);
  try {
    for (const t of runs[0] ?? []) await g.step(t); // warm-up
    const t0 = process.hrtime.bigint();
    for (const r of runs) {
      await g.restore(cloneState(init));
      for (const t of r) await g.step(t);
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const t1 = process.hrtime.bigint();
    for (const r of runs) {
      g.restoreSync(cloneState(init));
      for (const t of r) g.stepSync(t);
    }
    const syncMs = Number(process.hrtime.bigint() - t1) / 1e6;
    const gated = total / (ms / 1000), sync = total / (syncMs / 1000), core = total / (coreMs / 1000);
    console.log(row([name, variant, fmt(gated), fmt(sync), fmt(core), fmt(core / gated, 0), fmt(core / sync, 0)], W));
  } finally {
    await g.close();
  }
}

async function stressFigures(name: string, p: Program, variant: string, delays: boolean, rendezvous: boolean): Promise<void> {
  const r = await stress(p, { variant, runs: 2000, delays, rendezvous, seed: 17 });
  const pct = (k: string): string => `${fmt((100 * (r.violations.get(k as never) ?? 0)) / r.runs, 1)}%`;
  console.log(row([name, variant, delays ? 'yes' : 'no', rendezvous ? 'yes' : 'no', fmt(r.runs / (r.elapsedMs / 1000)),
    pct('run-after-cancel'), pct('use-after-free'), pct('assertion'), r.outcomes.size], [24, 18, 7, 11, 10, 10, 10, 10, 9]));
}

export async function benchWorkers(): Promise<void> {
  const examples = loadExamples();
  const pick = (prefix: string): Program | undefined => examples.find((e) => e.name.startsWith(prefix))?.program;
  const s1 = pick('s01');
  if (!s1) throw new Error('examples/s01-cancel-vs-run.tw does not compile');
  console.log(`workers: ${availableParallelism()} CPUs, load average ${loadavg().map((x) => fmt(x, 1)).join(' ')} (figures vary with load)`);
  console.log('gated: steps per second on the same seeded random schedules (async: Atomics.waitAsync; sync: Atomics.wait)');
  console.log(row(['example', 'variant', 'async steps/s', 'sync steps/s', 'core steps/s', 'core/async', 'core/sync'], W));
  for (const [prefix, variant] of [['s01', 'mainline'], ['s01', 'no-run-lock-pair'], ['s03', 'mainline'], ['s06', 'no-run-lock-pair']] as const) {
    const p = pick(prefix);
    if (p) await gatedFigures(prefix, p, variant);
  }
  console.log('stress: 2000 free runs of S1; % of runs reporting each kind');
  console.log(row(['example', 'variant', 'delays', 'rendezvous', 'runs/s', 'r-a-c', 'u-a-f', 'assert', 'outcomes'], [24, 18, 7, 11, 10, 10, 10, 10, 9]));
  for (const variant of ['mainline', 'no-run-lock-pair']) {
    for (const delays of [false, true]) await stressFigures('s01', s1, variant, delays, true);
  }
  for (const delays of [false, true]) await stressFigures('s01', s1, 'no-run-lock-pair', delays, false);
}
