// The syntax tree of a model listing: the kernel-style C subset of docs/variants.md. Every node
// keeps the 1-based line and column of its first token, for diagnostics, steps and breakpoints.

export interface Pos { line: number; column: number }

/** A declared type reduced to what the model distinguishes: a base name and pointer depth. */
export interface CType {
  /** 'struct task_struct', 'struct callback_head', 'int', 'bool', 'void', 'unsigned long', 'enum x', a typedef name. */
  base: string;
  ptr: number;
  /** A pointer to a function (a `match` parameter, task_work_func_t). */
  fn: boolean;
}

export type CExpr = Pos & (
  | { k: 'num'; v: number }
  | { k: 'str'; text: string }
  | { k: 'ident'; name: string }
  | { k: 'member'; obj: CExpr; field: string; arrow: boolean }
  | { k: 'unary'; op: '!' | '-' | '~' | '*' | '&'; e: CExpr }
  | { k: 'binary'; op: string; l: CExpr; r: CExpr }
  | { k: 'assign'; op: string; l: CExpr; r: CExpr }
  | { k: 'call'; callee: CExpr; args: CExpr[] }
  | { k: 'cond'; c: CExpr; a: CExpr; b: CExpr }
  /** A type as a macro argument: `container_of(pos, struct task_work, hlist)`. */
  | { k: 'type'; type: CType }
);

export interface CDecl extends Pos { type: CType; name: string; init?: CExpr }

export type CStmt = Pos & (
  | { k: 'decl'; decls: CDecl[] }
  | { k: 'expr'; e: CExpr }
  | { k: 'if'; c: CExpr; then: CStmt; else?: CStmt }
  | { k: 'while'; c: CExpr; body: CStmt }
  | { k: 'do'; body: CStmt; c: CExpr }
  | { k: 'for'; init?: CStmt; c?: CExpr; step?: CExpr; body: CStmt }
  | { k: 'goto'; label: string }
  | { k: 'label'; label: string; body: CStmt }
  | { k: 'return'; e?: CExpr }
  | { k: 'break' }
  | { k: 'continue' }
  | { k: 'switch'; e: CExpr; body: CStmt }
  | { k: 'case'; e: CExpr | null }
  | { k: 'block'; body: CStmt[] }
  /** A list-walking macro used as a loop header: `hlist_for_each_entry(twork, pos, head, hlist) body`. */
  | { k: 'foreach'; macro: string; args: CExpr[]; body: CStmt }
  | { k: 'empty' }
);

export interface CParam extends Pos { type: CType; name: string }

export interface CFunction extends Pos {
  name: string;
  ret: CType;
  params: CParam[];
  body: CStmt;
  /** 1-based line of the closing brace (the debugger's "function returns" line). */
  endLine: number;
}

export interface CGlobal extends Pos { type: CType; name: string }

/** `DEFINE_PER_CPU(struct irq_work, name) = IRQ_WORK_INIT_HARD(handler)`: which function an irq_work runs. */
export interface CIrqWork extends Pos { name: string; handler: string }

export interface CFile {
  functions: CFunction[];
  globals: CGlobal[];
  irqWorks: CIrqWork[];
}
