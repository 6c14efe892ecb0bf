// Persistent sets in the stateful search (ample.ts): exploring a thread's local step alone finds
// the same violations, the same minimal schedules and the same outcomes as the search without
// them, on every example under every variant, while storing fewer states on the scaling family.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Program, VARIANT_NAMES } from '../../src/core';
import { ExploreResult, exploreSync } from '../../src/explore';
import { StatefulStrategy } from '../../src/explore/stateful';
import { Search } from '../../src/explore/search';
import { stateKey } from '../../src/explore/stateKey';
import { Machine, cloneState } from '../../src/core';
import { familyOf, familyTw } from '../../bench/family';
import { compile } from '../unit/helpers';
import { CHURN } from './helpers';


/** The search's private parts a test inspects (the stack). */
interface Inside {
  stack: { state: import('../../src/core').State; todo: number[]; i: number; seen: number }[];
  fullyExpand(top: unknown, depth: number): void;
}

function explore(p: Program, variant: string, reduce: boolean, maxSteps?: number): ExploreResult {
  StatefulStrategy.persistentSets = reduce;
  try {
    return exploreSync(p, { variant, ...(maxSteps ? { maxSteps } : {}) });
  } finally {
    StatefulStrategy.persistentSets = true;
  }
}

/** What must not change: verdicts with their minimal schedules, outcomes, completeness. */
function verdicts(r: ExploreResult): string {
  const vs = r.violations.map((v) => `${v.kind}: ${v.schedule}`);
  return [...vs, ...r.outcomes, `complete ${String(r.complete)}`].join('\n');
}

describe('explore: persistent sets in the stateful search', () => {
  it('the same violations, minimal schedules and outcomes as without them, on every example and variant', function () {
    this.timeout(300000);
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.tw'))) {
      const p = compile(readFileSync(join('examples', f), 'utf8'), f);
      for (const variant of VARIANT_NAMES) {
        const full = explore(p, variant, false);
        const reduced = explore(p, variant, true);
        assert.equal(verdicts(reduced), verdicts(full), `${f} under ${variant}`);
        assert.ok(reduced.states <= full.states, `${f} under ${variant}: ${reduced.states} > ${full.states} states`);
      }
    }
  });

  it('the same verdicts and outcomes on a scenario that livelocks beside real races', () => {
    const p = compile(CHURN, 'churn.tw');
    for (const variant of ['mainline', 'no-run-lock-pair']) {
      const full = explore(p, variant, false, 60);
      const reduced = explore(p, variant, true, 60);
      assert.ok(full.violations.some((v) => v.kind === 'step-limit') && full.violations.length > 1, variant);
      assert.equal(verdicts(reduced), verdicts(full), variant);
      assert.ok(reduced.states < full.states, variant);
    }
  });

  it('the stack proviso widens a reduced node to every thread awake, its state rebuilt if its child took it', () => {
    const m = new Machine(compile(familyTw(familyOf(3)), 'fam3.tw'), 'mainline', { maxSteps: 1000 });
    const st = new StatefulStrategy(new Search(m, []), { root: m.init().state, fixed: [], last: -1, preempted: 0 });
    const inside = st as unknown as Inside;
    // Walk until a reduced node (a single local step to take) is on top, keep its state, take the step.
    for (let n = 0; n < 100000; n++) {
      const top = inside.stack[inside.stack.length - 1];
      assert.ok(top, 'no reduced node met');
      if (st.store.reduced(top.seen) && top.i === 0 && top.todo.length === 1) break;
      st.advance(1);
    }
    const depth = inside.stack.length - 1;
    const node = inside.stack[depth];
    assert.ok(node);
    const before = stateKey(cloneState(node.state));
    st.advance(1);
    assert.equal(node.i, node.todo.length, 'the only child took the state');
    inside.fullyExpand(node, depth);
    assert.equal(stateKey(node.state), before);
    assert.ok(node.todo.length > 1, 'the other threads are added');
    assert.equal(st.store.reduced(node.seen), false);
  });

  it('stores fewer states on the scaling family (same verdict and outcomes)', function () {
    this.timeout(60000);
    const p = compile(familyTw(familyOf(4)), 'fam4.tw');
    const full = explore(p, 'mainline', false, 1000);
    const reduced = explore(p, 'mainline', true, 1000);
    assert.equal(verdicts(reduced), verdicts(full));
    assert.ok(reduced.states < full.states * 0.85, `${reduced.states} vs ${full.states} states`);
  });
});
