// The read-from and coherence choices of one location that can be part of an allowed execution.
// Coherence (po-loc | rf | co | fr acyclic) and atomicity relate accesses of one location only, so
// each location's choices are filtered on their own before the cross product over locations: a
// test with five locations judges the product of the survivors, not of every choice.
import type { LkmmEvent } from '../lkmm';

/** One location's coherence order (initial write first) and the write each of its reads reads. */
export interface LocationChoice { co: number[]; rf: [number, number][] }

/**
 * Every coherent and atomic choice for the location of `writes` and `reads` (events of one
 * location; `sources[i]` the writes reads[i] may read, by value).
 */
export function locationChoices(writes: LkmmEvent[], reads: LkmmEvent[], sources: number[][]): LocationChoice[] {
  const init = writes.filter((w) => w.thread < 0).map((w) => w.id);
  const out: LocationChoice[] = [];
  const pos = new Map<number, number>();
  const byId = new Map<number, LkmmEvent>(writes.map((w) => [w.id, w]));
  // Each thread's accesses in program order, the order coherence is checked along.
  const accesses = [...writes.filter((w) => w.thread >= 0), ...reads].sort((a, b) => a.thread - b.thread || a.po - b.po);
  for (const order of interleavings(writes.filter((w) => w.thread >= 0))) {
    const co = [...init, ...order];
    pos.clear();
    co.forEach((id, i) => pos.set(id, i));
    const rf: [number, number][] = [];
    const pick = (i: number): void => {
      if (i === reads.length) { if (coherent(accesses, co, reads, rf, pos, byId)) out.push({ co, rf: rf.slice() }); return; }
      const r = reads[i] as LkmmEvent;
      for (const w of sources[i] ?? []) {
        rf.push([r.id, w]);
        pick(i + 1);
        rf.pop();
      }
    };
    pick(0);
  }
  return out;
}

/**
 * Along each thread, an access's place in coherence order (a write's own, a read's source's) never
 * goes back, and a write comes strictly after what its thread saw before (no CoRR, CoWR, CoRW, CoWW);
 * an RMW's write directly follows its read's source but for writes of its own thread (atomicity).
 */
function coherent(accesses: LkmmEvent[], co: number[], reads: LkmmEvent[], rf: [number, number][], pos: Map<number, number>, byId: Map<number, LkmmEvent>): boolean {
  const seen = new Map<number, number>(rf.map(([r, w]) => [r, pos.get(w) ?? 0]));
  let thread = -2; let floor = -1;
  for (const e of accesses) {
    if (e.thread !== thread) { thread = e.thread; floor = -1; }
    const read = seen.get(e.id);
    const p = read ?? pos.get(e.id) ?? 0;
    if (read === undefined ? p <= floor : p < floor) return false;
    floor = p;
  }
  for (const r of reads) {
    if (r.rmwWrite === undefined) continue;
    const from = seen.get(r.id) ?? 0; const to = pos.get(r.rmwWrite) ?? 0;
    for (let k = from + 1; k < to; k++) if (byId.get(co[k] ?? -1)?.thread !== r.thread) return false;
  }
  return true;
}

/** Each interleaving of the threads' writes that keeps every thread's own writes in program order. */
function interleavings(ws: LkmmEvent[]): number[][] {
  if (ws.length === 0) return [[]];
  const out: number[][] = [];
  const threads = new Set(ws.map((w) => w.thread));
  for (const t of threads) {
    const first = ws.find((w) => w.thread === t);
    if (!first) continue;
    for (const rest of interleavings(ws.filter((w) => w !== first))) out.push([first.id, ...rest]);
  }
  return out;
}
