// The initial state: every task idle, every declared work allocated at its address (except the
// ones that reuse another's address), then `setup {}` run to completion as a thread of its own.
import { NULL, funcValue } from './program';
import { Ctx, StepEvent, report } from './context';
import { State, Cell, WorkGhost, codeFrame } from './state';

function freshState(ctx: Ctx): State {
  const p = ctx.program;
  const cells: Cell[] = [];
  for (let slot = 0; slot < p.slots; slot++) cells.push({ work: -1, last: -1, next: NULL, func: NULL, pprev: NULL });
  const works: WorkGhost[] = p.works.map((w, id) => {
    const cell = cells[w.slot];
    if (w.allocated && cell && cell.work < 0) {
      cell.work = id;
      cell.func = w.func >= 0 ? funcValue(w.func) : NULL;
    }
    return { life: w.allocated ? 'idle' : 'unallocated', adds: 0, runs: 0, cancels: 0, cancelledSinceAdd: false, task: -1 };
  });
  return {
    tasks: p.tasks.map(() => ({ taskWorks: NULL, lockHolder: -1, exiting: false, notifyResume: false, notifySignal: false, exited: false })),
    cpus: (p.cpus ?? []).map((c) => c.task),
    cells, works, threads: [], steps: 0, violations: [], reported: [], finished: false,
  };
}

/** Setup ran past the step bound: said, never cut short silently (shared with the worker engine). */
export function setupLimitText(ctx: Ctx): string {
  return `setup: no end after ${ctx.limits.maxSteps} steps; raise the bound with --max-steps`;
}

/** Setup cannot move: nothing else runs during setup, so it never will. */
export function setupBlockedText(ev: StepEvent): string {
  return `setup is blocked${ev.blockedAt ? ` at ${ev.blockedAt}` : ''}, and nothing else runs during setup`;
}

export function initialState(ctx: Ctx, settle: (s: State, t: number) => void,
  step: (s: State, t: number) => StepEvent): { state: State; setupEvents: StepEvent[] } {
  const p = ctx.program;
  const s = freshState(ctx);
  const setupEvents: StepEvent[] = [];
  const setupBlock = p.blocks[p.setup];
  if (setupBlock) {
    const t = p.threads.length; // setup runs as a thread after the declared ones; no schedule names it
    for (let u = 0; u < t; u++) s.threads.push({ frames: [], done: true, lastReturn: null });
    s.threads.push({ frames: [codeFrame(p.setup, setupBlock.locals.length, 0)], done: false, lastReturn: null });
    settle(s, t);
    const th = s.threads[t];
    while (th && !th.done && !s.finished) {
      if (setupEvents.length >= ctx.limits.maxSteps) {
        report(s, 'step-limit', setupLimitText(ctx), t, 'branch', []);
        s.finished = true;
        break;
      }
      const ev = step(s, t);
      setupEvents.push(ev);
      if (ev.label === 'spin' && !s.finished) { // setup waits for nothing: a blocked setup cannot go on
        report(s, 'deadlock', setupBlockedText(ev), t, 'branch', []);
        s.finished = true;
      }
    }
    s.threads.length = 0;
    s.steps = 0;
  }
  for (let t = 0; t < p.threads.length; t++) {
    const decl = p.threads[t];
    const block = decl ? p.blocks[decl.block] : undefined;
    s.threads.push({ frames: block && decl ? [codeFrame(decl.block, block.locals.length, 0)] : [], done: false, lastReturn: null });
  }
  for (let t = 0; t < p.threads.length; t++) settle(s, t);
  return { state: s, setupEvents };
}
