// The listing interpreter against the core's built-in step functions, on the same op-only
// scenarios and seeded random schedules, alternating runs: steps per CPU-second for each.
// (The listing becomes the model only if interpreting it costs about what the step functions do.)
import { readFileSync } from 'node:fs';
import { Machine, StateMemory, seededRandom, cloneState } from '../src/core';
import { compileListing, Listing } from '../src/model';
import { compile } from '../test/unit/helpers';
import { Driver, SCENARIOS, Scenario } from '../test/model/driver';
import { medianTimes, fmt, row } from './util';

const STEPS = 200_000;

function churnCore(sc: Scenario, seed: number): void {
  const m = new Machine(compile(sc.tw), 'mainline', { maxSteps: 400 });
  const rnd = seededRandom(seed);
  let s = m.init().state;
  for (let n = 0; n < STEPS; n++) {
    const en = m.enabled(s);
    if (s.finished || en.length === 0) { s = m.init().state; continue; }
    m.step(s, en[Math.floor(rnd() * en.length)] ?? 0);
  }
}

function churnListing(listing: Listing, sc: Scenario, seed: number): void {
  const start = new Machine(compile(sc.tw), 'mainline').init().state;
  const rnd = seededRandom(seed);
  let d = new Driver(listing, sc, new StateMemory(cloneState(start)));
  const all = sc.threads.map((_, t) => t);
  for (let n = 0; n < STEPS; n++) {
    const en = all.filter((t) => d.canMove(t));
    if (en.length === 0) { d = new Driver(listing, sc, new StateMemory(cloneState(start))); continue; }
    d.step(en[Math.floor(rnd() * en.length)] ?? 0);
  }
}

export async function benchListing(): Promise<void> {
  const { listing } = compileListing('listings/mainline.c', readFileSync('listings/mainline.c', 'utf8'));
  if (!listing) throw new Error('listings/mainline.c does not compile');
  console.log('listing interpreter vs core step functions (mainline, op-only scenarios, alternating, median of 5)');
  console.log(row(['scenario', 'core steps/cpu-s', 'listing steps/cpu-s', 'ratio'], [52, 18, 20, 8]));
  for (const sc of SCENARIOS) {
    const core: number[] = [];
    const mine: number[] = [];
    for (let rep = 0; rep < 5; rep++) {
      core.push(medianTimes(1, () => churnCore(sc, rep + 1)).cpuMs);
      mine.push(medianTimes(1, () => churnListing(listing, sc, rep + 1)).cpuMs);
    }
    const med = (a: number[]): number => a.sort((x, y) => x - y)[2] ?? 0;
    const c = STEPS / (med(core) / 1000), l = STEPS / (med(mine) / 1000);
    console.log(row([sc.name, fmt(c), fmt(l), fmt(l / c, 2)], [52, 18, 20, 8]));
  }
}
