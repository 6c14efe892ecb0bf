// Explorer figures: per scenario, the plain interleaving count (memoised enumeration), plain DFS
// throughput, DPOR executions and its sleep-set-blocked overhead, stateful states, the reduction
// ratios, wall time of the default check, and the speed-up from 2 workers on the bigger searches.
// Goals (design/explorer.md): every example under 100 ms, the 3-thread ABA scenario under 2 s
// (ideally 100 ms stateful), DPOR within 1.2x of one execution per trace.
import { Program } from '../src/core';
import { compileSource } from '../src/lang';
import { explore, exploreSync, countInterleavings, ExploreResult, ExploreOptions } from '../src/explore';
import { loadExamples, fmt, row } from './util';

/** design/explorer.md's scenario: list A -> B, cancel A, run with self-freeing callbacks, reuse A's address. */
const ABA = `
task T;
work A = release;
work B = release;
work N = release at A;
callback release(cb) { free(cb); }
setup { task_work_add(T, B, TWA_RESUME); task_work_add(T, A, TWA_RESUME); }
thread canceller { if (task_work_cancel(T, A)) free(A); }
thread owner current(T) { task_work_run(); }
thread reuser { wait_until(freed(A)); alloc(N); task_work_add(T, N, TWA_RESUME); }
`;

const DFS_LIMIT = 1_500_000;
const W = [30, 18, 12, 11, 9, 9, 8, 9, 9, 9, 9];

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { value, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

interface Line { name: string; program: Program; variant: string }

function scenarios(): Line[] {
  const out: Line[] = [];
  const aba = compileSource('explorer-md-aba.tw', ABA).program;
  if (aba) for (const v of ['mainline', 'no-run-lock-pair']) out.push({ name: 'explorer.md ABA (3 threads)', program: aba, variant: v });
  for (const { name, program } of loadExamples()) {
    for (const v of new Set(['mainline', ...program.expectations.map((e) => e.variant)])) out.push({ name, program, variant: v });
  }
  return out;
}

function measure(l: Line): string {
  const o: ExploreOptions = { variant: l.variant };
  const plain = countInterleavings(l.program, l.variant, 300, 2_000_000);
  const inter = plain.complete ? plain.interleavings : NaN;
  const cold = timed(() => exploreSync(l.program, o));
  const warm = timed(() => exploreSync(l.program, o));
  const dpor = timed(() => exploreSync(l.program, { ...o, strategy: 'dpor', timeoutMs: 20000 }));
  let dfsRate = '-';
  if (plain.complete && inter <= DFS_LIMIT) {
    const dfs = timed(() => exploreSync(l.program, { ...o, strategy: 'dfs' }));
    dfsRate = `${fmt(dfs.value.executions / (dfs.ms / 1000) / 1000)}k/${fmt(dfs.value.steps / (dfs.ms / 1000) / 1e6, 1)}M`;
  }
  const d = dpor.value;
  const interText = plain.complete ? fmt(inter) : `>${fmt(plain.interleavings)}`;
  return row([
    `${l.name.slice(0, 29)}`, l.variant.slice(0, 17), interText, dfsRate,
    `${fmt(d.executions)}${d.complete ? '' : '+'}`, fmt((d.executions + d.pruned) / Math.max(1, d.executions), 2),
    fmt(warm.value.states), plain.complete ? fmt(inter / Math.max(1, d.executions)) : '-',
    plain.complete ? fmt(inter / Math.max(1, warm.value.states)) : '-', fmt(cold.ms, 1), fmt(warm.ms, 1),
  ], W) + (d.complete ? '' : `  (dpor stopped: ${d.stopped})`);
}

async function speedup(name: string, p: Program, variant: string, strategy: 'dfs' | 'dpor'): Promise<string> {
  const one = await timedAsync(() => explore(p, { variant, strategy, workers: 1 }));
  const two = await timedAsync(() => explore(p, { variant, strategy, workers: 2 }));
  const same = JSON.stringify(verdict(one.value)) === JSON.stringify(verdict(two.value));
  return `  ${name} ${variant} (${strategy}): 1 worker ${fmt(one.ms)} ms, 2 workers ${fmt(two.ms)} ms, speed-up ${fmt(one.ms / two.ms, 2)}x${same ? '' : '  RESULTS DIFFER'}`;
}

function verdict(r: ExploreResult): unknown {
  return { v: r.violations, o: r.outcomes, c: r.complete };
}

export async function benchExplore(): Promise<void> {
  console.log('explore: plain interleavings vs DPOR executions vs stateful states (maxSteps 300)');
  console.log('  dfs = plain DFS executions/s and steps/s; dpor work = (executions + sleep-blocked) / executions (goal <= 1.2);');
  console.log('  ratios = interleavings per DPOR execution / per stateful state; ms = default check (stateful + minimise + explain), cold then warm');
  console.log(row(['scenario', 'variant', 'interleav.', 'dfs', 'dpor exec', 'dpor work', 'states', 'x dpor', 'x state', 'ms cold', 'ms warm'], W));
  for (const l of scenarios()) console.log(measure(l));
  console.log('explore: speed-up from 2 workers (same results required)');
  const byName = new Map(loadExamples().map((e) => [e.name, e.program]));
  const s3 = byName.get('s03-two-cancellers');
  const kc = byName.get('caller-keyctl-session-to-parent');
  if (s3) console.log(await speedup('s03-two-cancellers', s3, 'mainline', 'dfs'));
  if (kc) console.log(await speedup('caller-keyctl-session-to-parent', kc, 'mainline', 'dfs'));
  if (s3) console.log(await speedup('s03-two-cancellers', s3, 'cancel-without-lock', 'dpor'));
}
