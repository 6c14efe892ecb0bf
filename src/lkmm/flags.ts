// The model's warnings that are not verdicts (herd7's `Flag name` lines): an execution the model
// allows, but whose test is probably wrong. The names are the ones the kernel's model gives them:
// from linux-kernel.bell, RCU and SRCU sections that do not match up; from lock.cat, lock words
// used as plain memory, unlocks of locks not held, a lock's final value in the condition.
import { baseOf } from './base';
import type { ExecutionGraph } from './graph';
import { rcuSections, srcuSections } from './rcu';
import { Rel } from './relation';

export type ModelFlag =
  | 'unmatched-rcu-lock' | 'unmatched-rcu-unlock'
  | 'unmatched-srcu-lock' | 'unmatched-srcu-unlock' | 'multiple-srcu-matches' | 'srcu-bad-value-match' | 'invalid-sleep'
  | 'mixed-lock-accesses' | 'unmatched-unlock' | 'lock-final';

/**
 * Flag names older litmus headers document (`Result: Flag srcu-bad-nesting`), and the names the
 * model's checks carry now. The bell file's SRCU checks were renamed and split in 2023: one
 * value-mismatch check named srcu-bad-nesting, whose section matching also caught a lock matched by
 * two unlocks, became srcu-bad-value-match plus multiple-srcu-matches; unbalanced-srcu-locking
 * became unbalanced-srcu-lock/-unlock and then unmatched-srcu-lock/-unlock.
 */
const FORMER_NAMES: Readonly<Record<string, readonly ModelFlag[]>> = {
  'srcu-bad-nesting': ['srcu-bad-value-match', 'multiple-srcu-matches'],
  'unbalanced-srcu-locking': ['unmatched-srcu-lock', 'unmatched-srcu-unlock'],
  'unbalanced-srcu-lock': ['unmatched-srcu-lock'],
  'unbalanced-srcu-unlock': ['unmatched-srcu-unlock'],
};

/** The flags that answer a header's `Result: Flag name`: the name itself, or what it is called now. */
export function flagsAnswering(name: string): readonly string[] {
  return FORMER_NAMES[name] ?? [name];
}

/**
 * The flags one execution raises (not data-race: dataRaces reports that). `observed` are the
 * locations the test's condition or `locations` read at the end.
 */
export function modelFlags(g: ExecutionGraph, observed: ReadonlySet<string> = new Set()): ModelFlag[] {
  const b = baseOf(g);
  const out: ModelFlag[] = [];
  const rcu = rcuSections(g, b.n);
  if (!b.fences('rcu-lock').minus(rcu.domain()).isEmpty()) out.push('unmatched-rcu-lock');
  if (!b.fences('rcu-unlock').minus(rcu.range()).isEmpty()) out.push('unmatched-rcu-unlock');
  if (!b.SrcuLock.isEmpty() || !b.SrcuUnlock.isEmpty()) {
    const srcu = srcuSections(b);
    if (!b.SrcuLock.minus(srcu.domain()).isEmpty()) out.push('unmatched-srcu-lock');
    if (!b.SrcuUnlock.minus(srcu.range()).isEmpty()) out.push('unmatched-srcu-unlock');
    if (!srcu.inv().seq(srcu).minus(b.id).isEmpty()) out.push('multiple-srcu-matches');
    if (srcu.pairs().some(([l, u]) => g.events[l]?.value !== g.events[u]?.value)) out.push('srcu-bad-value-match');
  }
  // synchronize_srcu() sleeps: not inside an RCU read-side critical section.
  if (!b.SyncSrcu.isEmpty() && !rcu.inter(Rel.chain(b.po.restrict(undefined, b.SyncSrcu), b.po)).isEmpty()) out.push('invalid-sleep');
  const lockLocs = new Set(g.events.filter((e) => e.lock !== undefined).map((e) => e.loc));
  if (g.events.some((e) => e.thread >= 0 && e.lock === undefined && (e.kind === 'R' || e.kind === 'W') && lockLocs.has(e.loc))) out.push('mixed-lock-accesses');
  if (unmatchedUnlock(g)) out.push('unmatched-unlock');
  if ([...lockLocs].some((l) => l !== undefined && observed.has(l))) out.push('lock-final');
  return out;
}

/** An unlock whose thread's previous operation on that lock is not a lock (lock.cat's `critical`). */
function unmatchedUnlock(g: ExecutionGraph): boolean {
  const last = new Map<string, string>();
  for (const e of [...g.events].sort((a, c) => a.thread - c.thread || a.po - c.po)) {
    if (e.thread < 0 || e.loc === undefined || (e.lock !== 'lock-write' && e.lock !== 'unlock')) continue;
    const key = `${e.thread}:${e.loc}`;
    if (e.lock === 'unlock' && last.get(key) !== 'lock-write') return true;
    last.set(key, e.lock);
  }
  return false;
}
