// The kernel names a listing may use without defining them: constants, and the helpers whose
// meaning the model builds in (lowerCall.ts). Helpers that change nothing the list depends on are
// accepted and noted (TW301) so a pasted file loads as written.
import { SlotKind } from './listing';
import { PF_EXITING, TIF_NOTIFY_RESUME, TIF_NOTIFY_SIGNAL, ESRCH, EINVAL, NOTIFY_MODE_VALUES } from '../core';

export const CONSTANTS: Readonly<Record<string, { value: number; kind: SlotKind }>> = {
  NULL: { value: 0, kind: 'data' }, true: { value: 1, kind: 'int' }, false: { value: 0, kind: 'int' },
  PF_EXITING: { value: PF_EXITING, kind: 'int' },
  TIF_NOTIFY_RESUME: { value: TIF_NOTIFY_RESUME, kind: 'int' }, TIF_NOTIFY_SIGNAL: { value: TIF_NOTIFY_SIGNAL, kind: 'int' },
  ESRCH: { value: ESRCH, kind: 'int' }, EINVAL: { value: EINVAL, kind: 'int' },
  JOBCTL_TASK_WORK: { value: 1 << TIF_NOTIFY_SIGNAL, kind: 'int' }, // 5.8 - 5.10: the model's TIF_NOTIFY_SIGNAL
  ...Object.fromEntries(Object.entries(NOTIFY_MODE_VALUES).map(([k, v]) => [k, { value: v, kind: 'int' as SlotKind }])),
};

/** Accepted, noted once, and compiled to nothing: they do not touch the list, its lock or the flags. */
export const IGNORED_CALLS: ReadonlySet<string> = new Set([
  'kasan_record_aux_stack', 'kasan_record_aux_stack_noalloc', 'cond_resched', 'might_fault', 'might_sleep',
  'lockdep_assert_held', 'lockdep_assert_irqs_disabled', 'lockdep_assert_irqs_enabled', 'rcu_read_lock', 'rcu_read_unlock',
]);

/** A single load the compiler may not tear or repeat: READ_ONCE, and its older spellings (ACCESS_ONCE
 * before 4.15, lockless_dereference between 4.7 and 4.15), so a file from those releases loads as is. */
export const ONCE_READS: ReadonlySet<string> = new Set(['READ_ONCE', 'ACCESS_ONCE', 'lockless_dereference']);

/**
 * The signal side of 5.8 - 5.10's TWA_SIGNAL (sighand lock, wake-up): accepted, with a note, and
 * compiled to nothing but lock_task_sighand's success. The model has no sighand lock and no sleeping
 * task; JOBCTL_TASK_WORK in task->jobctl stands for TIF_NOTIFY_SIGNAL in the thread flags.
 */
export const SIGNAL_CALLS: Readonly<Record<string, string>> = {
  lock_task_sighand: 'the sighand lock is not modelled: it is taken at once and the task always has one',
  unlock_task_sighand: 'the sighand lock is not modelled',
  signal_wake_up: 'wake-ups are not modelled (the flag is what the model checks)',
};

/** Memory barriers: a fence with the ordering it provides (recorded; sequential consistency needs none). */
export const FENCES: Readonly<Record<string, 'full' | 'acquire' | 'release'>> = {
  smp_mb: 'full', mb: 'full', smp_rmb: 'acquire', smp_wmb: 'release', smp_mb__before_atomic: 'full',
  smp_mb__after_atomic: 'full', smp_mb__after_spinlock: 'full', barrier: 'full',
  read_barrier_depends: 'acquire', smp_read_barrier_depends: 'acquire',
};

/**
 * The LKMM's name for each fence (its FenceTag), carried in the fence instruction's `what`: barrier()
 * is a compiler barrier only, the smp_mb__* helpers order only with the atomic next to them.
 */
export const FENCE_TAGS: Readonly<Record<string, string>> = {
  smp_mb: 'mb', mb: 'mb', smp_rmb: 'rmb', smp_wmb: 'wmb', barrier: 'barrier',
  smp_mb__before_atomic: 'before-atomic', smp_mb__after_atomic: 'after-atomic', smp_mb__after_spinlock: 'after-spinlock',
  read_barrier_depends: 'rmb', smp_read_barrier_depends: 'rmb',
};

const LOCK_SUFFIXES = ['', '_irq', '_irqsave', '_bh'];
export const LOCKS: ReadonlySet<string> = new Set(LOCK_SUFFIXES.flatMap((s) => [`raw_spin_lock${s}`, `spin_lock${s}`]));
export const UNLOCKS: ReadonlySet<string> = new Set(['', '_irq', '_irqrestore', '_bh'].flatMap((s) => [`raw_spin_unlock${s}`, `spin_unlock${s}`]));
export const UNLOCK_WAITS: ReadonlySet<string> = new Set(['raw_spin_unlock_wait', 'spin_unlock_wait']);

/** The atomics, with their ordering suffixes: cmpxchg_acquire, try_cmpxchg_relaxed, xchg_release ... */
export const ATOMIC = /^(try_cmpxchg|cmpxchg|xchg)(_relaxed|_acquire|_release)?$/;

/** set_notify_resume(task) and friends: which thread-info bit they set on their task. */
export const NOTIFY_SETTERS: Readonly<Record<string, number>> = {
  set_notify_resume: TIF_NOTIFY_RESUME, set_notify_signal: TIF_NOTIFY_SIGNAL, __set_notify_signal: TIF_NOTIFY_SIGNAL,
};
