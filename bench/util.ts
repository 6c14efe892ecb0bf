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

/** Wall and CPU (user + system) milliseconds of one run of fn. */
function timeOnce(fn: () => void): { wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

function median(xs: number[]): number {
  const sorted = xs.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Medians of `reps` runs of fn, wall and CPU from the same runs. CPU time is the steadier figure
 * on a shared machine: waiting for a core counts in wall time only.
 */
export function medianTimes(reps: number, fn: () => void): { wallMs: number; cpuMs: number } {
  const runs = Array.from({ length: reps }, () => timeOnce(fn));
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)) };
}

export function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i] ?? 10)).join(' ');
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
