// Syntax: what parses, and the exact syntax diagnostics with recovery (every error reported once).
import * as assert from 'node:assert/strict';
import { PRELUDE, inThread, parses, diagnoses, messageOf } from './helpers';

const top = (rest: string): string => `${PRELUDE}\nthread t current(T) { }\n${rest}\n`;

describe('lang: parser accepts', () => {
  const ok: [string, string][] = [
    ['every declaration form', top('variant no-run-lock-pair; expect mainline: ok; expect no-sentinel: lost-work, use-after-free;'
      + ' work Z = NULL; work N = fa at A; invariant !held(T.pi_lock) || true; schedule s = "t*2, t"; option lost-work-at-end;'
      + ' setup { } final { assert(true); } callback nop { }')],
    ['let, assignment, if/else, while, repeat, blocks, empty statements', inThread(
      'let i = 0; while (i < 3) { i = i + 1; } repeat (2) ; if (i == 3) { } else if (i > 3) free(A); else { ; }')],
    ['every API call as a statement', inThread('task_work_add(T, A, TWA_NONE); task_work_cancel_func(T, fa); task_work_cancel(T, A);'
      + ' task_work_cancel_match(T, (cb) => cb == A); task_work_run(); resume_user_mode_work(); wait_until(true);'
      + ' assert(1 == 1); free(A); do_exit();')],
    ['calls as values, nested in conditions', inThread('let r = task_work_add(T, A, TWA_SIGNAL) == -ESRCH;'
      + ' if (task_work_cancel(T, B) && !r) free(B); let w = task_work_cancel_match(T, c => c->func == fa || c == B);')],
    ['fields with . and ->, queries, constants', inThread('assert(T.task_works == NULL || T->task_works->next != &work_exited);'
      + ' assert(A.func == fa && B->next == NULL && work_exited == &work_exited); assert(-EINVAL < 0);'
      + ' assert(task_work_pending(T) + exiting(T) + notify_resume(T) + notify_signal(T) + held(T.pi_lock) >= 0);'
      + ' assert(runs(A) + adds(A) + cancels(A) + freed(A) + queued(A) >= 0);')],
    ['C operator precedence', inThread('assert(1 + 2 < 4 == true && false || 3 - 1 >= 2);')],
    ['comments anywhere', `${PRELUDE} /* a */\nthread t /* b */ current(T) { // c\n free(A); /* d\n e */ }`],
  ];
  for (const [what, src] of ok) it(what, () => { parses(src); });
});

describe('lang: syntax errors', () => {
  it('reports a missing ; at the end of the previous token and goes on', () => {
    diagnoses(`task X\nwork Y = fa\n${PRELUDE}\nthread t { free(Y); }`, '1:7 TW102', '2:12 TW102');
  });

  it('recovers at ; and } to report every error in a body', () => {
    diagnoses(inThread('let = 1; free(A) free(B); if x) free(A);\nlet y = (1 + ; assert(true)'),
      '3:5 TW101', '3:17 TW102', '3:30 TW101', '4:14 TW101', '4:28 TW102');
  });

  it('reports an unknown declaration keyword with the list and a suggestion (TW103)', () => {
    assert.equal(messageOf(top('thred x { }')),
      "expected 'variant', 'expect', 'task', 'work', 'callback', 'thread', 'setup', 'final', 'invariant', 'schedule', 'option', 'memory' or 'cpu', found 'thred' (did you mean 'thread'?)");
  });

  it('says where statements belong when one is found at the top level', () => {
    assert.match(messageOf(top('task_work_run();')), /statements belong inside a 'thread', 'callback', 'setup' or 'final' body$/);
  });

  it('skips a broken declaration, body and all, without cascading', () => {
    diagnoses(top('thread 9 { free(Q) ; }\nwork W = fa;'), '3:8 TW101');
  });

  it('ends a body at a declaration keyword when its } is missing', () => {
    diagnoses(`${PRELUDE}\nthread t { free(A);\nthread u { free(B); }`, '3:1 TW101');
  });

  it('rejects keywords as names, and misplaced else', () => {
    diagnoses(top('task current;'), '3:6 TW101');
    diagnoses(inThread('else free(A);'), '3:1 TW101');
  });

  it('suggests the statement keyword or API call a word was meant to be', () => {
    assert.equal(messageOf(inThread('lett x = 1;')), "expected a statement, found 'lett' (did you mean 'let'?)");
  });

  it('checks repeat counts (TW104): an integer literal from 1 to 1000', () => {
    diagnoses(inThread('repeat (1001) free(A);'), '3:9 TW104');
    diagnoses(inThread('repeat (n) free(A);'), '3:9 TW104');
    parses(inThread('repeat (1000) { }'));
  });

  it('rejects a nesting deeper than 200 levels with one diagnostic, not a stack overflow', () => {
    diagnoses(inThread(`assert(${'('.repeat(5000)}1${')'.repeat(5000)});`), '3:206 TW101');
    diagnoses(inThread(`${'{'.repeat(300)}${'}'.repeat(300)}`), '3:201 TW101');
    diagnoses(inThread(`assert(1${' + 1'.repeat(300)});`), '3:802 TW101');
  });

  it('accepts "ok" alone only', () => {
    diagnoses(top('expect mainline: ok, deadlock;'), '3:22 TW101');
  });

  it('needs the schedule text to be a string', () => {
    diagnoses(top('schedule s = t;'), '3:14 TW101');
  });
});

describe('lang: recovery keeps names declared', () => {
  it('a broken work declaration still declares its name (no cascade at its uses)', () => {
    diagnoses(`${PRELUDE}\nwork W = ;\nthread t { free(W); }`, '2:10 TW101');
    diagnoses(`${PRELUDE}\nwork W fa;\nthread t { free(W); }`, '2:8 TW101');
  });
});
