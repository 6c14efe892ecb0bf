// The local closures a listing compiles to, each made together with its JavaScript text (withText):
// the generated step code (core/listingFast.ts) inlines the text, the generic interpreter calls the
// closure. Both come from one definition here, so they compute the same value.
import { LocalFn, withText, taskFieldAddr, workFieldAddr, TASK_BASE } from '../core';

/** A constant (`-0` written as such: the text computes what the closure returns, bit for bit). */
export function constFn(v: number): LocalFn {
  return withText(() => v, Object.is(v, -0) ? '(-0)' : `(${v})`);
}

/** The value of a slot. */
export function slotFn(slot: number): LocalFn {
  return withText((s) => s[slot] ?? 0, `(s[${slot}] ?? 0)`);
}

/** The operators of the listing subset: the function and its text over `$0` and `$1`. */
const OPS: Readonly<Record<string, { f: (a: number, b: number) => number; js: string }>> = {
  '==': { f: (a, b) => (a === b ? 1 : 0), js: '($0 === $1 ? 1 : 0)' },
  '!=': { f: (a, b) => (a !== b ? 1 : 0), js: '($0 !== $1 ? 1 : 0)' },
  '<': { f: (a, b) => (a < b ? 1 : 0), js: '($0 < $1 ? 1 : 0)' },
  '>': { f: (a, b) => (a > b ? 1 : 0), js: '($0 > $1 ? 1 : 0)' },
  '<=': { f: (a, b) => (a <= b ? 1 : 0), js: '($0 <= $1 ? 1 : 0)' },
  '>=': { f: (a, b) => (a >= b ? 1 : 0), js: '($0 >= $1 ? 1 : 0)' },
  '+': { f: (a, b) => a + b, js: '($0 + $1)' },
  '-': { f: (a, b) => a - b, js: '($0 - $1)' },
  '*': { f: (a, b) => a * b, js: '($0 * $1)' },
  // The divisor appears twice in the text: local values have no side effects.
  '/': { f: (a, b) => (b === 0 ? 0 : Math.trunc(a / b)), js: '($1 === 0 ? 0 : Math.trunc($0 / $1))' },
  '%': { f: (a, b) => (b === 0 ? 0 : a % b), js: '($1 === 0 ? 0 : $0 % $1)' },
  '&': { f: (a, b) => a & b, js: '($0 & $1)' },
  '|': { f: (a, b) => a | b, js: '($0 | $1)' },
  '^': { f: (a, b) => a ^ b, js: '($0 ^ $1)' },
  '<<': { f: (a, b) => a << b, js: '($0 << $1)' },
  '>>': { f: (a, b) => a >> b, js: '($0 >> $1)' },
};

/** The operator's function on constants (constant folding), or undefined when the subset lacks it. */
export function opOf(op: string): ((a: number, b: number) => number) | undefined { return OPS[op]?.f; }

/** `a op b` over closures (op one of OPS). */
export function binFn(op: string, a: LocalFn, b: LocalFn): LocalFn {
  const o = OPS[op];
  if (!o) throw new Error(`binFn: no operator '${op}'`);
  const f = o.f;
  return withText((s) => f(a(s), b(s)), o.js, a, b);
}

/** `!a`, `-a`, `~a`. */
export function unaryFn(op: '!' | '-' | '~', a: LocalFn): LocalFn {
  if (op === '!') return withText((s) => (a(s) === 0 ? 1 : 0), '($0 === 0 ? 1 : 0)', a);
  if (op === '-') return withText((s) => -a(s), '(-$0)', a);
  return withText((s) => ~a(s), '(~$0)', a);
}

/** `a != 0` as 0 or 1 (a C truth value). */
export function truthFn(a: LocalFn): LocalFn {
  return withText((s) => (a(s) !== 0 ? 1 : 0), '($0 !== 0 ? 1 : 0)', a);
}

/** `c ? a : b` without effects in a or b. */
export function condFn(c: LocalFn, a: LocalFn, b: LocalFn): LocalFn {
  return withText((s) => (c(s) !== 0 ? a(s) : b(s)), '($0 !== 0 ? $1 : $2)', c, a, b);
}

/** `a && b`, `a || b` without effects in b. */
export function logicalFn(op: '&&' | '||', a: LocalFn, b: LocalFn): LocalFn {
  return op === '&&'
    ? withText((s) => (a(s) !== 0 && b(s) !== 0 ? 1 : 0), '($0 !== 0 && $1 !== 0 ? 1 : 0)', a, b)
    : withText((s) => (a(s) !== 0 || b(s) !== 0 ? 1 : 0), '($0 !== 0 || $1 !== 0 ? 1 : 0)', a, b);
}

/** b's value after evaluating first (its slots are read: the LKMM's tracer sees the dependency). */
export function afterFn(first: LocalFn, b: LocalFn): LocalFn {
  return withText((s) => { first(s); return b(s); }, '($0, $1)', first, b);
}

/** `(v & bit) != 0` as 0 or 1. */
export function bitTestFn(v: LocalFn, bit: LocalFn): LocalFn {
  return withText((s) => ((v(s) & bit(s)) !== 0 ? 1 : 0), '(($0 & $1) !== 0 ? 1 : 0)', v, bit);
}

/** The address of a task's field: address.ts's taskFieldAddr, its arithmetic written out (no call in the generated code). */
export function taskFieldFn(task: LocalFn, field: number): LocalFn {
  return withText((s) => taskFieldAddr(task(s), field), `(-(($0 - ${TASK_BASE}) * 4 + ${field} + 1))`, task);
}

/** The address of a work's word: address.ts's workFieldAddr, written out. */
export function workFieldFn(work: LocalFn, field: number): LocalFn {
  return withText((s) => workFieldAddr(work(s), field), `($0 + ${field})`, work);
}
