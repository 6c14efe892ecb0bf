// The parallel stateful search: the scaling family (bench/family.ts) explored end to end by `tw
// explore` with 1 worker and with N, alternating in one run, medians of wall and CPU time (user +
// system, /usr/bin/time -v) and peak memory. The machine's load average is printed beside: on a
// shared machine a speed-up is only as good as the cores that were free. Settings:
// TW_PAR_THREADS=4-5 (family sizes), TW_PAR_WORKERS=2 (the N compared with 1), TW_PAR_REPS=3, and
// TW_OLD (a previous build's checkout: its runs alternate with these, on a row of their own).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir, availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { familyOf, familyTw } from './family';
import { Run, median, runTw } from './spin';
import { fmt, row } from './util';

const W = [8, 5, 11, 9, 9, 9, 11, 9, 9, 9, 9, 12];
const sec = (ms: number): string => (Number.isNaN(ms) ? '-' : fmt(ms / 1000, 2));
const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');

export async function benchParallel(): Promise<void> {
  const builds: [string, string][] = [['this', resolve('dist/cli.js')]];
  if (process.env.TW_OLD) builds.push(['old', resolve(process.env.TW_OLD, 'dist/cli.js')]);
  const [lo = 4, hi = lo] = (process.env.TW_PAR_THREADS ?? '4-5').split('-').map(Number);
  const n = Number(process.env.TW_PAR_WORKERS ?? 2);
  const reps = Number(process.env.TW_PAR_REPS ?? 3);
  console.log(`parallel: the stateful search with 1 worker vs ${n}, the scaling family, medians of ${reps} alternating runs on ${availableParallelism()} cores; s = wall, cpu = user + system seconds, MB = peak RSS; load average now ${load()}`);
  console.log(row(['threads', 'build', '1w states', '1w s', '1w cpu', '1w MB', `${n}w states`, `${n}w s`, `${n}w cpu`, `${n}w MB`, 'speed-up', 'load after'], W));
  const dir = mkdtempSync(join(tmpdir(), 'tw-par-'));
  try {
    for (let t = lo; t <= hi; t++) {
      writeFileSync(join(dir, `fam${t}.tw`), familyTw(familyOf(t)));
      const one: Run[][] = builds.map(() => []), many: Run[][] = builds.map(() => []);
      for (let i = 0; i < reps; i++) {
        builds.forEach(([, cli], b) => {
          one[b]?.push(runTw(cli, `fam${t}.tw`, dir, 1200, ['--workers', '1']));
          many[b]?.push(runTw(cli, `fam${t}.tw`, dir, 1200, ['--workers', String(n)]));
        });
      }
      const wall = (rs: Run[]): number => median(rs.map((r) => (r.ok ? r.ms : NaN)));
      const cols = (rs: Run[]): string[] => [fmt(rs[0]?.states ?? NaN), sec(wall(rs)), sec(median(rs.map((r) => r.cpuMs))), fmt(median(rs.map((r) => r.kb)) / 1024)];
      builds.forEach(([name], b) => {
        const o = one[b] ?? [], m = many[b] ?? [];
        const notes = [...o, ...m].map((r) => r.note).filter(Boolean);
        console.log(row([t, name, ...cols(o), ...cols(m), fmt(wall(o) / wall(m), 2), load()], W) + [...new Set(notes)].map((x) => `  (${x})`).join(''));
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
