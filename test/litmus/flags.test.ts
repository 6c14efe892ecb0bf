// The model's warnings that are not verdicts, printed as herd7 prints them (`Flag name`): RCU and
// SRCU sections that do not match up, a sleeping grace period inside an RCU reader, lock words
// used as memory, unlocks of locks not held, and a lock's final value tested.
import assert from 'node:assert/strict';
import { parseLitmus, runLitmus, resultText } from '../../src/litmus';

function flagsOf(body: string, condition = 'exists (0:r0=0)'): string[] {
  return runLitmus(parseLitmus(`C t\n{}\n${body}\n${condition}\n`)).flags;
}

describe('litmus: the model\'s flags', () => {
  it('balanced RCU and SRCU sections raise none', () => {
    assert.deepEqual(flagsOf(`P0(int *x, struct srcu_struct *s) { int r0; int i; rcu_read_lock(); i = srcu_read_lock(s); r0 = READ_ONCE(*x); srcu_read_unlock(s, i); rcu_read_unlock(); }
P1(int *x, struct srcu_struct *s) { WRITE_ONCE(*x, 1); synchronize_srcu(s); synchronize_rcu(); }`), []);
  });

  it('an RCU unlock without a lock, and a lock left open', () => {
    assert.deepEqual(flagsOf('P0(int *x) { int r0; r0 = READ_ONCE(*x); rcu_read_unlock(); }'), ['unmatched-rcu-unlock']);
    assert.deepEqual(flagsOf('P0(int *x) { int r0; rcu_read_lock(); rcu_read_lock(); r0 = READ_ONCE(*x); rcu_read_unlock(); }'), ['unmatched-rcu-lock']);
  });

  it('an SRCU lock never unlocked, an unlock given another value, one lock unlocked twice', () => {
    assert.deepEqual(flagsOf('P0(int *x, struct srcu_struct *s) { int r0; int i; i = srcu_read_lock(s); r0 = READ_ONCE(*x); }'), ['unmatched-srcu-lock']);
    // The unlock's index is not computed from the lock's: neither matches.
    assert.deepEqual(flagsOf('P0(int *x, struct srcu_struct *s) { int r0; int i; i = srcu_read_lock(s); r0 = READ_ONCE(*x); srcu_read_unlock(s, 0); }'),
      ['unmatched-srcu-lock', 'unmatched-srcu-unlock']);
    assert.deepEqual(flagsOf('P0(int *x, struct srcu_struct *s) { int r0; int i; i = srcu_read_lock(s); r0 = READ_ONCE(*x); srcu_read_unlock(s, i + 1); }'),
      ['srcu-bad-value-match']);
    assert.deepEqual(flagsOf('P0(int *x, struct srcu_struct *s) { int r0; int i; i = srcu_read_lock(s); r0 = READ_ONCE(*x); srcu_read_unlock(s, i); srcu_read_unlock(s, i); }'),
      ['multiple-srcu-matches']);
  });

  it('synchronize_srcu inside an RCU reader', () => {
    assert.deepEqual(flagsOf('P0(int *x, struct srcu_struct *s) { int r0; rcu_read_lock(); synchronize_srcu(s); r0 = READ_ONCE(*x); rcu_read_unlock(); }'), ['invalid-sleep']);
  });

  it('a lock word read as memory, an unlock of a lock not held, a lock in the condition', () => {
    assert.deepEqual(flagsOf('P0(spinlock_t *l) { int r0; spin_lock(l); r0 = READ_ONCE(*l); spin_unlock(l); }'), ['mixed-lock-accesses']);
    assert.deepEqual(flagsOf('P0(spinlock_t *l) { int r0 = 0; spin_unlock(l); }'), ['unmatched-unlock']);
    assert.deepEqual(flagsOf('P0(spinlock_t *l) { int r0 = 0; spin_lock(l); }', 'exists (l=1)'), ['lock-final']);
  });

  it('prints them after the witnesses, sorted, with data-race among them', () => {
    const r = runLitmus(parseLitmus(`C t
{}
P0(int *x) { *x = 1; rcu_read_unlock(); }
P1(int *x) { int r0; r0 = *x; }
exists (1:r0=1)
`));
    const text = resultText(r, 'Allowed');
    assert.deepEqual(text.filter((l) => l.startsWith('Flag')), ['Flag data-race', 'Flag unmatched-rcu-unlock']);
    assert.ok(text.indexOf('Flag data-race') > text.findIndex((l) => l.startsWith('Positive:')));
  });
});
