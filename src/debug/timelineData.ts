// The timeline view's two custom requests, on the debugger's side: every step taken so far
// (`tw/timeline`), and travel along a planned order (`tw/replay`: a click on a cell, or a step
// dragged elsewhere, replayed from the last step the plan shares with the session).
import { threadName } from '../core';
import type { ReplayArgs, ReplayOutcome, TimelineData } from '../protocol/messages';
import type { TraceDebugger } from './traceDebugger';
import type { StopInfo } from './breakpoints';

export function timelineData(dbg: TraceDebugger): TimelineData {
  const { m, s, timeline } = dbg;
  return {
    threads: m.program.threads.map((_, t) => threadName(m.ctx, t)),
    steps: timeline.events.map((ev) => ({
      thread: ev.thread, label: ev.label, ok: ev.ok,
      ...(ev.blockedAt ? { blockedAt: ev.blockedAt } : {}),
      violations: ev.firstViolation < 0 ? [] : s.violations.slice(ev.firstViolation).filter((v) => v.step === 0 || v.step === ev.step)
        .map((v) => ({ kind: v.kind, message: v.message, step: v.step })),
    })),
    finished: s.finished,
  };
}

/** Checks the plan against the scenario's threads (the schema checked the shapes). */
function planProblem(dbg: TraceDebugger, args: ReplayArgs): string | null {
  const n = dbg.m.program.threads.length;
  const bad = args.plan.findIndex((p) => p.thread >= n);
  if (bad >= 0) return `tw/replay: plan[${bad}].thread is ${args.plan[bad]?.thread}: the scenario has ${n} thread(s)`;
  if (args.upTo > args.plan.length) return `tw/replay: upTo ${args.upTo} is past the plan's ${args.plan.length} steps`;
  return null;
}

/** Runs a `tw/replay` request: the outcome for the response and the stop to report, or why it is refused. */
export function travelRequest(dbg: TraceDebugger, args: ReplayArgs): { outcome: ReplayOutcome; stop: StopInfo } | string {
  const problem = planProblem(dbg, args);
  if (problem) return problem;
  const focus = args.threadId !== undefined && args.threadId >= 1 && args.threadId <= dbg.m.program.threads.length ? args.threadId - 1
    : (args.plan[args.upTo - 1]?.thread ?? 0);
  return dbg.travel(args.plan, args.upTo, focus);
}
