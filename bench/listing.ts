// The listing interpreter against the core's built-in step functions, on the same op-only
// scenarios and seeded random schedules, alternating runs: steps per CPU-second for each.
// (The listing becomes the model only if interpreting it costs about what the step functions do.)
// With TW_OLD=<checkout of an older build>: the old build against this one instead (benchOldNew).
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Machine, StateMemory, seededRandom, cloneState } from '../src/core';
import { compileListing, Listing, variantOfListing } from '../src/model';
import { exploreSync } from '../src/explore';
import { compile } from '../test/unit/helpers';
import { Driver, SCENARIOS, Scenario } from '../test/model/driver';
import { medianTimes, fmt, row, loadExamples } from './util';
import { api as newApi, BuildApi } from './buildApi';

const STEPS = 200_000;

function churnCore(sc: Scenario, seed: number): void {
  newApi.churn(compile(sc.tw), 'mainline', STEPS, seed, 400);
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

/** CPU ms of one call of fn, repeated until 40 ms of CPU have passed (one explore of a small example is well under a millisecond). */
function cpuPerCall(fn: () => void): number {
  const start = process.cpuUsage();
  let n = 0;
  let ms = 0;
  do {
    fn();
    n++;
    const d = process.cpuUsage(start);
    ms = (d.user + d.system) / 1000;
  } while (ms < 40);
  return ms / n;
}

/**
 * The Machine with a listing variant (the listing interpreter, watched memory, footprints from the
 * listing's accesses) against the same Machine with the built-in step functions: `tw explore` of
 * every example under mainline and no-run-lock-pair, alternating, CPU time per explore (each sample
 * repeats the explore for 40 ms), median of 5, after one warm-up round over every example.
 */
function benchMachine(): void {
  console.log('');
  console.log('tw explore: a listing variant vs the built-in step functions (alternating, median of 5 CPU ms per explore)');
  console.log(row(['example', 'variant', 'built-in ms', 'listing ms', 'ratio'], [34, 18, 12, 12, 8]));
  const cases = loadExamples().filter((e) => e.name !== 's04-double-add') // a livelock under every variant: its budget, not its work
    .flatMap(({ name, program }) => ['mainline', 'no-run-lock-pair'].map((v) => {
      const file = `listings/${v}.c`;
      const lv = variantOfListing(v, file, readFileSync(file, 'utf8')).variant;
      if (!lv) throw new Error(`${file} does not compile`);
      return { name, program, v, lv };
    }));
  for (const c of cases) { exploreSync(c.program, { variant: c.v }); exploreSync(c.program, { variant: c.lv }); }
  const ratios: number[] = [];
  for (const { name, program, v, lv } of cases) {
    const a: number[] = [];
    const b: number[] = [];
    for (let rep = 0; rep < 5; rep++) {
      a.push(cpuPerCall(() => exploreSync(program, { variant: v })));
      b.push(cpuPerCall(() => exploreSync(program, { variant: lv })));
    }
    const med = (x: number[]): number => x.sort((p, q) => p - q)[2] ?? 0;
    const r = med(b) / Math.max(med(a), 0.001);
    ratios.push(r);
    console.log(row([name, v, fmt(med(a), 2), fmt(med(b), 2), fmt(r, 2)], [34, 18, 12, 12, 8]));
  }
  const sorted = ratios.sort((p, q) => p - q);
  console.log(`median ratio listing / built-in: ${fmt(sorted[Math.floor(sorted.length / 2)] ?? 0, 2)} (1.00 = as fast; above 1 slower)`);
}

/** CPU ms per call of each of fns, alternating a 10 ms burst of each, `reps` times: the best and the median burst of each. */
function alternate(reps: number, fns: (() => void)[]): { best: number; median: number }[] {
  const runs = fns.map(() => [] as number[]);
  for (let r = 0; r < reps; r++) {
    fns.forEach((fn, k) => {
      const start = process.cpuUsage();
      let n = 0, ms = 0;
      do { fn(); n++; const d = process.cpuUsage(start); ms = (d.user + d.system) / 1000; } while (ms < 10);
      runs[k]?.push(ms / n);
    });
  }
  return runs.map((x) => { x.sort((p, q) => p - q); return { best: x[0] ?? 0, median: x[Math.floor(x.length / 2)] ?? 0 }; });
}

function medianOf(xs: number[]): number { const s = xs.slice().sort((p, q) => p - q); return s[Math.floor(s.length / 2)] ?? 0; }

/** Steps per churn call of the step-rate tables, and the variants they step. */
const CHURN_STEPS = 20_000;
const CHURN_VARIANTS = ['mainline', 'no-run-lock-pair'];

/**
 * Core steps per CPU-second (Machine.step on seeded random schedules, restarting at each end, as
 * `tw run` does): every example under each name by its built-in step functions and by its listing
 * listings/NAME.c, and with `old` an older build's name beside them; alternating 10 ms bursts x 9,
 * best burst (median in brackets). The issue's rule: the listing within 10% of the name.
 */
function benchChurn(oldApi?: { api: BuildApi; dir: string }): void {
  const here = resolve('.');
  console.log('');
  console.log(`core steps per CPU-second: ${oldApi ? 'old build\'s name, ' : ''}name (built-in step functions) vs listing listings/NAME.c (Machine.step, seeded random schedules, ${CHURN_STEPS} steps a call; alternating 10 ms bursts x 9, best burst, median in brackets)`);
  const W = [34, 18, ...(oldApi ? [18] : []), 18, 18, 14];
  console.log(row(['example', 'variant', ...(oldApi ? ['old name'] : []), 'name', 'listing', 'listing/name'], W));
  const olds = oldApi ? oldApi.api.examples(oldApi.dir) : [];
  const best: number[] = [], med: number[] = [], oldBest: number[] = [];
  const rate = (ms: number): number => CHURN_STEPS / (ms / 1000);
  for (const { name, program } of newApi.examples(here)) {
    const old = olds.find((o) => o.name === name);
    if (oldApi && !old) continue;
    for (const v of CHURN_VARIANTS) {
      const fns = [() => newApi.churn(program, v, CHURN_STEPS, 7), () => newApi.churn(program, v, CHURN_STEPS, 7, 2000, { dir: here })];
      if (oldApi && old) fns.unshift(() => oldApi.api.churn(old.program, v, CHURN_STEPS, 7));
      fns.forEach((f) => f()); // warm-up
      const r = alternate(9, fns);
      const [o, n, l] = oldApi ? r : [undefined, ...r];
      if (!n || !l) continue;
      best.push(n.best / l.best); med.push(n.median / l.median);
      if (o) oldBest.push(o.best / l.best);
      const cell = (x: { best: number; median: number }): string => `${fmt(rate(x.best))} (${fmt(rate(x.median))})`;
      console.log(row([name, v, ...(o ? [cell(o)] : []), cell(n), cell(l), `${fmt(n.best / l.best, 2)} (${fmt(n.median / l.median, 2)})`], W));
    }
  }
  console.log(`median over examples: listing / name ${fmt(medianOf(best), 2)} (${fmt(medianOf(med), 2)}); worst ${fmt(Math.min(...best), 2)}${oldApi ? `; listing / old name ${fmt(medianOf(oldBest), 2)}` : ''} (1.00 = as fast; below 1 slower)`);
}

/**
 * The issue's rule, old build against new build in one process (TW_OLD names a checkout with a
 * build that has dist/benchApi.js): `tw explore` of every example under mainline and
 * no-run-lock-pair by the old build's names, the new build's names and the new build's listings,
 * alternating bursts; then core steps per CPU-second by name on each build. Ratios new / old of the
 * best burst (the least disturbed on a shared machine; medians beside).
 */
function benchOldNew(oldDir: string): void {
  const file = resolve(oldDir, 'dist/benchApi.js');
  if (!existsSync(file)) { console.log(`TW_OLD: ${file} is missing (build that checkout; builds before the old/new bench lack it)`); return; }
  const oldApi = (require(file) as { api: BuildApi }).api;
  const here = resolve('.');
  console.log('');
  console.log(`old build (${oldDir}) vs this build: tw explore, CPU ms per explore, alternating 10 ms bursts x 15 (best burst; median ratio in brackets)`);
  const W = [34, 18, 10, 10, 10, 14, 14];
  console.log(row(['example', 'variant', 'old name', 'new name', 'new .c', 'new name/old', 'new .c/old'], W));
  const olds = oldApi.examples(oldDir);
  const ratios: { name: number[]; listing: number[]; nameMed: number[]; listingMed: number[] } = { name: [], listing: [], nameMed: [], listingMed: [] };
  for (const { name, program } of newApi.examples(here).filter((e) => e.name !== 's04-double-add')) {
    const old = olds.find((o) => o.name === name);
    if (!old) continue;
    for (const v of ['mainline', 'no-run-lock-pair']) {
      const fns = [() => oldApi.explore(old.program, v), () => newApi.explore(program, v), () => newApi.explore(program, v, { dir: here })];
      fns.forEach((f) => f()); // warm-up
      const [o, n, l] = alternate(15, fns);
      if (!o || !n || !l) continue;
      ratios.name.push(n.best / o.best); ratios.listing.push(l.best / o.best);
      ratios.nameMed.push(n.median / o.median); ratios.listingMed.push(l.median / o.median);
      console.log(row([name, v, fmt(o.best, 3), fmt(n.best, 3), fmt(l.best, 3),
        `${fmt(n.best / o.best, 2)} (${fmt(n.median / o.median, 2)})`, `${fmt(l.best / o.best, 2)} (${fmt(l.median / o.median, 2)})`], W));
    }
  }
  console.log(`median over examples: new names / old ${fmt(medianOf(ratios.name), 2)} (${fmt(medianOf(ratios.nameMed), 2)}), new listings / old ${fmt(medianOf(ratios.listing), 2)} (${fmt(medianOf(ratios.listingMed), 2)}); worst listing ${fmt(Math.max(...ratios.listing), 2)}`);
  const STEPS_OLDNEW = 100_000;
  let oldMs = 0, newMs = 0, steps = 0;
  for (const { name, program } of newApi.examples(here)) {
    const old = olds.find((o) => o.name === name);
    if (!old) continue;
    const [o, n] = alternate(3, [() => oldApi.churn(old.program, 'mainline', STEPS_OLDNEW, 7), () => newApi.churn(program, 'mainline', STEPS_OLDNEW, 7)]);
    oldMs += o?.best ?? 0; newMs += n?.best ?? 0; steps += STEPS_OLDNEW;
  }
  console.log(`core steps per CPU-second (mainline by name, every example, best of 3 alternating): old ${fmt(steps / (oldMs / 1000))}, new ${fmt(steps / (newMs / 1000))} (new/old ${fmt(oldMs / newMs, 2)})`);
  benchChurn({ api: oldApi, dir: oldDir });
}

export async function benchListing(): Promise<void> {
  if (process.env.TW_OLD) { benchOldNew(process.env.TW_OLD); return; }
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
  benchChurn();
  benchMachine();
}
