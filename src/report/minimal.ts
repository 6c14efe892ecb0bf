// `--minimal`: the steps a race's explanation needs. The explorer's findRace names the deciding
// pair; kept are that pair, the violating step, and, transitively, for every kept step the latest
// earlier step of each other thread it conflicts with (what it read from or overwrote).
import { Machine, ViolationKind } from '../core';
import { findRace, conflict, RaceEvent } from '../explore';
import { ScheduleRun } from './scheduleSteps';

export interface MinimalRace {
  /** Step indices to draw. */
  keep: Set<number>;
  /** The violating step's index: the drawing ends there. */
  last: number;
  kind: ViolationKind;
  /** The explorer's sentence for the race. */
  text: string;
}

/** The first violation's race, or why it has none (no violation, no race before it). */
export function minimalRace(m: Machine, r: ScheduleRun): MinimalRace | string {
  const v = r.violations[0];
  if (!v) return 'no violation: nothing to reduce to';
  const last = v.step > 0 ? v.step - 1 : r.schedule.length - 1;
  const race = findRace(m, r.schedule.slice(0, last + 1), 0, v.kind);
  if (typeof race === 'string') return race;
  const keep = new Set<number>([race.i, race.j, last]);
  for (const s of r.steps) if (s.index <= last && s.violations.some((x) => x.kind === v.kind)) keep.add(s.index);
  const work = [...keep];
  for (let k = work.pop(); k !== undefined; k = work.pop()) {
    for (const l of conflictingBefore(race.evs, k)) if (!keep.has(l)) { keep.add(l); work.push(l); }
  }
  return { keep, last, kind: v.kind, text: race.text };
}

/** For each other thread, its latest step before k that conflicts with step k. */
function conflictingBefore(evs: readonly RaceEvent[], k: number): number[] {
  const ek = evs[k];
  if (!ek) return [];
  const seen = new Set<number>([ek.t]);
  const out: number[] = [];
  for (let l = k - 1; l >= 0; l--) {
    const el = evs[l];
    if (!el || seen.has(el.t) || conflict(el.fp, ek.fp) === 0) continue;
    seen.add(el.t);
    out.push(l);
  }
  return out;
}
