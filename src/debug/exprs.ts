// Debugger expressions (conditions, logpoints, watches, hovers): compiled by src/lang's
// parseExpression against the program, evaluated by the core for one thread at one stack depth.
import { Ctx, Frame, LocalType, Machine, Program, State, evalExpr, funcOfValue, pointerName } from '../core';
import { DebugExpr, DebugFrame, formatDiagnostic, instantiateDebugExpr, parseExpression, toCoreExpr } from '../lang';

export interface CompiledExpr {
  text: string;
  expr: DebugExpr;
  type?: LocalType;
}

export type CompileOutcome = { ok: CompiledExpr } | { error: string };

/** Compiles `text` in the context of a code block (its locals and `cb`), or globals only. */
export function compileExpr(program: Program, text: string, block?: number): CompileOutcome {
  const r = parseExpression(text, program, block === undefined ? {} : { block });
  const err = r.diagnostics.find((d) => d.severity === 'error');
  if (!r.expr || err) {
    const d = err ?? r.diagnostics[0];
    return { error: d ? formatDiagnostic('expression', d).replace(/^expression:1:/, 'column ') : `cannot evaluate '${text}'` };
  }
  const out: CompiledExpr = { text, expr: r.expr };
  if (r.type) out.type = r.type;
  return { ok: out };
}

/** The blocks whose locals an expression may use: thread bodies and callbacks. */
function candidateBlocks(program: Program): number[] {
  return [...program.threads.map((t) => t.block), ...program.funcs.map((f) => f.block)];
}

/**
 * Compiles a condition that may be evaluated in any thread: with globals only if it can, else in the
 * first block where its names resolve (it is false in threads where they do not).
 */
export function compileAnywhere(program: Program, text: string): { ok: Map<number | 'global', CompiledExpr> } | { error: string } {
  const global = compileExpr(program, text);
  if ('ok' in global) return { ok: new Map([['global', global.ok]]) };
  const found = new Map<number | 'global', CompiledExpr>();
  for (const b of candidateBlocks(program)) {
    const r = compileExpr(program, text, b);
    if ('ok' in r) found.set(b, r.ok);
  }
  return found.size ? { ok: found } : global;
}

/** Where an expression is evaluated: a thread, and the frame depth (0 = top) its locals come from. */
export interface EvalPoint {
  thread: number;
  /** Index into the thread's frames array (not DAP level); the code frame at or below it gives locals. */
  frameIndex?: number;
}

export function innermostCode(frames: readonly Frame[], from: number): Frame | undefined {
  for (let i = Math.min(from, frames.length - 1); i >= 0; i--) if (frames[i]?.kind === 'code') return frames[i];
  return undefined;
}

export function innermostOp(frames: readonly Frame[], from: number): Frame | undefined {
  for (let i = Math.min(from, frames.length - 1); i >= 0; i--) if (frames[i]?.kind === 'op') return frames[i];
  return undefined;
}

/** The DebugFrame (thread, next step label, op locals) lang's debug leaves are instantiated with. */
function debugFrameOf(m: Machine, s: State, p: EvalPoint): DebugFrame {
  const frames = s.threads[p.thread]?.frames ?? [];
  const from = p.frameIndex ?? frames.length - 1;
  const df: DebugFrame = { thread: p.thread };
  const step = m.nextLabel(s, p.thread);
  if (step) df.step = step;
  const op = innermostOp(frames, from);
  if (op && m.variant.listing) df.op = { h: opLocal(m, op, 'h'), work: opLocal(m, op, 'work'), pprev: opLocal(m, op, 'pprev'), next: opLocal(m, op, 'next'), head: opLocal(m, op, 'head') };
  else if (op) df.op = { h: op.h, work: op.work, pprev: op.pprev, next: op.next, head: op.head };
  return df;
}

/**
 * A C local of the innermost listing function an operation is in, by name; 0 (NULL) when it has
 * none (under a listing the step functions' fields op.work, op.next, ... stay 0).
 */
export function opLocal(m: Machine, op: Frame, name: string): number {
  const top = op.m?.frames[op.m.frames.length - 1];
  const slots = top ? m.variant.listing?.functions[top.fn]?.slots : undefined;
  const i = slots ? slots.findIndex((x) => x.name === name && !x.temp) : -1;
  return top && i >= 0 ? top.slots[i] ?? 0 : 0;
}

/** The code block whose locals apply at an eval point (undefined: globals only). */
export function blockAt(s: State, p: EvalPoint): number | undefined {
  const frames = s.threads[p.thread]?.frames ?? [];
  return innermostCode(frames, p.frameIndex ?? frames.length - 1)?.block;
}

export function evaluate(m: Machine, s: State, c: CompiledExpr, p: EvalPoint): number {
  const frames = s.threads[p.thread]?.frames ?? [];
  const code = innermostCode(frames, p.frameIndex ?? frames.length - 1);
  const core = toCoreExpr(c.expr) ?? instantiateDebugExpr(c.expr, debugFrameOf(m, s, p));
  return evalExpr(m.ctx, s, core, code);
}

/** A value as people read it: works by name (`A`, `freed A`, `NULL`), funcs by callback name. */
export function formatValue(ctx: Ctx, s: State, type: LocalType | undefined, v: number): string {
  switch (type) {
    case 'work': return pointerName(ctx, s, v);
    case 'bool': return v !== 0 ? 'true' : 'false';
    case 'func': {
      if (v === 0) return 'NULL';
      return ctx.program.funcs[funcOfValue(v)]?.name ?? `0x${v.toString(16)}`;
    }
    default: return String(v);
  }
}

/** `&T.task_works` or `&A->next`: the pprev encoding of the cancel walk. */
export function pprevText(ctx: Ctx, s: State, pprev: number): string {
  if (pprev < 0) return `&${ctx.program.tasks[-pprev - 1]?.name ?? '?'}.task_works`;
  if (pprev === 0) return 'NULL';
  return `&${pointerName(ctx, s, pprev)}->next`;
}
