// `tw run --engine workers`: one interleaving on gated workers, with the same options and result
// shape as the core's run(m, {prefix, fill, detail}), so the CLI prints it with the same code.
import { Program, Variant, Machine, RunOptions, RunResult, StepRecord, Access, choices, describeStep, fillChooser, replay } from '../core';
import { GatedWorkers, WorkerOptions } from './gated';

/**
 * Setup's trace lines. Setup races with nothing, so its text is rendered by the core replaying it
 * (the equivalence tests check that its events are those the heap interpreter produced).
 */
function setupText(core: Machine): string[] {
  const lines: string[] = [];
  core.init((s, ev, fp) => { lines.push(describeStep(core.ctx, s, ev, fp)); });
  return lines;
}

/** Runs one execution on worker threads; the workers are always terminated before it settles. */
export async function runOnWorkers(program: Program, variant: string | Variant | undefined,
  opts: RunOptions & WorkerOptions = {}): Promise<RunResult> {
  const g = await GatedWorkers.start(program, variant, opts);
  try {
    const core = opts.detail ? new Machine(program, g.ctx.variant, g.ctx.limits) : undefined;
    const steps: StepRecord[] = [];
    const schedule: number[] = [];
    const take = async (t: number): Promise<void> => {
      const before = core ? g.snapshot() : undefined;
      const footprint: Access[] = core && before ? core.footprint(before, t) : [];
      const why = core && !g.canMove(t) ? g.blockedReason(t) : null;
      const event = await g.step(t);
      const text = core ? describeStep(g.ctx, g.snapshot(), event, footprint, why) : '';
      steps.push({ event, footprint, why, text });
      schedule.push(t);
    };
    if (g.allDone()) g.finish();
    const choose = replay(opts.prefix ?? [], fillChooser(opts.fill ?? { kind: 'round-robin' }));
    for (const t of choices(choose, { finished: () => g.finished, enabled: () => g.enabled() })) await take(t);
    return { state: g.snapshot(), setup: g.setupEvents, steps, schedule, setupText: core ? setupText(core) : [] };
  } finally {
    await g.close();
  }
}
