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
import { LocalStore } from '../../src/explore/visitedStore';
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

  it('gives the miss probability of hash compaction as n * n / 2^65 to the last bit, past the small integers (46,341 states)', () => {
    const set = new TupleSet(2, true);
    for (let i = 0; i < 60_000; i++) {
      assert.equal(set.find(Int32Array.of(i, -i)), -1);
      set.insert();
      if (i % 997 === 0 || i > 46_000 && i < 46_400) assert.equal(set.missProbability(), Math.min(1, ((i + 1) * (i + 1)) / 2 ** 65), `${i + 1} states`);
    }
    assert.equal(new TupleSet(2, false).missProbability(), 0);
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

  it('packs tuples in fields as wide as their parts need, widening and repacking across growth', () => {
    const set = new TupleSet(5);
    assert.equal(set.wordsPerEntry, 2);
    // Part 1 grows slowly (repacked a few times), part 3 jumps to full width late, part 4 stays 0.
    const tuple = (i: number): Int32Array => Int32Array.of(i % 251, i, i % 3, i === 150000 ? 0x7fffffff : i * 13 % 1000, 0);
    for (let i = 0; i < 200000; i++) {
      assert.equal(set.find(tuple(i)), -1);
      assert.equal(set.insert(), i);
    }
    assert.ok(set.wordsPerEntry >= 3 && set.wordsPerEntry <= 4, `${set.wordsPerEntry} words`);
    for (let i = 0; i < 200000; i += 7) assert.equal(set.find(tuple(i)), i);
    assert.equal(set.find(tuple(150000)), 150000);
    // Near misses: one part off by one, or wider than any stored.
    assert.equal(set.find(Int32Array.of(5, 5, 2, 65, 1)), -1);
    assert.equal(set.find(Int32Array.of(5, 5, 2, 65 + 1, 0)), -1);
    assert.equal(set.find(Int32Array.of(5, 1 << 30, 2, 65, 0)), -1);
    assert.equal(set.find(Int32Array.of(5, 5, 2, 65, 0)), 5);
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
    // Exact tuples are packed (2 words at 4 threads), a fingerprint keeps 1 word beside the slot's hash.
    const exact = bytes(false);
    const compact = bytes(true);
    assert.ok(compact < exact, `${compact.toFixed(1)} vs ${exact.toFixed(1)} bytes per state`);
  });

  it('keeps sleep masks, depths, preemptions and flags per state in one word, three once a value outgrows it', () => {
    for (const keep of [false, true]) {
      const store = new LocalStore(8, false, keep);
      const n = 70000;
      const expect = (e: number): [number, number, number] => [(e * 37) & 0x7f, e * 3 % 5000, keep ? e % 9 : 0];
      for (let e = 0; e < n; e++) {
        assert.equal(store.add(Int32Array.of(e, 1, 2, 3, 4, 5, 6, e % 7), false), e);
        const [sleep, depth, pre] = expect(e);
        store.record(e, sleep, depth, pre);
        if (e % 3 === 0) store.enter(e);
        if (e % 5 === 0) store.setReduced(e, true);
      }
      const check = (): void => {
        for (let e = 0; e < n; e += 11) {
          const [sleep, depth, pre] = expect(e);
          assert.deepEqual([store.sleep(e), store.depth(e), store.preempted(e), store.onStack(e), store.reduced(e)],
            [sleep, depth, pre, e % 3 === 0, e % 5 === 0], `entry ${e}`);
        }
      };
      check();
      const narrow = store.bytes;
      // A depth no narrow field holds: the columns go to three words an entry, every value kept.
      const e = store.add(Int32Array.of(n, 0, 0, 0, 0, 0, 0, 0), false);
      store.record(e, 0x55, 2 ** 30, keep ? 40 : 0);
      assert.deepEqual([store.sleep(e), store.depth(e), store.preempted(e)], [0x55, 2 ** 30, keep ? 40 : 0]);
      check();
      assert.ok(store.bytes > narrow);
      assert.equal(store.wake(e, 0x05), 0x50);
      assert.equal(store.sleep(e), 0x05);
    }
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
