// The syntax of a herd7 C litmus test: its name, initial state, threads and final condition.
import type { Val } from '../lkmm';

/** 1-based line and column. */
export interface Pos { line: number; column: number }

export type Expr = (
  | { k: 'num'; v: number }
  | { k: 'name'; name: string }
  | { k: 'deref'; e: Expr }
  | { k: 'addr'; e: Expr }
  | { k: 'unary'; op: '!' | '-' | '~'; e: Expr }
  | { k: 'binary'; op: string; a: Expr; b: Expr }
  | { k: 'call'; name: string; args: Expr[] }
  /** `a[i]`: the element i places after the one `a` points to. */
  | { k: 'index'; e: Expr; i: Expr }
  /** `s->f` (`arrow`: through the pointer s) or `(*s).f`, `a[1].f` (a field of an lvalue). */
  | { k: 'field'; e: Expr; field: string; arrow: boolean }
) & { pos: Pos };

export type Stmt = (
  | { k: 'decl'; name: string; init?: Expr }
  | { k: 'assign'; target: Expr; value: Expr }
  | { k: 'expr'; e: Expr }
  | { k: 'if'; cond: Expr; then: Stmt[]; else: Stmt[] }
  /** `while`, `for` (its init before it; `step` after the body, `continue` included) and `do` (`first`: the body runs before the test). */
  | { k: 'loop'; cond: Expr; body: Stmt[]; step: Stmt[]; first: boolean }
  | { k: 'break' | 'continue' }
) & { pos: Pos };

export interface Thread { index: number; params: string[]; body: Stmt[]; pos: Pos }

/** `0:r0` (thread 0's register) or `x` (a location). */
export interface StateName { thread?: number; name: string; pos: Pos }

export type Prop =
  | { k: 'and' | 'or'; a: Prop; b: Prop }
  | { k: 'not'; p: Prop }
  | { k: 'const'; v: boolean }
  /** `0:r0=1`, `x=y` (x holds a pointer to y), or `0:r0=1:r0` (two registers hold the same value). */
  | { k: 'atom'; lhs: StateName; value: Val | StateName; negated: boolean };

export type Quantifier = 'exists' | '~exists' | 'forall';

export interface LitmusTest {
  name: string;
  /**
   * The verdict a `Result: Never|Sometimes|Always` line in the header comment documents
   * (DEADLOCK: no execution completes), and whether it says DATARACE. `Result: Flag name` documents
   * a model warning instead of a verdict: `flag` is its name.
   */
  documented?: { verdict: Verdict | 'DEADLOCK' | 'Flag'; dataRace: boolean; flag?: string };
  /** Initial values of locations (absent: 0) and of registers (`0:r1=2`). */
  initLocs: Map<string, Val>;
  initRegs: Map<string, Val>;
  /** Arrays the initial state declares (`int a[3];`): name -> length. Their elements are the locations `a[0]`, `a[1]`, ... */
  arrays: Map<string, number>;
  threads: Thread[];
  locations: StateName[];
  filter?: Prop;
  quantifier: Quantifier;
  condition: Prop;
}

export type Verdict = 'Never' | 'Sometimes' | 'Always';
