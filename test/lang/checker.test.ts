// Semantic checks: names, kinds, contexts, definite assignment, declarations; exact codes and
// positions, and the wording of the messages that carry a suggestion.
import * as assert from 'node:assert/strict';
import { PRELUDE, inThread, parses, diagnoses, messageOf, codesOf } from './helpers';

const top = (rest: string): string => `${PRELUDE}\nthread t current(T) { }\n${rest}\n`;
const cb = (body: string, header = 'callback c(cb)'): string => `${PRELUDE}\nthread t { }\n${header} {\n${body}\n}\n`;

describe('lang: checker diagnostics', () => {
  const cases: [string, string, string[]][] = [
    ['unknown task, with a suggestion', inThread('task_work_add(Tx, A, TWA_NONE);'), ['3:15 TW201']],
    ['unknown callback in cancel_func', inThread('task_work_cancel_func(T, fc);'), ['3:26 TW201']],
    ['a work where a callback is expected', inThread('task_work_cancel_func(T, A);'), ['3:26 TW203']],
    ['a task is not a value', inThread('let x = T;'), ['3:9 TW203']],
    ['a mode is not a value', inThread('let m = TWA_NONE;'), ['3:9 TW203']],
    ['a number where a work is expected', inThread('free(1);'), ['3:6 TW203']],
    ['a task where a work is expected', inThread('assert(runs(T) == 0);'), ['3:13 TW203']],
    ['a local changes type', inThread('let x = 1; x = A;'), ['3:16 TW203']],
    ['ints and bools mix, NULL fits a work local', inThread('let x = 1; x = true; let w = A; w = NULL;'), []],
    ['comparing a work with a callback', inThread('assert(A == fa);'), ['3:8 TW203']],
    ['arithmetic on a work', inThread('assert(A + 1 > 0);'), ['3:8 TW203']],
    ['pi_lock outside held()', inThread('assert(T.pi_lock);'), ['3:8 TW203']],
    ['unknown field of a work and of a task', inThread('assert(A.nxt == NULL && T.works == NULL);'), ['3:10 TW201', '3:27 TW201']],
    ['a void call as a value', inThread('let x = free(A);'), ['3:9 TW203']],
    ['a query as a statement', inThread('runs(A);'), ['3:1 TW101']],
    ['a string outside a schedule', inThread('assert("x");'), ['3:8 TW101']],
    ['a predicate outside cancel_match', inThread('let p = (cb) => cb == A;'), ['3:9 TW203']],
    ['cancel_match without a predicate', inThread('task_work_cancel_match(T, A);'), ['3:27 TW203']],
    ['a predicate parameter hiding a work', inThread('task_work_cancel_match(T, (A) => A == B);'), ['3:28 TW202']],
    ['a local hiding a work, and a second let', inThread('let A = 1; let x = 1; let x = 2;'), ['3:5 TW202', '3:27 TW202']],
    ['assignment to an undeclared local', inThread('y = 1;'), ['3:1 TW201']],
    ['assignment to a work', inThread('A = B;'), ['3:1 TW203']],
    ['a local not assigned on every path', inThread('let c = 1; if (c == 1) { let x = 1; } else { } assert(x == 1);'), ['3:55 TW214']],
    ['a local assigned on both paths', inThread('let c = 1; let x = 0; if (c == 1) x = 1; else x = 2; assert(x > 0);'), []],
    ['a local assigned in a while body only', inThread('while (false) { let x = 1; } assert(x == 1);'), ['3:37 TW214']],
    ['a local assigned in a repeat body', inThread('repeat (2) { let x = 1; } assert(x == 1);'), []],
    ['a local used in its own initializer', inThread('let x = x + 1;'), ['3:9 TW214']],
    ['operations in a wait_until condition', inThread('wait_until(task_work_cancel(T, A));'), ['3:12 TW209']],
    ['operations in a match predicate', inThread('task_work_cancel_match(T, (c) => task_work_cancel(T, A));'), ['3:34 TW209']],
    ['operations in final', top('final { free(A); wait_until(true); assert(true); }'), ['3:9 TW209', '3:18 TW209']],
    ['operations in an invariant', top('invariant task_work_cancel(T, A);'), ['3:11 TW209']],
    ['run from setup', top('setup { task_work_run(); }'), ['3:9 TW209']],
    ['run and do_exit from a callback', cb('task_work_run(); do_exit();'), ['4:1 TW209', '4:18 TW209']],
    ['resume from a thread with no current', inThread('resume_user_mode_work();', 'thread t'), ['3:1 TW209']],
    ['NMI_CURRENT from a thread with no current (warning)', inThread('task_work_add(T, A, TWA_NMI_CURRENT);', 'thread t'), ['3:21 TW209']],
    ['NMI_CURRENT on another task (warning)', inThread('task_work_add(U, A, TWA_NMI_CURRENT);'), ['3:21 TW209']],
    ['NMI_CURRENT in a callback (it runs on current)', cb('task_work_add(T, A, TWA_NMI_CURRENT);'), []],
    ['cb in a callback without a parameter', cb('free(cb);', 'callback c'), ['4:6 TW215']],
    ['cb in a callback whose parameter has another name', cb('free(cb);', 'callback c(w)'), ['4:6 TW215']],
    ['the callback parameter inside a predicate named otherwise', cb('task_work_cancel_match(T, (x) => x == cb);'), []],
    ['the work func must be a callback', top('work W = T;'), ['3:10 TW203']],
    ['unknown work func', top('work W = fx;'), ['3:10 TW201']],
    ['current() of a work, and of an unknown task', top('thread u current(A) { } thread v current(X) { }'), ['3:18 TW203', '3:42 TW201']],
    ['duplicate thread, schedule, setup, final, variant', top('thread t { } schedule s = "t"; schedule s = "t"; setup { } setup { } variant mainline; variant mainline;'),
      ['3:8 TW202', '3:41 TW202', '3:60 TW202', '3:88 TW202']],
    ['a callback parameter hiding a work', top('callback c(A) { }'), ['3:12 TW202']],
    ['a name that is a built-in', top('task ESRCH;'), ['3:6 TW202']],
    ['alloc of a work not declared at another', inThread('alloc(A);'), ['3:7 TW213']],
    ['alloc of an undeclared work, and of a local', inThread('alloc(Q); let w = A; alloc(w);'), ['3:7 TW210', '3:28 TW203']],
    ['at a task', top('work N = fa at T;'), ['3:16 TW203']],
    ['a cycle of at', top('work N = fa at M; work M = fa at N;'), ['3:34 TW213', '3:16 TW213']],
    ['unknown option', top('option lost-work-at-ends;'), ['3:8 TW201']],
    ['schedule naming setup', top('schedule s = "t setup";'), ['3:17 TW211']],
    ['empty schedule', top('schedule s = "";'), ['3:14 TW212']],
    ['schedule positions account for escapes', top('schedule s = "\\\\ t";'), ['3:15 TW212']],
    ['unknown function', inThread('let x = runz(A);'), ['3:9 TW207']],
    ['wrong number of arguments to a query', inThread('assert(held());'), ['3:8 TW208']],
  ];
  for (const [what, src, expected] of cases) it(what, () => { diagnoses(src, ...expected); });
});

describe('lang: messages carry the token, what was expected and a near miss', () => {
  const msgs: [string, string][] = [
    [inThread('free(Aa);'), "work 'Aa' is not declared (did you mean 'A'?)"],
    [inThread('task_work_add(t, A, TWA_NONE);'), "unknown task 't' (did you mean 'T'?)"],
    [inThread('task_work_add(T, A, TWA_SIGNAL_NOIPI);'),
      "unknown mode 'TWA_SIGNAL_NOIPI': expected 'TWA_NONE', 'TWA_RESUME', 'TWA_SIGNAL', 'TWA_SIGNAL_NO_IPI' or 'TWA_NMI_CURRENT' (did you mean 'TWA_SIGNAL_NO_IPI'?)"],
    [inThread('task_work_cancle(T, A);'), "unknown function 'task_work_cancle' (did you mean 'task_work_cancel'?)"],
    [inThread('task_work_add(T, A);'), 'task_work_add() expects 3 arguments (task, work, mode), found 2'],
    [inThread('task_work_run(1);'), 'task_work_run() expects no arguments, found 1'],
    [top('variant no-run-lock-pairs;'), "unknown variant 'no-run-lock-pairs' (did you mean 'no-run-lock-pair'?)"],
    [top('expect mainline: use_after_free;'), "unknown violation kind 'use_after_free' (did you mean 'use-after-free'?)"],
    [top('schedule s = "t ownr";'), "schedule names an unknown thread 'ownr'"],
    [top('thread owner { } schedule s = "ownr";'), "schedule names an unknown thread 'ownr' (did you mean 'owner'?)"],
    [inThread('assert(NUL == 0);'), "unknown name 'NUL' (did you mean 'NULL'?)"],
    [inThread('assert(null == 0);'), "unknown name 'null' (did you mean 'NULL'?)"],
    [inThread('task_work_run();', 'thread t'), "task_work_run() must be called by a task's current: declare the thread as 'thread NAME current(TASK)'"],
    [cb('free(cb);', 'callback c'), "'cb': this callback has no parameter (write 'callback NAME(cb)')"],
    [inThread('free(cb);'), "'cb' is only available inside a callback or a match predicate"],
    [top('expect mainline: ok; expect mainline: deadlock;'), "duplicate expect for variant 'mainline': already declared at 3:1"],
  ];
  for (const [src, msg] of msgs) it(msg, () => { assert.equal(messageOf(src), msg); });
});

describe('lang: checker accepts', () => {
  it('every example in examples/', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const path = require('node:path') as typeof import('node:path');
    const dir = path.join(__dirname, '../../examples');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.tw'));
    assert.ok(files.length > 0);
    for (const f of files) assert.deepEqual(codesOf(fs.readFileSync(path.join(dir, f), 'utf8')), [], f);
  });

  it('names declared after their use, anywhere in the file', () => {
    parses('thread t { task_work_add(T, A, TWA_NONE); }\nwork A = f;\ncallback f(cb) { }\ntask T;');
  });

  it('a thread named like its task (threads have their own namespace)', () => {
    parses('task T; thread T current(T) { task_work_run(); }');
  });

  it('two threads current of the same task (to run after exit)', () => {
    parses('task T; thread a current(T) { do_exit(); } thread b current(T) { task_work_run(); }');
  });
});

describe('lang: kind errors name what was found', () => {
  it('a task or a mode where a work is expected', () => {
    assert.equal(messageOf(inThread('task_work_add(T, T, TWA_NONE);')), "expected a work, found task 'T'");
    assert.equal(messageOf(inThread('free(TWA_NONE);')), "expected a work, found mode 'TWA_NONE'");
    assert.equal(messageOf(inThread('task_work_cancel_func(T, A);')), "expected a callback name, found work 'A'");
  });
});
