// What a search covered: how often each step label ran, which .tw lines ran, and, for every two
// racing steps of different threads (dependent, and not a lock release and its next acquisition)
// on one execution path, which ran first. A pair seen in both orders is "raced both ways".
import { Machine, State } from '../core';
import { Footprints, Fp, racing } from './footprints';

/** Plain data (JSON-safe), in canonical order so merged and single results compare equal. */
export interface CoverageData {
  /** Steps taken per label (`run.cas`, `free`...), sorted by label. */
  labels: [string, number][];
  /** Steps taken per line of the .tw file (its statements, an API call's steps on the call's line), by line. */
  lines: [number, number][];
  /** `[first, second]`: on some explored path a step labelled first ran before a racing one labelled second. */
  orders: [string, string][];
}

export class Coverage {
  private readonly labels = new Map<string, number>();
  private readonly lines = new Map<number, number>();
  private readonly orders = new Set<string>();
  /** The current path's steps (index = position from the search root), overwritten as the search backtracks. */
  private readonly path: { t: number; label: string; fp: Fp }[] = [];

  /** Before thread t steps in s, as step number pathLen of the search's path. */
  record(m: Machine, fps: Footprints, s: State, t: number, pathLen: number): void {
    const label = m.nextLabel(s, t);
    if (!label || !m.canMove(s, t)) return;
    this.labels.set(label, (this.labels.get(label) ?? 0) + 1);
    const th = s.threads[t];
    // The .tw line: the statement itself, or the API call a listing step is part of.
    const frames = th?.frames ?? [];
    const top = frames[frames.length - 1];
    const f = top?.kind === 'code' ? top : frames[frames.length - 2];
    if (f?.kind === 'code') {
      const line = m.program.blocks[f.block]?.instrs[f.pc]?.origin.range.line;
      if (line !== undefined) this.lines.set(line, (this.lines.get(line) ?? 0) + 1);
    }
    const fp = fps.of(s, t);
    const at = pathLen - 1;
    for (let i = 0; i < at; i++) {
      const e = this.path[i];
      if (e && e.t !== t && racing(e.fp, fp)) this.orders.add(`${e.label}\n${label}`);
    }
    this.path[at] = { t, label, fp };
  }

  absorb(d: CoverageData): void {
    for (const [l, n] of d.labels) this.labels.set(l, (this.labels.get(l) ?? 0) + n);
    for (const [l, n] of d.lines) this.lines.set(l, (this.lines.get(l) ?? 0) + n);
    for (const [a, b] of d.orders) this.orders.add(`${a}\n${b}`);
  }

  data(): CoverageData {
    return {
      labels: [...this.labels].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
      lines: [...this.lines].sort((a, b) => a[0] - b[0]),
      orders: [...this.orders].sort().map((k) => k.split('\n') as [string, string]),
    };
  }
}

/** The union of several searches' coverage (shards, worker tasks). */
export function mergeCoverage(all: readonly CoverageData[]): CoverageData {
  const c = new Coverage();
  for (const d of all) c.absorb(d);
  return c.data();
}
