// Every path of every thread: each read takes each value that may reach its location (found by a
// fixed point over the values the threads write), each trylock succeeds or fails.
import type { Val } from '../lkmm';
import type { LitmusTest, Thread } from './ast';
import { LitmusError } from './diagnostics';
import { DeadPath } from './pathTypes';
import type { PathEvent, ThreadPath } from './pathTypes';
import { ThreadRun } from './threadRun';
import { ValueChains } from './valueChains';

/** More paths than this in one thread is beyond what a litmus test means (a value grows without end). */
export const MAX_PATHS = 20000;
const MAX_ROUNDS = 16;

/** The paths of every thread, once the values each location may hold are known. */
export function allPaths(test: LitmusTest): ThreadPath[][] {
  const chains = new ValueChains();
  const values = new Map<string, Val[]>();
  const add = (loc: string, v: Val): boolean => {
    const list = values.get(loc) ?? [];
    values.set(loc, list);
    if (list.includes(v)) return false;
    list.push(v);
    return true;
  };
  const initial = (loc: string, v: Val): void => { if (add(loc, v)) chains.initial(loc, v); };
  for (const t of test.threads) for (const p of t.params) if (!test.arrays.has(p)) initial(p, test.initLocs.get(p) ?? 0);
  for (const [loc, v] of test.initLocs) initial(loc, v);
  const valuesOf = (loc: string): Val[] => values.get(loc) ?? (initial(loc, test.initLocs.get(loc) ?? 0), values.get(loc) ?? [0]);
  // A value reaches a read through a chain of at most as many writes as an execution has, so
  // that many rounds find every value (a counter's increments included) and the rest is unreachable.
  let bound = MAX_ROUNDS;
  for (let round = 0; ; round++) {
    // The writes a path made before it died count too: a thread whose every path dereferences a
    // value not yet known (a pointer another write of its own stores) would otherwise stay dead.
    const dead: { thread: number; events: PathEvent[] }[] = [];
    const paths = test.threads.map((t, thread) => pathsOf(t, valuesOf, test, (events) => dead.push({ thread, events })));
    if (round === 0) bound = Math.min(MAX_ROUNDS, 1 + [...paths, dead].reduce((n, ps) => n + Math.max(0, ...ps.map(writeCount)), 0));
    // Only values within what an execution's writes can chain to are read in the next round (valueChains.ts).
    const known = chains.learn([...paths.flatMap((ps, thread) => ps.map((p) => ({ thread, events: p.events }))), ...dead]);
    let grew = false;
    for (const [loc, vs] of known) for (const v of vs) grew = add(loc, v) || grew;
    if (!grew || round >= bound) return paths;
  }
}

function writeCount(p: { events: PathEvent[] }): number { return p.events.filter((e) => e.kind === 'W').length; }

/** Depth-first over the choice points of one thread (an odometer over each point's options). */
function pathsOf(t: Thread, values: (loc: string) => Val[], test: LitmusTest, died: (events: PathEvent[]) => void): ThreadPath[] {
  const out: ThreadPath[] = [];
  const script: number[] = [];
  const limits: number[] = [];
  for (;;) {
    let k = 0;
    const choose = (n: number): number => {
      if (k >= script.length) { script.push(0); limits.push(n); }
      limits[k] = n;
      return script[k++] ?? 0;
    };
    const run = new ThreadRun(t, values, choose, test.initRegs, test.arrays);
    try {
      out.push(run.run());
    } catch (e) {
      if (!(e instanceof DeadPath)) throw e;
      died(run.events);
    }
    if (out.length > MAX_PATHS) throw new LitmusError('TW606', t.pos, `P${t.index} has more than ${MAX_PATHS} paths`);
    script.length = k; limits.length = k;
    while (script.length > 0 && (script[script.length - 1] ?? 0) + 1 >= (limits[limits.length - 1] ?? 0)) { script.pop(); limits.pop(); }
    if (script.length === 0) return out;
    script[script.length - 1] = (script[script.length - 1] ?? 0) + 1;
  }
}
