// Shards of the stateful search (`--shard i/n`): each shard searches its subtrees of the split as one
// search with one visited set, so merged shards give the unsharded verdicts and outcomes, and no
// shard explores more states than the unsharded search (it did, many times over, with a visited set
// per subtree).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VARIANT_NAMES } from '../../src/core';
import { exploreSync, mergeResults, ExploreResult } from '../../src/explore';
import { familyOf, familyTw } from '../../bench/family';
import { compile } from '../unit/helpers';

const verdict = (r: ExploreResult): unknown => ({ violations: r.violations, outcomes: r.outcomes, complete: r.complete });

describe('explore: shards of the stateful search', function () {
  this.timeout(300000);

  it('merged shards give the unsharded verdicts, schedules and outcomes on every example and variant', () => {
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.tw'))) {
      const p = compile(readFileSync(join('examples', f), 'utf8'), f);
      for (const variant of VARIANT_NAMES) {
        const one = exploreSync(p, { variant });
        const shards = mergeResults([2, 0, 1].map((index) => exploreSync(p, { variant, shard: { index, count: 3 } })));
        assert.deepEqual(verdict(shards), verdict(one), `${f} under ${variant}`);
      }
    }
  });

  it('on the 4-thread family each of 4 shards is complete and no bigger than the whole search', () => {
    const p = compile(familyTw(familyOf(4)), 'fam4.tw');
    const one = exploreSync(p, { variant: 'mainline', maxSteps: 1000 });
    const parts = [0, 1, 2, 3].map((index) => exploreSync(p, { variant: 'mainline', maxSteps: 1000, shard: { index, count: 4 } }));
    for (const r of parts) assert.equal(r.complete, true);
    const sizes = parts.map((r) => r.states);
    // A shard never explores more than the whole search (its subtrees share one visited set).
    for (const s of sizes) assert.ok(s <= one.states + 200, `${s} > ${one.states}`);
    assert.deepEqual(verdict(mergeResults(parts)), verdict(one));
  });
});
