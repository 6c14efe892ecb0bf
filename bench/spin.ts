// Scaling against Spin: the family of bench/family.ts for 3..7 racing threads, checked end to end by
// `tw explore` (this build, and a previous build when TW_OLD names its checkout) and by Spin
// (spin -a, gcc, ./pan), alternating in one run, medians. Each run is a child process measured
// with /usr/bin/time -v (wall time, peak resident memory). Spin and gcc are optional: without them
// the tw figures are printed alone. Settings: TW_SPIN_THREADS=3-5 (up to 3-7), TW_SPIN_REPS=3 (1 above 5 threads), TW_SPIN_TIMEOUT=600 (s),
// TW_SPIN_ARGS (extra `tw explore` flags, e.g. "--workers 2").
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { familyOf, familyPromela, familyTw } from './family';
import { fmt, row } from './util';

export interface Run { ok: boolean; ms: number; kb: number; states: number; note: string; cpuMs: number; err?: string }
const TIME = '/usr/bin/time';

export function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** Runs a command under /usr/bin/time -v (when present): wall ms, peak RSS in KB, stdout. */
export function measured(cmd: string, args: string[], cwd: string, timeoutS: number): { status: number | null; ms: number; kb: number; cpuMs: number; out: string; err: string } {
  const timed = existsSync(TIME);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(timed ? TIME : cmd, timed ? ['-v', cmd, ...args] : args, { cwd, encoding: 'utf8', timeout: timeoutS * 1000, maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  const secs = (what: string): number => Number(new RegExp(`${what} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr ?? '')?.[1] ?? NaN);
  return { status: r.status, ms, kb: m ? Number(m[1]) : NaN, cpuMs: (secs('User') + secs('System')) * 1000, out: (r.stdout ?? '') + (r.error ? String(r.error) : ''), err: r.stderr ?? '' };
}

export function runTw(cli: string, file: string, dir: string, timeoutS: number, extra = (process.env.TW_SPIN_ARGS ?? '').split(' ').filter(Boolean), node: string[] = ['node']): Run {
  // tw stops itself at the budget (a kill would reach /usr/bin/time, not tw); the margin is for the report.
  const r = measured(node[0] ?? 'node', [...node.slice(1), cli, 'explore', file, '--json', '--max-steps', '1000', '--max-states', '500000000', '--timeout', String(timeoutS), ...extra], dir, timeoutS + 60);
  try {
    const res = (JSON.parse(r.out) as { results: Record<string, { states: number; violations: unknown[]; complete?: boolean; stopped?: string }> }[])[0]?.results.mainline;
    const note = res && res.violations.length > 0 ? 'VIOLATION' : res?.complete === false ? `incomplete: ${String(res.stopped)}` : '';
    return { ok: r.status === 0 && res?.complete !== false, ms: r.ms, kb: r.kb, cpuMs: r.cpuMs, states: res?.states ?? NaN, note, err: r.err };
  } catch {
    return { ok: false, ms: r.ms, kb: r.kb, cpuMs: r.cpuMs, states: NaN, note: r.status === null ? `timeout ${timeoutS} s` : `exit ${r.status}` };
  }
}

/** spin -a, gcc, ./pan in a fresh directory: end-to-end time, and pan's own time and memory. */
function runSpin(pml: string, dir: string, timeoutS: number): { e2e: number; pan: Run } {
  const t0 = process.hrtime.bigint();
  spawnSync('spin', ['-a', pml], { cwd: dir });
  spawnSync('gcc', ['-O2', '-DSAFETY', '-o', 'pan', 'pan.c'], { cwd: dir });
  const r = measured('timeout', [String(timeoutS), './pan', '-m1000000'], dir, timeoutS + 60);
  const e2e = Number(process.hrtime.bigint() - t0) / 1e6;
  const states = /(\d+) states, stored/.exec(r.out);
  const errors = /errors: (\d+)/.exec(r.out);
  const note = r.status === null || r.status === 124 ? `timeout ${timeoutS} s` : errors?.[1] !== '0' ? 'ERRORS' : '';
  return { e2e, pan: { ok: r.status === 0, ms: r.ms, kb: r.kb, cpuMs: r.cpuMs, states: states ? Number(states[1]) : NaN, note } };
}

export function median(xs: number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function threadRange(): number[] {
  const [lo = 3, hi = lo] = (process.env.TW_SPIN_THREADS ?? '3-5').split('-').map(Number);
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

const W = [7, 11, 9, 8, 11, 9, 8, 11, 9, 9, 8, 8, 8, 10];
const s = (ms: number): string => (Number.isNaN(ms) ? '-' : fmt(ms / 1000, 2));
const mb = (kb: number): string => (Number.isNaN(kb) ? '-' : fmt(kb / 1024));
const ratio = (a: number, b: number): string => (Number.isNaN(a) || Number.isNaN(b) ? '-' : fmt(a / b, 2));

export async function benchSpin(): Promise<void> {
  const spin = have('spin') && have('gcc');
  const old = process.env.TW_OLD ? resolve(process.env.TW_OLD, 'dist/cli.js') : undefined;
  const cli = resolve('dist/cli.js');
  const timeoutS = Number(process.env.TW_SPIN_TIMEOUT ?? 600);
  console.log('spin: the scaling family (bench/family.ts) end to end, tw explore vs' + (old ? ' the previous build (TW_OLD) vs' : '') + ' Spin; medians, alternating; s = seconds, MB = peak RSS, RSS B/st = peak RSS of tw (runtime included) per state');
  if (!spin) console.log('  spin or gcc not installed (apt-get install spin gcc): tw figures only');
  if (!existsSync(TIME)) console.log('  /usr/bin/time not installed: no peak memory figures');
  console.log(row(['threads', 'tw states', 'tw s', 'tw MB', old ? 'old states' : '', old ? 'old s' : '', old ? 'old MB' : '',
    'spin st.', 'spin s', 'pan s', 'pan MB', 'tw/spin', 'tw/pan', 'RSS B/st'], W));
  const dir = mkdtempSync(join(tmpdir(), 'tw-spin-'));
  try {
    for (const n of threadRange()) {
      const fam = familyOf(n);
      writeFileSync(join(dir, `fam${n}.tw`), familyTw(fam));
      writeFileSync(join(dir, `fam${n}.pml`), familyPromela(fam));
      const reps = Number(process.env.TW_SPIN_REPS ?? (n <= 5 ? 3 : 1));
      const tw: Run[] = [], before: Run[] = [], pan: Run[] = [], e2e: number[] = [];
      for (let i = 0; i < reps; i++) {
        tw.push(runTw(cli, `fam${n}.tw`, dir, timeoutS));
        if (old) before.push(runTw(old, `fam${n}.tw`, dir, timeoutS));
        if (spin) { const r = runSpin(`fam${n}.pml`, dir, timeoutS); e2e.push(r.e2e); pan.push(r.pan); }
      }
      const twMs = median(tw.map((r) => (r.ok ? r.ms : NaN)));
      const twKb = median(tw.map((r) => r.kb));
      const panMs = median(pan.map((r) => r.ms));
      const notes = [...tw.map((r) => r.note && `tw: ${r.note}`), ...before.map((r) => r.note && `old: ${r.note}`), ...pan.map((r) => r.note && `pan: ${r.note}`)];
      console.log(row([n, fmt(tw[0]?.states ?? NaN), s(twMs), mb(twKb),
        old ? fmt(before[0]?.states ?? NaN) : '', old ? s(median(before.map((r) => (r.ok ? r.ms : NaN)))) : '', old ? mb(median(before.map((r) => r.kb))) : '',
        spin ? fmt(pan[0]?.states ?? NaN) : '-', s(median(e2e)), s(panMs), mb(median(pan.map((r) => r.kb))),
        ratio(twMs, median(e2e)), ratio(twMs, panMs), fmt((twKb * 1024) / (tw[0]?.states ?? NaN))], W) +
        [...new Set(notes.filter(Boolean))].map((x) => `  (${x})`).join(''));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
