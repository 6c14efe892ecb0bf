// The parallel stateful search: the scaling family (bench/family.ts) explored end to end by `tw
// explore` with 1 worker and with N, alternating in one run, medians of wall and CPU time (user +
// system, /usr/bin/time -v) and peak memory. The machine's load average is printed beside: on a
// shared machine a speed-up is only as good as the cores that were free. A second table splits the
// CPU by thread (/proc, read as each run exits): the main thread, the worker threads, and the
// engine's helper threads (its optimising compiler and garbage collector), which one worker gets
// to run on the second core for free. Settings: TW_PAR_THREADS=4-5 (family sizes),
// TW_PAR_WORKERS=2 (the N compared with 1), TW_PAR_REPS=3, TW_PAR_ONE_CORE=1 (also 1 worker pinned
// to one core with taskset: the speed-up the second core gives, helpers included), and TW_OLD
// (previous builds' checkouts, separated by commas: their runs alternate with these, on rows of
// their own named after their folders).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir, availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { familyOf, familyTw } from './family';
import { Run, have, median, runTw } from './spin';
import { fmt, row } from './util';

const W = [8, 5, 11, 9, 9, 9, 11, 9, 9, 9, 9, 12];
const W2 = [8, 5, 9, 9, 9, 9, 9, 9, 9, 9];
const sec = (ms: number): string => (Number.isNaN(ms) ? '-' : fmt(ms / 1000, 2));
const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');

/**
 * Preloaded into each run (node -r): at exit, the CPU seconds of the main thread, of the threads
 * still alive (the engine's helpers and libuv's), and of those already gone (the worker threads,
 * ended before the process exits), from the process's and each thread's /proc stat.
 */
const THREADS = `
const { isMainThread } = require('node:worker_threads');
const fs = require('node:fs');
const cpu = (file) => { const s = fs.readFileSync(file, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
if (isMainThread && fs.existsSync('/proc/self/task')) process.on('exit', () => {
  const total = cpu('/proc/self/stat');
  const main = cpu('/proc/self/task/' + process.pid + '/stat');
  let alive = 0;
  for (const t of fs.readdirSync('/proc/self/task')) if (Number(t) !== process.pid) { try { alive += cpu('/proc/self/task/' + t + '/stat'); } catch {} }
  process.stderr.write('tw-threads main=' + main + ' helpers=' + alive + ' workers=' + Math.max(0, total - main - alive).toFixed(2) + '\\n');
});
`;

interface Split { main: number; helpers: number; workers: number }
function splitOf(r: Run): Split {
  const m = /tw-threads main=([\d.]+) helpers=([\d.]+) workers=([\d.]+)/.exec(r.err ?? '');
  return m ? { main: Number(m[1]), helpers: Number(m[2]), workers: Number(m[3]) } : { main: NaN, helpers: NaN, workers: NaN };
}

export async function benchParallel(): Promise<void> {
  const builds: [string, string][] = [['this', resolve('dist/cli.js')]];
  for (const old of (process.env.TW_OLD ?? '').split(',').filter(Boolean)) builds.push([basename(resolve(old)) || 'old', resolve(old, 'dist/cli.js')]);
  const [lo = 4, hi = lo] = (process.env.TW_PAR_THREADS ?? '4-5').split('-').map(Number);
  const n = Number(process.env.TW_PAR_WORKERS ?? 2);
  const reps = Number(process.env.TW_PAR_REPS ?? 3);
  const oneCore = process.env.TW_PAR_ONE_CORE === '1' && have('taskset');
  console.log(`parallel: the stateful search with 1 worker vs ${n}, the scaling family, medians of ${reps} alternating runs on ${availableParallelism()} cores; s = wall, cpu = user + system seconds, MB = peak RSS; load average now ${load()}`);
  const dir = mkdtempSync(join(tmpdir(), 'tw-par-'));
  const pre = join(dir, 'threads.cjs');
  writeFileSync(pre, THREADS);
  const node = ['node', '-r', pre];
  const table: string[] = [row(['threads', 'build', '1w states', '1w s', '1w cpu', '1w MB', `${n}w states`, `${n}w s`, `${n}w cpu`, `${n}w MB`, 'speed-up', 'load after'], W)];
  const split: string[] = [row(['threads', 'build', '1w main', '1w help', `${n}w main`, `${n}w wkrs`, `${n}w help`, ...(oneCore ? ['1 core s', 'vs 1 core'] : [])], W2)];
  try {
    for (let t = lo; t <= hi; t++) {
      writeFileSync(join(dir, `fam${t}.tw`), familyTw(familyOf(t)));
      const one: Run[][] = builds.map(() => []), many: Run[][] = builds.map(() => []), pinned: Run[][] = builds.map(() => []);
      for (let i = 0; i < reps; i++) {
        builds.forEach(([, cli], b) => {
          one[b]?.push(runTw(cli, `fam${t}.tw`, dir, 1200, ['--workers', '1'], node));
          many[b]?.push(runTw(cli, `fam${t}.tw`, dir, 1200, ['--workers', String(n)], node));
          if (oneCore) pinned[b]?.push(runTw(cli, `fam${t}.tw`, dir, 1200, ['--workers', '1'], ['taskset', '-c', '0', ...node]));
        });
      }
      const wall = (rs: Run[]): number => median(rs.map((r) => (r.ok ? r.ms : NaN)));
      const cols = (rs: Run[]): string[] => [fmt(rs[0]?.states ?? NaN), sec(wall(rs)), sec(median(rs.map((r) => r.cpuMs))), fmt(median(rs.map((r) => r.kb)) / 1024)];
      const cpu = (rs: Run[], k: keyof Split): string => fmt(median(rs.map((r) => splitOf(r)[k])), 2);
      builds.forEach(([name], b) => {
        const o = one[b] ?? [], m = many[b] ?? [], p = pinned[b] ?? [];
        const notes = [...o, ...m, ...p].map((r) => r.note).filter(Boolean);
        table.push(row([t, name, ...cols(o), ...cols(m), fmt(wall(o) / wall(m), 2), load()], W) + [...new Set(notes)].map((x) => `  (${x})`).join(''));
        split.push(row([t, name, cpu(o, 'main'), cpu(o, 'helpers'), cpu(m, 'main'), cpu(m, 'workers'), cpu(m, 'helpers'),
          ...(oneCore ? [sec(wall(p)), fmt(wall(p) / wall(m), 2)] : [])], W2));
      });
      console.log(table.splice(0).join('\n'));
    }
    if (existsSync('/proc/self/task')) {
      console.log(`CPU seconds by thread (medians): main = the main thread (with ${n} workers it is worker 0), wkrs = the worker threads, help = the engines' helper threads (compiler, garbage collector)${oneCore ? '; 1 core s = 1 worker pinned to one core (taskset -c 0), wall' : ''}`);
      console.log(split.join('\n'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
