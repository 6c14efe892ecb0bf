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
    // Two rounds, not more: every value a counter may hold is tried at each of its reads, so each
    // round multiplies the paths to enumerate.
    const r = run(`P0(atomic_long_t *c) { int i; for (i = 0; i < 2; i++) atomic_long_inc(c); }
P1(atomic64_t *c) { long r0; r0 = atomic64_add_return(10, c); r0 += 100; r0 <<= 1; }
locations [1:r0]
exists (c=12)
`);
    assert.equal(r.verdict, 'Always');
    // P1 adds 10 to 0..2 increments, then 100, then doubles.
    assert.deepEqual(r.states, ['1:r0=220; c=12;', '1:r0=222; c=12;', '1:r0=224; c=12;']);
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

  it('break leaves the loop and continue still runs the step of a for', () => {
    const r = run(`P0(int *x) { int i; int n = 0; for (i = 0; i < 6; i++) { if (i == 1) continue; if (i == 4) break; n += 1; } WRITE_ONCE(*x, n); }
locations [0:i]
exists (x=3)
`);
    assert.equal(r.verdict, 'Always');
    assert.deepEqual(r.states, ['0:i=4; x=3;']);
  });

  it('a write after a skipped break in the loop body depends on its test; one after the loop does not', () => {
    const inLoop = run(`P0(int *x, int *y) { int r0 = 0; while (1) { r0 = READ_ONCE(*x); if (r0 == 0) break; WRITE_ONCE(*y, 1); break; } }
P1(int *x, int *y) { int r1; r1 = READ_ONCE(*y); smp_mb(); WRITE_ONCE(*x, 1); }
exists (0:r0=1 /\\ 1:r1=1)
`);
    assert.equal(inLoop.verdict, 'Never');
    const after = run(`P0(int *x, int *y) { int r0 = 0; while (1) { r0 = READ_ONCE(*x); if (r0 == 0) break; break; } WRITE_ONCE(*y, 1); }
P1(int *x, int *y) { int r1; r1 = READ_ONCE(*y); smp_mb(); WRITE_ONCE(*x, 1); }
exists (0:r0=1 /\\ 1:r1=1)
`);
    assert.equal(after.verdict, 'Sometimes');
  });

  it('arrays: declared with initial values, indexed by registers, conditions on elements', () => {
    const r = runLitmus(parseLitmus(`C t
{ int a[3] = {5, 0, 3}; int *p = &a[2]; }
P0(int *a, int **p) { int i = 1; int *q; WRITE_ONCE(a[i], READ_ONCE(a[0]) + 10); q = READ_ONCE(*p); WRITE_ONCE(*(q - 2), 6); }
exists (a[1]=15 /\\ a[0]=6 /\\ a[2]=3 /\\ p=a[2])
`));
    assert.equal(r.verdict, 'Always');
    // A pointer walks the array up to &a[2], one past its end, which it compares with but never reads.
    const walk = runLitmus(parseLitmus(`C t
{ int a[2]; }
P0(int *a) { int *p; int n = 0; for (p = a; p != &a[2]; p++) { WRITE_ONCE(*p, 1); n++; } }
forall (0:n=2 /\\ a[0]=1 /\\ a[1]=1)
`));
    assert.equal(walk.verdict, 'Always');
  });

  it('an index outside its array drops the path; an uninitialised array is zero', () => {
    const r = runLitmus(parseLitmus(`C t
{ int a[2]; }
P0(int *a, int *x) { int r0; r0 = READ_ONCE(*x); WRITE_ONCE(a[r0], 1); }
P1(int *x) { WRITE_ONCE(*x, 2); }
exists (0:r0=2)
`));
    // Reading x=2 indexes a[2], past the end: only the path that read 0 remains.
    assert.equal(r.verdict, 'Never');
    assert.deepEqual(r.states, ['0:r0=0;']);
  });

  it('constructs tw does not run are named at their place', () => {
    assert.match(errorOf('P0(int *x) {\n\tbreak;\n}\nexists (x=0)\n'), /^4:2 TW601 'break' outside a loop/);
    assert.match(errorOf('P0(struct foo *s) {\n\tstruct foo v;\n}\nexists (x=0)\n'), /^4:13 TW604 a local struct 'v' is not supported .*READ_ONCE\(s->f\)/);
    assert.match(errorOf('P0(struct foo *s) {\n\tint v;\n\tv = READ_ONCE(*s);\n\tWRITE_ONCE(s->g, v.f);\n}\nexists (x=0)\n'), /^6:20 TW604 'v\.f': a field of a value held in a register/);
    assert.match(errorOf('P0(int *x) {\n\tint a[2];\n}\nexists (x=0)\n'), /^4:7 TW604 a local array 'a' is not supported/);
    assert.match(errorOf('P0(int *x) {\n\tint r0 = READ_ONCE(x[1]);\n}\nexists (x=0)\n'), /^4:22 TW604 arithmetic on the pointer 'x' is not supported: it points into no array/);
  });
});
