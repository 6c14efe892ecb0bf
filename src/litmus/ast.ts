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
) & { pos: Pos };

export type Stmt = (
  | { k: 'decl'; name: string; init?: Expr }
  | { k: 'assign'; target: Expr; value: Expr }
  | { k: 'expr'; e: Expr }
  | { k: 'if'; cond: Expr; then: Stmt[]; else: Stmt[] }
  /** `while`, `for` (its init before it, its step after the body) and `do` (`first`: the body runs before the test). */
  | { k: 'loop'; cond: Expr; body: Stmt[]; first: boolean }
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
   * (DEADLOCK: no execution completes), and whether it says DATARACE.
   */
  documented?: { verdict: Verdict | 'DEADLOCK'; dataRace: boolean };
  /** Initial values of locations (absent: 0) and of registers (`0:r1=2`). */
  initLocs: Map<string, Val>;
  initRegs: Map<string, Val>;
  threads: Thread[];
  locations: StateName[];
  filter?: Prop;
  quantifier: Quantifier;
  condition: Prop;
}

export type Verdict = 'Never' | 'Sometimes' | 'Always';
