// Robustness: compileSource never throws. Seeded random bytes, token soup inside a body, every
// prefix of valid scenarios, and single-character mutations must all give a program or diagnostics.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileSource } from '../../src/lang';
import type { Expr, Program } from '../../src/core/program';
import { PRELUDE } from './helpers';
import { seededRandom } from '../../src/core';

/** The core's seeded generator: a failure reproduces from its seed. */
const rng = seededRandom;

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/** Compiles and checks the result is well formed; returns whether a program came out. */
function check(text: string, what: string): boolean {
  let res: ReturnType<typeof compileSource>;
  try {
    res = compileSource('f.tw', text);
  } catch (e) {
    assert.fail(`${what} threw ${String(e)} on ${JSON.stringify(text.slice(0, 300))}`);
  }
  const lines = text.split('\n').length;
  for (const d of res.diagnostics) {
    assert.match(d.code, /^TW\d{3}$/, what);
    const r = d.range;
    const sane = r.line >= 1 && r.column >= 1 && r.endLine >= r.line && r.line <= lines && r.endLine <= lines
      && (r.endLine > r.line || r.endColumn >= r.column);
    assert.ok(sane, `${what}: bad range ${JSON.stringify(r)} for ${d.code} ${d.message}`);
    assert.ok(d.message.length > 0);
  }
  const errors = res.diagnostics.some((d) => d.severity === 'error');
  assert.equal(res.program === undefined, errors, `${what}: a program iff no error`);
  return res.program !== undefined;
}

const S1 = fs.readFileSync(path.join(__dirname, '../../examples/s01-cancel-vs-run.tw'), 'utf8');
const S6 = fs.readFileSync(path.join(__dirname, '../../examples/s06-aba-address-reuse.tw'), 'utf8');
const IOWQ = fs.readFileSync(path.join(__dirname, '../../examples/caller-io-wq-teardown.tw'), 'utf8');

const VOCAB = [
  'T', 'U', 'A', 'B', 'fa', 'cb', 'x', 'w', 'let', 'if', 'else', 'while', 'repeat', 'task_work_add', 'task_work_cancel',
  'task_work_cancel_func', 'task_work_cancel_match', 'task_work_run', 'do_exit', 'free', 'alloc', 'assert', 'wait_until',
  'runs', 'held', 'TWA_RESUME', 'TWA_NMI_CURRENT', 'NULL', 'true', 'ESRCH', 'work_exited', 'thread', 'task', 'work',
  '(', ')', '{', '}', ';', ',', '=', '==', '!=', '&&', '||', '!', '-', '+', '<', '.', '->', '&', '=>', '0', '1', '3', '"t"',
];

/** A random statement list from a small grammar: names exist, locals are assigned before use. */
function randomBody(r: () => number): string {
  let locals = 0;
  const work = (): string => pick(r, ['A', 'B', 'A->next', 'T.task_works']);
  const expr = (d: number): string => {
    const k = d > 2 ? Math.floor(r() * 4) : Math.floor(r() * 10);
    switch (k) {
      case 0: return String(Math.floor(r() * 3));
      case 1: return `runs(${work()})`;
      case 2: return locals > 0 ? `x${1 + Math.floor(r() * locals)}` : 'true';
      case 3: return `${work()} == ${pick(r, ['A', 'NULL', '&work_exited'])}`;
      case 4: return `task_work_cancel(T, ${work()})`;
      case 5: return `task_work_add(T, ${work()}, TWA_SIGNAL) == -ESRCH`;
      case 6: return `${expr(d + 1)} ${pick(r, ['&&', '||'])} ${expr(d + 1)}`;
      case 7: return `!( ${expr(d + 1)} )`;
      case 8: return `${expr(d + 1)} + ${expr(d + 1)} > 1`;
      default: return 'task_work_cancel_match(T, (c) => c->func == fa) == NULL';
    }
  };
  const stmt = (d: number): string => {
    const k = d > 2 ? Math.floor(r() * 4) : Math.floor(r() * 9);
    switch (k) {
      case 0: return `free( ${work()} ) ;`;
      case 1: return `task_work_add( T , ${work()} , TWA_RESUME ) ;`;
      case 2: return `assert( ${expr(d)} ) ;`;
      case 3: { const e = expr(d); locals++; return `let x${locals} = ${e} ;`; }
      case 4: return `if ( ${expr(d)} ) ${stmt(d + 1)} else ${stmt(d + 1)}`;
      case 5: return `while ( ${expr(d)} ) ${stmt(d + 1)}`;
      case 6: return `repeat ( ${1 + Math.floor(r() * 3)} ) ${stmt(d + 1)}`;
      case 7: return `{ ${stmt(d + 1)} ${stmt(d + 1)} }`;
      default: return `wait_until( runs( ${work()} ) > 0 ) ;`;
    }
  };
  const out: string[] = [];
  const n = 1 + Math.floor(r() * 6);
  for (let i = 0; i < n; i++) out.push(stmt(0));
  return out.join(' ');
}

/** Structural checks of a compiled program: jump targets, local slots, indices. */
function validate(p: Program | undefined, text: string): void {
  assert.ok(p);
  const exprOk = (e: Expr, nlocals: number): boolean => {
    switch (e.k) {
      case 'local': return e.slot >= 0 && e.slot < nlocals;
      case 'work': return e.id >= 0 && e.id < p.works.length;
      case 'func': return e.id >= 0 && e.id < p.funcs.length;
      case 'taskField': return e.task >= 0 && e.task < p.tasks.length;
      case 'workField': return exprOk(e.obj, nlocals);
      case 'builtin': return (e.task === undefined || e.task < p.tasks.length) && (!e.arg || exprOk(e.arg, nlocals));
      case 'unary': return exprOk(e.e, nlocals);
      case 'binary': return exprOk(e.l, nlocals) && exprOk(e.r, nlocals);
      default: return true;
    }
  };
  for (const b of p.blocks) {
    const n = b.locals.length;
    for (const i of b.instrs) {
      const why = JSON.stringify(i).slice(0, 200);
      if (i.op === 'jump' || i.op === 'jumpIfNot') assert.ok(i.target >= 0 && i.target <= b.instrs.length, `${why}\n${text}`);
      if ('dst' in i && i.dst !== undefined) assert.ok(i.dst >= 0 && i.dst < n, why);
      if ('task' in i) assert.ok(i.task >= 0 && i.task < p.tasks.length, why);
      for (const e of [('e' in i ? i.e : undefined), ('work' in i && typeof i.work !== 'number' ? i.work : undefined), ('pred' in i ? i.pred : undefined)]) {
        if (e) assert.ok(exprOk(e, n), `${why}\n${text}`);
      }
    }
  }
}

describe('lang: fuzz (never throws, always a program or diagnostics)', function () {
  this.timeout(120000);

  it('2000 seeded random byte strings', () => {
    const r = rng(1);
    for (let i = 0; i < 2000; i++) {
      const n = Math.floor(r() * 300);
      let s = '';
      for (let j = 0; j < n; j++) s += String.fromCharCode(Math.floor(r() * 256));
      check(s, `bytes #${i}`);
    }
  });

  it('2000 token soups inside a thread body', () => {
    const r = rng(2);
    for (let i = 0; i < 2000; i++) {
      const n = 1 + Math.floor(r() * 25);
      const toks: string[] = [];
      for (let j = 0; j < n; j++) toks.push(pick(r, VOCAB));
      check(`${PRELUDE}\nthread t current(T) {\n${toks.join(' ')}\n}\n`, `soup #${i}`);
    }
  });

  it('2000 random well-formed bodies, half with a token corrupted: compiled ones are well formed', () => {
    const r = rng(4);
    let compiled = 0;
    for (let i = 0; i < 2000; i++) {
      const toks = randomBody(r).split(' ');
      if (r() < 0.5) toks[Math.floor(r() * toks.length)] = pick(r, VOCAB);
      const text = `${PRELUDE}\nthread t current(T) {\n${toks.join(' ')}\n}\n`;
      if (check(text, `body #${i}`)) {
        compiled++;
        validate(compileSource('f.tw', text).program, text);
      }
    }
    assert.ok(compiled > 500, `only ${compiled} bodies compiled`);
  });

  it('every prefix (truncation) of three valid scenarios', () => {
    for (const [name, text] of [['S1', S1], ['S6', S6], ['io-wq', IOWQ]] as const) {
      assert.ok(check(text, name), `${name} itself must compile`);
      for (let i = 0; i < text.length; i++) check(text.slice(0, i), `${name} prefix ${i}`);
    }
  });

  it('3000 random single-character mutations of a valid file', () => {
    const r = rng(3);
    const chars = '(){};,.=!&|<>+-*/"\\ \n\tAaTtZz019_\u0000\u00e9';
    for (let i = 0; i < 3000; i++) {
      const at = Math.floor(r() * S1.length);
      const kind = Math.floor(r() * 3);
      const c = pick(r, [...chars]);
      const text = kind === 0 ? S1.slice(0, at) + S1.slice(at + 1)
        : kind === 1 ? S1.slice(0, at) + c + S1.slice(at) : S1.slice(0, at) + c + S1.slice(at + 1);
      check(text, `mutation #${i}`);
    }
  });

  it('pathological sizes: deep nesting, long chains, many errors, huge names', () => {
    const body = (s: string): string => `${PRELUDE}\nthread t current(T) {\n${s}\n}\n`;
    for (const s of [
      body('if (true) '.repeat(5000) + 'free(A);'), body('{'.repeat(100000)), body('!'.repeat(100000) + 'x;'),
      body(`assert(A${'->next'.repeat(20000)} == NULL);`), body(`let x = 1${' - 1'.repeat(20000)};`),
      body('let;'.repeat(20000)), body(`free(${'Q'.repeat(100000)});`), '}'.repeat(50000), '"'.repeat(50001),
      '/*'.repeat(1000), 'task T; '.repeat(5000),
    ]) check(s, s.slice(0, 40));
  });
});
