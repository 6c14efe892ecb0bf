// Pure mapping from machine state to what the debugger shows: thread names that carry state,
// stack frames (model listing line, callback, .tw statement) and scopes. No protocol import:
// the session turns these plain objects into DAP messages.
import { Frame, Machine, State, StepEvent, StepLabel, Violation, pointerName, slotOfAddress, threadName } from '../core';
import { OP_API } from './arrival';
import { contendedThreads } from './breakpoints';
import { Listing } from './listing/listing';
import { listingFnOf } from './listing/table';
import type { ReadChoice } from './readFrom';
import type { StaleView } from './staleViews';

/** Where a frame's source is: a file path, or a reference the session serves (listings without files). */
export interface SourceRef { name: string; path?: string; sourceReference?: number }

/** Everything the presenter reads; built by the session at each request. */
export interface View {
  m: Machine;
  s: State;
  parked: ReadonlySet<number>;
  schedule: readonly number[];
  events: readonly StepEvent[];
  program: SourceRef;
  listing: Listing;
  listingSource: SourceRef;
  /** The stop being shown: an exception stop draws the violating thread where the violation happened. */
  stop?: { reason: string; thread: number };
  /** Under `memory lkmm`: the writes thread t's next read may take (readFrom.ts). */
  reads?: (t: number) => ReadChoice[];
  /** Under `memory lkmm`: the threads' views of words that are not the newest value (staleViews.ts). */
  stale?: () => StaleView[];
}

export interface FrameView {
  id: number;
  name: string;
  source?: SourceRef;
  line: number;
  column: number;
  /** Index into the thread's frames array this DAP frame shows (its locals). */
  frameIndex: number;
  presentationHint?: 'normal' | 'label' | 'subtle';
}

/** DAP frame ids: thread and level packed, stable while stopped. */
export function frameId(t: number, level: number): number { return (t + 1) * 256 + level; }
export function threadOfFrameId(id: number): number { return Math.floor(id / 256) - 1; }

/** `ready`, `spinning on T.pi_lock held by owner`, `waiting until ...`, `finished`. */
export function threadStatus(v: View, t: number): string {
  const th = v.s.threads[t];
  if (!th || th.done) return 'finished';
  return v.m.blockedReason(v.s, t) ?? 'ready';
}

/** The threads spinning on task's pi_lock while another thread holds it, by name. */
export function lockSpinners(v: View, task: number): string[] {
  return contendedThreads(v.s).filter((u) => v.s.threads[u]?.frames.at(-1)?.task === task).map((u) => threadName(v.m.ctx, u));
}

export function returnText(v: View, ret: number): string {
  if (ret === -3) return '-ESRCH';
  if (ret === -22) return '-EINVAL';
  return slotOfAddress(ret) >= 0 ? pointerName(v.m.ctx, v.s, ret) : String(ret);
}

/**
 * How thread t's last API call result reads: an add's int, a cancel's node (`NULL`, `A`), or
 * task_work_cancel's bool. The kind comes from the label of the step that returned.
 */
export function lastReturnText(v: View, t: number, ret: number): string {
  let label = '';
  for (let i = v.events.length - 1; i >= 0; i--) {
    const ev = v.events[i];
    if (ev && ev.thread === t && ev.ret !== undefined) { label = ev.label; break; }
  }
  if (!label.startsWith('cancel.')) return returnText(v, ret);
  const p = v.m.program;
  const blocks = [p.threads[t]?.block, ...p.funcs.map((f) => f.block)];
  const ops = blocks.flatMap((b) => (b === undefined ? [] : (p.blocks[b]?.instrs ?? []))).map((i) => i.op);
  const byNode = ops.includes('cancel') && !ops.includes('cancel_func') && !ops.includes('cancel_match');
  return byNode ? (ret ? 'true' : 'false') : pointerName(v.m.ctx, v.s, ret);
}

/** The callback the thread is inside, as `fa() via task_work_run`, or null. */
function callbackContext(v: View, frames: readonly Frame[]): string | null {
  for (let i = frames.length - 1; i > 0; i--) {
    const f = frames[i];
    if (f?.kind !== 'code') continue;
    const fn = v.m.program.funcs.find((x) => x.block === f.block);
    return fn ? `in ${fn.name}() via task_work_run` : null;
  }
  return null;
}

/** Where thread t is: `before run.load`, `spinning on T.pi_lock held by owner`, `before run.call; in fa() via task_work_run`, `done: returned 0` (the thread badges say it). */
export function threadWhere(v: View, t: number): string {
  const th = v.s.threads[t];
  const parts: string[] = [];
  if (v.parked.has(t)) parts.push('parked');
  if (!th || th.done) {
    parts.push(th && th.lastReturn !== null ? `done: returned ${lastReturnText(v, t, th.lastReturn)}` : 'done');
  } else {
    const blocked = v.m.blockedReason(v.s, t);
    const next = v.m.nextLabel(v.s, t);
    if (blocked) parts.push(blocked);
    else if (next) parts.push(`before ${next}`);
    const cb = callbackContext(v, th.frames);
    if (cb) parts.push(cb);
  }
  return parts.join('; ');
}

/** `canceller [before cancel.cas]`, `adder [done: returned 0]`: the name and where the thread is. */
export function threadTitle(v: View, t: number): string {
  const name = v.m.program.threads[t]?.name ?? `thread ${t + 1}`;
  const where = threadWhere(v, t);
  return where ? `${name} [${where}]` : name;
}

function opFrames(v: View, t: number, f: Frame, index: number, level: number): FrameView[] {
  const line = v.listing.lineOfLabel.get(f.label) ?? v.listing.fnLine.get(listingFnOf(f.label) ?? 'task_work_run') ?? 1;
  const src = v.listingSource;
  const inRun = listingFnOf(f.label) === 'task_work_run';
  if ((f.op === 'exit' || f.op === 'resume') && inRun) {
    const caller = f.op === 'exit' ? 'do_exit' : 'resume_user_mode_work';
    return [
      { id: frameId(t, level), name: `task_work_run [${f.label}]`, source: src, line, column: 1, frameIndex: index },
      { id: frameId(t, level + 1), name: OP_API[f.op], source: src, line: v.listing.callLine.get(caller) ?? 1, column: 1, frameIndex: index },
    ];
  }
  return [{ id: frameId(t, level), name: `${OP_API[f.op]} [${f.label}]`, source: src, line, column: 1, frameIndex: index }];
}

function codeFrameView(v: View, t: number, f: Frame, index: number, level: number): FrameView {
  const p = v.m.program;
  const block = p.blocks[f.block];
  const instr = block?.instrs[Math.min(f.pc, block.instrs.length - 1)];
  const fn = p.funcs.find((x) => x.block === f.block);
  const name = fn ? `${fn.name}(cb=${pointerName(v.m.ctx, v.s, f.cb)})` : (p.threads[t]?.name ?? block?.name ?? '?');
  const range = instr?.origin.range ?? p.threads[t]?.origin.range;
  return { id: frameId(t, level), name, source: v.program, line: range?.line ?? 1, column: range?.column ?? 1, frameIndex: index };
}

/** The violation an exception stop on thread t is about, when the last step (or the end) caused it. */
export function stopViolation(v: View, t: number): Violation | undefined {
  if (v.stop?.reason !== 'exception' || v.stop.thread !== t) return undefined;
  const s = v.s;
  return s.violations.find((x) => x.step > 0 && x.step === s.steps && x.thread === t)
    ?? (s.finished ? s.violations.find((x) => x.step === 0) : undefined);
}

/**
 * The top frame moved to where the violation happened: the listing line of the step that
 * violated (the thread is already before its next step), the .tw statement that just ran, or a
 * failed final assert's line.
 */
function atViolation(v: View, x: Violation, top: FrameView, topFrame: Frame | undefined): FrameView {
  const line = assertLine(x);
  if (line !== undefined) return { ...top, source: v.program, line, column: 1 };
  const listingLine = v.listing.lineOfLabel.get(x.label as StepLabel);
  if (topFrame?.kind === 'op' && listingLine !== undefined) {
    return { ...top, name: `${OP_API[topFrame.op]} [${x.label}]`, line: listingLine, column: 1 };
  }
  return top;
}

/**
 * The .tw line of a failed assert: final asserts and invariants carry it as their first "work",
 * a thread's assert only in its message (`... failed (line 21)`); the thread may have finished
 * with it, so its frames cannot tell.
 */
function assertLine(x: Violation): number | undefined {
  if (x.kind !== 'assertion') return undefined;
  if (x.works[0] !== undefined) return x.works[0];
  const m = /\(line (\d+)\)$/.exec(x.message);
  return m ? Number(m[1]) : undefined;
}

/** Frames of thread t, top first: the atomic step in the listing, callbacks, the .tw statement. */
export function stackFrames(v: View, t: number): FrameView[] {
  const frames = framesOf(v, t);
  const x = stopViolation(v, t);
  const top = frames[0];
  if (x && top) frames[0] = atViolation(v, x, top, v.s.threads[t]?.frames.at(-1));
  return frames;
}

function framesOf(v: View, t: number): FrameView[] {
  const th = v.s.threads[t];
  const decl = v.m.program.threads[t];
  if (!th || th.done || th.frames.length === 0) {
    const range = decl?.origin.range;
    return [{ id: frameId(t, 0), name: threadTitle(v, t), source: v.program, line: range?.line ?? 1, column: range?.column ?? 1, frameIndex: -1, presentationHint: 'label' }];
  }
  const out: FrameView[] = [];
  for (let i = th.frames.length - 1; i >= 0; i--) {
    const f = th.frames[i];
    if (!f) continue;
    if (f.kind === 'op') out.push(...opFrames(v, t, f, i, out.length));
    else out.push(codeFrameView(v, t, f, i, out.length));
  }
  return out;
}

/** A variables container; the session turns each into a variablesReference. */
export type VarRef =
  | { k: 'locals'; t: number; fi: number }
  | { k: 'tasks' } | { k: 'task'; task: number } | { k: 'chain'; task: number }
  | { k: 'works' } | { k: 'work'; id: number }
  | { k: 'schedule' } | { k: 'violations' } | { k: 'reads'; t: number };

export interface ScopeView { name: string; ref: VarRef; indexed?: number; named?: number; expensive: boolean }

export function scopes(v: View, t: number, frameIndex: number): ScopeView[] {
  const out: ScopeView[] = [{ name: 'Locals', ref: { k: 'locals', t, fi: frameIndex }, expensive: false }];
  const reads = v.reads?.(t) ?? [];
  if (reads.length) out.push({ name: `Reads (${reads.map((r) => `${r.label}: ${r.loc}`).join(', ')})`, ref: { k: 'reads', t }, named: reads.reduce((n, r) => n + r.options.length, 0), expensive: false });
  out.push({ name: 'Tasks', ref: { k: 'tasks' }, named: v.s.tasks.length, expensive: false });
  out.push({ name: 'Works', ref: { k: 'works' }, named: v.s.works.length, expensive: false });
  out.push({ name: 'Schedule', ref: { k: 'schedule' }, indexed: v.schedule.length, expensive: false });
  if (v.s.violations.length) out.push({ name: 'Violations', ref: { k: 'violations' }, named: v.s.violations.length, expensive: false });
  return out;
}
