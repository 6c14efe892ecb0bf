// Witnesses under the LKMM: the choices of an execution written as pins a replay takes
// (`owner@run.next<-init`: owner's load at run.next reads the initial write; `adder@add.link<<owner@run.cas`:
// adder's store at add.link goes just before owner's write in coherence), the sentence that
// explains each stale read, and the canonical key of a graph (each consistent graph counted once).
import { Machine, Program, WeakGraph, Chosen, Pin } from '../core';
import type { LkmmEvent } from '../lkmm';

/** An event in the pins' words: `init`, or `thread@label` (the step that made it). */
export function who(m: Machine, e: LkmmEvent | undefined): string {
  if (!e) return '?';
  if (e.tag === 'init') return 'init';
  return `${m.program.threads[e.thread]?.name ?? `t${e.thread}`}@${e.text ?? '?'}`;
}

/** The write a choice took: the one chosen, or for a promise the later write it was bound to. */
function writeOf(g: WeakGraph, c: Chosen): number | undefined {
  return c.write >= 0 ? c.write : g.rf[c.event];
}

/**
 * The pins of an execution's non-default choices, in the order they were made; a read of a later
 * write (a promise) carries the value it took, `=5`, since a replay reads it before the write exists.
 */
export function witnessPins(m: Machine, g: WeakGraph, chosen: readonly Chosen[][]): string[] {
  return chosen.flat().map((c) => {
    const w = writeOf(g, c);
    return `${who(m, g.events[c.event])}${c.kind === 'rf' ? '<-' : '<<'}${w === undefined ? '?' : who(m, g.events[w])}${c.value === undefined ? '' : `=${c.value}`}`;
  });
}

/** In words: "owner's run.next read of B.next read the initial write, not canceller's cancel.cas (coherence-later)...". */
export function explainPins(m: Machine, g: WeakGraph, chosen: readonly Chosen[][]): string {
  const lines: string[] = [];
  for (const c of chosen.flat()) {
    const e = g.events[c.event];
    if (!e || c.kind !== 'rf') continue;
    const name = (x: LkmmEvent | undefined): string => (x?.tag === 'init' ? 'the initial write' : `${who(m, x).replace('@', "'s ")}`);
    const reader = who(m, e).replace('@', "'s ");
    if (c.write < 0) {
      lines.push(`${reader} load of ${e.loc} read ${name(g.events[writeOf(g, c) ?? -1])}, a write made after it in this schedule (load buffering), because nothing orders the load before that write: no dependency, acquire, barrier or fully ordered atomic on the path from the load back to the write`);
      continue;
    }
    const co = g.co[e.loc ?? ''] ?? [];
    const later = co[co.indexOf(c.write) + 1];
    const other = later !== undefined ? g.events[later] : undefined;
    lines.push(`${reader} load of ${e.loc} read ${name(g.events[c.write])}${other ? `, not ${name(other)}` : ''}, because nothing orders ${other ? name(other) : 'the newer write'} before it: no release/acquire pair, lock handover, barrier or fully ordered atomic between the two threads makes it happen before the load`);
  }
  return lines.length ? lines.join('; ') : 'every load read the newest write: the violation needs no stale value (the interleaving alone shows it)';
}

/** A graph as text, independent of the order its events were added (ids renamed to thread:po). */
export function graphKey(g: WeakGraph): string {
  const name = (id: number): string => {
    const e = g.events[id];
    return !e ? '?' : e.thread < 0 ? `i${e.loc ?? ''}` : `${e.thread}:${e.po}`;
  };
  const evs = g.events.filter((e) => e.thread >= 0).sort((a, b) => a.thread - b.thread || a.po - b.po);
  // Dependencies are part of the graph (the LKMM judges by them), and a thread's loop dependencies
  // (g.ctrl) go to its later events: both are in the key, so nodes differing only there never merge.
  const deps = (tag: string, ids: readonly number[]): string => (ids.length ? `${tag}${ids.map(name).join('.')}` : '');
  const parts = evs.map((e) => {
    const rf = g.rf[e.id];
    return `${name(e.id)}${e.kind}${e.loc ?? ''}=${String(e.value)}${e.tag ?? ''}${e.lock ?? ''}${rf === undefined ? '' : `<${name(rf)}`}${deps('a', e.addr)}${deps('d', e.data)}${deps('c', e.ctrl)}`;
  });
  for (const loc of Object.keys(g.co).sort()) parts.push(`${loc}:${(g.co[loc] ?? []).map(name).join(',')}`);
  g.ctrl.forEach((ids, t) => { if (ids.length) parts.push(`${t}${deps('c', ids)}`); });
  return parts.join(';');
}

/**
 * Parses pins (`a@run.next<-init, b@add.link<<c@run.cas`) against the program's thread names;
 * returns the pins or the first error in words.
 */
export function parsePins(program: Program, text: string): Pin[] | string {
  const out: Pin[] = [];
  for (const raw of text.split(',').map((x) => x.trim()).filter((x) => x.length > 0)) {
    const m = /^([\w-]+)@([\w.+-]+)\s*(<-|<<)\s*(?:(init)|([\w-]+)@([\w.+-]+?))(?:=(-?\d+))?$/.exec(raw);
    if (!m) return `expected READER@LABEL<-WRITER@LABEL (or <-init, or <-WRITER@LABEL=VALUE for a later write), or WRITER@LABEL<<WRITER@LABEL, found '${raw}'`;
    const thread = program.threads.findIndex((t) => t.name === m[1]);
    if (thread < 0) return `unknown thread '${m[1]}' in '${raw}'`;
    const writer = m[4] ? -1 : program.threads.findIndex((t) => t.name === m[5]);
    if (writer < 0 && !m[4]) return `unknown thread '${m[5]}' in '${raw}'`;
    const pin: Pin = { thread, label: m[2] as string, kind: m[3] === '<-' ? 'rf' : 'co', writer, writerLabel: m[4] ? 'init' : m[6] as string };
    if (m[7] !== undefined) pin.value = Number(m[7]);
    out.push(pin);
  }
  return out;
}

/** Splits `SCHEDULE | PINS` (a witness as the explorer prints it) into its two parts. */
export function splitWitness(text: string): { schedule: string; pins: string } {
  const at = text.indexOf('|');
  return at < 0 ? { schedule: text, pins: '' } : { schedule: text.slice(0, at).trim(), pins: text.slice(at + 1).trim() };
}
