// Compile output: flattened instructions (jump targets, hoisted calls, hidden locals), origins,
// and the declarations of the Program (indices, heap slots, expectations, schedules).
import * as assert from 'node:assert/strict';
import type { Expr, Instr, Program } from '../../src/core/program';
import { compileSource } from '../../src/lang';
import { PRELUDE, inThread, parses } from './helpers';

/** Compact text of an expression, with local names (hidden ones start with '%'). */
function ex(e: Expr, p: Program): string {
  switch (e.k) {
    case 'int': return String(e.v);
    case 'local': return e.name;
    case 'work': return p.works[e.id]?.name ?? '?';
    case 'func': return p.funcs[e.id]?.name ?? '?';
    case 'exited': return '&work_exited';
    case 'cb': return 'cb';
    case 'thread': return `thread#${e.id}`;
    case 'taskField': return `${p.tasks[e.task]?.name}.${e.field}`;
    case 'workField': return `${ex(e.obj, p)}->${e.field}`;
    case 'builtin': return `${e.fn}(${e.task !== undefined ? p.tasks[e.task]?.name : e.arg ? ex(e.arg, p) : ''})`;
    case 'unary': return `${e.op}${ex(e.e, p)}`;
    case 'binary': return `(${ex(e.l, p)} ${e.op} ${ex(e.r, p)})`;
  }
}

function instrText(i: Instr, p: Program, locals: { name: string }[]): string {
  const task = (n: number): string => p.tasks[n]?.name ?? '?';
  const dst = 'dst' in i && i.dst !== undefined ? ` -> ${locals[i.dst]?.name}` : '';
  switch (i.op) {
    case 'add': return `add ${task(i.task)} ${ex(i.work, p)} ${i.mode}${dst}`;
    case 'cancel_func': return `cancel_func ${task(i.task)} ${p.funcs[i.func]?.name}${dst}`;
    case 'cancel': return `cancel ${task(i.task)} ${ex(i.work, p)}${dst}`;
    case 'cancel_match': return `cancel_match ${task(i.task)} [${ex(i.pred, p)}]${dst}`;
    case 'free': return `free ${ex(i.work, p)}`;
    case 'alloc': return `alloc ${p.works[i.work]?.name}`;
    case 'set': return `set ${locals[i.dst]?.name} = ${ex(i.e, p)}`;
    case 'assert': case 'wait': return `${i.op} ${ex(i.e, p)}`;
    case 'jumpIfNot': return `jumpIfNot ${ex(i.e, p)} ${i.target}`;
    case 'jump': return `jump ${i.target}${i.counter !== undefined ? ` counting ${locals[i.counter]?.name ?? '?'}` : ''}`;
    default: return i.op;
  }
}

/** The instructions of thread `t` (line 3 of inThread), numbered. */
function threadCode(stmts: string, header?: string): string[] {
  const p = parses(inThread(stmts, header));
  const b = p.blocks[p.threads[0]?.block ?? -1];
  assert.ok(b);
  return b.instrs.map((i, n) => `${n} ${instrText(i, p, b.locals)}`);
}

describe('lang: compile flattens control flow', () => {
  it('if/else: jumpIfNot over the then-branch, jump over the else-branch', () => {
    assert.deepEqual(threadCode('let w = task_work_cancel_func(T, fa); if (w == A) free(A); else free(B); free(A);'), [
      '0 cancel_func T fa -> w', '1 jumpIfNot (w == A) 4', '2 free A', '3 jump 5', '4 free B', '5 free A',
    ]);
  });

  it('if without else; a target may be the end of the block', () => {
    assert.deepEqual(threadCode('if (freed(A)) { free(B); }'), ['0 jumpIfNot freed(A) 2', '1 free B']);
  });

  it('repeat (N): a hidden counter, tested first, decremented after the body', () => {
    assert.deepEqual(threadCode('repeat (3) free(A);'), [
      '0 set %repeat1 = 3', '1 jumpIfNot (%repeat1 > 0) 5', '2 free A', '3 set %repeat1 = (%repeat1 - 1)', '4 jump 1',
    ]);
  });

  it('while: the call in its condition is hoisted and runs again on every iteration; the back edge counts this entry\'s iterations', () => {
    assert.deepEqual(threadCode('while (task_work_cancel(T, A)) free(A);'), [
      '0 set %loop1 = 0', '1 cancel T A -> %t2', '2 jumpIfNot %t2 5', '3 free A', '4 jump 1 counting %loop1',
    ]);
  });

  it('a call inside a larger expression goes to a hidden local first', () => {
    assert.deepEqual(threadCode('if (task_work_cancel(T, A)) free(A); let r = task_work_add(T, A, TWA_SIGNAL) == -ESRCH;'), [
      '0 cancel T A -> %t1', '1 jumpIfNot %t1 3', '2 free A', '3 add T A TWA_SIGNAL -> %t2', '4 set r = (%t2 == -3)',
    ]);
  });

  it('&& with a call on the right calls it only when the left holds, as C does', () => {
    assert.deepEqual(threadCode('let x = 1; if (x == 1 && task_work_cancel(T, A)) free(A);'), [
      '0 set x = 1', '1 set %t1 = !!(x == 1)', '2 jumpIfNot %t1 5', '3 cancel T A -> %t2', '4 set %t1 = !!%t2',
      '5 jumpIfNot %t1 7', '6 free A',
    ]);
  });

  it('|| skips the right side when the left holds', () => {
    assert.deepEqual(threadCode('let x = 0; x = freed(A) || task_work_cancel(T, A);'), [
      '0 set x = 0', '1 set %t1 = !!freed(A)', '2 jumpIfNot !%t1 5', '3 cancel T A -> %t2', '4 set %t1 = !!%t2', '5 set x = %t1',
    ]);
  });

  it('a state read left of a call is taken before the call (left-to-right order)', () => {
    assert.deepEqual(threadCode('assert(runs(A) == task_work_add(T, A, TWA_NONE));'), [
      '0 set %t1 = runs(A)', '1 add T A TWA_NONE -> %t2', '2 assert (%t1 == %t2)',
    ]);
  });

  it('let/assign of a call store straight into the local (dst), run/exit/resume/wait/alloc', () => {
    assert.deepEqual(threadCode('let w = task_work_cancel_match(T, (cb) => cb->func == fa && cb != B); w = task_work_cancel_func(T, fb);'
      + ' resume_user_mode_work(); wait_until(!task_work_pending(T)); task_work_run(); do_exit();'), [
      '0 cancel_match T [((cb->func == fa) && (cb != B))] -> w', '1 cancel_func T fb -> w', '2 resume',
      '3 wait !task_work_pending(T)', '4 run', '5 exit',
    ]);
  });

  it('held(T) means held(T.pi_lock)', () => {
    assert.deepEqual(threadCode('assert(held(T) == held(T.pi_lock));'), ['0 assert (held(T) == held(T))']);
  });

  it("a callback's own parameter inside a predicate with another name is copied to a hidden local", () => {
    const p = parses(`${PRELUDE}\ncallback c(cb) { task_work_cancel_match(T, (x) => x == cb); }\nthread t { }`);
    const b = p.blocks[p.funcs[2]?.block ?? -1];
    assert.ok(b);
    assert.deepEqual(b.instrs.map((i) => instrText(i, p, b.locals)), ['set %cb1 = cb', 'cancel_match T [(cb == %cb1)]']);
  });

  it('locals: user locals first (types inferred), hidden ones after', () => {
    const p = parses(inThread('let n = 1; let c = task_work_cancel(T, A); let w = NULL; let f = A.func; repeat (2) n = n + 1;'));
    assert.deepEqual(p.blocks[p.threads[0]?.block ?? -1]?.locals, [
      { name: 'n', type: 'int' }, { name: 'c', type: 'bool' }, { name: 'w', type: 'work' }, { name: 'f', type: 'func' },
      { name: '%repeat1', type: 'int' },
    ]);
  });

  it('each instruction carries its statement (if/while/repeat: the header) as one line', () => {
    const p = parses(inThread('task_work_add(T,\n    A, /* why */ TWA_NONE);  if (true)\n free(A);'));
    const b = p.blocks[p.threads[0]?.block ?? -1];
    assert.deepEqual(b?.instrs.map((i) => [i.origin.text, i.origin.range.line, i.origin.range.column, i.origin.range.endLine, i.origin.range.endColumn]), [
      ['task_work_add(T, A, TWA_NONE);', 3, 1, 4, 28], ['if (true)', 4, 30, 4, 39], ['free(A);', 5, 2, 5, 10],
    ]);
  });
});

describe('lang: compile builds the Program', () => {
  const src = `variant no-sentinel; expect mainline: ok; expect no-sentinel: lost-work;
task T; task U;
work A = fa; work Z = NULL; work N = fb at A; work M = fb at N; work B = fb;
callback fb(cb) { free(cb); } callback fa { }
final { assert(true); }
thread owner current(U) { task_work_run(); }
setup { task_work_add(T, A, TWA_RESUME); }
thread other { }
invariant !held(T.pi_lock) || T.task_works != NULL;
schedule w = "owner*2 other"; option lost-work-at-end;`;

  it('declarations in order, works with their funcs, slots and allocation', () => {
    const p = parses(src);
    assert.equal(p.file, 't.tw');
    assert.equal(p.variant, 'no-sentinel');
    assert.deepEqual(p.tasks.map((t) => t.name), ['T', 'U']);
    assert.deepEqual(p.works.map((w) => [w.name, w.func, w.slot, w.allocated]), [
      ['A', 1, 0, true], ['Z', -1, 1, true], ['N', 0, 0, false], ['M', 0, 0, false], ['B', 0, 2, true],
    ]);
    assert.equal(p.slots, 3);
    assert.deepEqual(p.funcs.map((f) => [f.name, p.blocks[f.block]?.name]), [['fb', 'fb'], ['fa', 'fa']]);
    assert.deepEqual(p.threads.map((t) => [t.name, p.blocks[t.block]?.name, t.current]), [['owner', 'owner', 1], ['other', 'other', -1]]);
    assert.deepEqual(p.blocks.map((b) => b.name), ['fb', 'fa', 'final', 'owner', 'setup', 'other']);
    assert.equal(p.blocks[p.setup]?.name, 'setup');
    assert.equal(p.blocks[p.final]?.name, 'final');
  });

  it('expectations, invariants, schedules and options', () => {
    const p = parses(src);
    assert.deepEqual(p.expectations.map((e) => [e.variant, e.kinds]), [['mainline', []], ['no-sentinel', ['lost-work']]]);
    assert.deepEqual(p.invariants.map((i) => [ex(i.e, p), i.origin.text]), [
      ['(!held(T) || (T.task_works != 0))', 'invariant !held(T.pi_lock) || T.task_works != NULL;'],
    ]);
    assert.deepEqual(p.schedules.map((s) => [s.name, s.text]), [['w', 'owner*2 other']]);
    assert.equal(p.lostWorkAtEnd, true);
  });

  it('defaults: mainline, no setup or final, and a warning does not withhold the program', () => {
    const r = compileSource('x.tw', 'task T;');
    assert.deepEqual(r.diagnostics.map((d) => `${d.severity} ${d.code}`), ['warning TW216']);
    assert.ok(r.program);
    assert.equal(r.program.variant, 'mainline');
    assert.equal(r.program.setup, -1);
    assert.equal(r.program.final, -1);
    assert.equal(r.program.lostWorkAtEnd, false);
  });

  it('the program is plain data: it survives a JSON round trip unchanged', () => {
    const p = parses(src);
    assert.deepEqual(JSON.parse(JSON.stringify(p)), p);
  });
});
