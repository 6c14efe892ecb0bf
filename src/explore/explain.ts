// Names the race behind a violation: the latest pair of racing steps of two threads (dependent,
// and able to run in either order) whose reversal makes the violation go away on replay. Honest by
// construction: each claim is checked by running the reversed schedule.
import { Machine, State, ViolationKind, choices, cloneState, objectName, roundRobin, threadName } from '../core';
import { Footprints, Fp, racing } from './footprints';

interface Ev { t: number; fp: Fp; label: string; vc: Int32Array; seq: number }

/** Replays path from the initial state, recording each step's footprint and clock. */
function record(m: Machine, fps: Footprints, path: readonly number[]): Ev[] | undefined {
  const { state } = m.init();
  const n = state.threads.length;
  const last = new Array<Ev | undefined>(n).fill(undefined);
  const evs: Ev[] = [];
  for (const t of path) {
    if (state.finished) return undefined;
    // A spin step of a given prefix touches nothing: it races with no one.
    const fp = m.canMove(state, t) ? fps.of(state, t) : { r: 0, w: 0, acq: 0, rel: 0 };
    const label = m.nextLabel(state, t) ?? '?';
    const vc = new Int32Array(n);
    const own = last[t];
    if (own) vc.set(own.vc);
    for (const e of evs) if (e.t !== t && conflict(e.fp, fp) !== 0) for (let u = 0; u < n; u++) vc[u] = Math.max(vc[u] ?? 0, e.vc[u] ?? 0);
    const seq = (own?.seq ?? 0) + 1;
    vc[t] = seq;
    const ev = { t, fp, label, vc, seq };
    evs.push(ev);
    last[t] = ev;
    m.step(state, t);
  }
  return evs;
}

/** Objects both steps touch with at least one of them writing (a bit mask; 0 = independent). */
export function conflict(a: Fp, b: Fp): number {
  const aw = a.w | a.acq | a.rel;
  const bw = b.w | b.acq | b.rel;
  return (aw & (b.r | bw)) | (bw & a.r);
}

function hb(a: Ev, b: Ev): boolean {
  return (b.vc[a.t] ?? 0) >= a.seq;
}

/** A state along the replay of `shows` (steps that cannot move skipped) and the thread that moved last. */
interface Snapshot { state: State; last: number }

/**
 * The states `shows` passes through after path[0..i), made on demand from the nearest one made
 * before: every reversal tried shares such a prefix with the path, and need not replay it again.
 */
class Snapshots {
  private readonly at = new Map<number, Snapshot>();
  constructor(private readonly m: Machine, private readonly path: readonly number[]) {}

  get(i: number): Snapshot {
    const have = this.at.get(i);
    if (have) return have;
    let k = -1;
    for (const x of this.at.keys()) if (x < i && x > k) k = x;
    const base = this.at.get(k);
    const state = base ? cloneState(base.state) : this.m.init().state;
    let last = base ? base.last : -1;
    for (let n = Math.max(k, 0); n < i; n++) {
      const t = this.path[n] as number;
      if (!state.finished && this.m.canMove(state, t)) { this.m.step(state, t); last = t; }
    }
    const snap = { state, last };
    this.at.set(i, snap);
    return snap;
  }
}

/** From a copy of `from`, runs the steps (skipping those that cannot move), then round-robin to the end; does `kind` show? */
function shows(m: Machine, from: Snapshot, steps: readonly number[], kind: ViolationKind): boolean {
  const state = cloneState(from.state);
  let last = from.last;
  for (const t of steps) if (!state.finished && m.canMove(state, t)) { m.step(state, t); last = t; }
  let guard = 0;
  for (const t of choices(roundRobin(), { finished: () => state.finished, enabled: () => m.enabled(state) }, last)) {
    m.step(state, t);
    if (++guard >= 100000) break;
  }
  if (!state.finished) m.finish(state);
  return state.violations.some((v) => v.kind === kind);
}

function stepText(m: Machine, e: RaceEvent, obj: string): string {
  return `${threadName(m.ctx, e.t)}'s ${e.label} on ${obj}`;
}

/** The lowest object of the conflict mask; bit 31 is footprints' stand-in for the invariants' reads. */
function objText(m: Machine, mask: number): string {
  const bit = 31 - Math.clz32(mask & -mask);
  return bit === 31 ? 'what the invariant reads' : objectName(m.ctx, bit);
}

/** The deciding pair of a violation: steps i before j (indices into the path) and every step's record. */
export interface Race {
  i: number;
  j: number;
  evs: readonly RaceEvent[];
  /** "owner's run.next on B before canceller's cancel.cas on B" */
  text: string;
}

/** One step of a replayed path: its thread, label and footprint (masks over shared objects). */
export interface RaceEvent { t: number; label: string; fp: Fp }

/**
 * The latest pair of racing steps whose reversal makes the violation go away, or why there is none.
 * @param path the violating schedule from the initial state (it ends at the violating step)
 * @param from steps before this index are a given prefix (not reordered)
 */
export function findRace(m: Machine, path: readonly number[], from: number, kind: ViolationKind, maxTries = 200): Race | string {
  const evs = record(m, new Footprints(m), path);
  if (!evs) return 'no explanation: the schedule does not replay';
  // The pairs to try, latest first: which they are depends only on the recorded steps.
  const pairs: [number, number][] = [];
  for (let j = evs.length - 1; j > from; j--) {
    const ej = evs[j];
    if (!ej) continue;
    for (let i = j - 1; i >= from && pairs.length < maxTries; i--) {
      const ei = evs[i];
      // Not only direct races: the decisive pair may be ordered through a third step as well
      // (run.next of B, then run.call of B, then the canceller's CAS on B's next). But e_j's own
      // thread must be able to go first: none of its steps in between may depend on e_i.
      if (!ei || ei.t === ej.t || !racing(ei.fp, ej.fp) || !movable(evs, i, j)) continue;
      pairs.push([i, j]);
    }
  }
  const candidates = pairs.length;
  const snaps = new Snapshots(m, path);
  for (const [i, j] of pairs) {
    const ei = evs[i] as Ev;
    const ej = evs[j] as Ev;
    if (!shows(m, snaps.get(i), reversed(path, evs, i, j).slice(i), kind)) {
      const obj = objText(m, conflict(ei.fp, ej.fp));
      return { i, j, evs, text: `${stepText(m, ei, obj)} before ${stepText(m, ej, obj)}` };
    }
  }
  return candidates === 0
    ? 'no two threads race before it: it happens on this path whatever the order'
    : 'no single reordering of two racing steps avoids it';
}

/** findRace's sentence, or why there is no race to name. */
export function explainRace(m: Machine, path: readonly number[], from: number, kind: ViolationKind, maxTries = 200): string {
  const race = findRace(m, path, from, kind, maxTries);
  return typeof race === 'string' ? race : race.text;
}

/** Every step of e_j's thread between e_i and e_j is independent of e_i, so e_j can move before it. */
function movable(evs: readonly Ev[], i: number, j: number): boolean {
  const ei = evs[i];
  const ej = evs[j];
  if (!ei || !ej) return false;
  for (let k = i + 1; k < j; k++) {
    const ek = evs[k];
    if (ek && ek.t === ej.t && hb(ei, ek)) return false;
  }
  return true;
}

/**
 * path with e_j moved before e_i, together with the steps between them that do not depend on e_i;
 * the steps that do (e_i's own later steps, what they enabled) follow e_i in their old order.
 */
function reversed(path: readonly number[], evs: readonly Ev[], i: number, j: number): number[] {
  const ei = evs[i];
  const out = path.slice(0, i);
  const after: number[] = [];
  for (let k = i + 1; k < j; k++) {
    const ek = evs[k];
    if (!ek || !ei) continue;
    if (hb(ei, ek)) after.push(ek.t);
    else out.push(ek.t);
  }
  out.push(path[j] ?? 0, path[i] ?? 0, ...after, ...path.slice(j + 1));
  return out;
}

