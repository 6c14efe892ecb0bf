// Evaluate and hover: names first (a task, a thread, a step label, the listing's `task`, `pprev`),
// then the expression language, in the scope of the selected stack frame.
import { cellAt, chainText, pointerName } from '../core';
import { View, VarRef, threadTitle } from './presenter';
import { compileExpr, evaluate, formatValue, innermostCode, innermostOp, pprevText } from './exprs';

export interface EvalResult { result: string; type?: string; ref?: VarRef }

/** Where the expression is evaluated: a thread and an index into its frames (-1: globals only). */
export interface EvalAt { thread: number; frameIndex: number }

function named(v: View, text: string, at: EvalAt): EvalResult | null {
  const p = v.m.program;
  const task = p.tasks.findIndex((t) => t.name === text);
  if (task >= 0) return { result: chainText(v.m.ctx, v.s, v.s.tasks[task]?.taskWorks ?? 0), type: 'struct task_struct', ref: { k: 'task', task } };
  const thread = p.threads.findIndex((t) => t.name === text);
  if (thread >= 0 && !p.works.some((w) => w.name === text)) {
    const title = threadTitle(v, thread);
    const at = `before ${v.m.nextLabel(v.s, thread) ?? 'nothing (finished)'}`;
    return { result: title.includes(at) ? title : `${title}: ${at}`, type: 'thread' };
  }
  if (v.listing.lineOfLabel.has(text as never)) {
    const at2 = p.threads.map((_, t) => t).filter((t) => v.m.nextLabel(v.s, t) === text).map((t) => p.threads[t]?.name ?? '?');
    return { result: at2.length ? `before ${text}: ${at2.join(', ')}` : `no thread is before ${text}`, type: 'step label' };
  }
  const frames = v.s.threads[at.thread]?.frames ?? [];
  const op = at.frameIndex >= 0 ? innermostOp(frames, at.frameIndex) : undefined;
  if (text === 'pprev' && op) return { result: op.pprev === 0 ? 'NULL' : pprevText(v.m.ctx, v.s, op.pprev), type: 'struct callback_head **' };
  const m = /^\s*(?:\*\s*)?(\w+)\s*(?:->|\.)\s*(task_works|pi_lock)\s*$/.exec(text);
  const taskOf = (name: string): number => (name === 'task' && op ? op.task : p.tasks.findIndex((t) => t.name === name));
  if (m && m[1] && m[2]) {
    const tk = taskOf(m[1]);
    const ts = v.s.tasks[tk];
    if (ts && m[2] === 'pi_lock') return { result: ts.lockHolder >= 0 ? `held by ${p.threads[ts.lockHolder]?.name ?? '?'}` : 'unlocked', type: 'raw_spinlock_t' };
    if (ts) return { result: chainText(v.m.ctx, v.s, ts.taskWorks), type: 'struct callback_head *', ref: { k: 'chain', task: tk } };
  }
  if (text === 'task' && op) return { result: p.tasks[op.task]?.name ?? '?', type: 'struct task_struct *', ref: { k: 'task', task: op.task } };
  return null;
}

/** Evaluates `text` for a hover, a watch or the Debug Console. */
export function evaluateText(v: View, text: string, at: EvalAt): EvalResult | { error: string } {
  const trimmed = text.trim();
  const byName = named(v, trimmed, at);
  if (byName) return byName;
  const frames = v.s.threads[at.thread]?.frames ?? [];
  const code = at.frameIndex >= 0 ? innermostCode(frames, at.frameIndex) : undefined;
  const c = compileExpr(v.m.program, trimmed, code?.block);
  if ('error' in c) return c;
  const point = at.frameIndex >= 0 ? { thread: at.thread, frameIndex: at.frameIndex } : { thread: at.thread };
  const value = evaluate(v.m, v.s, c.ok, point);
  const out: EvalResult = { result: formatValue(v.m.ctx, v.s, c.ok.type, value) };
  if (c.ok.type) out.type = c.ok.type;
  if (c.ok.type === 'work') {
    const cell = cellAt(v.s, value);
    const id = cell ? (cell.work >= 0 ? cell.work : cell.last) : -1;
    if (id >= 0) out.ref = { k: 'work', id };
    else out.result = pointerName(v.m.ctx, v.s, value);
  }
  return out;
}
