// The dependencies and fences a listing's events carry under memory lkmm: an if's control
// dependency reaches its branches only (up to the join), barrier() is a compiler barrier and the
// smp_mb__*_atomic helpers keep their own LKMM fence tags.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileSource } from '../../src/lang';
import { Machine, run, Variant } from '../../src/core';
import type { LkmmEvent } from '../../src/lkmm';
import { variantOfListing } from '../../src/model';

const MAINLINE = readFileSync('listings/mainline.c', 'utf8');

/** mainline with task_work_add's body replaced by `body` (a listing of our own for the test). */
function listing(body: string): Variant {
  const start = MAINLINE.indexOf('int task_work_add(');
  const end = MAINLINE.indexOf('\n}\n', start) + 3;
  const text = `${MAINLINE.slice(0, start)}int task_work_add(struct task_struct *task, struct callback_head *work, int mode)\n{\n    struct callback_head *h;\n${body}\n    return 0;\n}\n${MAINLINE.slice(end)}`;
  const r = variantOfListing('deps', 'deps.c', text);
  assert.ok(r.variant, `the test listing compiles: ${JSON.stringify(r)}`);
  return r.variant;
}

/** The events the adder's task_work_add makes under lkmm (one thread, run to its end). */
function eventsOf(body: string): LkmmEvent[] {
  const src = 'task T;\nwork A = fa;\ncallback fa(cb) { }\nthread adder { task_work_add(T, A, TWA_RESUME); }\n';
  const p = compileSource('deps.tw', src).program;
  assert.ok(p);
  const m = new Machine(p, listing(body), {}, 'lkmm');
  run(m, {});
  const g = m.weak?.g;
  assert.ok(g);
  return g.events.filter((e) => e.thread === 0);
}

function at(evs: LkmmEvent[], text: string, kind: LkmmEvent['kind'] = 'W'): LkmmEvent {
  const e = evs.find((x) => x.text === text && x.kind === kind);
  assert.ok(e, `an event ${kind} at ${text} in ${evs.map((x) => `${x.kind}@${x.text ?? ''}`).join(' ')}`);
  return e;
}

describe('memory lkmm: control dependencies and fences of a listing', () => {
  it('a write inside the if depends on the condition\'s load; a write after the if does not', () => {
    const evs = eventsOf([
      '    h = READ_ONCE(task->task_works);                  // t.load',
      '    if (h == NULL) {',
      '        WRITE_ONCE(work->next, NULL);                 // t.inside',
      '    }',
      '    WRITE_ONCE(work->func, NULL);                     // t.after',
    ].join('\n'));
    const load = at(evs, 't.load', 'R');
    assert.deepEqual(at(evs, 't.inside').ctrl, [load.id]);
    assert.deepEqual(at(evs, 't.after').ctrl, []);
  });

  it('the else branch depends on the condition too, and the dependency ends after it', () => {
    const evs = eventsOf([
      '    h = READ_ONCE(task->task_works);                  // t.load',
      '    if (h != NULL) { WRITE_ONCE(work->func, NULL); } else { WRITE_ONCE(work->next, NULL); } // t.branch',
      '    WRITE_ONCE(work->func, NULL);                     // t.after',
    ].join('\n'));
    const load = at(evs, 't.load', 'R');
    assert.deepEqual(at(evs, 't.branch').ctrl, [load.id]);
    assert.deepEqual(at(evs, 't.after').ctrl, []);
  });

  it('an if left by return keeps the dependency for the rest of the function (the code after runs only on one side)', () => {
    const evs = eventsOf([
      '    h = READ_ONCE(task->task_works);                  // t.load',
      '    if (h != NULL) return 1;',
      '    WRITE_ONCE(work->func, NULL);                     // t.after',
    ].join('\n'));
    assert.deepEqual(at(evs, 't.after').ctrl, [at(evs, 't.load', 'R').id]);
  });

  it('both operands of && govern the branch, and neither reaches past it', () => {
    const evs = eventsOf([
      '    h = READ_ONCE(task->task_works);                  // t.load',
      '    if (h == NULL && READ_ONCE(work->next) == NULL) {',
      '        WRITE_ONCE(work->func, NULL);                 // t.inside',
      '    }',
      '    WRITE_ONCE(work->next, NULL);                     // t.after',
    ].join('\n'));
    const reads = evs.filter((e) => e.kind === 'R');
    assert.equal(reads.length, 2);
    const ids = reads.map((e) => e.id);
    assert.deepEqual(at(evs, 't.inside').ctrl, ids);
    assert.deepEqual(at(evs, 't.after').ctrl, []);
  });

  it('a loop\'s condition is a dependency of the loop body only, as the LKMM\'s (while and do)', () => {
    const evs = eventsOf([
      '    h = READ_ONCE(task->task_works);                  // t.load',
      '    while (h != NULL) { WRITE_ONCE(work->next, NULL); h = READ_ONCE(task->task_works); } // t.body',
      '    WRITE_ONCE(work->func, NULL);                     // t.after',
    ].join('\n'));
    assert.deepEqual(at(evs, 't.after').ctrl, []);
    const loop = eventsOf([
      '    do { h = READ_ONCE(task->task_works); } while (h != NULL && h == NULL); // t.load',
      '    WRITE_ONCE(work->func, NULL);                     // t.after',
    ].join('\n'));
    assert.deepEqual(at(loop, 't.after').ctrl, []);
  });

  it('a loop left by goto keeps its condition\'s dependency until the function returns (conservative)', () => {
    const evs = eventsOf([
      '    h = READ_ONCE(task->task_works);                  // t.load',
      '    while (h == NULL) { goto out; }',
      '    WRITE_ONCE(work->next, NULL);                     // t.mid',
      '  out:',
      '    WRITE_ONCE(work->func, NULL);                     // t.after',
    ].join('\n'));
    assert.deepEqual(at(evs, 't.after').ctrl, [at(evs, 't.load', 'R').id]);
  });

  it('barrier() is a compiler barrier; smp_mb__before_atomic/after_atomic keep their own tags', () => {
    const evs = eventsOf([
      '    barrier(); smp_mb__before_atomic(); smp_mb__after_atomic(); smp_mb(); smp_rmb(); smp_wmb(); // t.fences',
    ].join('\n'));
    assert.deepEqual(evs.filter((e) => e.kind === 'F').map((e) => e.tag), ['barrier', 'before-atomic', 'after-atomic', 'mb', 'rmb', 'wmb']);
  });
});
