// `tw/exploreFromHere`: the explorer's exploreFrom run on the paused state, with DAP progress
// events (progressStart / progressUpdate / progressEnd) and cancellation by the `cancel` request
// (exploreFrom polls between slices of a few ms, so a cancel lands well within 100 ms).
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Event } from '@vscode/debugadapter';
import { exploreFrom, validateOptions } from '../explore/explore';
import type { ExploreOptions, ExploreResult, StrategyName } from '../explore/types';
import { TraceDebugger } from './traceDebugger';

/** How the session sends what the job produces. */
export interface ExploreIO {
  send(e: DebugProtocol.Event): void;
  respond(r: DebugProtocol.Response): void;
  fail(r: DebugProtocol.Response, message: string): void;
  say(text: string): void;
}

/** The options a client may pass, narrowed from JSON (unknown keys are ignored). */
function exploreOptionsOf(args: unknown): ExploreOptions {
  const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
  const o: ExploreOptions = {};
  if (typeof a.strategy === 'string') o.strategy = a.strategy as StrategyName;
  for (const k of ['bound', 'maxExecutions', 'timeoutMs', 'seed', 'maxSteps'] as const) {
    const v = a[k];
    if (typeof v === 'number') o[k] = v;
  }
  return o;
}

/** One line for people: what was explored and what was found. */
function exploreSummary(r: ExploreResult, fromStep: number): string {
  const scope = `${r.executions} executions, ${r.states} states from step ${fromStep}`;
  const how = r.complete ? 'complete' : `incomplete: ${r.stopped ?? 'bounded'}`;
  const first = r.violations[0];
  if (!first) return `no violation in ${scope} (${how})`;
  return `found ${r.violations.map((v) => v.kind).join(', ')} in ${scope} (${how}); first: ${first.kind} with schedule "${first.schedule}"`;
}

let nextProgress = 1;

export class ExploreJobs {
  private job: { progressId: string; requestSeq: number; cancelled: boolean } | undefined;

  async run(dbg: TraceDebugger, response: DebugProtocol.Response, args: unknown, progress: boolean, io: ExploreIO): Promise<void> {
    if (this.job) return io.fail(response, 'an exploration is already running: cancel it first');
    const options = exploreOptionsOf(args);
    const errs = validateOptions(dbg.m.program, { ...options, variant: dbg.m.variant.name });
    if (errs.length) return io.fail(response, `explore from here: ${errs.join('; ')}`);
    const job = { progressId: `tw-explore-${nextProgress++}`, requestSeq: response.request_seq, cancelled: false };
    this.job = job;
    const from = dbg.timeline.position;
    if (progress) {
      io.send(new Event('progressStart', { progressId: job.progressId, title: `Exploring from step ${from}`, cancellable: true, requestId: job.requestSeq, message: options.strategy ?? 'stateful' }) as DebugProtocol.Event);
    }
    const update = (p: { executions: number; states: number }): void => {
      if (progress) io.send(new Event('progressUpdate', { progressId: job.progressId, message: `${p.executions} executions, ${p.states} states` }) as DebugProtocol.Event);
    };
    try {
      const result = await exploreFrom(dbg.m, dbg.s, dbg.timeline.schedule.slice(), options, update, () => job.cancelled);
      const summary = exploreSummary(result, from);
      io.say(`explore from here: ${summary}`);
      for (const v of result.violations) io.say(`  ${v.kind}: ${v.message}\n    schedule "${v.schedule}"\n    ${v.explanation}`);
      if (progress) io.send(new Event('progressEnd', { progressId: job.progressId, message: summary }) as DebugProtocol.Event);
      response.body = { summary, result };
      io.respond(response);
    } catch (e) {
      if (progress) io.send(new Event('progressEnd', { progressId: job.progressId, message: 'failed' }) as DebugProtocol.Event);
      io.fail(response, `explore from here failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.job = undefined;
    }
  }

  /** `cancel` by progressId or by the request's seq; with neither, any running exploration. */
  cancel(progressId?: string, requestId?: number): void {
    const j = this.job;
    if (!j) return;
    if ((progressId === undefined && requestId === undefined) || progressId === j.progressId || requestId === j.requestSeq) j.cancelled = true;
  }
}
