// Under `memory lkmm` the picture (Tasks, Works, the queue webview) shows each shared word's newest
// value, the coherence-latest write. A thread may see another: its last read of the word took an
// older write (a write newer than it already existed when it read) or a write not made yet (load
// buffering), or its next read will (the user picked it). These views are what the picture marks
// stale, next to the newest value. Pure: from the graph, the state and the user's picks.
import { Machine, State, WeakGraph, threadName } from '../core';
import { eventName } from '../explore';
import type { StaleSnapshot } from '../protocol/messages';
import type { ReadFrom } from './engine';
import { readChoices, valueText, pinName } from './readFrom';

export type StaleView = StaleSnapshot;

/** Words that are the model's own bookkeeping (the lock, the allocator), not data a thread keeps. */
const bookkeeping = (loc: string): boolean => loc.endsWith('.pi_lock') || loc.endsWith('.heap');

function newestValue(m: Machine, s: State, g: WeakGraph, loc: string): string {
  const co = g.co[loc] ?? [];
  return valueText(m, s, loc, g.events[co[co.length - 1] as number]?.value);
}

function describe(v: Omit<StaleView, 'text'>): string {
  const how = v.early ? `early, from ${v.write} (a write made after the read: load buffering)` : `stale, from ${v.write}`;
  return v.when === 'read'
    ? `${v.thread} read ${v.seen} at ${v.at} (${how}; newest ${v.newest})`
    : `${v.thread} will read ${v.seen} at ${v.at} (${how}; newest ${v.newest})`;
}

/** Thread t's last access of each word, when it is a read that took an older write or a later one. */
function staleReads(m: Machine, s: State, g: WeakGraph, rf: ReadFrom, t: number, openOnly = false): StaleView[] {
  const last = new Map<string, number>();
  for (const e of g.events) if (e.thread === t && e.loc && e.kind !== 'F' && !bookkeeping(e.loc) && !e.lock) last.set(e.loc, e.id);
  const out: StaleView[] = [];
  for (const [loc, id] of last) {
    const r = g.events[id];
    if (!r || r.kind !== 'R') continue;
    const w = g.rf[id];
    const pending = g.pending.includes(id);
    if (openOnly && !pending) continue;
    const co = g.co[loc] ?? [];
    const early = pending || (w !== undefined && w > id);
    // Stale: a write coherence-after the one read was already made when the thread read.
    const stale = !early && w !== undefined && co.slice(co.indexOf(w) + 1).some((x) => x < id);
    if (!early && !stale) continue;
    const pin = rf.promisePins().get(id);
    const write = pending ? (pin ? pinName(m, pin) : 'a write not made yet') : eventName(m, g.events[w as number]);
    const v = { threadId: t + 1, thread: threadName(m.ctx, t), loc, seen: valueText(m, s, loc, r.value), newest: newestValue(m, s, g, loc), when: 'read' as const, early, at: r.text ?? '?', write };
    if (!early && v.seen === v.newest) continue; // an older write of the value the picture shows: nothing differs
    out.push({ ...v, text: describe(v) });
  }
  return out;
}

/** The reads thread t's next step will make of a write that is not the newest (only a pick makes one). */
function staleNext(m: Machine, s: State, rf: ReadFrom, t: number): StaleView[] {
  if (!rf.pending.some((p) => p.thread === t)) return [];
  return readChoices(m, s, rf, t).flatMap((r) => {
    const o = r.options.find((x) => x.takes);
    if (!o || (!o.stale && !o.early)) return [];
    const v = { threadId: t + 1, thread: threadName(m.ctx, t), loc: r.loc, seen: o.value, newest: newestValue(m, s, rf.graph(), r.loc), when: 'will read' as const, early: !!o.early, at: r.label, write: o.name };
    return bookkeeping(r.loc) || (!v.early && v.seen === v.newest) ? [] : [{ ...v, text: describe(v) }];
  });
}

/**
 * Every view of a live thread that differs from the picture: its last read of a word, then what
 * its next step's picked read takes. A finished thread sees nothing more, except a read of a later
 * write still open (its value is the thread's until the end binds it).
 */
export function staleViews(m: Machine, s: State, rf: ReadFrom): StaleView[] {
  const g = rf.graph();
  if (!g) return [];
  return s.threads.flatMap((th, t) => (th.done
    ? staleReads(m, s, g, rf, t, true) // a read of a later write still open: the end binds it
    : [...staleReads(m, s, g, rf, t), ...staleNext(m, s, rf, t)]));
}

/** The views of one word, as a note after its newest value: ` [owner read freed A at run.next (stale, ...)]`. */
export function staleNote(views: readonly StaleView[] | undefined, loc: string): string {
  const mine = (views ?? []).filter((v) => v.loc === loc);
  return mine.length ? ` [${mine.map((v) => v.text).join('; ')}]` : '';
}
