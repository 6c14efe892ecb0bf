// Which combinations of the threads' paths (one path per thread) are worth building into
// executions. A read needs a write of its value to its location to read from: the initial value,
// a write of another thread's path, or an earlier write of its own path. A combination where some
// read has none has no candidate execution at all, and neither has any combination that extends
// a partial choice where some read's value is written by no chosen path and by no path of the
// threads still to choose: that partial choice is dropped with every completion of it.
//
// The threads are chosen writers first, so the readers' values are checked against actual writes
// early: a three-thread test whose two writers each have hundreds of paths (a counter's values)
// and whose reader has thousands pairs only the writers' paths that can read each other's values,
// not the product of all three.
import type { Val } from '../lkmm';
import type { LitmusTest } from './ast';
import type { ThreadPath } from './pathTypes';

/** A path's reads, and for each location and value the earliest write of it (its place in the path). */
interface PathAccesses { reads: { loc: string; value: Val; po: number }[]; writes: Map<string, Map<Val, number>> }

/**
 * Calls `visit` for each combination whose every read has a write of its value to read from, and
 * that `mayKeep` (told the paths chosen so far; the others undefined) does not rule out.
 */
export function forEachPairing(test: LitmusTest, paths: ThreadPath[][], visit: (pick: ThreadPath[]) => void, mayKeep: (pick: (ThreadPath | undefined)[]) => boolean = () => true): void {
  const n = paths.length;
  const accesses = paths.map((ps) => ps.map(accessesOf));
  const order = chooseOrder(paths, accesses);
  // later[k]: the values each location may be given by some path of a thread chosen at step k or after.
  const later: Map<string, Set<Val>>[] = [new Map()];
  for (let k = n - 1; k >= 0; k--) {
    const m = new Map<string, Set<Val>>([...(later[0] ?? new Map<string, Set<Val>>())].map(([loc, vs]) => [loc, new Set(vs)]));
    for (const a of accesses[order[k] ?? 0] ?? []) {
      for (const [loc, vs] of a.writes) { const s = m.get(loc) ?? new Set<Val>(); m.set(loc, s); for (const v of vs.keys()) s.add(v); }
    }
    later.unshift(m);
  }
  const pick: (ThreadPath | undefined)[] = new Array<ThreadPath | undefined>(n).fill(undefined);
  const chosen: PathAccesses[] = new Array<PathAccesses>(n);
  const canRead = (k: number, t: number, loc: string, value: Val, po: number): boolean => {
    if ((test.initLocs.get(loc) ?? 0) === value) return true;
    if (later[k + 1]?.get(loc)?.has(value)) return true;
    for (let j = 0; j <= k; j++) {
      const u = order[j] ?? 0;
      const at = chosen[u]?.writes.get(loc)?.get(value);
      if (at !== undefined && (u !== t || at < po)) return true;
    }
    return false;
  };
  const readsMet = (k: number): boolean => {
    for (let j = 0; j <= k; j++) {
      const t = order[j] ?? 0;
      for (const r of chosen[t]?.reads ?? []) if (!canRead(k, t, r.loc, r.value, r.po)) return false;
    }
    return true;
  };
  const choose = (k: number): void => {
    if (k === n) { visit(pick as ThreadPath[]); return; }
    const t = order[k] ?? 0;
    const ps = paths[t] ?? [];
    for (let i = 0; i < ps.length; i++) {
      pick[t] = ps[i] as ThreadPath;
      chosen[t] = accesses[t]?.[i] as PathAccesses;
      if (readsMet(k) && mayKeep(pick)) choose(k + 1);
    }
    pick[t] = undefined;
  };
  choose(0);
}

function accessesOf(p: ThreadPath): PathAccesses {
  const reads: PathAccesses['reads'] = [];
  const writes = new Map<string, Map<Val, number>>();
  p.events.forEach((e, po) => {
    if (e.loc === undefined || e.value === undefined) return;
    if (e.kind === 'R') reads.push({ loc: e.loc, value: e.value, po });
    else if (e.kind === 'W') {
      const m = writes.get(e.loc) ?? new Map<Val, number>();
      writes.set(e.loc, m);
      if (!m.has(e.value)) m.set(e.value, po);
    }
  });
  return { reads, writes };
}

/** Threads that write most first (their writes are what the others' reads are checked against), then fewest paths. */
function chooseOrder(paths: ThreadPath[][], accesses: PathAccesses[][]): number[] {
  const writes = accesses.map((as) => as.reduce((most, a) => Math.max(most, [...a.writes.values()].reduce((s, m) => s + m.size, 0)), 0));
  return paths.map((_, t) => t).sort((a, b) => (writes[b] ?? 0) - (writes[a] ?? 0) || (paths[a]?.length ?? 0) - (paths[b]?.length ?? 0) || a - b);
}
