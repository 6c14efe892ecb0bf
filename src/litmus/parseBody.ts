// Thread bodies of a C litmus test: declarations, assignments, calls of the kernel's primitives,
// if/else, while/for/do loops with break and continue, and C expressions (precedence climbing)
// with array elements `a[i]` and struct fields `s->f`.
import type { Expr, Stmt } from './ast';
import { LitmusError } from './diagnostics';
import type { Cursor } from './parserBase';

const TYPE_WORDS = new Set(['int', 'long', 'unsigned', 'signed', 'short', 'char', 'atomic_t', 'atomic_long_t', 'spinlock_t', 'intptr_t', 'uintptr_t', 'u32', 'u64', 's32', 's64', 'bool', 'const', 'volatile', 'struct', 'srcu_struct', 'void', 'atomic64_t', 'size_t', 'uint32_t', 'uint64_t', 'int32_t', 'int64_t']);

/** Binary operators by precedence, loosest first. */
const LEVELS: string[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

export function isTypeStart(c: Cursor): boolean { return c.peek().kind === 'ident' && TYPE_WORDS.has(c.peek().text); }

/** Skips `int`, `unsigned long`, `struct srcu_struct`, `struct foo` and the like; true when it named a struct. */
export function skipType(c: Cursor): boolean {
  let struct = false;
  while (isTypeStart(c)) if (c.next().text === 'struct' && c.peek().kind === 'ident') { c.next(); struct = true; }
  return struct;
}

/** How many loops enclose the statement being parsed (`break` and `continue` need one). */
let loopDepth = 0;

/** A thread's body: `{ ... }` outside any loop. */
export function parseBody(c: Cursor): Stmt[] {
  const outer = loopDepth;
  loopDepth = 0;
  try { return parseBlock(c); } finally { loopDepth = outer; }
}

function loopBody(c: Cursor): Stmt[] {
  loopDepth++;
  try { return parseStmt(c); } finally { loopDepth--; }
}

export function parseBlock(c: Cursor): Stmt[] {
  c.expect('{');
  const out: Stmt[] = [];
  while (!c.is('}')) {
    if (c.peek().kind === 'eof') throw c.error("'}' to close the block");
    out.push(...parseStmt(c));
  }
  c.next();
  return out;
}

function parseStmt(c: Cursor): Stmt[] {
  const pos = c.pos();
  if (c.eat(';')) return [];
  if (c.is('{')) return parseBlock(c);
  if (c.is('break') || c.is('continue')) {
    const k = c.next().text as 'break' | 'continue';
    if (loopDepth === 0) throw new LitmusError('TW601', pos, `'${k}' outside a loop`);
    c.expect(';', `';' after ${k}`);
    return [{ k, pos }];
  }
  if (c.is('if')) {
    c.next(); c.expect('(');
    const cond = parseExpr(c);
    c.expect(')');
    const then = parseStmt(c);
    const els = c.eat('else') ? parseStmt(c) : [];
    return [{ k: 'if', cond, then, else: els, pos }];
  }
  if (c.eat('while')) {
    c.expect('('); const cond = parseExpr(c); c.expect(')');
    return [{ k: 'loop', cond, body: loopBody(c), step: [], first: false, pos }];
  }
  if (c.eat('do')) {
    const body = loopBody(c);
    c.expect('while', "'while' after the body of do"); c.expect('('); const cond = parseExpr(c); c.expect(')'); c.expect(';', "';' after do ... while (...)");
    return [{ k: 'loop', cond, body, step: [], first: true, pos }];
  }
  if (c.eat('for')) {
    c.expect('(');
    const init = c.is(';') ? (c.next(), []) : parseSimple(c, ';');
    const cond: Expr = c.is(';') ? { k: 'num', v: 1, pos: c.pos() } : parseExpr(c);
    c.expect(';', "';' after the condition of for");
    const step = c.is(')') ? [] : parseSimple(c, ')');
    if (step.length === 0) c.expect(')');
    return [...init, { k: 'loop', cond, body: loopBody(c), step, first: false, pos }];
  }
  return parseSimple(c, ';');
}

/** A declaration, an assignment (`=`, `+=`, `++`) or an expression, ended by `end` (`;`, or `)` in a for). */
function parseSimple(c: Cursor, end: string): Stmt[] {
  const pos = c.pos();
  if (isTypeStart(c)) return parseDecl(c);
  const e = parseExpr(c);
  const t = c.peek();
  if (t.kind === 'punct' && /^(<<|>>|[-+*/%&|^])=$/.test(t.text)) {
    c.next();
    const value = parseExpr(c);
    c.expect(end, `'${end}' after the assignment`);
    return [{ k: 'assign', target: e, value: { k: 'binary', op: t.text.slice(0, -1), a: e, b: value, pos: t.pos }, pos }];
  }
  if (c.is('++') || c.is('--')) {
    c.next();
    c.expect(end, `'${end}' after the statement`);
    return [{ k: 'assign', target: e, value: { k: 'binary', op: t.text[0] ?? '+', a: e, b: { k: 'num', v: 1, pos: t.pos }, pos: t.pos }, pos }];
  }
  if (c.eat('=')) {
    const value = parseExpr(c);
    c.expect(end, `'${end}' after the assignment`);
    return [{ k: 'assign', target: e, value, pos }];
  }
  c.expect(end, `'${end}' after the statement`);
  return [{ k: 'expr', e, pos }];
}

function parseDecl(c: Cursor): Stmt[] {
  const struct = skipType(c);
  const out: Stmt[] = [];
  do {
    let pointer = false;
    while (c.eat('*')) pointer = true;
    const pos = c.pos();
    const name = c.ident('a variable name').text;
    // A register holds one value: a struct copied whole (`struct foo v = READ_ONCE(*s);`) would be
    // several accesses of different sizes to one location, which the LKMM does not model.
    if (struct && !pointer) throw new LitmusError('TW604', pos, `a local struct '${name}' is not supported (a struct read whole, as READ_ONCE(*s) of a struct, is several accesses): read each field, READ_ONCE(s->f)`);
    if (c.is('[')) throw new LitmusError('TW604', c.pos(), `a local array '${name}' is not supported: declare it in the initial state (int ${name}[N];) and pass it to the thread`);
    const init = c.eat('=') ? parseExpr(c) : undefined;
    out.push({ k: 'decl', name, init, pos });
  } while (c.eat(','));
  c.expect(';', "';' after the declaration");
  return out;
}

export function parseExpr(c: Cursor, level = 0): Expr {
  const ops = LEVELS[level];
  if (!ops) return parseUnary(c);
  let a = parseExpr(c, level + 1);
  for (;;) {
    const t = c.peek();
    if (t.kind !== 'punct' || !ops.includes(t.text)) return a;
    c.next();
    const b = parseExpr(c, level + 1);
    a = { k: 'binary', op: t.text, a, b, pos: t.pos };
  }
}

function parseUnary(c: Cursor): Expr {
  const pos = c.pos();
  if (c.eat('*')) return { k: 'deref', e: parseUnary(c), pos };
  if (c.eat('&')) return { k: 'addr', e: parseUnary(c), pos };
  for (const op of ['!', '-', '~'] as const) if (c.eat(op)) return { k: 'unary', op, e: parseUnary(c), pos };
  if (c.is('(') && c.peek(1).kind === 'ident' && TYPE_WORDS.has(c.peek(1).text)) {
    // A cast: `(void)atomic_add_unless(...)`, `(int *)r1`.
    c.next(); skipType(c); while (c.eat('*')) { /* pointer cast */ } c.expect(')');
    return parseUnary(c);
  }
  return parsePrimary(c);
}

/** A primary expression and its postfix forms: `a[i]`, `s->f`, `x.f`. */
function parsePrimary(c: Cursor): Expr {
  let e = parseAtom(c);
  for (;;) {
    const pos = c.pos();
    if (c.eat('[')) { const i = parseExpr(c); c.expect(']', "']' to close the index"); e = { k: 'index', e, i, pos }; }
    else if (c.is('->') || c.is('.')) { const arrow = c.next().text === '->'; e = { k: 'field', e, field: c.ident('a field name').text, arrow, pos }; }
    else return e;
  }
}

function parseAtom(c: Cursor): Expr {
  const t = c.peek();
  if (t.kind === 'num') { c.next(); return { k: 'num', v: Number(t.text), pos: t.pos }; }
  if (c.eat('(')) { const e = parseExpr(c); c.expect(')'); return e; }
  if (t.kind !== 'ident') throw c.error('an expression');
  c.next();
  if (!c.eat('(')) return { k: 'name', name: t.text, pos: t.pos };
  const args: Expr[] = [];
  if (!c.is(')')) do args.push(parseExpr(c)); while (c.eat(','));
  c.expect(')', `')' to close the call of ${t.text}`);
  return { k: 'call', name: t.text, args, pos: t.pos };
}
