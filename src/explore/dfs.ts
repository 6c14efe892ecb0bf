// Plain depth-first enumeration of every interleaving (optionally preemption-bounded, CHESS style).
// It is the reference the reductions are checked against and the source of the reduction ratios.
import { State, cloneState } from '../core';
import { Search } from './search';
import { Strategy, StrategyInit, preemptionsAfter } from './strategy';

interface Node {
  state: State;
  en: number[];
  /** Next index into en to try. */
  i: number;
  last: number;
  /** The last thread could still move here (switching away is a preemption). */
  lastCanMove: boolean;
  preempted: number;
}

export class DfsStrategy implements Strategy {
  private readonly stack: Node[] = [];
  private readonly path: number[] = [];

  constructor(private readonly search: Search, private readonly init: StrategyInit) {
    const root = init.root;
    search.prepareRoot(root);
    search.stats.states++;
    if (root.finished) search.leaf(root);
    else this.stack.push(this.node(root, 0, init.last, init.preempted));
  }

  private node(state: State, depth: number, last: number, preempted: number): Node {
    const forced = this.init.fixed[depth];
    const en = this.search.m.enabled(state);
    const lastCanMove = last >= 0 && en.includes(last);
    return { state, en: forced === undefined ? en : en.filter((t) => t === forced), i: 0, last, lastCanMove, preempted };
  }

  advance(budget: number): boolean {
    const { search, stack, path } = this;
    for (let n = 0; n < budget; n++) {
      const top = stack[stack.length - 1];
      if (!top) return true;
      const t = top.en[top.i++];
      if (t === undefined) { stack.pop(); continue; }
      const preempted = preemptionsAfter(top, t, this.init.bound, search.stats);
      if (preempted === null) continue;
      // The last child may take the parent's state: nothing else will need it.
      const child = top.i >= top.en.length ? top.state : cloneState(top.state);
      const depth = stack.length - 1;
      path[depth] = t;
      search.step(child, t, path, depth + 1);
      search.stats.states++;
      if (child.finished) search.leaf(child);
      else stack.push(this.node(child, depth + 1, t, preempted));
    }
    return stack.length === 0;
  }
}
