// The candidate executions of a litmus test: each location's read-from and coherence choices are
// filtered for coherence and atomicity before the product over locations, and the answer is the
// one the whole judgement gives.
import assert from 'node:assert/strict';
import { parseLitmus, runLitmus, forEachAllowed } from '../../src/litmus';
import { locationChoices } from '../../src/litmus/locationChoices';
import { allPaths } from '../../src/litmus/paths';
import { forEachPairing } from '../../src/litmus/pairing';
import type { LkmmEvent } from '../../src/lkmm';

function ev(id: number, thread: number, po: number, kind: 'R' | 'W', value: number, more: Partial<LkmmEvent> = {}): LkmmEvent {
  return { id, thread, po, kind, loc: 'x', value, tag: thread < 0 ? 'init' : 'once', addr: [], data: [], ctrl: [], ...more };
}

describe('litmus: per-location choices', () => {
  it('a read after its own thread\'s write never reads a write coherence puts before it', () => {
    // P0: x = 1; r = x (reads 2).  P1: x = 2.  Only co init, 1, 2 lets P0 read 2.
    const init = ev(0, -1, 0, 'W', 0);
    const w1 = ev(1, 0, 0, 'W', 1); const r = ev(2, 0, 1, 'R', 2); const w2 = ev(3, 1, 0, 'W', 2);
    const choices = locationChoices([init, w1, w2], [r], [[3]]);
    assert.deepEqual(choices, [{ co: [0, 1, 3], rf: [[2, 3]] }]);
  });

  it('two reads of one thread never see coherence go back', () => {
    // P0: r1 = x; r2 = x.  P1: x = 1; x = 2.  r1=2 then r2=1 is CoRR.
    const init = ev(0, -1, 0, 'W', 0);
    const r1 = ev(1, 0, 0, 'R', 2); const r2 = ev(2, 0, 1, 'R', 1);
    const a = ev(3, 1, 0, 'W', 1); const b = ev(4, 1, 1, 'W', 2);
    assert.deepEqual(locationChoices([init, a, b], [r1, r2], [[4], [3]]), []);
    const s1 = ev(1, 0, 0, 'R', 1); const s2 = ev(2, 0, 1, 'R', 2);
    assert.equal(locationChoices([init, a, b], [s1, s2], [[3], [4]]).length, 1);
  });

  it('no write of another thread comes between an RMW\'s read and its write', () => {
    // P0: xchg(x, 1) reading 0.  P1: x = 2.  co init, 2, xchg's write would put P1's write inside.
    const init = ev(0, -1, 0, 'W', 0);
    const r = ev(1, 0, 0, 'R', 0, { rmwOp: true, rmwWrite: 2 }); const w = ev(2, 0, 1, 'W', 1, { rmwOp: true });
    const other = ev(3, 1, 0, 'W', 2);
    assert.deepEqual(locationChoices([init, w, other], [r], [[0]]).map((c) => c.co), [[0, 2, 3]]);
  });

  it('judges fewer candidates than the product of every choice and answers the same', () => {
    const text = `C two-locks
{}
P0(spinlock_t *a, spinlock_t *b, int *x) { spin_lock(a); spin_lock(b); WRITE_ONCE(*x, 1); spin_unlock(b); spin_unlock(a); }
P1(spinlock_t *a, spinlock_t *b, int *x) { int r0; spin_lock(a); spin_lock(b); r0 = READ_ONCE(*x); WRITE_ONCE(*x, 2); spin_unlock(b); spin_unlock(a); }
exists (1:r0=1 /\\ x=1)
`;
    const r = runLitmus(parseLitmus(text));
    assert.equal(r.verdict, 'Never');
    assert.equal(r.positive + r.negative, 2);
    // Each lock word has 4 writes of 2 threads (6 orders) and 2 lock reads; x has 2 orders and
    // 2 sources for the read: 6*4 * 6*4 * 2*2 candidates without the filter.
    assert.ok(r.candidates < 100, `${r.candidates} candidates`);
  });

  it('a thread that reads back a pointer it stored itself has executions (its dead first tries still teach values)', () => {
    // P1 copies the pointer in p to q, reads q back and dereferences it: at first q is known to
    // hold only 0, so every path dies, but its store to q brings q's other values in.
    const text = `C copy-pointer
{ p=b; }
P0(int *a, int **p) { WRITE_ONCE(*a, 7); smp_store_release(p, a); }
P1(int **p, int **q) { int *r0; int *r1; int r2; r0 = READ_ONCE(*p); WRITE_ONCE(*q, r0); r1 = READ_ONCE(*q); r2 = READ_ONCE(*r1); }
exists (1:r1=a /\\ 1:r2=0)
`;
    const r = runLitmus(parseLitmus(text));
    assert.equal(r.positive + r.negative, 2);
    assert.equal(r.verdict, 'Never');
  });

  it('a partial execution whose hb or pb already has a cycle is dropped with every completion of it; the allowed executions are the same', () => {
    // Three threads and two locks handed over inside each other (the first two threads take them
    // in opposite orders, so some orders deadlock): the lock words' handovers decide most of the
    // order, so many partial choices are cyclic before the data's choices are made.
    const test = parseLitmus(`C handover
{}
P0(spinlock_t *a, spinlock_t *b, int *x, int *y) { int r0; spin_lock(a); WRITE_ONCE(*x, 1); spin_lock(b); r0 = READ_ONCE(*y); spin_unlock(a); WRITE_ONCE(*y, 1); spin_unlock(b); }
P1(spinlock_t *a, spinlock_t *b, int *x, int *y) { int r0; spin_lock(b); WRITE_ONCE(*y, 2); spin_lock(a); r0 = READ_ONCE(*x); spin_unlock(b); WRITE_ONCE(*x, 2); spin_unlock(a); }
P2(spinlock_t *a, int *x) { int r0; spin_lock(a); r0 = READ_ONCE(*x); spin_unlock(a); }
exists (0:r0=2 /\\ 1:r0=1)
`);
    const seen = (prune: boolean): { keys: string[]; candidates: number } => {
      const keys: string[] = [];
      const candidates = forEachAllowed(test, (x) => keys.push(JSON.stringify([x.graph.rf, x.graph.co, x.regs.map((m) => [...m])])), { prune });
      return { keys: keys.sort(), candidates };
    };
    const pruned = seen(true);
    const whole = seen(false);
    assert.deepEqual(pruned.keys, whole.keys);
    assert.ok(pruned.keys.length > 0);
    assert.ok(pruned.candidates * 2 < whole.candidates, `${pruned.candidates} of ${whole.candidates} candidates judged whole`);
    assert.equal(runLitmus(test).verdict, 'Never');
  });
});


describe('litmus: pairing the threads\' paths', () => {
  // Two writers bump a shared counter twice each under a lock; a third thread reads it twice.
  const counter = `C counter-twice
{}
P0(int *c) { int r0; int r1; r0 = READ_ONCE(*c); smp_mb(); r1 = READ_ONCE(*c); }
P1(int *c, spinlock_t *l) { int r0; spin_lock(l); r0 = READ_ONCE(*c); WRITE_ONCE(*c, r0 + 1); r0 = READ_ONCE(*c); WRITE_ONCE(*c, r0 + 1); spin_unlock(l); }
P2(int *c, spinlock_t *l) { int r0; spin_lock(l); r0 = READ_ONCE(*c); WRITE_ONCE(*c, r0 + 1); r0 = READ_ONCE(*c); WRITE_ONCE(*c, r0 + 1); spin_unlock(l); }
exists (0:r0=3 /\\ 0:r1=1)
`;
  const bumpOnce = counter.replaceAll(' r0 = READ_ONCE(*c); WRITE_ONCE(*c, r0 + 1); spin_unlock', ' spin_unlock');

  it('a counter four writes bump is read as 0 to 4, not as far as the rounds of values would go', () => {
    const paths = allPaths(parseLitmus(counter));
    const read = new Set(paths[0]?.flatMap((p) => p.events.filter((e) => e.kind === 'R').map((e) => e.value)));
    assert.deepEqual([...read].sort(), [0, 1, 2, 3, 4]);
    // Each writer's two reads: 5 values each.
    assert.deepEqual(paths.map((ps) => ps.length), [25, 25, 25]);
  });

  it('pairs only paths whose reads some write can give, and finds the same executions as the whole product', () => {
    const test = parseLitmus(counter);
    const paths = allPaths(test);
    let visited = 0;
    forEachPairing(test, paths, () => { visited++; });
    assert.ok(visited * 10 < 25 * 25 * 25, `${visited} pairings`);
    // The whole product is judged without pruning: one bump each keeps it small.
    const once = parseLitmus(bumpOnce);
    const keys = (prune: boolean): string[] => {
      const out: string[] = [];
      forEachAllowed(once, (x) => out.push(JSON.stringify([x.graph.rf, x.graph.co, x.regs.map((m) => [...m])])), { prune });
      return out.sort();
    };
    const pruned = keys(true);
    assert.ok(pruned.length > 0);
    assert.deepEqual(pruned, keys(false));
  });

  it('a path whose registers already fail the filter is not paired, and the answer is the same', () => {
    const filtered = bumpOnce.replace('exists', 'filter (0:r0=0:r1)\nexists');
    const withFilter = runLitmus(parseLitmus(filtered));
    const without = runLitmus(parseLitmus(bumpOnce.replace('exists (0:r0=3 /\\ 0:r1=1)', 'exists (0:r0=0:r1 /\\ 0:r0=3 /\\ 0:r1=1)')));
    assert.ok(withFilter.candidates < without.candidates, `${withFilter.candidates} of ${without.candidates} candidates`);
    assert.equal(withFilter.verdict, 'Never');
    // The states the filter keeps are those of the unfiltered run where the two reads agree.
    const agree = (s: string): boolean => { const m = /0:r0=(\d+); 0:r1=(\d+);/.exec(s); return m?.[1] === m?.[2]; };
    assert.deepEqual(withFilter.states, without.states.filter(agree));
    assert.ok(withFilter.states.length > 0);
  });
});
