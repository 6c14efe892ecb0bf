// core/chooser alone: every policy is deterministic, a replay hands over to its fallback at the
// right step with the right last thread, round-robin wraps, a random choice draws nothing when no
// thread can move, and PCT switches threads only at its d-1 change points.
import assert from 'node:assert/strict';
import { Chooser, choices, fillChooser, pct, replay, roundRobin, seededRandom, stopHere, uniformRandom } from '../../src/core';

/** Drives a chooser over a fixed view: `enabledAt(step)` threads can move; stops at -1 or after `max` steps. */
function drive(c: Chooser, enabledAt: (step: number) => readonly number[], max = 40): number[] {
  const out: number[] = [];
  let step = 0;
  for (const t of choices(c, { finished: () => step >= max, enabled: () => enabledAt(step) })) {
    out.push(t);
    step++;
  }
  return out;
}

const ALL3 = (): readonly number[] => [0, 1, 2];

describe('core/chooser', () => {
  it('seededRandom: the same seed gives the same numbers in [0, 1); another seed others', () => {
    const a = seededRandom(42), b = seededRandom(42), c = seededRandom(43);
    const xs = Array.from({ length: 100 }, () => a());
    assert.deepEqual(Array.from({ length: 100 }, () => b()), xs);
    assert.notDeepEqual(Array.from({ length: 100 }, () => c()), xs);
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    assert.ok(new Set(xs).size > 95, 'no short cycle');
  });

  it('roundRobin: the first enabled thread after the last one, wrapping; the last one only when alone', () => {
    const rr = roundRobin();
    assert.equal(rr.next([0, 1, 2], -1, 0), 0);
    assert.equal(rr.next([0, 1, 2], 0, 1), 1);
    assert.equal(rr.next([0, 1, 2], 2, 2), 0);
    assert.equal(rr.next([0, 2], 0, 3), 2);
    assert.equal(rr.next([1], 1, 4), 1);
    assert.equal(rr.next([], 1, 5), -1);
    assert.deepEqual(drive(roundRobin(), (s) => (s < 4 ? [0, 1, 2] : [1, 2]), 8), [0, 1, 2, 0, 1, 2, 1, 2]);
  });

  it('uniformRandom: deterministic per seed, only enabled threads, and no draw when none is enabled', () => {
    const seq = (seed: number): number[] => drive(uniformRandom(seed), (s) => (s % 3 === 2 ? [1, 2] : [0, 1, 2]));
    assert.deepEqual(seq(7), seq(7));
    assert.notDeepEqual(seq(7), seq(8));
    assert.ok(seq(7).every((t, s) => (s % 3 === 2 ? t !== 0 : true)));
    assert.deepEqual(new Set(seq(7)), new Set([0, 1, 2]));
    // The debugger's Continue may find no thread runnable and resume later: the sequence goes on unchanged.
    const stalled = uniformRandom(5), fresh = uniformRandom(5);
    assert.equal(stalled.next([], 0, 0), -1);
    const after = Array.from({ length: 20 }, (_, i) => stalled.next([0, 1, 2], 0, i));
    assert.deepEqual(after, Array.from({ length: 20 }, (_, i) => fresh.next([0, 1, 2], 0, i)));
  });

  it('replay: the prefix as written (a thread that cannot move too), then the fallback from that step on', () => {
    const seen: { last: number; step: number }[] = [];
    const spy: Chooser = { next: (en, last, step) => { seen.push({ last, step }); return en[0] ?? -1; } };
    assert.deepEqual(drive(replay([2, 2, 1], spy), () => [0, 1], 5), [2, 2, 1, 0, 0]);
    assert.deepEqual(seen, [{ last: 1, step: 3 }, { last: 0, step: 4 }]);
    // Round-robin continues after the prefix's last thread, not from the start.
    assert.deepEqual(drive(replay([1], roundRobin()), ALL3, 5), [1, 2, 0, 1, 2]);
    // A random fallback starts its own sequence where the prefix ends.
    assert.deepEqual(drive(replay([0, 0], uniformRandom(3)), ALL3, 12).slice(2), drive(uniformRandom(3), ALL3, 10));
    assert.deepEqual(drive(replay([0, 1], stopHere()), ALL3), [0, 1]);
  });

  it('fillChooser: each fill policy is its chooser', () => {
    assert.deepEqual(drive(fillChooser({ kind: 'round-robin' }), ALL3, 4), drive(roundRobin(), ALL3, 4));
    assert.deepEqual(drive(fillChooser({ kind: 'random', seed: 9 }), ALL3), drive(uniformRandom(9), ALL3));
    assert.deepEqual(drive(fillChooser({ kind: 'none' }), ALL3), []);
  });

  it('choices: stops when the execution finishes, and round-robin goes on after the thread given as before', () => {
    let done = false;
    const out: number[] = [];
    for (const t of choices(roundRobin(), { finished: () => done, enabled: ALL3 }, 1)) {
      out.push(t);
      done = out.length === 4;
    }
    assert.deepEqual(out, [2, 0, 1, 2]);
  });

  it('pct: deterministic per seed; without change points (depth 1) one thread runs while it can', () => {
    const o = { threads: 3, depth: 3, length: 10 };
    assert.deepEqual(drive(pct(11, o), ALL3), drive(pct(11, o), ALL3));
    for (let seed = 1; seed <= 20; seed++) {
      const seq = drive(pct(seed, { ...o, depth: 1 }), (s) => (s < 15 ? [0, 1, 2] : [0, 1, 2].filter((t) => t !== 0)));
      const first = seq[0] ?? -1;
      assert.ok(seq.slice(0, 15).every((t) => t === first), `seed ${seed}: ${seq.join(' ')}`);
      if (first !== 0) assert.ok(seq.every((t) => t === first));
    }
  });

  it('pct: the running thread changes only at the d-1 change points, drawn within the length', () => {
    const length = 12;
    const switchCounts = new Set<number>();
    for (let seed = 1; seed <= 60; seed++) {
      for (const depth of [2, 3, 4]) {
        const seq = drive(pct(seed, { threads: 4, depth, length }), () => [0, 1, 2, 3], 30);
        const switches = seq.flatMap((t, i) => (i > 0 && t !== seq[i - 1] ? [i] : []));
        assert.ok(switches.length <= depth - 1, `seed ${seed} depth ${depth}: ${seq.join('')}`);
        assert.ok(switches.every((i) => i >= 1 && i <= length), `seed ${seed} depth ${depth}: switches at ${switches.join(',')}`);
        switchCounts.add(switches.length - (depth - 1));
      }
    }
    assert.ok(switchCounts.has(0), 'some execution uses every change point');
  });

  it('pct: a dropped thread runs again only once every thread above it has stopped', () => {
    for (let seed = 1; seed <= 30; seed++) {
      // Two threads, one change point: after it, the other thread runs until it is done (not enabled).
      let step = 0;
      const doneAt = 20;
      const out: number[] = [];
      const c = pct(seed, { threads: 2, depth: 2, length: 5 });
      for (const t of choices(c, { finished: () => step >= 30, enabled: () => (step >= doneAt ? [out[0] ?? 0] : [0, 1]) })) {
        out.push(t);
        step++;
      }
      const first = out[0] ?? -1;
      const sw = out.findIndex((t) => t !== first);
      assert.ok(sw >= 1 && sw <= 5, `seed ${seed}: ${out.join('')}`);
      assert.ok(out.slice(sw, doneAt).every((t) => t !== first), `seed ${seed}: ${out.join('')}`);
    }
  });
});
