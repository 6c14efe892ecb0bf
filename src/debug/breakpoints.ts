// Every way to stop between atomic steps: .tw line and listing line breakpoints, function
// breakpoints (step labels, operations, callbacks, `@thread`), data breakpoints and exception
// filters. Located breakpoints are checked on arrivals (checkArrival); data breakpoints and
// exception filters after each step (afterStep), against a Watch captured just before it.
import { Machine, State, StepEvent, StepLabel, cellAt, describeViolation, funcOfValue, pointerName, threadName } from '../core';
import { Arrival, Before, captureBefore } from './arrival';
import { Condition, HitCondition, LogPart, conditionHolds, hitConditionHolds, renderLog } from './bpParts';
import { opLocal } from './exprs';

export type ExceptionFilterId = 'violation' | 'cas-failure' | 'contention' | 'esrch';

/** What a data breakpoint watches: a task's list head or lock, or a work's next field. */
export type DataTarget = { k: 'taskWorks'; task: number } | { k: 'lock'; task: number } | { k: 'next'; work: number };

export type BpLocation =
  | { kind: 'tw'; line: number; column?: number }
  | { kind: 'listing'; label: StepLabel }
  | { kind: 'function'; label?: StepLabel; fn?: string; thread?: number }
  | { kind: 'data'; target: DataTarget };

export interface Bp {
  id: number;
  at: BpLocation;
  condition?: Condition;
  hit?: HitCondition;
  log?: LogPart[];
  /** Arrivals where the condition held, in the current trace prefix. */
  hits: number;
}

export interface StopInfo {
  reason: 'entry' | 'step' | 'breakpoint' | 'function breakpoint' | 'data breakpoint' | 'exception' | 'pause' | 'end' | 'goto';
  /** Thread index the stop is about (-1: none). */
  thread: number;
  description: string;
  text?: string;
  hitBreakpointIds?: number[];
  /** For exception stops: the violation kind, or the filter (`cas-failure`, `contention`, `esrch`). */
  exceptionId?: string;
}

/** The state a step is compared against: captured just before it. */
export interface Watch {
  before: Before;
  violations: number;
  data: number[];
  contended: number[];
}

export interface ObserveMode {
  /** Print logpoints (forward execution) or stay silent (rescans). */
  log: ((text: string, bp: Bp) => void) | null;
}

function dataValue(s: State, m: Machine, d: DataTarget): number {
  if (d.k === 'taskWorks') return s.tasks[d.task]?.taskWorks ?? 0;
  if (d.k === 'lock') return s.tasks[d.task]?.lockHolder ?? -1;
  const w = m.program.works[d.work];
  return w ? (s.cells[w.slot]?.next ?? 0) : 0;
}

/** Threads spinning at cancel.lock / run.lock on a lock another thread holds. */
export function contendedThreads(s: State): number[] {
  const out: number[] = [];
  s.threads.forEach((th, u) => {
    const f = th.frames[th.frames.length - 1];
    if (!f || f.kind !== 'op' || (f.label !== 'cancel.lock' && f.label !== 'run.lock')) return;
    const holder = s.tasks[f.task]?.lockHolder ?? -1;
    if (holder >= 0 && holder !== u) out.push(u);
  });
  return out;
}

/** A callback whose body has no statement: entering it is no arrival, so its breakpoint stops on the call. */
export function emptyCallback(m: Machine, fn: string): boolean {
  const f = m.program.funcs.find((x) => x.name === fn);
  return !!f && (m.program.blocks[f.block]?.instrs.length ?? 0) === 0;
}

/**
 * The callback thread t's `run.call` is about to call (t is before run.call), by name: the work is
 * the listing's `work` local under a listing (its op frame's own work is set only once the call is
 * made); the built-in step functions keep it on the frame.
 */
function calleeOf(m: Machine, s: State, t: number): string | undefined {
  const f = s.threads[t]?.frames.at(-1);
  if (!f || f.kind !== 'op' || f.label !== 'run.call') return undefined;
  const cell = cellAt(s, f.m ? opLocal(m, f, 'work') : f.work); // built-in steps keep the work on the frame
  return cell ? m.program.funcs[funcOfValue(cell.func)]?.name : undefined;
}

export class BreakpointSet {
  tw: Bp[] = [];
  /** Listing breakpoints by listing path (the session's own variant's file, or another variant's). */
  listing = new Map<string, Bp[]>();
  functions: Bp[] = [];
  data: Bp[] = [];
  filters = new Map<ExceptionFilterId, Condition | undefined>([['violation', undefined]]);
  private nextId = 1;

  newId(): number { return this.nextId++; }

  private *located(): Iterable<Bp> {
    yield* this.tw;
    for (const list of this.listing.values()) yield* list;
    yield* this.functions;
  }

  all(): Bp[] {
    return [...this.located(), ...this.data];
  }

  hasHitConditions(): boolean {
    return this.all().some((b) => b.hit !== undefined);
  }

  resetCounts(): void {
    for (const b of this.all()) b.hits = 0;
  }

  capture(m: Machine, s: State, t: number): Watch {
    return {
      before: captureBefore(s, t),
      violations: s.violations.length,
      data: this.data.map((b) => (b.at.kind === 'data' ? dataValue(s, m, b.at.target) : 0)),
      contended: this.filters.has('contention') ? contendedThreads(s) : [],
    };
  }

  /** After thread t's step: a violation, a watched value that changed, or an exception filter. */
  afterStep(m: Machine, s: State, t: number, w: Watch, ev: StepEvent, mode: ObserveMode): StopInfo | null {
    const data = this.data.length ? this.dataChanges(m, s, t, w, mode) : null;
    return this.violationStop(m, s, t, w) ?? data ?? this.exceptionStop(m, s, t, w, ev);
  }

  private counted(m: Machine, s: State, b: Bp, t: number, mode: ObserveMode): boolean {
    if (!conditionHolds(m, s, b.condition, { thread: t })) return false;
    b.hits++;
    if (b.hit && !hitConditionHolds(b.hit, b.hits)) return false;
    if (b.log) {
      mode.log?.(renderLog(m, s, b.log, { thread: t }), b);
      return false;
    }
    return true;
  }

  private matches(m: Machine, s: State, at: BpLocation, a: Arrival): boolean {
    switch (at.kind) {
      case 'tw': return !!a.statement && a.statement.line === at.line && (at.column === undefined || a.statement.column === at.column);
      case 'listing': return a.label === at.label;
      case 'function':
        if (at.thread !== undefined && at.thread !== a.thread) return false;
        if (at.label !== undefined) return a.label === at.label;
        if (at.fn === undefined) return false;
        if (a.entered.includes(at.fn)) return true;
        return a.label === 'run.call' && emptyCallback(m, at.fn) && calleeOf(m, s, a.thread) === at.fn;
      default: return false;
    }
  }

  /**
   * Thread t is about to leave the position it arrived at: the located breakpoints there are
   * checked (and counted) once per arrival, with the state as it is now, just before the step.
   */
  checkArrival(m: Machine, s: State, a: Arrival, mode: ObserveMode): StopInfo | null {
    const hit: Bp[] = [];
    for (const b of this.located()) if (this.matches(m, s, b.at, a) && this.counted(m, s, b, a.thread, mode)) hit.push(b);
    if (!hit.length) return null;
    const fn = hit.every((b) => b.at.kind === 'function');
    return {
      reason: fn ? 'function breakpoint' : 'breakpoint', thread: a.thread,
      description: `before ${m.nextLabel(s, a.thread) ?? 'the end'}`, hitBreakpointIds: hit.map((b) => b.id),
    };
  }

  private dataChanges(m: Machine, s: State, t: number, w: Watch, mode: ObserveMode): StopInfo | null {
    const hit: Bp[] = [];
    const texts: string[] = [];
    this.data.forEach((b, i) => {
      if (b.at.kind !== 'data') return;
      const old = w.data[i] ?? 0;
      const now = dataValue(s, m, b.at.target);
      if (old === now || !this.counted(m, s, b, t, mode)) return;
      hit.push(b);
      texts.push(`${dataName(m, b.at.target)}: ${dataText(m, s, b.at.target, old)} -> ${dataText(m, s, b.at.target, now)}`);
    });
    if (!hit.length) return null;
    return { reason: 'data breakpoint', thread: t, description: texts.join('; '), hitBreakpointIds: hit.map((b) => b.id) };
  }

  private filterOn(m: Machine, s: State, id: ExceptionFilterId, t: number): boolean {
    if (!this.filters.has(id)) return false;
    return conditionHolds(m, s, this.filters.get(id), { thread: t });
  }

  private violationStop(m: Machine, s: State, t: number, w: Watch): StopInfo | null {
    const v = s.violations[w.violations];
    if (!v || !this.filterOn(m, s, 'violation', t)) return null;
    const text = s.violations.slice(w.violations).map((x) => describeViolation(m.ctx, x)).join('\n');
    return { reason: 'exception', thread: v.thread >= 0 ? v.thread : t, description: describeViolation(m.ctx, v), text, exceptionId: v.kind };
  }

  private exceptionStop(m: Machine, s: State, t: number, w: Watch, ev: StepEvent): StopInfo | null {
    if (ev.ok === 0 && ev.label.endsWith('.cas') && this.filterOn(m, s, 'cas-failure', t)) {
      const text = `${threadName(m.ctx, t)}: ${ev.label} FAILED (it saw ${pointerName(m.ctx, s, ev.value)})`;
      return { reason: 'exception', thread: t, description: text, text, exceptionId: 'cas-failure' };
    }
    if (ev.ret === -3 && this.filterOn(m, s, 'esrch', t)) {
      const text = `${threadName(m.ctx, t)}: task_work_add returned -ESRCH (the task has exited)`;
      return { reason: 'exception', thread: t, description: text, text, exceptionId: 'esrch' };
    }
    if (!this.filters.has('contention')) return null;
    const fresh = contendedThreads(s).find((u) => !w.contended.includes(u));
    if (fresh === undefined || !this.filterOn(m, s, 'contention', fresh)) return null;
    const text = `lock contention: ${threadName(m.ctx, fresh)} ${m.blockedReason(s, fresh) ?? 'spins'}`;
    return { reason: 'exception', thread: fresh, description: text, text, exceptionId: 'contention' };
  }
}

function dataName(m: Machine, d: DataTarget): string {
  if (d.k === 'next') return `${m.program.works[d.work]?.name ?? '?'}.next`;
  return `${m.program.tasks[d.task]?.name ?? '?'}.${d.k === 'lock' ? 'pi_lock' : 'task_works'}`;
}

function dataText(m: Machine, s: State, d: DataTarget, v: number): string {
  if (d.k === 'lock') return v >= 0 ? `held by ${threadName(m.ctx, v)}` : 'unlocked';
  return pointerName(m.ctx, s, v);
}
