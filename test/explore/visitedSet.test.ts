// The stateful search's compact visited set: interning and tuple look-ups are exact, a child's
// incrementally renumbered tuple equals a full encoding on every example and variant, and a stored
// state costs at most 150 bytes on the scaling family (a byte count, not a timing).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine, VARIANT_NAMES } from '../../src/core';
import { exploreSync } from '../../src/explore';
import { Search } from '../../src/explore/search';
import { StatefulStrategy } from '../../src/explore/stateful';
import { Interner, TupleSet } from '../../src/explore/visitedSet';
import { familyOf, familyTw } from '../../bench/family';
import { compile } from '../unit/helpers';

describe('explore: compact visited set', () => {
  it('interns equal word sequences to one number and different ones to different numbers, across growth', () => {
    const it = new Interner();
    const ids: number[] = [];
    for (let i = 0; i < 5000; i++) ids.push(it.intern(Int32Array.of(i % 7, i, -i), 0, 3));
    for (let i = 0; i < 5000; i++) assert.equal(it.intern(Int32Array.of(9, i % 7, i, -i), 1, 4), ids[i]);
    assert.equal(new Set(ids).size, 5000);
    assert.notEqual(it.intern(Int32Array.of(1, 2), 0, 2), it.intern(Int32Array.of(1, 2, 0), 0, 3));
  });

  it('finds a tuple once inserted, misses others, keeps entry numbers in insertion order', () => {
    const set = new TupleSet(3);
    for (let i = 0; i < 3000; i++) {
      assert.equal(set.find(Int32Array.of(i, i >> 3, 7)), -1);
      assert.equal(set.insert(), i);
    }
    for (let i = 0; i < 3000; i++) assert.equal(set.find(Int32Array.of(i, i >> 3, 7)), i);
    assert.equal(set.find(Int32Array.of(1, 1, 7)), -1);
  });

  it('a step changes only the shared part and its own thread: incremental tuples equal full ones on every example', function () {
    this.timeout(120000);
    StatefulStrategy.verifyParts = true;
    try {
      for (const f of readdirSync('examples').filter((x) => x.endsWith('.tw'))) {
        const program = compile(readFileSync(join('examples', f), 'utf8'), f);
        for (const variant of VARIANT_NAMES) {
          // Unbounded (a step writing nothing shared keeps the shared part) and bounded (who ran last is part of it).
          exploreSync(program, { variant });
          exploreSync(program, { variant, bound: 2 });
        }
      }
    } finally {
      StatefulStrategy.verifyParts = false;
    }
  });

  it('hash compaction: the same states and verdicts on every example, a miss probability reported, fewer bytes', function () {
    this.timeout(120000);
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.tw') && x !== 's04-double-add.tw')) {
      const program = compile(readFileSync(join('examples', f), 'utf8'), f);
      for (const variant of new Set(['mainline', ...program.expectations.map((e) => e.variant)])) {
        const exact = exploreSync(program, { variant });
        const hc = exploreSync(program, { variant, hashCompact: true });
        assert.equal(hc.states, exact.states, `${f} ${variant}`);
        assert.deepEqual(hc.violations.map((v) => v.kind), exact.violations.map((v) => v.kind), `${f} ${variant}`);
        assert.equal(exact.missProbability, undefined);
        assert.ok(hc.missProbability !== undefined && hc.missProbability > 0 && hc.missProbability < 1e-9, `${f} ${variant}: ${hc.missProbability}`);
      }
    }
    const bytes = (hashCompact: boolean): number => {
      const m = new Machine(compile(familyTw(familyOf(4))), 'mainline', { maxSteps: 1000 });
      const search = new Search(m, []);
      const st = new StatefulStrategy(search, { root: m.init().state, fixed: [], last: -1, preempted: 0, hashCompact });
      while (!st.advance(100000));
      return st.bytes / search.stats.states;
    };
    const exact = bytes(false);
    const compact = bytes(true);
    assert.ok(compact < exact * 0.8, `${compact.toFixed(1)} vs ${exact.toFixed(1)} bytes per state`);
  });

  it('stores a state in at most 150 bytes on the 4- and 5-thread scaling family', function () {
    this.timeout(120000);
    for (const n of [4, 5]) {
      const m = new Machine(compile(familyTw(familyOf(n))), 'mainline', { maxSteps: 1000 });
      const search = new Search(m, []);
      const st = new StatefulStrategy(search, { root: m.init().state, fixed: [], last: -1, preempted: 0 });
      while (!st.advance(100000));
      assert.ok(search.stats.states > 5000);
      const perState = st.bytes / search.stats.states;
      assert.ok(perState <= 150, `${n} threads: ${perState.toFixed(1)} bytes per state`);
    }
  });
});
