// Shared bench helpers: load the examples, time a function, print aligned figures.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Program } from '../src/core';
import { compileSource } from '../src/lang';

export function loadExamples(dir = 'examples'): { name: string; program: Program }[] {
  const out: { name: string; program: Program }[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.tw')).sort()) {
    const { program } = compileSource(join(dir, f), readFileSync(join(dir, f), 'utf8'));
    if (program) out.push({ name: f.replace(/\.tw$/, ''), program });
  }
  return out;
}

/** Median of `reps` timings of fn, in milliseconds. */
export function medianMs(reps: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** Median CPU time (user + system) of `reps` runs of fn, in milliseconds: steadier than wall time on a shared machine. */
export function medianCpuMs(reps: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

export function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i] ?? 10)).join(' ');
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
