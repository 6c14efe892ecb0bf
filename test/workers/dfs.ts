// Test-only stand-in for the explorer's outcome set: every final outcome (core outcomeText)
// reachable by some interleaving, found by a plain exhaustive DFS over the core with a visited set.
import { Machine, Program, State, cloneState, outcomeText } from '../../src/core';

function key(s: State): string {
  return JSON.stringify([s.tasks, s.cells, s.works, s.threads, s.finished]);
}

export function reachableOutcomes(p: Program, variant: string): Set<string> {
  const m = new Machine(p, variant);
  const out = new Set<string>();
  const seen = new Set<string>();
  const init = m.init().state;
  if (init.threads.every((th) => th.done)) m.finish(init);
  const stack: State[] = [init];
  while (stack.length) {
    const s = stack.pop();
    if (!s) break;
    const k = key(s);
    if (seen.has(k)) continue;
    seen.add(k);
    const en = m.enabled(s);
    if (s.finished || en.length === 0) { out.add(outcomeText(m.ctx, s)); continue; }
    for (const t of en) {
      const c = cloneState(s);
      m.step(c, t);
      stack.push(c);
    }
  }
  return out;
}
