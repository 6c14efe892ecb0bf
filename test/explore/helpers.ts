// Test helpers for the explorer: compile .tw text, load examples, enumerate every interleaving
// with its Mazurkiewicz trace (to count equivalence classes), and generate small random scenarios.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Machine, Program, State, cloneState, seededRandom, VARIANT_NAMES } from '../../src/core';
import { compileSource, formatDiagnostic } from '../../src/lang';
import { Footprints, Fp, dependent } from '../../src/explore/footprints';

/** A thread adding and cancelling a work forever beside the owner: livelocks and real races. */
export const CHURN = `
task T;
work A = fa;
work B = fb;
callback fa(cb) { }
callback fb(cb) { }
setup { task_work_add(T, A, TWA_RESUME); }
thread churn { while (1) { task_work_add(T, B, TWA_RESUME); task_work_cancel(T, B); } }
thread owner current(T) { task_work_run(); }
`;

export function compile(text: string, file = 'test.tw'): Program {
  const r = compileSource(file, text);
  if (!r.program) throw new Error(r.diagnostics.map((d) => formatDiagnostic(file, d)).join('\n'));
  return r.program;
}

export function example(name: string): Program {
  const file = path.join(__dirname, '..', '..', 'examples', `${name}.tw`);
  return compile(readFileSync(file, 'utf8'), `${name}.tw`);
}

interface Ev { t: number; fp: Fp; vc: number[] }

/**
 * Every complete interleaving (plain DFS) and the number of distinct traces among them: two
 * executions are equivalent when each thread's k-th step has the same happens-before clock.
 */
export function traceClasses(program: Program, variant: string, maxSteps = 300): { executions: number; classes: number } {
  const m = new Machine(program, variant, { maxSteps });
  const fps = new Footprints(m);
  const { state } = m.init();
  const classes = new Set<string>();
  let executions = 0;
  const walk = (s: State, evs: Ev[]): void => {
    const en = m.enabled(s);
    if (s.finished || en.length === 0) {
      executions++;
      classes.add(signature(evs, s.threads.length));
      return;
    }
    for (const t of en) {
      const fp = fps.of(s, t);
      const vc = new Array<number>(s.threads.length).fill(0);
      for (const e of evs) if (e.t === t || dependent(e.fp, fp)) e.vc.forEach((x, u) => { vc[u] = Math.max(vc[u] ?? 0, x); });
      vc[t] = (vc[t] ?? 0) + 1;
      const child = cloneState(s);
      m.step(child, t);
      walk(child, [...evs, { t, fp, vc }]);
    }
  };
  walk(state, []);
  return { executions, classes: classes.size };
}

function signature(evs: readonly Ev[], n: number): string {
  const per: string[][] = Array.from({ length: n }, () => []);
  for (const e of evs) per[e.t]?.push(e.vc.join('.'));
  return per.map((l) => l.join(',')).join('|');
}

/** A small random scenario as .tw text: one task, two or three works, two or three threads. */
export function randomScenario(seed: number): { text: string; variant: string } {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const works = ['A', 'B', 'C'].slice(0, 2 + Math.floor(rnd() * 2));
  const lines = ['task T;', 'callback keep(cb) { }', 'callback drop(cb) { free(cb); }'];
  for (const w of works) lines.push(`work ${w} = ${pick(['keep', 'drop'])};`);
  const reuse = rnd() < 0.15;
  if (reuse) lines.push('work N = keep at A;');
  const setup = works.filter(() => rnd() < 0.5).map((w) => `task_work_add(T, ${w}, TWA_RESUME);`);
  if (setup.length > 0) lines.push(`setup { ${setup.join(' ')} }`);
  const other = (i: number, k: number): string => pick([
    `task_work_add(T, ${pick(works)}, ${pick(['TWA_RESUME', 'TWA_NONE', 'TWA_SIGNAL'])});`,
    `let w${i}${k} = task_work_cancel_func(T, ${pick(['keep', 'drop'])});`,
    `if (task_work_cancel(T, ${pick(works)})) free(${pick(works)});`,
    `let p${i}${k} = task_work_pending(T);`,
    `let c${i}${k} = task_work_cancel_match(T, (cb) => cb == ${pick(works)});`,
  ]);
  const threads = 2 + (rnd() < 0.3 ? 1 : 0);
  for (let i = 0; i < threads; i++) {
    const n = rnd() < 0.3 ? 2 : 1;
    const ops: string[] = [];
    for (let k = 0; k < n; k++) {
      ops.push(i === 0 ? pick(['task_work_run();', 'do_exit();', 'resume_user_mode_work();']) : other(i, k));
    }
    lines.push(`thread t${i}${i === 0 ? ' current(T)' : ''} { ${ops.join(' ')} }`);
  }
  if (reuse) lines.push('thread reuser { wait_until(freed(A)); alloc(N); task_work_add(T, N, TWA_RESUME); }');
  if (rnd() < 0.3) lines.push(`final { assert(runs(${works[0]}) + cancels(${works[0]}) <= 1); }`);
  if (rnd() < 0.2) lines.push(`invariant runs(${works[1]}) <= adds(${works[1]});`);
  if (rnd() < 0.2) lines.push('option lost-work-at-end;');
  return { text: lines.join('\n'), variant: pick(VARIANT_NAMES) };
}
