// The syntax tree of a .tw file, as the parser builds it. The checker annotates names (`res`) and
// locals (`slot`) in place; the compiler reads those annotations.
import type { SourceRange, Origin, BinaryOp, NotifyMode } from '../core/program';

export type { SourceRange, Origin };

export interface Name {
  text: string;
  range: SourceRange;
}

/** What a name in an expression stands for, filled in by the checker. */
export type Resolution =
  | { k: 'local'; slot: number }
  | { k: 'task'; id: number }
  | { k: 'cpu'; id: number }
  | { k: 'work'; id: number }
  | { k: 'func'; id: number }
  | { k: 'cb' }                 // the callback's parameter, or a match predicate's candidate
  | { k: 'outerCb' }            // the callback's parameter seen from inside a match predicate
  | { k: 'exited' }             // work_exited
  | { k: 'int'; v: number }     // ESRCH, EINVAL
  | { k: 'mode'; mode: NotifyMode }
  | { k: 'opLocal'; name: OpLocalName }; // debugger only

/** The C locals of the operation in progress, visible to debugger conditions (model.md §2). */
export type OpLocalName = 'h' | 'work' | 'pprev' | 'next' | 'head';

export type ExprNode =
  | { kind: 'int'; value: number; range: SourceRange }
  | { kind: 'bool'; value: boolean; range: SourceRange }
  | { kind: 'null'; range: SourceRange }
  | { kind: 'string'; value: string; range: SourceRange }
  | { kind: 'name'; name: string; range: SourceRange; res?: Resolution }
  | { kind: 'exited'; range: SourceRange }
  | { kind: 'field'; obj: ExprNode; field: Name; range: SourceRange }
  | CallNode
  | { kind: 'lambda'; param: Name; body: ExprNode; range: SourceRange }
  | { kind: 'unary'; op: '!' | '-'; operand: ExprNode; range: SourceRange }
  | BinaryNode
  | { kind: 'error'; range: SourceRange };

export interface CallNode {
  kind: 'call';
  callee: Name;
  args: ExprNode[];
  range: SourceRange;
}

export interface BinaryNode {
  kind: 'binary';
  op: BinaryOp;
  left: ExprNode;
  right: ExprNode;
  range: SourceRange;
  /** Debugger only: `thread == "x"` / `step == "x"` recognised by the checker. */
  special?: { k: 'thread'; id: number } | { k: 'step'; label: string };
}

/** Statements. `origin` is the statement (for if/while/repeat: the header) as one line of text. */
export type StmtNode =
  | { kind: 'let'; name: Name; init: ExprNode; origin: Origin; slot?: number }
  | { kind: 'assign'; name: Name; value: ExprNode; origin: Origin; slot?: number }
  | { kind: 'call'; call: CallNode; origin: Origin }
  | { kind: 'if'; cond: ExprNode; then: StmtNode; else?: StmtNode; origin: Origin }
  | { kind: 'repeat'; count: number; body: StmtNode; origin: Origin }
  | { kind: 'while'; cond: ExprNode; body: StmtNode; origin: Origin }
  | { kind: 'block'; body: StmtNode[]; origin: Origin }
  | { kind: 'empty'; origin: Origin };

export interface ScheduleText {
  value: string;
  line: number;
  /** 1-based source column of each character of value, plus one past the end. */
  columns: number[];
}

/** Top-level declarations. `origin` is the declaration (for bodies: the header) as one line. */
export type DeclNode =
  /** `variant NAME;`, or `variant "FILE.c";` (file: the name is a listing's path, relative to the .tw file). */
  | { kind: 'variant'; name: Name; file?: boolean; origin: Origin }
  | { kind: 'expect'; variant: Name; memory?: Name; ok: boolean; kinds: Name[]; origin: Origin }
  | { kind: 'task'; name: Name; origin: Origin }
  /** `cpu NAME = TASK;`: a CPU and the task it runs at the start (task null after a parse error). */
  | { kind: 'cpu'; name: Name; task: Name | null; origin: Origin }
  | { kind: 'work'; name: Name; func: Name | null; at?: Name; origin: Origin }
  | BodyDecl
  | { kind: 'invariant'; expr: ExprNode; origin: Origin }
  | { kind: 'schedule'; name: Name; text: ScheduleText; origin: Origin }
  | { kind: 'option'; name: Name; origin: Origin }
  | { kind: 'memory'; name: Name; origin: Origin };

export type BodyDecl =
  | { kind: 'callback'; name: Name; param?: Name; body: StmtNode[]; origin: Origin }
  /** `current(TASK)`: runs as that task; `on(CPU)`: an interrupt (NMI) context on that CPU. */
  | { kind: 'thread'; name: Name; current?: Name; on?: Name; body: StmtNode[]; origin: Origin }
  | { kind: 'setup'; body: StmtNode[]; origin: Origin }
  | { kind: 'final'; body: StmtNode[]; origin: Origin };

export interface Script {
  decls: DeclNode[];
}

/** The range from the start of a to the end of b. */
export function span(a: SourceRange, b: SourceRange): SourceRange {
  return { line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn };
}
