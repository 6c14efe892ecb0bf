// Under `memory lkmm`: the writes a thread's next load may read (the ones checkLkmm allows, found by
// a dry run of the step), the one it will take, and the user's pick (tw/readFrom) as a pin the
// engine holds until that load, in the words of a witness's pins (`init`, `owner@run.xchg`).
import { Machine, State, Pin, ChoicePoint, WeakGraph, pointerName, funcOfValue, NULL } from '../core';
import { eventName } from '../explore';
import type { ReadFrom } from './engine';
import type { TraceDebugger } from './traceDebugger';

import type { ReadChoiceData } from '../protocol/messages';

/** One read of the next step (a load, or an RMW's read): its step label, location and the writes it may take. */
export type ReadChoice = ReadChoiceData;
type ReadOption = ReadChoiceData['options'][number];

function valueText(m: Machine, s: State, loc: string, value: number | string | undefined): string {
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

function choiceOf(m: Machine, s: State, g: WeakGraph, pending: readonly Pin[], p: ChoicePoint): ReadChoice {
  const names = p.writes.map((w) => eventName(m, g.events[w]));
  const pin = pickFor(pending, p);
  const picked = pin ? names.indexOf(pinWriter(m, pin)) : -1;
  const co = g.co[p.loc] ?? [];
  const newest = co[co.length - 1];
  const options = p.writes.map((w, i): ReadOption => {
    const o: ReadOption = { name: names[i] ?? '?', value: valueText(m, s, p.loc, g.events[w]?.value), takes: i === Math.max(picked, 0) };
    if (newest !== undefined && w !== newest) o.stale = `newer write ${valueText(m, s, p.loc, g.events[newest]?.value)} by ${eventName(m, g.events[newest])}`;
    return o;
  });
  return { label: p.label, loc: p.loc, options };
}

/** The reads thread t's next step makes and the writes each may read (none: not a load, or blocked). */
export function readChoices(m: Machine, s: State, rf: ReadFrom, t: number): ReadChoice[] {
  const points = rf.choices(t).filter((p) => p.kind === 'rf');
  const g = rf.graph();
  return points.map((p) => choiceOf(m, s, g, rf.pending, p));
}

/**
 * Pins thread t's next read of `write` (an option's name): the pick replaces the thread's waiting
 * pick for the same step. Returns the pin as witness text, or why it cannot be set.
 */
export function pickRead(m: Machine, rf: ReadFrom, t: number, write: string): { pin: string } | { error: string } {
  const points = rf.choices(t).filter((p) => p.kind === 'rf');
  const g = rf.graph();
  const who = m.program.threads[t]?.name ?? `t${t}`;
  if (points.length === 0) return { error: `${who}'s next step reads no shared word with a choice (it is not a load, or it cannot move)` };
  for (const p of points) {
    const w = p.writes.find((x) => eventName(m, g.events[x]) === write);
    const e = w === undefined ? undefined : g.events[w];
    if (!e) continue;
    const pin: Pin = { thread: t, label: p.label, kind: 'rf', writer: e.tag === 'init' ? -1 : e.thread, writerLabel: e.tag === 'init' ? 'init' : e.text ?? '?' };
    rf.pending = [pin, ...rf.pending.filter((x) => !(x.thread === t && x.label === p.label && x.kind === 'rf'))];
    return { pin: `${who}@${p.label}<-${write}` };
  }
  const can = points.flatMap((p) => p.writes.map((x) => eventName(m, g.events[x])));
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
