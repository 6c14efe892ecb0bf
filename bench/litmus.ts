// The litmus runner: each of tw's own litmus tests (litmus/*.litmus) parsed and run in process,
// median wall and CPU time over a few repetitions, and the candidate executions judged. A litmus
// folder outside the repository (the kernel's) is measured the same way with TW_LITMUS_DIR=DIR.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseLitmus, runLitmus } from '../src/litmus';
import { fmt, medianTimes, row } from './util';

function litmusFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? litmusFiles(p) : f.endsWith('.litmus') ? [p] : [];
  });
}

export async function benchLitmus(): Promise<void> {
  const dir = process.env.TW_LITMUS_DIR ?? 'litmus';
  const widths = [44, 10, 10, 12];
  console.log(`litmus: ${dir}, median of 5 runs per test (machine load affects wall time)`);
  console.log(row(['test', 'wall ms', 'cpu ms', 'candidates'], widths));
  let total = 0;
  for (const file of litmusFiles(dir)) {
    const test = parseLitmus(readFileSync(file, 'utf8'));
    let candidates = 0;
    const t = medianTimes(5, () => { candidates = runLitmus(test).candidates; });
    total += t.wallMs;
    console.log(row([test.name, fmt(t.wallMs, 1), fmt(t.cpuMs, 1), candidates], widths));
  }
  console.log(`litmus: ${fmt(total, 0)} ms in all (sum of medians)`);
  await Promise.resolve();
}
