// Combines the results of shards (or of any split of one exploration) into one result. Counts
// add up, outcome sets unite, and each kind keeps its best schedule: minimal first, then fewest
// preemptions, fewest steps, and the schedule text as the last tie-break.
import { VIOLATION_KINDS } from '../core';
import { ExploreResult, ExploreViolation } from './types';
import { mergeCoverage } from './coverage';

function better(a: ExploreViolation, b: ExploreViolation): boolean {
  if (a.minimal !== b.minimal) return a.minimal;
  if (a.preemptions !== b.preemptions) return a.preemptions < b.preemptions;
  if (a.steps !== b.steps) return a.steps < b.steps;
  return a.schedule < b.schedule;
}

/** True when the shards are exactly 0..count-1 of one count (each once). */
function coversAll(results: readonly ExploreResult[]): boolean {
  const count = results[0]?.shard?.count;
  if (count === undefined) return results.length === 1;
  const seen = new Set(results.map((r) => (r.shard?.count === count ? r.shard.index : -1)));
  return results.length === count && seen.size === count && !seen.has(-1);
}

export function mergeResults(results: readonly ExploreResult[]): ExploreResult {
  const first = results[0];
  if (!first) throw new Error('mergeResults: no results');
  for (const r of results) {
    if (r.strategy !== first.strategy || r.variant !== first.variant) {
      throw new Error(`mergeResults: cannot merge ${r.strategy}/${r.variant} with ${first.strategy}/${first.variant}`);
    }
  }
  const best = new Map<string, ExploreViolation>();
  for (const r of results) {
    for (const v of r.violations) {
      const cur = best.get(v.kind);
      if (!cur || better(v, cur)) best.set(v.kind, v);
    }
  }
  const outcomes = new Set<string>();
  for (const r of results) for (const o of r.outcomes) outcomes.add(o);
  const stopped = results.find((r) => r.stopped)?.stopped;
  const merged: ExploreResult = {
    strategy: first.strategy, variant: first.variant,
    executions: sum(results, (r) => r.executions), states: sum(results, (r) => r.states),
    pruned: sum(results, (r) => r.pruned), steps: sum(results, (r) => r.steps),
    timeMs: Math.max(...results.map((r) => r.timeMs)),
    violations: VIOLATION_KINDS.flatMap((k) => { const v = best.get(k); return v ? [v] : []; }),
    outcomes: [...outcomes].sort(),
    complete: results.every((r) => r.complete) && coversAll(results),
  };
  if (first.maxSteps !== undefined) merged.maxSteps = first.maxSteps;
  if (stopped) merged.stopped = stopped;
  if (first.symmetry) merged.symmetry = first.symmetry;
  const misses = results.filter((r) => r.missProbability !== undefined);
  if (misses.length > 0) merged.missProbability = Math.min(1, sum(misses, (r) => r.missProbability ?? 0));
  const covered = results.flatMap((r) => (r.coverage ? [r.coverage] : []));
  // Coverage of some shards only would claim less than was explored: all or nothing.
  if (covered.length === results.length) merged.coverage = mergeCoverage(covered);
  return merged;
}

function sum(rs: readonly ExploreResult[], f: (r: ExploreResult) => number): number {
  return rs.reduce((a, r) => a + f(r), 0);
}
