// Arithmetic on litmus values: numbers, and pointers (a location's name) that only compare.
import type { Val } from '../lkmm';
import type { Pos } from './ast';
import { LitmusError } from './diagnostics';

export function truthy(v: Val): boolean { return typeof v === 'string' || v !== 0; }

export function applyOp(op: '!' | '-' | '~', v: Val, pos: Pos): Val {
  if (op === '!') return truthy(v) ? 0 : 1;
  return op === '-' ? -num(v, pos) : ~num(v, pos);
}

export function binaryOp(op: string, a: Val, b: Val, pos: Pos): Val {
  switch (op) {
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '&&': return truthy(a) && truthy(b) ? 1 : 0;
    case '||': return truthy(a) || truthy(b) ? 1 : 0;
  }
  // A pointer plus nothing is the pointer (tests add a value minus itself to a pointer to make an
  // address dependency); any other offset would need arrays.
  if ((op === '+' || op === '-') && typeof a === 'string' && b === 0) return a;
  if (op === '+' && a === 0 && typeof b === 'string') return b;
  const x = num(a, pos); const y = num(b, pos);
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': return y === 0 ? 0 : Math.trunc(x / y);
    case '%': return y === 0 ? 0 : x % y;
    case '&': return x & y;
    case '|': return x | y;
    case '^': return x ^ y;
    case '&~': return x & ~y;
    case '<<': return x << y;
    case '>>': return x >> y;
    case '<': return x < y ? 1 : 0;
    case '>': return x > y ? 1 : 0;
    case '<=': return x <= y ? 1 : 0;
    case '>=': return x >= y ? 1 : 0;
  }
  throw new LitmusError('TW604', pos, `operator '${op}' is not supported`);
}

function num(v: Val, pos: Pos): number {
  if (typeof v === 'number') return v;
  throw new LitmusError('TW604', pos, `arithmetic on the pointer '${v}' is not supported`);
}

/** A value as herd prints it. */
export function valText(v: Val): string { return String(v); }
