// A herd7 C litmus test: `C name`, an optional doc string, the `{ }` initial state, the threads
// `P0(int *x, ...) { ... }`, then `locations [...]`, `filter (...)` and the final condition
// (`exists`, `~exists` or `forall` over `/\`, `\/`, `~` and `0:r0=1` / `x=2` atoms).
import type { LitmusTest, Prop, StateName, Thread, Verdict } from './ast';
import type { Val } from '../lkmm';
import { LitmusError } from './diagnostics';
import { tokenize } from './lexer';
import { Cursor } from './parserBase';
import { parseBody, skipType, isTypeStart } from './parseBody';

/** Parses the text of a litmus test; throws LitmusError (with a 1-based position) on bad input. */
export function parseLitmus(text: string): LitmusTest {
  const head = /^(\s*)C[ \t]+(\S+)[^\n]*/.exec(text);
  if (!head) {
    const at = /\S/.exec(text);
    const before = text.slice(0, at?.index ?? 0).split('\n');
    throw new LitmusError('TW601', { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 }, "expected 'C name' (a C litmus test starts with the letter C and the test's name)");
  }
  // Blank the header line (its name may hold any character) and the generators' `Key=value` info
  // lines before the initial state (`Cycle=Rfe PodRR Fre PodWW`, `Relax=`, `Orig=`: herd7 accepts
  // and ignores them), keeping every position in place.
  const blank = (t: string): string => t.replace(/[^\n]/g, ' ');
  const rest = text.slice(head[0].length);
  const init = rest.indexOf('{');
  const header = (init < 0 ? rest : rest.slice(0, init)).replace(/^[ \t]*[A-Za-z][A-Za-z0-9_]*[ \t]*=[^\n"]*$/gm, blank);
  const c = new Cursor(tokenize(blank(head[0]) + header + (init < 0 ? '' : rest.slice(init))));
  if (c.peek().kind === 'str') c.next();
  const { initLocs, initRegs, arrays } = parseInit(c);
  const threads: Thread[] = [];
  while (/^P[0-9]+$/.test(c.peek().text) && c.peek().kind === 'ident') threads.push(parseThread(c, threads.length));
  if (threads.length === 0) throw c.error("a thread 'P0(...) { ... }'");
  const locations = c.eat('locations') ? parseLocations(c) : [];
  const filter = c.eat('filter') ? parseProp(c, arrays) : undefined;
  const quantifier = c.eat('exists') ? 'exists' : c.eat('forall') ? 'forall' : c.is('~') && c.is('exists', 1) ? (c.next(), c.next(), '~exists' as const) : undefined;
  if (!quantifier) throw c.error(threads.length ? "another thread, 'locations', 'filter', 'exists', '~exists' or 'forall'" : "'exists'");
  const condition = parseProp(c, arrays);
  if (c.peek().kind !== 'eof') throw c.error('the end of the test after the condition');
  return { name: head[2] ?? '', documented: documentedResult(text), initLocs, initRegs, arrays, threads, locations, filter, quantifier, condition };
}

/**
 * `Result: Never` (optionally followed by DATARACE; `Expected result: never.` too, in any case) in the
 * header comment; or `Result: Flag name`, a test written to raise one of the model's warnings.
 */
export function documentedResult(text: string): LitmusTest['documented'] {
  const flag = /result:\s*flag\s+([A-Za-z][\w-]*)/i.exec(text);
  if (flag) return { verdict: 'Flag', dataRace: false, flag: flag[1] };
  const m = /result:\s*(never|sometimes|always|deadlock)\b([ \t]+DATARACE)?/i.exec(text);
  if (!m) return undefined;
  const word = (m[1] ?? '').toLowerCase();
  const verdict = word === 'deadlock' ? 'DEADLOCK' : (word.charAt(0).toUpperCase() + word.slice(1)) as Verdict;
  return { verdict, dataRace: !!m[2] };
}

function parseInit(c: Cursor): { initLocs: Map<string, Val>; initRegs: Map<string, Val>; arrays: Map<string, number> } {
  const initLocs = new Map<string, Val>();
  const initRegs = new Map<string, Val>();
  const arrays = new Map<string, number>();
  c.expect('{', "'{' to open the initial state");
  while (!c.eat('}')) {
    if (c.eat(';')) continue;
    const typed = isTypeStart(c);
    skipType(c);
    while (c.eat('*')) { /* pointer declarator */ }
    // `int a[2]` declares an array; `a[1] = 3` (no type) sets one of its elements.
    if (typed && c.peek().kind === 'ident' && c.is('[', 1)) { const pos = c.pos(); parseArray(c, { name: c.next().text, pos }, initLocs, arrays); if (!c.is('}')) c.expect(';', "';' between initial values"); continue; }
    const name = parseStateName(c);
    const value = c.eat('=') ? parseValue(c, arrays) : 0;
    if (name.thread !== undefined) initRegs.set(`${name.thread}:${name.name}`, value);
    else initLocs.set(name.name, value);
    if (!c.is('}')) c.expect(';', "';' between initial values");
  }
  return { initLocs, initRegs, arrays };
}

/** `int a[3];`, `int a[2] = {1, 2};` or `int a[] = {1, 2};`: the locations a[0], a[1], ... */
function parseArray(c: Cursor, name: StateName, initLocs: Map<string, Val>, arrays: Map<string, number>): void {
  c.expect('[');
  const size = c.peek().kind === 'num' ? Number(c.next().text) : undefined;
  c.expect(']', "']' after the array's length");
  const values: Val[] = [];
  if (c.eat('=')) {
    c.expect('{', "'{' to open the array's initial values");
    if (!c.is('}')) do values.push(parseValue(c, arrays)); while (c.eat(','));
    c.expect('}', "'}' to close the array's initial values");
  }
  const length = size ?? values.length;
  if (length < 1 || values.length > length) throw new LitmusError('TW601', name.pos, `array '${name.name}' needs a length of at least 1 and no more initial values than its length`);
  arrays.set(name.name, length);
  for (let i = 0; i < length; i++) initLocs.set(`${name.name}[${i}]`, values[i] ?? 0);
}

/**
 * An initial or final value: a number, `&x` or `x` (a pointer to x), `&a[1]` or `a` (a pointer to
 * an element of an array), `&s.f` (to a field), `ATOMIC_INIT(n)`.
 */
function parseValue(c: Cursor, arrays: Map<string, number>): Val {
  const neg = c.eat('-');
  const t = c.peek();
  if (t.kind === 'num') { c.next(); return neg ? -Number(t.text) : Number(t.text); }
  if (neg) throw c.error('a number after -');
  if (c.eat('&')) return parseStateName(c).name;
  if (c.is('ATOMIC_INIT')) { c.next(); c.expect('('); const v = parseValue(c, arrays); c.expect(')'); return v; }
  const name = locationName(c, c.ident('a value (a number or a location name)').text);
  return arrays.has(name) ? `${name}[0]` : name;
}

function parseThread(c: Cursor, expected: number): Thread {
  const t = c.next();
  const index = Number(t.text.slice(1));
  if (index !== expected) throw new LitmusError('TW601', t.pos, `expected thread P${expected} here, found ${t.text} (threads are numbered from P0 in order)`);
  c.expect('(', `'(' after ${t.text}`);
  const params: string[] = [];
  if (!c.is(')')) {
    do {
      skipType(c);
      while (c.eat('*')) { /* pointer parameter */ }
      params.push(c.ident('a parameter name').text);
      // `int a[]` or `int a[2]`: a pointer to the array's first element.
      if (c.eat('[')) { if (c.peek().kind === 'num') c.next(); c.expect(']', "']' after the array parameter"); }
    } while (c.eat(','));
  }
  c.expect(')', `')' to close the parameters of ${t.text}`);
  return { index, params, body: parseBody(c), pos: t.pos };
}

function parseLocations(c: Cursor): StateName[] {
  c.expect('[');
  const out: StateName[] = [];
  while (!c.eat(']')) {
    if (c.eat(';')) continue;
    out.push(parseStateName(c));
  }
  return out;
}

function parseStateName(c: Cursor): StateName {
  const pos = c.pos();
  if (c.peek().kind === 'num' && c.is(':', 1)) {
    const thread = Number(c.next().text);
    c.next();
    return { thread, name: c.ident('a register name after the thread number').text, pos };
  }
  if (c.eat('[')) { const name = locationName(c, c.ident('a location name').text); c.expect(']'); return { name, pos }; }
  if (isTypeStart(c)) throw c.error('a location or register name');
  return { name: locationName(c, c.ident('a location (x) or a register (0:r0)').text), pos };
}

/** A location name with its element and field suffixes: `a[1]`, `s.f`, `a[0].next`. */
function locationName(c: Cursor, base: string): string {
  let name = base;
  for (;;) {
    if (c.is('[') && c.peek(1).kind === 'num' && c.is(']', 2)) { c.next(); name += `[${Number(c.next().text)}]`; c.next(); }
    else if (c.is('.') && c.peek(1).kind === 'ident') { c.next(); name += `.${c.next().text}`; }
    else return name;
  }
}

function parseProp(c: Cursor, arrays: Map<string, number>): Prop {
  let a = parseConj(c, arrays);
  while (c.eat('\\/')) a = { k: 'or', a, b: parseConj(c, arrays) };
  return a;
}

function parseConj(c: Cursor, arrays: Map<string, number>): Prop {
  let a = parsePropAtom(c, arrays);
  while (c.eat('/\\')) a = { k: 'and', a, b: parsePropAtom(c, arrays) };
  return a;
}

function parsePropAtom(c: Cursor, arrays: Map<string, number>): Prop {
  if (c.eat('(')) { const p = parseProp(c, arrays); c.expect(')', "')' to close the condition"); return p; }
  if (c.eat('~') || c.eat('not')) return { k: 'not', p: parsePropAtom(c, arrays) };
  if (c.eat('true')) return { k: 'const', v: true };
  if (c.eat('false')) return { k: 'const', v: false };
  const lhs = parseStateName(c);
  const negated = c.eat('!=');
  if (!negated && !c.eat('=') && !c.eat('==')) throw c.error(`'=' after ${lhs.thread === undefined ? '' : `${lhs.thread}:`}${lhs.name}`);
  const other = c.peek().kind === 'num' && c.is(':', 1) ? parseStateName(c) : undefined;
  return { k: 'atom', lhs, value: other ?? parseValue(c, arrays), negated };
}
