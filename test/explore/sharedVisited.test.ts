// The shared visited set (sharedVisited.ts) on its own: two workers' stores over one table agree
// on entries, and the flags that share a word with a mask (FINAL and DONATED beside the workers'
// bits, REDUCED beside the sleep mask) survive the mask's updates and do not leak into it.
import assert from 'node:assert/strict';
import { SharedStore, sharedCount, sharedTable } from '../../src/explore/sharedVisited';
import { StateParts } from '../../src/explore/visitedSet';

/** Parts whose fingerprint is the tuple's first two words: a test picks where a state goes. */
function fakeParts(): StateParts {
  return { fingerprint: (t: Int32Array, out: Int32Array) => { out[0] = t[0] as number; out[1] = t[1] as number; } } as unknown as StateParts;
}

const tuple = (hi: number, lo: number): Int32Array => Int32Array.of(hi, lo, 0);

describe('explore: the shared visited set', () => {
  it('gives two workers one entry per state, new to the first that adds it', () => {
    const table = sharedTable(0);
    const a = new SharedStore(table, 0, fakeParts());
    const b = new SharedStore(table, 1, fakeParts());
    const e = a.add(tuple(7, 9), false);
    assert.equal(a.added, true);
    assert.equal(b.add(tuple(7, 9), false), e);
    assert.equal(b.added, false);
    assert.equal(b.find(tuple(7, 9)), e);
    // Same slot (low word), another high word: another state.
    const f = b.add(tuple(8, 9), false);
    assert.equal(b.added, true);
    assert.notEqual(f, e);
    assert.equal(a.find(tuple(8, 9)), f);
    assert.equal(a.find(tuple(7, 10)), -1);
    a.flush(); b.flush();
    assert.equal(sharedCount(table), 2);
  });

  it('keeps a state on the stack of the worker that added it, and busy for the others until it leaves', () => {
    const table = sharedTable(0);
    const a = new SharedStore(table, 0, fakeParts());
    const b = new SharedStore(table, 1, fakeParts());
    const e = a.add(tuple(1, 2), false);
    assert.equal(a.onStack(e), true);
    assert.equal(b.onStack(e), false);
    assert.equal(b.busyElsewhere(e), true);
    assert.equal(a.busyElsewhere(e), false);
    a.leave(e);
    assert.equal(b.busyElsewhere(e), false);
    a.markDonated(e);
    assert.equal(b.busyElsewhere(e), true);
    assert.equal(a.busyElsewhere(e), true);
    assert.equal(a.onStack(e), false);
  });

  it('does not find a final state, and does not take it for busy', () => {
    const table = sharedTable(0);
    const a = new SharedStore(table, 0, fakeParts());
    const b = new SharedStore(table, 1, fakeParts());
    const e = a.add(tuple(3, 4), true);
    assert.equal(a.added, true);
    assert.equal(b.find(tuple(3, 4)), -1);
    assert.equal(b.add(tuple(3, 4), true), e);
    assert.equal(b.added, false);
    assert.equal(b.busyElsewhere(e), false);
    assert.equal(b.onStack(e), false);
  });

  it('keeps REDUCED apart from the sleep mask through record, setSleep and wake', () => {
    const table = sharedTable(0);
    const a = new SharedStore(table, 0, fakeParts());
    const e = a.add(tuple(5, 6), false);
    const all = (1 << 30) - 1; // thirty threads asleep
    a.record(e, all, 12);
    assert.equal(a.sleep(e), all);
    assert.equal(a.depth(e), 12);
    assert.equal(a.reduced(e), false);
    a.setReduced(e, true);
    assert.equal(a.sleep(e), all);
    a.setSleep(e, 0b1010);
    assert.equal(a.reduced(e), true);
    assert.equal(a.sleep(e), 0b1010);
    // Waking every thread but thread 1: thread 3 woke.
    assert.equal(a.wake(e, 0b0010), 0b1000);
    assert.equal(a.sleep(e), 0b0010);
    assert.equal(a.reduced(e), true);
    a.record(e, 0b0110, 3);
    assert.equal(a.reduced(e), false);
    assert.equal(a.sleep(e), 0b0110);
    assert.equal(a.depth(e), 3);
  });
});
