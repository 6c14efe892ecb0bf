// The kernel primitives a C litmus test may call, and the events each one stands for in the
// LKMM (our own table, after the kernel model's documented mapping): READ_ONCE is a once read,
// xchg a fully ordered RMW, atomic_inc an RMW without return value, spin_lock a lock-read and
// lock-write pair, and so on.
import type { AccessTag, FenceTag } from '../lkmm';

/** How the location is passed: `READ_ONCE(*x)` takes the lvalue, `smp_load_acquire(x)` the pointer. */
export type ArgForm = 'lvalue' | 'pointer';
/** What an RMW operation returns: nothing, the new value, the old one, new == 0, new < 0. */
export type RmwReturn = 'none' | 'new' | 'old' | 'zero' | 'negative';

export type Prim =
  | { k: 'load'; tag: AccessTag; form: ArgForm }
  | { k: 'store'; tag: AccessTag; form: ArgForm; fenceAfter?: FenceTag }
  | { k: 'fence'; tag: FenceTag }
  | { k: 'sync-srcu' }
  | { k: 'xchg'; tag: AccessTag }
  | { k: 'cmpxchg'; tag: AccessTag }
  | { k: 'rmw'; tag: AccessTag; op: string; ret: RmwReturn; /** The operand when the name fixes it (inc, dec). */ fixed?: number }
  | { k: 'add-unless'; tag: AccessTag }
  | { k: 'lock' | 'unlock' | 'trylock' | 'is-locked' }
  /** No event: smp_read_barrier_depends, which the kernel's READ_ONCE has made redundant. */
  | { k: 'nop' };

const ORDERS: [string, AccessTag][] = [['', 'mb'], ['_relaxed', 'once'], ['_acquire', 'acquire'], ['_release', 'release']];
const OPS: [string, string][] = [['add', '+'], ['sub', '-'], ['and', '&'], ['or', '|'], ['xor', '^'], ['andnot', '&~']];

function table(): Map<string, Prim> {
  const t = new Map<string, Prim>([
    ['READ_ONCE', { k: 'load', tag: 'once', form: 'lvalue' }],
    ['rcu_dereference', { k: 'load', tag: 'once', form: 'lvalue' }],
    ['smp_load_acquire', { k: 'load', tag: 'acquire', form: 'pointer' }],
    ['atomic_read', { k: 'load', tag: 'once', form: 'pointer' }],
    ['atomic_read_acquire', { k: 'load', tag: 'acquire', form: 'pointer' }],
    ['srcu_read_lock', { k: 'load', tag: 'srcu-lock', form: 'pointer' }],
    ['srcu_down_read', { k: 'load', tag: 'srcu-lock', form: 'pointer' }],
    ['WRITE_ONCE', { k: 'store', tag: 'once', form: 'lvalue' }],
    ['rcu_assign_pointer', { k: 'store', tag: 'release', form: 'lvalue' }],
    ['smp_store_release', { k: 'store', tag: 'release', form: 'pointer' }],
    ['smp_store_mb', { k: 'store', tag: 'once', form: 'lvalue', fenceAfter: 'mb' }],
    ['atomic_set', { k: 'store', tag: 'once', form: 'pointer' }],
    ['atomic_set_release', { k: 'store', tag: 'release', form: 'pointer' }],
    ['srcu_read_unlock', { k: 'store', tag: 'srcu-unlock', form: 'pointer' }],
    ['srcu_up_read', { k: 'store', tag: 'srcu-unlock', form: 'pointer' }],
    ['synchronize_srcu', { k: 'sync-srcu' }],
    ['synchronize_srcu_expedited', { k: 'sync-srcu' }],
    ['spin_lock', { k: 'lock' }], ['spin_unlock', { k: 'unlock' }],
    ['spin_trylock', { k: 'trylock' }], ['spin_is_locked', { k: 'is-locked' }],
    ['atomic_add_unless', { k: 'add-unless', tag: 'mb' }],
  ]);
  const fences: [string, FenceTag][] = [['smp_mb', 'mb'], ['smp_rmb', 'rmb'], ['smp_wmb', 'wmb'], ['barrier', 'barrier'],
    ['smp_mb__before_atomic', 'before-atomic'], ['smp_mb__after_atomic', 'after-atomic'],
    ['smp_mb__after_spinlock', 'after-spinlock'], ['smp_mb__after_unlock_lock', 'after-unlock-lock'],
    ['smp_mb__after_srcu_read_unlock', 'after-srcu-read-unlock'],
    ['rcu_read_lock', 'rcu-lock'], ['rcu_read_unlock', 'rcu-unlock'], ['synchronize_rcu', 'sync-rcu'], ['synchronize_rcu_expedited', 'sync-rcu']];
  for (const [name, tag] of fences) t.set(name, { k: 'fence', tag });
  for (const [suffix, tag] of ORDERS) {
    for (const base of ['xchg', 'atomic_xchg']) t.set(base + suffix, { k: 'xchg', tag });
    for (const base of ['cmpxchg', 'atomic_cmpxchg']) t.set(base + suffix, { k: 'cmpxchg', tag });
    for (const [name, op] of OPS) {
      if (name !== 'and' && name !== 'or' && name !== 'xor' && name !== 'andnot') t.set(`atomic_${name}_return${suffix}`, { k: 'rmw', tag, op, ret: 'new' });
      t.set(`atomic_fetch_${name}${suffix}`, { k: 'rmw', tag, op, ret: 'old' });
    }
    for (const [name, op] of [['inc', '+'], ['dec', '-']] as const) {
      t.set(`atomic_${name}_return${suffix}`, { k: 'rmw', tag, op, ret: 'new', fixed: 1 });
      t.set(`atomic_fetch_${name}${suffix}`, { k: 'rmw', tag, op, ret: 'old', fixed: 1 });
    }
    t.set(`atomic_add_negative${suffix}`, { k: 'rmw', tag, op: '+', ret: 'negative' });
  }
  for (const [name, op] of OPS) t.set(`atomic_${name}`, { k: 'rmw', tag: 'noreturn', op, ret: 'none' });
  t.set('atomic_inc', { k: 'rmw', tag: 'noreturn', op: '+', ret: 'none', fixed: 1 });
  t.set('atomic_dec', { k: 'rmw', tag: 'noreturn', op: '-', ret: 'none', fixed: 1 });
  t.set('atomic_sub_and_test', { k: 'rmw', tag: 'mb', op: '-', ret: 'zero' });
  t.set('atomic_dec_and_test', { k: 'rmw', tag: 'mb', op: '-', ret: 'zero', fixed: 1 });
  t.set('atomic_inc_and_test', { k: 'rmw', tag: 'mb', op: '+', ret: 'zero', fixed: 1 });
  // Dependent loads are ordered by the model itself (READ_ONCE implies what this barrier did on Alpha).
  t.set('smp_read_barrier_depends', { k: 'nop' });
  // atomic_long_t and atomic64_t have atomic_t's operations with the same ordering.
  for (const [name, p] of [...t]) {
    if (name.startsWith('atomic_')) for (const width of ['atomic_long_', 'atomic64_']) t.set(width + name.slice('atomic_'.length), p);
  }
  return t;
}

export const PRIMITIVES: ReadonlyMap<string, Prim> = table();

/** Primitives the kernel no longer has, with what to write instead. */
export const REMOVED: ReadonlyMap<string, string> = new Map([
  ['spin_unlock_wait', 'spin_unlock_wait() was removed from the kernel; write spin_lock(l); spin_unlock(l); (what its callers were changed to)'],
]);

/** How many arguments a primitive takes. */
export function arity(p: Prim): number {
  switch (p.k) {
    case 'load': case 'sync-srcu': case 'lock': case 'unlock': case 'trylock': case 'is-locked': return 1;
    case 'store': case 'xchg': return 2;
    case 'cmpxchg': case 'add-unless': return 3;
    case 'fence': case 'nop': return 0;
    case 'rmw': return p.fixed === undefined ? 2 : 1;
  }
}
