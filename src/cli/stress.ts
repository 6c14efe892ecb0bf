// `tw stress FILE`: the scenario on real worker threads running free, N times; a histogram of
// outcomes checked against what the explorer says is reachable. An outcome the explorer calls
// impossible is a bug in the model: exit 3 with the evidence.
import { Machine } from '../core';
import { exploreFrom } from '../explore';
import { stress, listingVariantOf } from '../workers';
import { Parsed, str, int, bool, UsageError } from './args';
import { Io, loadScenario, checkVariant, checkWorkerThreads } from './load';
import { escapeText } from '../lang/diagnostics';
import { jsonText } from './jsonText';

export const STRESS_USAGE = 'tw stress FILE [--variant V] [--runs N] [--timeout S] [--no-delays] [--seed N] [--json]';
export const STRESS_FLAGS = { variant: 'string', runs: 'int', timeout: 'int', delays: 'bool', 'no-delays': 'bool', seed: 'int', json: 'bool' } as const;

/** What `tw stress` does: one file, N free runs on worker threads, one output form. */
export interface StressOptions {
  file: string;
  /** Default: the file's own `variant`. */
  variant?: string;
  runs: number;
  /** Random delays between steps to shake out rare interleavings (default on). */
  delays: boolean;
  seed: number;
  /** Wall-clock budget for the whole command, prediction included. */
  timeoutMs?: number;
  json: boolean;
}

/** Maps `tw stress`'s flags onto StressOptions (undefined: print the usage). */
export function stressOptions(p: Parsed): StressOptions | undefined {
  const file = p.positional[0];
  if (file === undefined || p.positional.length > 1) return undefined;
  const timeout = int(p, 'timeout');
  if (bool(p, 'delays') && bool(p, 'no-delays')) throw new UsageError('--delays and --no-delays contradict each other');
  return {
    file, variant: str(p, 'variant'), runs: int(p, 'runs') ?? 1000, delays: !bool(p, 'no-delays'), seed: int(p, 'seed') ?? 1,
    timeoutMs: timeout !== undefined ? timeout * 1000 : undefined, json: bool(p, 'json'),
  };
}

export async function cmdStress(o: StressOptions | undefined, io: Io): Promise<number> {
  if (!o) { io.err(`usage: ${STRESS_USAGE}`); return 2; }
  const file = escapeText(o.file);
  const program = loadScenario(o.file, io);
  if (!program) return 2;
  const variant = checkVariant(o.variant ?? program.variant);
  checkWorkerThreads(program, 'tw stress');
  // The prediction shares the --timeout budget; cut short, it cannot call an outcome impossible.
  // It gets at most half of it, the runs the rest. Cancelled at its deadline, the explorer returns
  // at once (it skips shortening schedules, which stress does not need).
  const t0 = Date.now();
  // The workers run the variant's listing: the prediction explores that same listing.
  const runs = listingVariantOf(program, variant);
  const m = new Machine(program, runs);
  const deadline = o.timeoutMs !== undefined ? t0 + o.timeoutMs / 2 : Infinity;
  const prediction = await exploreFrom(m, m.init().state, [], { variant: runs, strategy: 'stateful' }, undefined, () => Date.now() > deadline);
  const predictMs = Date.now() - t0;
  const predicted = prediction.complete ? prediction.outcomes : undefined;
  const budgetMs = o.timeoutMs !== undefined ? Math.max(0, o.timeoutMs - (Date.now() - t0)) : undefined;
  const r = await stress(program, { variant: runs, runs: o.runs, delays: o.delays, seed: o.seed, predicted, budgetMs });
  const outcomes = [...r.outcomes].sort((a, b) => b[1] - a[1]);
  const label = (text: string): string => (!predicted ? 'unchecked  ' : predicted.includes(text) ? 'predicted  ' : 'IMPOSSIBLE ');
  const unchecked = predicted ? undefined : `the explorer's prediction stopped after ${(predictMs / 1000).toFixed(1)} s (${prediction.stopped === 'cancelled' ? 'timeout' : prediction.stopped ?? 'incomplete'}): outcomes are not checked against the model`;
  if (o.json) {
    io.out(jsonText({
      file, variant, runs: r.runs, elapsedMs: r.elapsedMs, stepLimited: r.stepLimited, deadlocked: r.deadlocked,
      outcomes: outcomes.map(([text, count]) => ({ text, count, predicted: predicted ? predicted.includes(text) : null })),
      ...(unchecked ? { unchecked } : {}),
      violations: Object.fromEntries(r.violations), unexpected: r.unexpected.map((o) => ({ outcome: o, evidence: r.evidence.get(o) })),
    }));
  } else {
    io.out(`${file} under ${variant}: ${r.runs} runs on worker threads in ${(r.elapsedMs / 1000).toFixed(1)} s`);
    for (const [text, count] of outcomes) {
      io.out(`  ${String(count).padStart(7)}  ${label(text)} ${text}`);
    }
    if (unchecked) io.out(`  ${unchecked}`);
    for (const [kind, count] of r.violations) io.out(`  violation ${kind}: ${count} run(s)`);
    if (r.stepLimited || r.deadlocked) io.out(`  step-limited: ${r.stepLimited}, deadlocked: ${r.deadlocked}`);
  }
  if (r.unexpected.length > 0) {
    io.err(`tw stress: ${r.unexpected.length} outcome(s) observed on real threads that the explorer says are impossible — a bug in the model:`);
    for (const o of r.unexpected) {
      const ev = r.evidence.get(o);
      io.err(`  ${o}${ev ? ` (first in run ${ev.run}${ev.violations.length ? `: ${ev.violations.join('; ')}` : ''})` : ''}`);
    }
    return 3;
  }
  return r.violations.size > 0 ? 1 : 0;
}
