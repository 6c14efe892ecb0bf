// Thread bodies beyond straight-line code: loops (unrolled as herd7 does), compound assignments,
// the atomic_long_t and atomic64_t families, struct types, and the primitives the kernel dropped.
import assert from 'node:assert/strict';
import { parseLitmus, runLitmus, LitmusError } from '../../src/litmus';
import type { LitmusResult } from '../../src/litmus';

function run(body: string): LitmusResult { return runLitmus(parseLitmus(`C t\n{}\n${body}`)); }

function errorOf(body: string): string {
  try { run(body); } catch (e) { if (e instanceof LitmusError) return `${e.pos.line}:${e.pos.column} ${e.code} ${e.message}`; throw e; }
  return 'no error';
}

describe('litmus: loops and other bodies', () => {
  it('a spin on a flag goes round at most twice; its executions are those of 0, 1 and 2 spins', () => {
    const r = run(`P0(int *d, int *f) { WRITE_ONCE(*d, 5); smp_store_release(f, 1); }
P1(int *d, int *f) { int r0; int spins = 0; while (!smp_load_acquire(f)) spins++; r0 = READ_ONCE(*d); }
locations [1:spins]
exists (1:r0=0)
`);
    assert.equal(r.verdict, 'Never');
    assert.deepEqual(r.states, ['1:spins=0; 1:r0=5;', '1:spins=1; 1:r0=5;', '1:spins=2; 1:r0=5;']);
  });

  it('a spin without ordering lets the data be stale', () => {
    const r = run(`P0(int *d, int *f) { WRITE_ONCE(*d, 5); WRITE_ONCE(*f, 1); }
P1(int *d, int *f) { int r0; do { } while (READ_ONCE(*f) == 0); r0 = READ_ONCE(*d); }
exists (1:r0=0)
`);
    assert.equal(r.verdict, 'Sometimes');
  });

  it('a counted for loop on registers runs to its end', () => {
    const r = run(`P0(atomic_long_t *c) { int i; for (i = 0; i < 3; i++) atomic_long_inc(c); }
P1(atomic64_t *c) { long r0; r0 = atomic64_add_return(10, c); r0 += 100; r0 <<= 1; }
locations [1:r0]
exists (c=13)
`);
    assert.equal(r.verdict, 'Always');
    // P1 adds 10 to 0..3 increments, then 100, then doubles.
    assert.deepEqual(r.states, ['1:r0=220; c=13;', '1:r0=222; c=13;', '1:r0=224; c=13;', '1:r0=226; c=13;']);
  });

  it('the events of a loop body depend on its test; those after the loop do not', () => {
    // Load buffering: P0's store inside the loop depends on its read, so the cycle is forbidden;
    // moved after the loop, it is not.
    const inside = run(`P0(int *x, int *y) { int r0; r0 = READ_ONCE(*x); while (r0 == 1) { WRITE_ONCE(*y, 1); r0 = 0; } }
P1(int *x, int *y) { int r1; r1 = READ_ONCE(*y); smp_mb(); WRITE_ONCE(*x, 1); }
exists (0:r0=0 /\\ 1:r1=1)
`);
    assert.equal(inside.verdict, 'Never');
    const after = run(`P0(int *x, int *y) { int r0; int r2; r0 = READ_ONCE(*x); r2 = r0; while (r2 == 1) r2 = 0; WRITE_ONCE(*y, 1); }
P1(int *x, int *y) { int r1; r1 = READ_ONCE(*y); smp_mb(); WRITE_ONCE(*x, 1); }
exists (0:r0=1 /\\ 1:r1=1)
`);
    assert.equal(after.verdict, 'Sometimes');
  });

  it('a struct type and a dropped barrier parse; spin_unlock_wait names what to write instead', () => {
    const r = run(`P0(struct foo *x) { WRITE_ONCE(*x, 1); smp_read_barrier_depends(); }
exists (x=1)
`);
    assert.equal(r.verdict, 'Always');
    assert.match(errorOf('P0(spinlock_t *l) {\n\tspin_unlock_wait(l);\n}\nexists (0:r0=0)\n'), /^4:2 TW602 spin_unlock_wait\(\) was removed .*spin_lock\(l\); spin_unlock\(l\);/);
  });

  it('a loop that never ends on registers is refused with TW606 at the loop', () => {
    assert.match(errorOf('P0(int *x) {\n\tint i = 0;\n\twhile (i >= 0) i++;\n}\nexists (x=0)\n'), /^5:2 TW606 /);
  });

  it('a pointer plus a value minus itself keeps the pointer and makes an address dependency', () => {
    const dep = run(`P0(int *d, int *f) { WRITE_ONCE(*d, 1); smp_wmb(); WRITE_ONCE(*f, 1); }
P1(int *d, int *f) { int r0; int *p; int r1; r0 = READ_ONCE(*f); p = d + (r0 - r0); r1 = READ_ONCE(*p); }
exists (1:r0=1 /\\ 1:r1=0)
`);
    assert.equal(dep.verdict, 'Never');
    assert.match(errorOf('P0(int *x) {\n\tint *p;\n\tp = x + 1;\n}\nexists (x=0)\n'), /^5:8 TW604 arithmetic on the pointer 'x'/);
  });
});
