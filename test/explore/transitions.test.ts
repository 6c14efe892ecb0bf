// Two savings of the stateful search that must change nothing but its cost: the transition cache
// (transitions.ts: a step known from the parts it starts from is not taken again to find a known
// state) and the rule that a state reached again with fewer steps is explored again only once the
// step limit has cut something (StatefulStrategy.moreRoom).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Program, VARIANT_NAMES } from '../../src/core';
import { ExploreResult, exploreSync } from '../../src/explore';
import { StatefulStrategy } from '../../src/explore/stateful';
import { familyOf, familyTw } from '../../bench/family';
import { compile } from '../unit/helpers';
import { CHURN } from './helpers';

function explore(p: Program, variant: string, set: { cache?: boolean; roomAlways?: boolean }, maxSteps?: number): ExploreResult {
  StatefulStrategy.transitionCache = set.cache ?? true;
  StatefulStrategy.roomAlways = set.roomAlways ?? false;
  try {
    return exploreSync(p, { variant, ...(maxSteps ? { maxSteps } : {}) });
  } finally {
    StatefulStrategy.transitionCache = true;
    StatefulStrategy.roomAlways = false;
  }
}

/** What must not change: verdicts with their minimal schedules, outcomes, completeness. */
function verdicts(r: ExploreResult): string {
  const vs = r.violations.map((v) => `${v.kind}: ${v.schedule}`);
  return [...vs, ...r.outcomes, `complete ${String(r.complete)}`].join('\n');
}

function counts(r: ExploreResult): string {
  return `${r.states} states, ${r.executions} executions, ${r.pruned} pruned, ${r.steps} steps`;
}

const examples = (): { f: string; p: Program }[] => readdirSync('examples').filter((x) => x.endsWith('.tw'))
  .map((f) => ({ f, p: compile(readFileSync(join('examples', f), 'utf8'), f) }));

describe('explore: the transition cache and the step-limit room rule', () => {
  it('the cache changes nothing, not even the counts, on every example and variant', function () {
    this.timeout(300000);
    for (const { f, p } of examples()) {
      for (const variant of VARIANT_NAMES) {
        const taken = explore(p, variant, { cache: false });
        const cached = explore(p, variant, { cache: true });
        assert.equal(verdicts(cached), verdicts(taken), `${f} under ${variant}`);
        assert.equal(counts(cached), counts(taken), `${f} under ${variant}`);
      }
    }
  });

  it('neither does the cache where the step limit cuts executions and a livelock is reported', () => {
    const p = compile(CHURN, 'churn.tw');
    for (const variant of ['mainline', 'no-run-lock-pair']) {
      const taken = explore(p, variant, { cache: false }, 60);
      const cached = explore(p, variant, { cache: true }, 60);
      assert.ok(taken.violations.some((v) => v.kind === 'step-limit'), variant);
      assert.equal(verdicts(cached), verdicts(taken), variant);
      assert.equal(counts(cached), counts(taken), variant);
    }
  });

  it('not exploring again for room the limit never used: the same verdicts, outcomes and states on every example and variant', function () {
    this.timeout(300000);
    for (const { f, p } of examples()) {
      for (const variant of VARIANT_NAMES) {
        const always = explore(p, variant, { roomAlways: true });
        const r = explore(p, variant, {});
        assert.equal(verdicts(r), verdicts(always), `${f} under ${variant}`);
        assert.equal(r.states, always.states, `${f} under ${variant}`);
        assert.ok(r.steps <= always.steps, `${f} under ${variant}`);
      }
    }
  });

  it('where the limit cuts, room counts again: the same verdicts as always exploring again', () => {
    const p = compile(CHURN, 'churn.tw');
    for (const variant of ['mainline', 'no-run-lock-pair']) {
      for (const maxSteps of [20, 40, 60]) {
        const always = explore(p, variant, { roomAlways: true }, maxSteps);
        const r = explore(p, variant, {}, maxSteps);
        assert.equal(verdicts(r), verdicts(always), `${variant}, ${maxSteps} steps`);
      }
    }
  });

  it('takes fewer than half the steps on the 5-thread scaling family, with the same states and verdict', function () {
    this.timeout(120000);
    const p = compile(familyTw(familyOf(5)), 'fam5.tw');
    const always = explore(p, 'mainline', { roomAlways: true }, 1000);
    const r = explore(p, 'mainline', {}, 1000);
    assert.equal(verdicts(r), verdicts(always));
    assert.equal(r.states, always.states);
    assert.ok(r.steps * 2 < always.steps, `${r.steps} vs ${always.steps} steps`);
  });
});
