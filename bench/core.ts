// Core throughput: atomic steps per second on long seeded-random schedules over every example
// (restarting an execution when it ends), and the cost of cloneState. Goal: >= 2 M steps/s.
import { Machine, cloneState, seededRandom, State } from '../src/core';
import { loadExamples, medianTimes, fmt, row } from './util';

const STEPS = 400_000;

/** Runs `steps` atomic steps, choosing a random enabled thread each time, restarting at each end. */
function churn(m: Machine, steps: number, seed: number): number {
  const rnd = seededRandom(seed);
  let s: State = m.init().state;
  let done = 0;
  while (done < steps) {
    const en = m.enabled(s);
    if (s.finished || en.length === 0) { s = m.init().state; continue; }
    m.step(s, en[Math.floor(rnd() * en.length)] ?? 0);
    done++;
  }
  return done;
}

export async function benchCore(): Promise<void> {
  console.log('core: atomic steps per second (seeded random schedules, mainline and each example\'s broken variant)');
  console.log(row(['example', 'variant', 'steps/s wall', 'steps/cpu-s', 'clone us'], [36, 26, 14, 14, 10]));
  let total = 0;
  let totalMs = 0;
  let totalCpuMs = 0;
  for (const { name, program } of loadExamples()) {
    const variants = new Set(['mainline', ...program.expectations.map((e) => e.variant)]);
    for (const v of variants) {
      const m = new Machine(program, v, { maxSteps: 2000 });
      churn(m, 20_000, 1); // warm-up
      const { wallMs: ms, cpuMs } = medianTimes(3, () => churn(m, STEPS, 7));
      total += STEPS;
      totalMs += ms;
      totalCpuMs += cpuMs;
      const s = m.init().state;
      const cloneMs = medianTimes(5, () => { for (let i = 0; i < 10_000; i++) cloneState(s); }).wallMs;
      console.log(row([name, v, fmt(STEPS / (ms / 1000)), fmt(STEPS / (cpuMs / 1000)), fmt((cloneMs * 1000) / 10_000, 2)], [36, 26, 14, 14, 10]));
    }
  }
  const wall = total / (totalMs / 1000);
  const cpu = total / (totalCpuMs / 1000);
  console.log(`core overall: ${fmt(wall)} steps/s wall, ${fmt(cpu)} steps per CPU-second on one core (goal 2,000,000: ratio ${fmt(cpu / 2e6, 2)}x per CPU-second, ${fmt(wall / 2e6, 2)}x wall)`);
}
