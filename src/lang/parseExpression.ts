// The debugger's condition and watch language: one .tw expression compiled against an already
// compiled Program, plus `thread == "x"`, `step == "label"` and the operation locals (DebugExpr).
import type { Program, LocalType } from '../core/program';
import { Diagnostic, DiagnosticSink } from './diagnostics';
import { SourceText, lex } from './lexer';
import { parseStandaloneExpr } from './parser';
import { ExprEnv, LocalScope, checkExpr, localTypeOf } from './checkExpr';
import { globalsOfProgram } from './symbols';
import { lowerExpr, NO_HOOKS } from './lower';
import { DebugExpr } from './debugExpr';

/** Labels of the atomic steps, from the core (one list, so `step == "..."` cannot drift). */
import { STEP_LABELS } from '../core';
export { STEP_LABELS };

export interface ExprContext {
  /**
   * Index into program.blocks of the code frame the expression is evaluated in: its locals are
   * visible by name, and so is `cb` if the block is a callback's body. Omit: globals only.
   */
  block?: number;
}

export interface ParsedExpression {
  /** Present only when there is no error. */
  expr?: DebugExpr;
  /** Static type of the value, to format a watch (a work by name, a func by callback name). */
  type?: LocalType;
  /** Positions are relative to the expression text: line 1, column 1 is its first character. */
  diagnostics: Diagnostic[];
}

export function parseExpression(text: string, program: Program, context: ExprContext = {}): ParsedExpression {
  const sink = new DiagnosticSink();
  const node = parseStandaloneExpr(lex(new SourceText(text), sink), sink, { debug: true });
  if (sink.hasErrors()) return { diagnostics: sink.list };
  const env = debugEnv(program, context, sink);
  const t = checkExpr(node, env);
  if (sink.hasErrors()) return { diagnostics: sink.list };
  const out: ParsedExpression = { expr: lowerExpr(node, NO_HOOKS), diagnostics: sink.list };
  const type = localTypeOf(t);
  if (type) out.type = type;
  return out;
}

function debugEnv(program: Program, context: ExprContext, sink: DiagnosticSink): ExprEnv {
  const block = context.block === undefined ? undefined : program.blocks[context.block];
  const slots = new Map<string, { slot: number; type: LocalType }>();
  block?.locals.forEach((l, slot) => { if (!l.name.startsWith('%')) slots.set(l.name, { slot, type: l.type }); });
  const locals: LocalScope = {
    find: (n) => slots.get(n),
    assigned: () => true, // a watch may read a local before its first assignment: it reads 0
    names: () => [...slots.keys()],
  };
  const isCallback = context.block !== undefined && program.funcs.some((f) => f.block === context.block);
  return {
    globals: globalsOfProgram(program), sink, body: 'debug', current: -1, locals,
    cbParam: isCallback ? 'cb' : undefined,
    noOps: 'in a debugger expression (it must not change the state)',
    debug: { stepLabels: STEP_LABELS },
  };
}
