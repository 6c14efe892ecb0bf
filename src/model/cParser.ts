// The listing parser: tokens -> CFile. Recursive descent over the kernel-style C subset; a construct
// outside it is TW310 naming the construct, and parsing resumes at the next ';' or '}' (never throws).
import { CToken, tokenRange } from './cLexer';
import { ModelSink } from './diagnostics';
import { CExpr, CFile, CFunction, CParam, CStmt, CType, CDecl, Pos, CIrqWork } from './cAst';

/** Words that start a declaration: C base types, qualifiers and the kernel typedefs the model knows. */
const TYPE_WORDS = new Set(['struct', 'enum', 'union', 'int', 'bool', 'void', 'char', 'short', 'long', 'unsigned', 'signed',
  'const', 'volatile', 'static', 'inline', '__always_inline', 'noinline', 'notrace', 'extern', '__init',
  'task_work_func_t', 'u8', 'u16', 'u32', 'u64', 'size_t']);
/** Macros that are whole top-level statements with nothing for the model: noted and skipped. */
const IGNORED_TOP = /^(EXPORT_SYMBOL\w*|DEFINE_PER_CPU\w*|DECLARE_\w+|MODULE_\w+|late_initcall|core_initcall)$/;
const BINARY: readonly (readonly string[])[] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='],
  ['<<', '>>'], ['+', '-'], ['*', '/', '%']];
const ASSIGN = new Set(['=', '|=', '&=', '+=', '-=', '^=', '<<=', '>>=']);
/** The kernel's list-walking macros, used as loop headers: `hlist_for_each_entry(pos, head, member) body`. */
const FOREACH = /^h?list_for_each\w*$/;

class Bail extends Error {}

export function parseC(tokens: CToken[], sink: ModelSink): CFile {
  return new Parser(tokens, sink).file();
}

/** Deeper nesting than this is refused (TW310) rather than risking the stack. */
const MAX_DEPTH = 200;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly toks: CToken[], private readonly sink: ModelSink) {}

  private get t(): CToken { return this.toks[this.i] ?? this.toks[this.toks.length - 1] as CToken; }
  private peek(n = 1): CToken { return this.toks[Math.min(this.i + n, this.toks.length - 1)] as CToken; }
  private is(text: string): boolean { return this.t.text === text && this.t.kind !== 'string'; }
  private eat(text: string): boolean { if (this.is(text)) { this.i++; return true; } return false; }
  private pos(): Pos { return { line: this.t.line, column: this.t.column }; }

  private fail(message: string, tok = this.t): never {
    this.sink.error('TW310', tokenRange(tok), message);
    throw new Bail();
  }

  private expect(text: string): void {
    if (!this.eat(text)) this.fail(`expected '${text}', found ${this.found()}`);
  }

  private found(): string { return this.t.kind === 'eof' ? 'the end of the file' : `'${this.t.text}'`; }

  private ident(what: string): string {
    if (this.t.kind !== 'ident') this.fail(`expected ${what}, found ${this.found()}`);
    return (this.toks[this.i++] as CToken).text;
  }

  /** Skips to just after the next ';' at this nesting level, or past a balanced '{...}'. */
  private recover(): void {
    let depth = 0;
    while (this.t.kind !== 'eof') {
      const x = this.t.text;
      this.i++;
      if (x === '{' || x === '(') depth++;
      else if (x === ')') depth--;
      else if (x === '}') { depth--; if (depth <= 0) return; }
      else if (x === ';' && depth <= 0) return;
    }
  }

  file(): CFile {
    const out: CFile = { functions: [], globals: [], irqWorks: [] };
    while (this.t.kind !== 'eof') {
      const start = this.i;
      try { this.topLevel(out); } catch (e) {
        if (!(e instanceof Bail)) throw e;
        if (this.i === start) this.i++;
        this.recover();
      }
    }
    return out;
  }

  private topLevel(out: CFile): void {
    if (this.eat(';')) return;
    while (this.is('static') || this.is('inline') || this.is('extern')) this.i++;
    if (this.t.kind === 'ident' && IGNORED_TOP.test(this.t.text)) {
      const irq = this.irqWork();
      if (irq) out.irqWorks.push(irq);
      this.sink.note('TW301', tokenRange(this.t), irq
        ? `'${this.t.text}(...)': irq_work_queue(&${irq.name}) runs ${irq.handler}() later on the CPU of a thread declared 'on(CPU)' (with that CPU's current then), at once elsewhere`
        : `'${this.t.text}(...)' ignored: nothing in it changes the list`);
      this.recover();
      return;
    }
    if (this.t.kind !== 'ident' || !this.isTypeStart()) this.fail(`expected a function or a declaration, found ${this.found()}`);
    const pos = this.pos();
    const type = this.type();
    const name = this.ident('a name');
    if (this.is('(')) {
      const params = this.params();
      if (this.eat(';')) return; // a prototype: the definition (or the model's own) is what runs
      if (!this.is('{')) this.fail(`expected '{' or ';' after the parameters of '${name}', found ${this.found()}`);
      const body = this.block();
      const endLine = (this.toks[this.i - 1] as CToken).line;
      out.functions.push({ ...pos, name, ret: type, params, body, endLine } satisfies CFunction);
      return;
    }
    if (this.is('=')) this.fail(`an initialised global '${name}' is not part of the listing subset (globals are the static work_exited sentinel)`);
    out.globals.push({ ...pos, type, name });
    while (this.eat(',')) out.globals.push({ ...this.pos(), type: { ...type, ptr: this.stars() }, name: this.ident('a name') });
    this.expect(';');
  }

  /** At `DEFINE_PER_CPU(struct irq_work, name) = IRQ_WORK_INIT*(handler)`: the pair, or undefined (nothing consumed). */
  private irqWork(): CIrqWork | undefined {
    const text = (n: number): string => this.peek(n).text;
    if (!this.t.text.startsWith('DEFINE_PER_CPU') || text(1) !== '(' || text(2) !== 'struct' || text(3) !== 'irq_work' || text(4) !== ',') return undefined;
    if (text(6) !== ')' || text(7) !== '=' || !/^IRQ_WORK_INIT\w*$/.test(text(8)) || text(9) !== '(' || text(11) !== ')') return undefined;
    return { line: this.t.line, column: this.t.column, name: text(5), handler: text(10) };
  }

  private isTypeStart(): boolean {
    return this.t.kind === 'ident' && (TYPE_WORDS.has(this.t.text) || /_t$/.test(this.t.text) && this.peek().kind === 'ident');
  }

  private stars(): number {
    let n = 0;
    while (this.eat('*')) { n++; while (this.eat('const') || this.eat('__rcu')) { /* qualifiers say nothing to the model */ } }
    return n;
  }

  /** Base type and its stars: `const struct callback_head *`, `unsigned long`, `enum task_work_notify_mode`. */
  private type(): CType {
    const words: string[] = [];
    for (;;) {
      const w = this.t.text;
      if (this.t.kind !== 'ident') break;
      if (['const', 'volatile', 'static', 'inline', '__always_inline', 'noinline', 'notrace', 'extern', '__init'].includes(w)) { this.i++; continue; }
      if (w === 'struct' || w === 'enum' || w === 'union') {
        if (w === 'union') this.fail(`'union' is not part of the listing subset`);
        this.i++;
        words.push(`${w} ${this.ident(`a ${w} name`)}`);
        if (this.is('{')) this.fail(`a ${w} definition is not part of the listing subset (the model knows struct callback_head and struct task_struct)`);
        break;
      }
      if (['unsigned', 'signed', 'long', 'short'].includes(w)) { this.i++; words.push(w); continue; }
      if (words.length === 0 && (TYPE_WORDS.has(w) || /_t$/.test(w))) { this.i++; words.push(w); }
      break;
    }
    if (words.length === 0) this.fail(`expected a type, found ${this.found()}`);
    const base = words.join(' ');
    return { base, ptr: this.stars(), fn: base === 'task_work_func_t' };
  }

  private params(): CParam[] {
    this.expect('(');
    const out: CParam[] = [];
    if (this.is('void') && this.peek().text === ')') this.i++;
    while (!this.eat(')')) {
      const pos = this.pos();
      const type = this.type();
      let name = '';
      if (this.eat('(')) { // a function pointer: `bool (*match)(struct callback_head *, void *data)`
        this.expect('*');
        name = this.ident('a parameter name');
        this.expect(')');
        this.skipParens();
        type.fn = true;
      } else if (this.t.kind === 'ident') name = this.ident('a parameter name');
      out.push({ ...pos, type, name });
      if (!this.is(')')) this.expect(',');
    }
    return out;
  }

  private skipParens(): void {
    this.expect('(');
    for (let depth = 1; depth > 0 && this.t.kind !== 'eof'; this.i++) {
      if (this.is('(')) depth++;
      if (this.is(')')) depth--;
    }
  }

  private block(): CStmt {
    const pos = this.pos();
    this.expect('{');
    const body: CStmt[] = [];
    while (!this.is('}') && this.t.kind !== 'eof') {
      const start = this.i;
      try { body.push(this.stmt()); } catch (e) {
        if (!(e instanceof Bail)) throw e;
        if (this.i === start) this.i++;
        this.recover();
      }
    }
    this.expect('}');
    return { ...pos, k: 'block', body };
  }

  private stmt(): CStmt {
    if (++this.depth > MAX_DEPTH) { this.depth = 0; this.fail(`statements nested more than ${MAX_DEPTH} deep`); }
    try { return this.stmtInner(); } finally { this.depth = Math.max(0, this.depth - 1); }
  }

  private stmtInner(): CStmt {
    const pos = this.pos();
    const w = this.t.kind === 'ident' ? this.t.text : '';
    if (this.is('{')) return this.block();
    if (this.eat(';')) return { ...pos, k: 'empty' };
    if (this.t.kind === 'ident' && this.peek().text === ':' && !['default', 'case'].includes(w)) {
      this.i += 2;
      const body = this.is('}') ? { ...this.pos(), k: 'empty' as const } : this.stmt();
      return { ...pos, k: 'label', label: w, body };
    }
    switch (w) {
      case 'if': {
        this.i++;
        const c = this.paren();
        const then = this.stmt();
        return this.eat('else') ? { ...pos, k: 'if', c, then, else: this.stmt() } : { ...pos, k: 'if', c, then };
      }
      case 'while': { this.i++; const c = this.paren(); return { ...pos, k: 'while', c, body: this.stmt() }; }
      case 'do': {
        this.i++;
        const body = this.stmt();
        if (!this.eat('while')) this.fail(`expected 'while' after the body of 'do', found ${this.found()}`);
        const c = this.paren();
        this.expect(';');
        return { ...pos, k: 'do', body, c };
      }
      case 'for': return this.forStmt(pos);
      case 'goto': { this.i++; const label = this.ident('a label'); this.expect(';'); return { ...pos, k: 'goto', label }; }
      case 'return': {
        this.i++;
        if (this.eat(';')) return { ...pos, k: 'return' };
        const e = this.expr();
        this.expect(';');
        return { ...pos, k: 'return', e };
      }
      case 'break': case 'continue': this.i++; this.expect(';'); return { ...pos, k: w };
      case 'switch': { this.i++; const e = this.paren(); return { ...pos, k: 'switch', e, body: this.stmt() }; }
      case 'case': { this.i++; const e = this.expr(); this.expect(':'); return { ...pos, k: 'case', e }; }
      case 'default': this.i++; this.expect(':'); return { ...pos, k: 'case', e: null };
      default: break;
    }
    if (FOREACH.test(w) && this.peek().text === '(') {
      this.i++;
      const args = this.callArgs();
      return { ...pos, k: 'foreach', macro: w, args, body: this.stmt() };
    }
    if (this.isTypeStart()) return this.declaration(pos);
    const e = this.expr();
    this.expect(';');
    return { ...pos, k: 'expr', e };
  }

  private forStmt(pos: Pos): CStmt {
    this.i++;
    this.expect('(');
    let init: CStmt | undefined;
    if (!this.eat(';')) {
      if (this.isTypeStart()) init = this.declaration(this.pos());
      else { const p = this.pos(); init = { ...p, k: 'expr', e: this.expr() }; this.expect(';'); }
    }
    const c = this.is(';') ? undefined : this.expr();
    this.expect(';');
    const step = this.is(')') ? undefined : this.expr();
    this.expect(')');
    const body = this.stmt();
    return { ...pos, k: 'for', init, c, step, body };
  }

  private declaration(pos: Pos): CStmt {
    const type = this.type();
    const decls: CDecl[] = [];
    for (;;) {
      const p = this.pos();
      const ptr = decls.length ? this.stars() : type.ptr;
      const name = this.ident('a variable name');
      if (this.is('[')) this.fail(`arrays are not part of the listing subset`);
      const d: CDecl = { ...p, type: { ...type, ptr }, name };
      if (this.eat('=')) d.init = this.assign();
      decls.push(d);
      if (!this.eat(',')) break;
    }
    this.expect(';');
    return { ...pos, k: 'decl', decls };
  }

  private paren(): CExpr {
    this.expect('(');
    const e = this.expr();
    this.expect(')');
    return e;
  }

  expr(): CExpr {
    const e = this.assign();
    if (this.is(',')) this.fail(`the comma operator is not part of the listing subset`);
    return e;
  }

  private assign(): CExpr {
    const pos = this.pos();
    const l = this.conditional();
    if (ASSIGN.has(this.t.text) && this.t.kind === 'punct') {
      const op = (this.toks[this.i++] as CToken).text;
      return { ...pos, k: 'assign', op, l, r: this.assign() };
    }
    return l;
  }

  private conditional(): CExpr {
    const pos = this.pos();
    const c = this.binary(0);
    if (!this.eat('?')) return c;
    const a = this.assign();
    this.expect(':');
    return { ...pos, k: 'cond', c, a, b: this.conditional() };
  }

  private binary(level: number): CExpr {
    const ops = BINARY[level];
    if (!ops) return this.unary();
    let l = this.binary(level + 1);
    while (this.t.kind === 'punct' && ops.includes(this.t.text)) {
      const op = (this.toks[this.i++] as CToken).text;
      l = { line: l.line, column: l.column, k: 'binary', op, l, r: this.binary(level + 1) };
    }
    return l;
  }

  private unary(): CExpr {
    if (++this.depth > MAX_DEPTH) { this.depth = 0; this.fail(`an expression nested more than ${MAX_DEPTH} deep`); }
    try { return this.unaryInner(); } finally { this.depth = Math.max(0, this.depth - 1); }
  }

  private unaryInner(): CExpr {
    const pos = this.pos();
    const op = this.t.text;
    if (this.t.kind === 'punct' && (op === '!' || op === '-' || op === '~' || op === '*' || op === '&')) {
      this.i++;
      return { ...pos, k: 'unary', op, e: this.unary() };
    }
    if (op === '++' || op === '--') this.fail(`'${op}' is not part of the listing subset (write 'x = x + 1')`);
    if (op === 'sizeof') this.fail(`'sizeof' is not part of the listing subset`);
    if (op === '(' && this.peek().text === 'void' && this.peek(2).text === ')') {
      this.i += 3; // `(void)x`: evaluated for its effects, the value discarded
      return this.unary();
    }
    if (op === '(' && this.isCast()) this.fail(`a cast is not part of the listing subset`);
    return this.postfix();
  }

  private isCast(): boolean {
    const n = this.peek();
    return n.kind === 'ident' && (TYPE_WORDS.has(n.text) && n.text !== 'const' || n.text === 'struct');
  }

  private postfix(): CExpr {
    let e = this.primary();
    for (;;) {
      const pos = { line: e.line, column: e.column };
      if (this.is('(')) {
        e = { ...pos, k: 'call', callee: e, args: this.callArgs() };
      } else if (this.is('->') || this.is('.')) {
        const arrow = this.is('->');
        this.i++;
        e = { ...pos, k: 'member', obj: e, field: this.ident('a field name'), arrow };
      } else if (this.is('[')) this.fail(`array indexing is not part of the listing subset`);
      else if (this.is('++') || this.is('--')) this.fail(`'${this.t.text}' is not part of the listing subset (write 'x = x + 1')`);
      else return e;
    }
  }

  /**
   * `(a, b, ...)` of a call or a macro. An argument that starts with struct, enum or union is a type
   * (container_of's second argument): the lowering says where a type is not wanted.
   */
  private callArgs(): CExpr[] {
    this.expect('(');
    const args: CExpr[] = [];
    while (!this.eat(')')) {
      if (this.is('struct') || this.is('enum') || this.is('union')) args.push({ ...this.pos(), k: 'type', type: this.type() });
      else args.push(this.assign());
      if (!this.is(')')) this.expect(',');
    }
    return args;
  }

  private primary(): CExpr {
    const pos = this.pos();
    const t = this.t;
    if (t.kind === 'number') { this.i++; return { ...pos, k: 'num', v: Number.parseInt(t.text.replace(/[uUlL]+$/, ''), undefined) }; }
    if (t.kind === 'string') { this.i++; return { ...pos, k: 'str', text: t.text }; }
    if (t.kind === 'ident') { this.i++; return { ...pos, k: 'ident', name: t.text }; }
    if (this.eat('(')) { const e = this.expr(); this.expect(')'); return e; }
    return this.fail(`expected an expression, found ${this.found()}`);
  }
}
