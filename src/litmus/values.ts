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
  // address dependency); a pointer to an array element moves along its array.
  if ((op === '+' || op === '-') && typeof a === 'string' && typeof b === 'number') return offset(a, op === '+' ? b : -b, pos);
  if (op === '+' && typeof a === 'number' && typeof b === 'string') return offset(b, a, pos);
  if (op === '-' && typeof a === 'string' && typeof b === 'string') {
    const x = element(a); const y = element(b);
    if (x && y && x.array === y.array) return x.index - y.index;
  }
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

/** `a[2]` is element 2 of a; any other location is no array's element. */
function element(p: string): { array: string; index: number } | undefined {
  const m = /^(.*)\[(-?\d+)\]$/.exec(p);
  return m ? { array: m[1] ?? '', index: Number(m[2]) } : undefined;
}

/** The pointer `by` elements after `p` (bounds are checked where it is dereferenced). */
function offset(p: string, by: number, pos: Pos): Val {
  if (by === 0) return p;
  const e = element(p);
  if (!e) throw new LitmusError('TW604', pos, `arithmetic on the pointer '${p}' is not supported: it points into no array (declare one in the initial state, int ${p}[N];)`);
  return `${e.array}[${e.index + by}]`;
}

function num(v: Val, pos: Pos): number {
  if (typeof v === 'number') return v;
  throw new LitmusError('TW604', pos, `arithmetic on the pointer '${v}' is not supported`);
}

/** A value as herd prints it. */
export function valText(v: Val): string { return String(v); }
