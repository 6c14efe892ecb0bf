// Counts every complete interleaving without enumerating them: the number of executions from a
// state is the sum over its enabled threads, memoised on (state, step count). This is what a plain
// DFS would count, in the time of a stateful search; the bench reports it as the baseline.
import { Machine, Program, State, cloneState } from '../core';
import { stateKey } from './stateKey';

/**
 * Complete interleavings of the program (step-limited ones included) and the (state, step count)
 * pairs memoised; `complete` is false (and the count a lower bound) when maxStates was reached.
 */
export function countInterleavings(program: Program, variant: string, maxSteps: number,
  maxStates = Infinity): { interleavings: number; states: number; complete: boolean } {
  const m = new Machine(program, variant, { maxSteps });
  const memo = new Map<string, number>();
  const { state } = m.init();
  if (!state.finished && state.threads.every((th) => th.done)) m.finish(state);
  const budget = { left: maxStates };
  const interleavings = count(m, state, memo, budget);
  return { interleavings, states: memo.size, complete: budget.left >= 0 };
}

function count(m: Machine, s: State, memo: Map<string, number>, budget: { left: number }): number {
  if (s.finished) return 1;
  if (budget.left < 0) return 0;
  const en = m.enabled(s);
  if (en.length === 0) return 1;
  // The step count is in the key: the step bound makes the future depend on it.
  const key = `${stateKey(s)}@${s.steps}`; // strings are fine here: this is a one-off baseline
  const known = memo.get(key);
  if (known !== undefined) return known;
  let n = 0;
  for (const t of en) {
    const child = cloneState(s);
    m.step(child, t);
    n += count(m, child, memo, budget);
  }
  budget.left--;
  memo.set(key, n);
  return n;
}
