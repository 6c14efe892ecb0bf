// Under `memory lkmm`: the writes a thread's next load may read (the ones checkLkmm allows, found by
// a dry run of the step, and the writes another thread will make whatever it reads: load
// buffering, as the explorer promises them), the one it will take, and the user's pick
// (tw/readFrom) as a pin the engine holds until that load, in the words of a witness's pins
// (`init`, `owner@run.xchg`, `p1@second.b=4`).
import { Machine, State, Pin, ChoicePoint, WeakGraph, pointerName, funcOfValue, NULL } from '../core';
import { eventName } from '../explore';
import type { ReadFrom } from './engine';
import type { TraceDebugger } from './traceDebugger';

import type { ReadChoiceData } from '../protocol/messages';

/** One read of the next step (a load, or an RMW's read): its step label, location and the writes it may take. */
export type ReadChoice = ReadChoiceData;
type ReadOption = ReadChoiceData['options'][number];

export function valueText(m: Machine, s: State, loc: string, value: number | string | undefined): string {
  if (typeof value !== 'number') return value ?? '?';
  if (loc.endsWith('.func')) return value === NULL ? 'NULL' : m.program.funcs[funcOfValue(value)]?.name ?? String(value);
  if (loc.endsWith('.next') || loc.endsWith('.task_works')) return pointerName(m.ctx, s, value);
  return String(value);
}

function pinWriter(m: Machine, pin: Pin): string {
  return pin.writerLabel === 'init' ? 'init' : `${m.program.threads[pin.writer]?.name ?? `t${pin.writer}`}@${pin.writerLabel}`;
}

/** The pick waiting for this read: the thread's first pending pin, when it names this step (as WeakMemory uses it). */
function pickFor(pending: readonly Pin[], p: ChoicePoint): Pin | undefined {
  const pin = pending.find((x) => x.thread === p.thread);
  return pin && pin.label === p.label && pin.kind === 'rf' ? pin : undefined;
}

/** A write the read may take: one made already (its event id), or a promise (a write not made yet). */
interface Candidate { name: string; value: number | string | undefined; write?: number; promise?: { thread: number; label: string; value: number } }

/**
 * The writes a read may take: those made, newest first, then each promised value under the name
 * of a write that will make it (`p1@second.b=4`), as a witness's pin names a read of a later write.
 */
function candidates(m: Machine, g: WeakGraph, rf: ReadFrom, p: ChoicePoint): Candidate[] {
  const made = p.writes.map((w): Candidate => ({ name: eventName(m, g.events[w]), value: g.events[w]?.value, write: w }));
  const later = p.promised.flatMap((value) => rf.promisers(p.loc, value, p.thread).map((w): Candidate => ({
    name: `${m.program.threads[w.thread]?.name ?? `t${w.thread}`}@${w.label}=${value}`, value, promise: { ...w, value },
  })));
  return [...made, ...later];
}

function choiceOf(m: Machine, s: State, g: WeakGraph, rf: ReadFrom, p: ChoicePoint): ReadChoice {
  const all = candidates(m, g, rf, p);
  const pin = pickFor(rf.pending, p);
  const picked = pin ? all.findIndex((c) => c.name === pinName(m, pin)) : -1;
  // Coherence as it stands (the dry run's graph also has the step's own writes); a word read for
  // the first time has only its initial write, made by the dry run.
  const co = rf.graph().co[p.loc] ?? g.co[p.loc] ?? [];
  const newest = co[co.length - 1];
  const options = all.map((c, i): ReadOption => {
    const o: ReadOption = { name: c.name, value: valueText(m, s, p.loc, c.value), takes: i === Math.max(picked, 0) };
    if (c.promise) o.early = `a write ${m.program.threads[c.promise.thread]?.name ?? '?'} has not made yet; it makes it whatever it reads (load buffering)`;
    else if (newest !== undefined && c.write !== newest) o.stale = `newer write ${valueText(m, s, p.loc, g.events[newest]?.value)} by ${eventName(m, g.events[newest])}`;
    return o;
  });
  return { label: p.label, loc: p.loc, options };
}

/** A pin's writer as an option names it: `init`, `canceller@cancel.cas`, a promise `p1@second.b=4`. */
export function pinName(m: Machine, pin: Pin): string {
  return pin.value === undefined ? pinWriter(m, pin) : `${pinWriter(m, pin)}=${pin.value}`;
}

/** A pin as a witness writes it after the '|': `owner@run.next<-init`, `p0@first.a<-p1@second.b=4`, `b@add.link<<a@add.link`. */
export function pinText(m: Machine, pin: Pin): string {
  const who = m.program.threads[pin.thread]?.name ?? `t${pin.thread}`;
  return pin.kind === 'rf' ? `${who}@${pin.label}<-${pinName(m, pin)}` : `${who}@${pin.label}<<${pinWriter(m, pin)}`;
}

/** The reads thread t's next step makes and the writes each may read (none: not a load, or blocked). */
export function readChoices(m: Machine, s: State, rf: ReadFrom, t: number): ReadChoice[] {
  const { points, graph } = rf.choices(t);
  return points.filter((p) => p.kind === 'rf').map((p) => choiceOf(m, s, graph, rf, p));
}

/**
 * Pins thread t's next read of `write` (an option's name): the pick replaces the thread's waiting
 * pick for the same step. Returns the pin as witness text, or why it cannot be set.
 */
export function pickRead(m: Machine, rf: ReadFrom, t: number, write: string): { pin: string } | { error: string } {
  const dry = rf.choices(t);
  const points = dry.points.filter((p) => p.kind === 'rf');
  const g = dry.graph;
  const who = m.program.threads[t]?.name ?? `t${t}`;
  if (points.length === 0) return { error: `${who}'s next step reads no shared word with a choice (it is not a load, or it cannot move)` };
  for (const p of points) {
    const c = candidates(m, g, rf, p).find((x) => x.name === write);
    if (!c) continue;
    const e = c.write === undefined ? undefined : g.events[c.write];
    const pin: Pin = c.promise
      ? { thread: t, label: p.label, kind: 'rf', writer: c.promise.thread, writerLabel: c.promise.label, value: c.promise.value }
      : { thread: t, label: p.label, kind: 'rf', writer: e?.tag === 'init' ? -1 : (e?.thread ?? -1), writerLabel: e?.tag === 'init' ? 'init' : e?.text ?? '?' };
    rf.pending = [pin, ...rf.pending.filter((x) => !(x.thread === t && x.label === p.label && x.kind === 'rf'))];
    return { pin: `${who}@${p.label}<-${write}` };
  }
  const can = points.flatMap((p) => candidates(m, g, rf, p).map((x) => x.name));
  return { error: `${who}'s next read (${points[0]?.label ?? '?'} of ${points[0]?.loc ?? '?'}) cannot read '${write}' under the LKMM; it may read: ${can.join(', ')}` };
}

/** tw/readFrom: without `write` the choices of thread t's next step, with it the pick; or why not. */
export function readFromAnswer(d: TraceDebugger, t: number, args: { threadId: number; write?: string }): { body: { reads: ReadChoice[] } | { pin: string } } | { error: string } {
  const rf = d.engine.reads;
  if (!rf) return { error: 'tw/readFrom needs `memory lkmm` (every load reads the newest write under sc)' };
  if (d.running) return { error: 'threads are running: pause first' };
  if (t < 0) return { error: `there is no thread ${args.threadId}` };
  if (args.write === undefined) return { body: { reads: readChoices(d.m, d.s, rf, t) } };
  const r = pickRead(d.m, rf, t, args.write);
  return 'error' in r ? r : { body: r };
}
