// The parts a breakpoint is built from besides its location: hit conditions (`== 2`, `>= 3`, `% 2`),
// conditions compiled for every thread, and logpoint templates with `{expr}` holes.
import { Machine, Program, State } from '../core';
import { CompiledExpr, compileAnywhere, compileExpr, evaluate, formatValue, blockAt, EvalPoint } from './exprs';

export interface HitCondition { op: '==' | '>=' | '>' | '<=' | '<' | '%'; n: number }

/** `N` (= `== N`), `== N`, `>= N`, `> N`, `<= N`, `< N`, `% N`. */
export function parseHitCondition(text: string): HitCondition | { error: string } {
  const m = /^\s*(==|>=|>|<=|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!m || m[2] === undefined) return { error: `hit count '${text}' must be N, == N, >= N, > N, <= N, < N or % N` };
  const op = (m[1] ?? '==') as HitCondition['op'];
  const n = Number(m[2]);
  if (op === '%' && n === 0) return { error: `hit count '${text}': % 0 never holds` };
  return { op, n };
}

export function hitConditionHolds(h: HitCondition, count: number): boolean {
  switch (h.op) {
    case '==': return count === h.n;
    case '>=': return count >= h.n;
    case '>': return count > h.n;
    case '<=': return count <= h.n;
    case '<': return count < h.n;
    default: return count % h.n === 0;
  }
}

/** A condition per code block where it compiles ('global' = compiled with no locals: valid everywhere). */
export type Condition = Map<number | 'global', CompiledExpr>;

/** Compiles a condition for a breakpoint whose thread is not known in advance. */
export function compileCondition(program: Program, text: string, block?: number): Condition | { error: string } {
  if (block !== undefined) {
    const r = compileExpr(program, text, block);
    return 'ok' in r ? new Map([[block, r.ok]]) : { error: r.error };
  }
  const r = compileAnywhere(program, text);
  return 'ok' in r ? r.ok : r;
}

function pick(cond: Condition, s: State, p: EvalPoint): CompiledExpr | undefined {
  const g = cond.get('global');
  if (g) return g;
  const b = blockAt(s, p);
  return b === undefined ? undefined : cond.get(b);
}

/** True when the condition holds for thread p.thread (false where its names do not resolve). */
export function conditionHolds(m: Machine, s: State, cond: Condition | undefined, p: EvalPoint): boolean {
  if (!cond) return true;
  const c = pick(cond, s, p);
  return c !== undefined && evaluate(m, s, c, p) !== 0;
}

/** `{thread}` and `{step}` in a log message: the thread's name and the step it is before. */
export type LogSpecial = { special: 'thread' | 'step' };
export type LogPart = string | Condition | LogSpecial;

/**
 * `A is {A.next}, h = {h}` -> literal and expression parts; `{{` and `}}` are literal braces;
 * `{thread}` and `{step}` name the thread and its next step.
 */
export function parseLogMessage(program: Program, text: string): LogPart[] | { error: string } {
  const parts: LogPart[] = [];
  let lit = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === '{' || c === '}') && text[i + 1] === c) { lit += c; i++; continue; }
    if (c !== '{') { lit += c; continue; }
    const end = text.indexOf('}', i + 1);
    if (end < 0) return { error: `logpoint message: '{' at column ${i + 1} has no closing '}'` };
    const hole = text.slice(i + 1, end).trim();
    if (lit) parts.push(lit);
    lit = '';
    i = end;
    if (hole === 'thread' || hole === 'step') { parts.push({ special: hole }); continue; }
    const cond = compileCondition(program, hole);
    if ('error' in cond) return { error: `logpoint message {${hole}}: ${cond.error}` };
    parts.push(cond);
  }
  if (lit) parts.push(lit);
  return parts;
}

export function renderLog(m: Machine, s: State, parts: readonly LogPart[], p: EvalPoint): string {
  return parts.map((part) => {
    if (typeof part === 'string') return part;
    if ('special' in part) return part.special === 'thread' ? (m.program.threads[p.thread]?.name ?? '?') : (m.nextLabel(s, p.thread) ?? 'the end');
    const c = pick(part, s, p);
    return c ? formatValue(m.ctx, s, c.type, evaluate(m, s, c, p)) : '<not in scope>';
  }).join('');
}
