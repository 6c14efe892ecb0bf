// Persistent sets in the stateful search (ample.ts): exploring a thread's local step alone finds
// the same violations, the same minimal schedules and the same outcomes as the search without
// them, on every example under every variant, while storing fewer states on the scaling family.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Program, VARIANT_NAMES } from '../../src/core';
import { ExploreResult, exploreSync } from '../../src/explore';
import { StatefulStrategy } from '../../src/explore/stateful';
import { familyOf, familyTw } from '../../bench/family';
import { compile } from '../unit/helpers';

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

  it('stores fewer states on the scaling family (same verdict and outcomes)', function () {
    this.timeout(60000);
    const p = compile(familyTw(familyOf(4)), 'fam4.tw');
    const full = explore(p, 'mainline', false, 1000);
    const reduced = explore(p, 'mainline', true, 1000);
    assert.equal(verdicts(reduced), verdicts(full));
    assert.ok(reduced.states < full.states * 0.85, `${reduced.states} vs ${full.states} states`);
  });
});
