// The debugger's condition/watch expressions: compiled against a Program, with debugger-only
// leaves (thread, step, operation locals) and diagnostics whose columns count within the expression.
import * as assert from 'node:assert/strict';
import { parseExpression, instantiateDebugExpr, toCoreExpr, DebugExpr } from '../../src/lang';
import { parses, PRELUDE } from './helpers';

const program = parses(`${PRELUDE}
thread adder { let r = task_work_add(T, A, TWA_RESUME); repeat (2) r = r + 1; }
thread owner current(T) { task_work_run(); }
callback c(cb) { let seen = cb; }`);
const adderBlock = program.threads[0]?.block ?? -1;
const callbackBlock = program.funcs[2]?.block ?? -1;

function ok(text: string, block?: number): { expr: DebugExpr; type?: string } {
  const r = parseExpression(text, program, block === undefined ? {} : { block });
  assert.deepEqual(r.diagnostics, []);
  assert.ok(r.expr);
  return { expr: r.expr, type: r.type };
}

function diags(text: string, block?: number): string[] {
  const r = parseExpression(text, program, block === undefined ? {} : { block });
  return r.diagnostics.map((d) => `${d.range.line}:${d.range.column} ${d.severity} ${d.code} ${d.message}`);
}

describe('lang: parseExpression (debugger conditions and watches)', () => {
  it('compiles globals to a core Expr and reports the static type', () => {
    const r = ok('T->task_works == A && runs(B) > 0');
    assert.deepEqual(toCoreExpr(r.expr), {
      k: 'binary', op: '&&',
      l: { k: 'binary', op: '==', l: { k: 'taskField', task: 0, field: 'task_works' }, r: { k: 'work', id: 0 } },
      r: { k: 'binary', op: '>', l: { k: 'builtin', fn: 'runs', arg: { k: 'work', id: 1 } }, r: { k: 'int', v: 0 } },
    });
    assert.equal(r.type, 'bool');
    assert.equal(ok('A.next').type, 'work');
    assert.equal(ok('A.func').type, 'func');
    assert.equal(ok('adds(A) + 1').type, 'int');
  });

  it('sees the locals of the given block (hidden ones stay hidden) and cb in a callback', () => {
    assert.deepEqual(ok('r', adderBlock).expr, { k: 'local', slot: 0, name: 'r' });
    assert.deepEqual(diags('%repeat1', adderBlock), ["1:1 error TW001 unexpected character '%'"]);
    assert.deepEqual(ok('seen == cb', callbackBlock).expr, { k: 'binary', op: '==', l: { k: 'local', slot: 0, name: 'seen' }, r: { k: 'cb' } });
    assert.deepEqual(diags('r'), ["1:1 error TW201 unknown name 'r'"]);
    assert.deepEqual(diags('cb', adderBlock), ["1:1 error TW215 'cb' is only available inside a callback or a match predicate"]);
  });

  it('thread == "name" compares the evaluating thread with that thread', () => {
    const r = ok('thread == "owner"');
    assert.deepEqual(r.expr, { k: 'binary', op: '==', l: { k: 'thisThread' }, r: { k: 'thread', id: 1 } });
    assert.deepEqual(ok('"adder" != thread').expr, { k: 'unary', op: '!', e: { k: 'binary', op: '==', l: { k: 'thisThread' }, r: { k: 'thread', id: 0 } } });
    assert.equal(toCoreExpr(r.expr), undefined);
    assert.deepEqual(instantiateDebugExpr(r.expr, { thread: 1 }), { k: 'binary', op: '==', l: { k: 'int', v: 1 }, r: { k: 'thread', id: 1 } });
  });

  it('step == "label" and the operation locals become constants for one frame', () => {
    const r = ok('step == "add.cas" && work == A && h != NULL');
    const frame = { thread: 0, step: 'add.cas', op: { work: 0x1000, h: 0 } };
    assert.deepEqual(instantiateDebugExpr(r.expr, frame), {
      k: 'binary', op: '&&',
      l: { k: 'binary', op: '&&', l: { k: 'int', v: 1 }, r: { k: 'binary', op: '==', l: { k: 'int', v: 0x1000 }, r: { k: 'work', id: 0 } } },
      r: { k: 'binary', op: '!=', l: { k: 'int', v: 0 }, r: { k: 'int', v: 0 } },
    });
    assert.deepEqual(instantiateDebugExpr(ok('step != "run.call"').expr, { thread: 0 }), { k: 'unary', op: '!', e: { k: 'int', v: 0 } });
    assert.equal(ok('next').type, 'work');
    assert.equal(ok('pprev').type, 'int');
    assert.deepEqual(instantiateDebugExpr(ok('freed(next)').expr, { thread: 0, op: { next: 0x1040 } }),
      { k: 'builtin', fn: 'freed', arg: { k: 'int', v: 0x1040 } });
  });

  it('reports problems with columns counted within the expression, and suggestions', () => {
    assert.deepEqual(diags('thread == "ownr"'), ["1:11 error TW201 unknown thread 'ownr' (did you mean 'owner'?)"]);
    assert.deepEqual(diags('runs(Aa) > 0'), ["1:6 error TW210 work 'Aa' is not declared (did you mean 'A'?)"]);
    assert.deepEqual(diags('A ==', undefined), ['1:5 error TW101 expected an expression, found the end of the file']);
    assert.deepEqual(diags('A B'), ["1:3 error TW101 expected the end of the expression, found 'B'"]);
    assert.deepEqual(diags(''), ['1:1 error TW101 expected an expression, found the end of the file']);
    assert.deepEqual(diags('thread'), ['1:1 error TW101 \'thread\' can only be compared with a string: thread == "owner"']);
    assert.deepEqual(diags('"x"'), ["1:1 error TW101 a string can only be compared with 'thread' or 'step' (thread == \"owner\")"]);
  });

  it('an unknown step label is a warning (the core may have more labels), with a suggestion', () => {
    const r = parseExpression('step == "add.cass"', program);
    assert.ok(r.expr);
    assert.deepEqual(r.diagnostics.map((d) => `${d.range.column} ${d.severity} ${d.code} ${d.message}`),
      ["9 warning TW201 unknown step label 'add.cass' (did you mean 'add.cas'?)"]);
  });

  it('refuses anything that changes the state', () => {
    assert.deepEqual(diags('task_work_cancel(T, A)'), ['1:1 error TW209 task_work_cancel() is not allowed in a debugger expression (it must not change the state)']);
    assert.deepEqual(diags('free(A)'), ['1:1 error TW203 free() has no value: call it as a statement', '1:1 error TW209 free() is not allowed in a debugger expression (it must not change the state)']);
  });

  it('never throws on garbage', () => {
    for (const text of ['\u0000', '((((', ')'.repeat(1000), '('.repeat(100000), '!'.repeat(100000), '"', '&', 'T.', 'a'.repeat(100000)]) {
      const r = parseExpression(text, program);
      assert.equal(r.expr, undefined, text.slice(0, 20));
      assert.ok(r.diagnostics.length > 0);
    }
  });
});
