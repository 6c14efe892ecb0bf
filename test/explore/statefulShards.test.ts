// Shards of the stateful search (`--shard i/n`): each shard searches a block of neighbouring subtrees
// of the split as one search with one visited set, walking the top of the tree with the sleep sets
// of the unsharded search (the steps other shards take count as explored there), so merged shards
// give the unsharded verdicts and outcomes, and each shard does a fraction of the search (each did
// nearly all of it with every n-th subtree and no sleep sets above the cut).
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

  it('8 shards give the unsharded verdicts too, on the variants every example declares', () => {
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.tw'))) {
      const p = compile(readFileSync(join('examples', f), 'utf8'), f);
      for (const variant of new Set(['mainline', ...p.expectations.map((e) => e.variant)])) {
        const one = exploreSync(p, { variant });
        const parts = Array.from({ length: 8 }, (_, index) => exploreSync(p, { variant, shard: { index, count: 8 } }));
        assert.deepEqual(verdict(mergeResults(parts)), verdict(one), `${f} under ${variant}`);
      }
    }
  });

  it('with a preemption bound, a symmetry or hash compaction, 8 shards merge to the unsharded verdicts', () => {
    // passOver skips a step the bound cuts, as expand() does; the others change what is stored only.
    for (const extra of [{ bound: 0 }, { bound: 2 }, { symmetry: true }, { hashCompact: true }]) {
      for (const f of readdirSync('examples').filter((x) => x.endsWith('.tw'))) {
        const p = compile(readFileSync(join('examples', f), 'utf8'), f);
        for (const variant of new Set(['mainline', ...p.expectations.map((e) => e.variant)])) {
          const o = { variant, ...extra };
          const parts = Array.from({ length: 8 }, (_, index) => exploreSync(p, { ...o, shard: { index, count: 8 } }));
          assert.deepEqual(verdict(mergeResults(parts)), verdict(exploreSync(p, o)), `${f} under ${variant} with ${JSON.stringify(extra)}`);
        }
      }
    }
  });

  it('a shard does a fraction of the search: the 4-thread family in 4 and 8 shards', () => {
    const p = compile(familyTw(familyOf(4)), 'fam4.tw');
    const o = { variant: 'mainline', maxSteps: 1000 };
    const one = exploreSync(p, o).states;
    // Measured: the biggest of 4 shards 0.64 of the unsharded states, of 8 shards 0.42 (all 8
    // together 2.5 times); every n-th subtree without sleep sets above the cut gave 0.95 for both
    // (8 shards together 5.3 times).
    for (const [count, most, all] of [[4, 0.7, 2.2], [8, 0.5, 2.8]] as const) {
      const sizes = Array.from({ length: count }, (_, index) => exploreSync(p, { ...o, shard: { index, count } }).states);
      const sum = sizes.reduce((a, b) => a + b, 0);
      assert.ok(Math.max(...sizes) <= most * one, `${count} shards: ${sizes.join(' / ')} of ${one}`);
      assert.ok(sum <= all * one, `${count} shards: ${sum} states in all, ${one} unsharded`);
    }
  });

  it('the same shard gives the same result every time', () => {
    const p = compile(familyTw(familyOf(4)), 'fam4.tw');
    const o = { variant: 'mainline', maxSteps: 1000, shard: { index: 2, count: 8 } };
    const a = exploreSync(p, o);
    const b = exploreSync(p, o);
    assert.deepEqual({ ...a, timeMs: 0 }, { ...b, timeMs: 0 });
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
