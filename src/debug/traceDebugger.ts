// The debugger's behaviour with no protocol in it: per-thread stepping (one atomic step, one
// statement, one API call), Continue under a scheduler, parking, breakpoints checked once per
// arrival, and time travel (step back, reverse continue) over the timeline's checkpoints.
import { Machine, State, StepEvent, describeStep, threadName, describeViolation } from '../core';
import { Engine } from './engine';
import { Timeline, StepHooks } from './timeline';
import { Arrival, NOTHING_BEFORE, arrivalOf } from './arrival';
import { Bp, BreakpointSet, ObserveMode, StopInfo, Watch } from './breakpoints';
import { Scheduler } from './scheduler';
import type { SchedulerKind } from './launchArgs';
import type { PlannedStep, ReplayOutcome } from '../protocol/messages';
import { replayPlan } from './reorder';

export interface DebuggerOptions { scheduler: SchedulerKind; seed: number; trace: boolean }

/** Output for the Debug Console: a message, and the breakpoint it comes from (logpoints). */
export type Emit = (text: string, bp?: Bp) => void;

/** A stop found while rescanning: where, and the hit counts and unchecked arrivals at that point. */
interface StopMark { pos: number; stop: StopInfo; counts: number[]; pending: boolean[] }

/** Steps Continue takes between two looks at the event loop (so Pause gets through). */
const CHUNK = 2048;

export class TraceDebugger implements StepHooks {
  readonly timeline: Timeline;
  readonly bps = new BreakpointSet();
  readonly parked = new Set<number>();
  /** Where each thread arrived with its last step, and whether that arrival is still unchecked. */
  private arrivals: (Arrival | null)[] = [];
  private pending: boolean[] = [];
  private watch: Watch | null = null;
  /** Hit counts match the trace prefix (false after going back or changing breakpoints). */
  countsValid = true;
  private pauseFlag = false;
  running = false;
  private readonly scheduler: Scheduler;
  private readonly live: ObserveMode;
  private static readonly SILENT: ObserveMode = { log: null };

  constructor(readonly engine: Engine, private readonly opts: DebuggerOptions, private readonly emit: Emit) {
    this.timeline = new Timeline(engine, this);
    this.scheduler = new Scheduler(opts.scheduler, opts.seed);
    this.live = { log: (text, bp) => emit(text, bp) };
  }

  get m(): Machine { return this.engine.machine; }
  get s(): State { return this.engine.state(); }
  name(t: number): string { return threadName(this.m.ctx, t); }

  async start(): Promise<StepEvent[]> {
    const setup = await this.engine.init();
    this.arrivals = this.s.threads.map((_, t) => arrivalOf(this.m, this.s, t, NOTHING_BEFORE, null));
    this.pending = this.arrivals.map(() => true);
    this.timeline.start();
    return setup;
  }

  // StepHooks: every step, replayed or not, keeps the arrivals exact.
  before(t: number): void { this.watch = this.bps.capture(this.m, this.s, t); }
  after(t: number, ev: StepEvent): void {
    if (ev.label === 'spin' || !this.watch) return;
    this.arrivals[t] = arrivalOf(this.m, this.s, t, this.watch.before, ev);
    this.pending[t] = true;
  }
  save(): unknown { return this.arrivals.slice(); }
  restore(saved: unknown): void { this.arrivals = (saved as (Arrival | null)[]).slice(); }

  /** One recorded step of t, with its trace line and the after-step checks. */
  private forward(t: number): StopInfo | null {
    const fp = this.opts.trace ? this.m.footprint(this.s, t) : null;
    const why = fp && !this.m.canMove(this.s, t) ? this.m.blockedReason(this.s, t) : null;
    const ev = this.timeline.step(t);
    const w = this.watch;
    if (fp) this.emit(describeStep(this.m.ctx, this.s, ev, fp, why));
    return w ? this.bps.afterStep(this.m, this.s, t, w, ev, this.live) : null;
  }

  /** Checks t's arrival once, just before t leaves it. */
  private checkBefore(t: number, mode: ObserveMode = this.live): StopInfo | null {
    if (!this.pending[t]) return null;
    this.pending[t] = false;
    const a = this.arrivals[t];
    return a ? this.bps.checkArrival(this.m, this.s, a, mode) : null;
  }

  /** Recounts breakpoint hits over the trace prefix when going back or new breakpoints made them stale. */
  private ensureCounts(): void {
    if (this.countsValid) return;
    this.countsValid = true;
    if (!this.bps.hasHitConditions()) return;
    const saved = this.pending.slice();
    this.bps.resetCounts();
    this.pending = this.pending.map(() => true);
    this.timeline.rescan((t) => { this.checkBefore(t, TraceDebugger.SILENT); });
    saved.forEach((p, t) => { if (!p) { this.pending[t] = true; this.checkBefore(t, TraceDebugger.SILENT); } });
    this.pending = saved;
  }

  /** Why thread t cannot take a step now (and the output says so), or null. */
  private refuse(t: number): StopInfo | null {
    const s = this.s;
    const name = this.name(t);
    let why: string | null = null;
    if (s.finished) why = 'the execution has finished (Step Back, Reverse Continue or Restart)';
    else if (!s.threads[t]) why = `there is no thread ${t + 1}`;
    else if (!this.m.canMove(s, t)) why = `${name} cannot step: ${s.threads[t]?.done ? 'it has finished' : this.m.blockedReason(s, t)}`;
    return why ? this.stayStop(t, why) : null;
  }

  /** A step command that did not move t: the output and the stop both say why. */
  private stayStop(t: number, why: string): StopInfo {
    this.emit(why);
    return { reason: 'step', thread: t, description: why };
  }

  /** Where a stepped thread now stands, as a stop description. */
  private stepStop(t: number): StopInfo {
    const label = this.m.nextLabel(this.s, t);
    return { reason: 'step', thread: t, description: label ? `before ${label}` : `${this.name(t)} has finished` };
  }

  /** The stop after a step command: t's new arrival is consumed (counted) since we stop there. */
  private arriveStop(t: number): StopInfo {
    if (this.s.finished) return this.endStop(t);
    this.checkBefore(t);
    return this.stepStop(t);
  }

  endStop(t: number): StopInfo {
    const s = this.s;
    const v = s.violations;
    const first = v[0];
    const description = first
      ? `execution finished after ${s.steps} steps with ${v.length} violation(s); first: ${describeViolation(this.m.ctx, first)}`
      : `execution finished after ${s.steps} steps: no violation`;
    // Under the LKMM a read of a later write (load buffering) must be bound to a write at the end.
    const unbound = s.threads.every((th) => th.done) ? (this.m.weak?.g?.pending.length ?? 0) : 0;
    const not = unbound ? `; ${unbound === 1 ? 'a read' : `${unbound} reads`} of a later write found no write the LKMM lets it read: this run is not an execution the model allows` : '';
    return { reason: 'end', thread: t, description: description + not };
  }

  /** `stepIn`: thread t alone takes one atomic step. */
  stepIn(t: number): StopInfo {
    this.ensureCounts();
    const refused = this.refuse(t);
    if (refused) return refused;
    this.pending[t] = false;
    return this.forward(t) ?? this.arriveStop(t);
  }

  /**
   * Thread t alone steps until `done(topIndexBefore, ev)` says its unit of work is complete, a
   * breakpoint or exception stops it, it blocks, or the execution ends.
   */
  private stepUntil(t: number, done: (topBefore: number, ev: StepEvent) => boolean): StopInfo {
    this.ensureCounts();
    const refused = this.refuse(t);
    if (refused) return refused;
    this.pending[t] = false;
    for (let first = true; ; first = false) {
      if (!first) {
        const hit = this.checkBefore(t);
        if (hit) return hit;
        if (!this.m.canMove(this.s, t)) return this.blockedStop(t);
      }
      const topBefore = (this.s.threads[t]?.frames.length ?? 0) - 1;
      const stop = this.forward(t);
      const ev = this.timeline.events[this.timeline.position - 1];
      if (stop) return stop;
      if (this.s.finished || !ev || done(topBefore, ev)) return this.arriveStop(t);
    }
  }

  private blockedStop(t: number): StopInfo {
    const why = `${this.name(t)} ${this.m.blockedReason(this.s, t) ?? 'cannot move'}`;
    this.emit(`${why}: stopped here instead of waiting (step or continue another thread)`);
    return { reason: 'step', thread: t, description: why };
  }

  /** `next`: t finishes its current .tw statement (an API call as a whole). */
  next(t: number): StopInfo {
    const frames = this.s.threads[t]?.frames ?? [];
    let d = frames.length - 1;
    while (d > 0 && frames[d]?.kind !== 'code') d--;
    // Depth and the step's return event, not frame identity: an engine may rebuild its state
    // (the worker engine reads it back from the shared heap) and a frame is then a new object.
    return this.stepUntil(t, (topBefore, ev) => {
      if ((this.s.threads[t]?.frames.length ?? 0) <= d) return true; // the callback returned or the thread finished
      if (topBefore === d) return true; // the statement was a single code step
      return topBefore === d + 1 && ev.ret !== undefined; // its API call returned
    });
  }

  /** `stepOut`: t finishes its current API call (or callback); in a thread body, like `next`. */
  stepOut(t: number): StopInfo {
    const frames = this.s.threads[t]?.frames ?? [];
    const d = frames.length - 1;
    if (d <= 0) return this.next(t);
    // The call at depth d returned (its step carries the return value), or its frame is gone.
    return this.stepUntil(t, (topBefore, ev) =>
      (this.s.threads[t]?.frames.length ?? 0) <= d || (topBefore === d && ev.ret !== undefined));
  }

  /**
   * Replays a launch schedule (thread indices): every step recorded, spins included. A violation
   * stops the replay at the step that caused it (the rest of the schedule is dropped), so
   * "Debug the failing schedule" lands on the failure, not past it. Yields every CHUNK steps (a
   * million-step schedule takes seconds), so requests and SIGTERM get through.
   */
  async replay(schedule: readonly number[], label: string): Promise<StopInfo> {
    this.running = true;
    try {
      for (let i = 0; i < schedule.length && !this.s.finished; i++) {
        const stop = this.forward(schedule[i] ?? 0);
        if (stop?.reason === 'exception') {
          const rest = schedule.length - i - 1;
          if (rest > 0) this.emit(`replay of ${label} stopped at step ${i + 1} of ${schedule.length}, where ${stop.exceptionId ?? 'the exception'} happened; the remaining ${rest} step(s) were not taken`);
          return stop;
        }
        if ((i + 1) % CHUNK === 0) await new Promise((r) => setTimeout(r, 0));
      }
    } finally {
      this.running = false;
    }
    const last = this.timeline.schedule[this.timeline.position - 1] ?? 0;
    if (this.s.finished) return this.endStop(last);
    const next = this.m.nextLabel(this.s, last);
    const where = next ? `${this.name(last)} is before ${next}` : `${this.name(last)} has finished`;
    return { reason: 'step', thread: last, description: `replayed ${label}: ${this.timeline.position} steps; ${where}` };
  }

  pause(t: number): StopInfo | null {
    this.parked.add(t);
    if (this.running) { this.pauseFlag = true; return null; }
    return { reason: 'pause', thread: t, description: `${this.name(t)} parked: Continue skips it until you continue it` };
  }

  /**
   * `continue`: the scheduler steps every unparked runnable thread until a breakpoint, an
   * exception, the end, or Pause. With `single`, only that thread runs.
   */
  async continueRun(resume: number, single?: number): Promise<StopInfo> {
    this.ensureCounts();
    if (this.parked.delete(resume)) this.emit(`${this.name(resume)} is no longer parked`);
    this.pauseFlag = false;
    this.running = true;
    try {
      return await this.loop(resume, single);
    } finally {
      this.running = false;
    }
  }

  private async loop(resume: number, single: number | undefined): Promise<StopInfo> {
    for (let n = 1; ; n++) {
      if (this.s.finished) return this.endStop(resume);
      const last = this.timeline.schedule[this.timeline.position - 1] ?? -1;
      const t = single ?? this.scheduler.choose(this.m, this.s, last, this.parked);
      if (t === null) return this.noRunnable(resume);
      const hit = this.checkBefore(t);
      if (hit) return hit;
      if (!this.m.canMove(this.s, t)) return this.blockedStop(t);
      const stop = this.forward(t);
      if (stop) return stop;
      if (n % CHUNK === 0) {
        await new Promise((r) => setTimeout(r, 0));
        if (this.pauseFlag) return { reason: 'pause', thread: t, description: `paused before ${this.m.nextLabel(this.s, t) ?? 'the end'}` };
      }
    }
  }

  private noRunnable(resume: number): StopInfo {
    const parked = [...this.parked].filter((t) => this.m.canMove(this.s, t)).map((t) => this.name(t));
    const why = parked.length
      ? `no thread can move except parked ones (${parked.join(', ')}): continue one of them to resume it`
      : 'no thread can move';
    this.emit(why);
    return { reason: 'pause', thread: resume, description: why };
  }

  /** After a jump back, every thread's arrival is unchecked except the one the user is on. */
  private afterJump(focus: number): void {
    this.pending = this.s.threads.map((_, t) => t !== focus);
    this.countsValid = false;
  }

  /** `stepBack`: undoes t's last atomic step; every other thread's steps stay (re-executed). */
  stepBack(t: number): StopInfo {
    const events = this.timeline.events;
    let i = this.timeline.position - 1;
    while (i >= 0 && (this.timeline.schedule[i] !== t || events[i]?.label === 'spin')) i--;
    if (i < 0) return this.stayStop(t, `${this.name(t)} has not taken a step yet`);
    this.timeline.removeStep(i);
    this.afterJump(t);
    return this.stepStop(t);
  }

  /** Goes back to position n (used by reverse continue and tests). */
  goTo(n: number, focus: number): void {
    this.timeline.goTo(n);
    this.afterJump(focus);
  }

  /** Past positions where a thread stood at a statement of `line`, newest first (Jump to Cursor's targets). */
  pastArrivals(line: number, limit = 50): { pos: number; thread: number }[] {
    const out: { pos: number; thread: number }[] = [];
    const seen = new Set<Arrival>();
    const pending = this.pending.slice();
    this.timeline.rescan((t, pos) => {
      const a = this.arrivals[t];
      if (a?.statement?.line === line && !seen.has(a)) { seen.add(a); out.push({ pos, thread: t }); }
    });
    this.pending = pending;
    return out.reverse().slice(0, limit);
  }

  /** `goto`: back to position pos, thread t focused. */
  jumpBack(pos: number, t: number): StopInfo {
    this.goTo(pos, t);
    const label = this.m.nextLabel(this.s, t);
    return { reason: 'goto', thread: t, description: `back at step ${pos}: ${this.name(t)} is ${label ? `before ${label}` : 'finished'}` };
  }

  /**
   * The timeline's travel: back to the last step `plan` shares with the schedule, then the plan's
   * steps up to `upTo` (no breakpoint stops on the way: the user picked where to stand).
   */
  travel(plan: readonly PlannedStep[], upTo: number, focus: number): { outcome: ReplayOutcome; stop: StopInfo } {
    const tl = this.timeline;
    const outcome = replayPlan({
      goTo: (n) => tl.goTo(n), get position() { return tl.position; }, schedule: tl.schedule,
      finished: () => this.s.finished, blockedReason: (t) => this.m.blockedReason(this.s, t), step: (t) => tl.step(t),
    }, plan, upTo);
    this.afterJump(focus);
    if (this.s.finished) return { outcome, stop: this.endStop(focus) };
    const b = outcome.blocked;
    const t = b ? (plan[b.index]?.thread ?? focus) : focus;
    const label = this.m.nextLabel(this.s, t);
    const where = `${this.name(t)} is ${label ? `before ${label}` : 'finished'}`;
    const description = b ? `at step ${tl.position}: step ${b.index + 1} cannot run here: ${this.name(t)} ${b.reason}` : `at step ${tl.position}: ${where}`;
    return { outcome, stop: { reason: 'goto', thread: t, description } };
  }

  /** `reverseContinue`: back to the previous breakpoint or exception stop, or to the start. */
  reverseContinue(focus: number): StopInfo {
    const n = this.timeline.position;
    const all = this.bps.all();
    let best: StopMark | null = null;
    const record = (pos: number, stop: StopInfo | null): void => {
      if (stop && pos < n) best = { pos, stop, counts: all.map((b) => b.hits), pending: this.pending.slice() };
    };
    const silent = TraceDebugger.SILENT;
    this.bps.resetCounts();
    this.pending = this.pending.map(() => true);
    this.timeline.rescan(
      (t, i) => record(i, this.checkBefore(t, silent)),
      (t, i, ev) => record(i + 1, this.watch ? this.bps.afterStep(this.m, this.s, t, this.watch, ev, silent) : null),
    );
    // TypeScript does not see the closure's assignments: best would narrow to null here.
    const found = best as StopMark | null;
    if (!found) {
      this.timeline.goTo(0);
      this.bps.resetCounts();
      this.pending = this.s.threads.map(() => true);
      this.countsValid = true;
      return { reason: 'entry', thread: focus, description: 'back at the start: no breakpoint or exception stop before this point' };
    }
    this.timeline.goTo(found.pos);
    all.forEach((b, i) => { b.hits = found.counts[i] ?? 0; });
    this.pending = found.pending;
    this.countsValid = true;
    return found.stop;
  }
}
