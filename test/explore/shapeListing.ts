// The small shapes the LKMM scenario tests run: a thread's accesses written as short ops, turned
// into a listing (mainline with task_work_add replaced: thread i's notify mode runs its ops) and
// into a herd7 C litmus test. x is T.flags (1 = PF_EXITING), y is A.next (1 = A), z is
// T.task_works (1 = A).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Variant } from '../../src/core';
import { variantOfListing } from '../../src/model';

const MAINLINE = readFileSync('listings/mainline.c', 'utf8');

/**
 * One access or fence of a thread: `r x`, `r.acq y`, `w x`, `w.rel y`, `ctrl w y` (only when r is not 0),
 * `mb`, `rmb`, `wmb`; the RMWs: `x x` (xchg_relaxed, r = the old value), `xw x` (xchg_relaxed, the
 * old value dropped: only its write counts), `c x`/`cw x` (cmpxchg_relaxed(x, 0, 1); `c x 2 1`:
 * cmpxchg_relaxed(x, 1, 2)), `X x`/`Xw x` (xchg, fully ordered); `d y` writes r to y (a data
 * dependency; y and z hold pointers, x flags), `o x 2` ORs value 2 into x (`task->flags |= 8`, an
 * atomic OR in the listing, no litmus form), `lock`/`unlock` take and release T.pi_lock, `spin 50`
 * reads z 50 times (a long stretch of steps; the reads are of the initial value when nothing writes z).
 * A value is 1 when not given.
 */
export type Op = string;

/** The RMW verbs: the listing's and the litmus test's call, and whether r takes the old value. */
export const RMW: Record<string, { call: string; keep: boolean }> = {
  x: { call: 'xchg_relaxed', keep: true }, xw: { call: 'xchg_relaxed', keep: false },
  c: { call: 'cmpxchg_relaxed', keep: true }, cw: { call: 'cmpxchg_relaxed', keep: false },
  X: { call: 'xchg', keep: true }, Xw: { call: 'xchg', keep: false },
};

/** Each location's field in the listing and its values 0, 1, 2 there (the litmus test writes the numbers). */
export const LISTING_LOC: Record<string, [string, string[]]> = {
  x: ['task->flags', ['0', 'PF_EXITING', '8']], y: ['work->next', ['NULL', 'work', '&work_exited']],
  z: ['task->task_works', ['NULL', 'work', '&work_exited']],
};

/** An op's verb, location and value written (`w y 2`; 1 when not given). */
export function parts(op: Op): { verb: string; loc: string; value: number; expected: number } {
  const [verb = '', loc = 'x', value = '1', expected = '0'] = op.replace(/^ctrl /, '').split(' ');
  return { verb, loc, value: Number(value), expected: Number(expected) };
}

export function listingLine(op: Op): string {
  const { verb, loc, value, expected } = parts(op);
  if (verb === 'lock') return 'raw_spin_lock(&task->pi_lock);';
  if (verb === 'unlock') return 'raw_spin_unlock(&task->pi_lock);';
  if (verb === 'spin') return `for (int i = 0; i < ${loc}; i = i + 1) u = READ_ONCE(task->task_works);`;
  const [field, values] = LISTING_LOC[loc] as [string, string[]];
  const one = values[value] as string;
  const rmw = RMW[verb];
  if (rmw) {
    const args = rmw.call.startsWith('cmpxchg') ? `&${field}, ${values[expected] as string}, ${one}` : `&${field}, ${one}`;
    return `${rmw.keep ? 'r' : 'u'} = ${rmw.call}(${args});`;
  }
  const access = verb === 'r' ? `r = READ_ONCE(${field});` : verb === 'r.acq' ? `r = smp_load_acquire(&${field});`
    : verb === 'w' ? `WRITE_ONCE(${field}, ${one});` : verb === 'w.rel' ? `smp_store_release(&${field}, ${one});`
      : verb === 'd' ? `WRITE_ONCE(${field}, r);` : verb === 'o' ? `${field} |= ${one};` : `smp_${verb}();`;
  return op.startsWith('ctrl ') ? `if (r != 0) { ${access} }` : access;
}

export function litmusLine(op: Op): string {
  const { verb, loc, value, expected } = parts(op);
  const rmw = RMW[verb];
  if (rmw) return `${rmw.keep ? 'r0' : 'r1'} = ${rmw.call}(${loc}, ${rmw.call.startsWith('cmpxchg') ? `${expected}, ${value}` : value});`;
  if (verb === 'd') return `WRITE_ONCE(*${loc}, r0);`;
  assert.ok(verb !== 'o' && verb !== 'lock' && verb !== 'unlock', `no litmus form for '${op}' here`);
  const access = verb === 'r' ? `r0 = READ_ONCE(*${loc});` : verb === 'r.acq' ? `r0 = smp_load_acquire(${loc});`
    : verb === 'w' ? `WRITE_ONCE(*${loc}, ${value});` : verb === 'w.rel' ? `smp_store_release(${loc}, ${value});` : `smp_${verb}();`;
  return op.startsWith('ctrl ') ? `if (r0) ${access}` : access;
}

/** The notify mode each thread passes: it picks the thread's ops in the listing. */
export const MODES = ['TWA_RESUME', 'TWA_SIGNAL', 'TWA_NONE', 'TWA_SIGNAL_NO_IPI'];
export const LABELS = ['first', 'second', 'third', 'fourth'];

/** mainline with task_work_add replaced: thread i's mode runs its ops; it returns the value read. */
export function listing(threads: Op[][]): Variant {
  const start = MAINLINE.indexOf('int task_work_add(');
  const end = MAINLINE.indexOf('\n}\n', start) + 3;
  // Step labels: first.a, first.b, ... for p0; second.a, ... for p1 ...
  const lines = (ops: Op[], t: string): string => ops.map((op, i) => `        ${listingLine(op)} // ${t}.${String.fromCharCode(97 + i)}`).join('\n');
  const branches = threads.map((ops, i) => `if (mode == ${MODES[i] as string}) {\n${lines(ops, LABELS[i] as string)}\n    }`).join(' else ');
  const body = `    int r = 0;\n    int u = 0;\n    ${branches}\n    return r;`;
  const text = `${MAINLINE.slice(0, start)}int task_work_add(struct task_struct *task, struct callback_head *work, int mode)\n{\n${body}\n}\n${MAINLINE.slice(end)}`;
  const r = variantOfListing('shape', 'shape.c', text);
  assert.ok(r.variant, `the shape's listing compiles: ${JSON.stringify(r.diagnostics)}`);
  return r.variant;
}

export const scenarioText = (n: number): string => 'task T;\nwork A = fa;\ncallback fa(cb) { }\n'
  + Array.from({ length: n }, (_, i) => `thread p${i} { let r = task_work_add(T, A, ${MODES[i] as string}); }\n`).join('');
