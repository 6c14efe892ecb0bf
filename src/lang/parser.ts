// Recursive-descent parser for .tw files: declarations and statements. It never throws; every
// syntax error is reported and the parser recovers at ';', '}' or the next statement/declaration.
import { Token } from './lexer';
import { DiagnosticSink, didYouMean, listOf, quote } from './diagnostics';
import { Script, DeclNode, StmtNode, ExprNode, Name, BodyDecl, ScheduleText } from './ast';
import { ExprParser, ParseOptions } from './parseExpr';
import { API_NAMES, APIS, DECL_KEYWORDS, STMT_KEYWORDS } from './api';

const MAX_REPEAT = 1000;
const DECL_STOP: ReadonlySet<string> = new Set(DECL_KEYWORDS);
/** Words that start a statement: recovery inside a body stops before them. */
const STMT_STOP: ReadonlySet<string> = new Set([
  ...DECL_KEYWORDS, ...STMT_KEYWORDS.filter((k) => k !== 'else'),
  ...APIS.filter((a) => a.effect !== 'query').map((a) => a.name),
]);

export function parseScript(tokens: Token[], sink: DiagnosticSink): Script {
  return new Parser(tokens, sink).script();
}

/** One expression that must span all the tokens (debugger conditions and watches). */
export function parseStandaloneExpr(tokens: Token[], sink: DiagnosticSink, options: ParseOptions): ExprNode {
  return new Parser(tokens, sink, options).standalone();
}

class Parser extends ExprParser {
  constructor(toks: Token[], sink: DiagnosticSink, options: ParseOptions = {}) {
    super(toks, sink);
    this.options = options;
  }

  script(): Script {
    const decls: DeclNode[] = [];
    while (this.peek().kind !== 'eof') {
      const before = this.pos;
      const d = this.decl();
      if (d) decls.push(d); // even after a missing ';': its name stays declared, no cascade
      if (this.panic) this.sync(DECL_STOP);
      if (this.pos === before) this.next();
    }
    return { decls };
  }

  standalone(): ExprNode {
    const e = this.parseExpr();
    const t = this.peek();
    if (t.kind !== 'eof') this.error('TW101', t.range, `expected the end of the expression, ${this.found(t)}`);
    return e;
  }

  private decl(): DeclNode | undefined {
    const t = this.peek();
    const first = this.pos;
    if (t.kind !== 'word') {
      this.error('TW101', t.range, `expected a declaration (${listOf(DECL_KEYWORDS)}), ${this.found(t)}`);
      return undefined;
    }
    switch (t.text) {
      case 'variant': case 'option': case 'memory': return this.dashedDecl(t.text, first);
      case 'expect': return this.expectDecl(first);
      case 'task': return this.taskDecl(first);
      case 'cpu': return this.cpuDecl(first);
      case 'work': return this.workDecl(first);
      case 'callback': case 'thread': case 'setup': case 'final': return this.bodyDecl(t.text, first);
      case 'invariant': return this.invariantDecl(first);
      case 'schedule': return this.scheduleDecl(first);
      default: break;
    }
    const hint = API_NAMES.includes(t.text) || STMT_KEYWORDS.includes(t.text)
      ? "; statements belong inside a 'thread', 'callback', 'setup' or 'final' body" : '';
    this.error('TW103', t.range, `expected ${listOf(DECL_KEYWORDS)}, found ${quote(t.text)}${didYouMean(t.text, DECL_KEYWORDS)}${hint}`);
    return undefined;
  }

  private dashedDecl(kw: 'variant' | 'option' | 'memory', first: number): DeclNode | undefined {
    this.next();
    const s = this.peek();
    if (kw === 'variant' && s.kind === 'string') { // a listing file: `variant "my_task_work.c";`
      this.next();
      this.expectSemi();
      return { kind: kw, name: { text: s.value as string, range: s.range }, file: true, origin: this.originFrom(first) };
    }
    const name = this.dashedName(kw === 'variant' ? 'a variant name or a listing file ("my_task_work.c")' : kw === 'memory' ? "a memory model ('sc' or 'lkmm')" : 'an option name', kw === 'variant');
    if (!name) return undefined;
    this.expectSemi();
    return { kind: kw, name, origin: this.originFrom(first) };
  }

  private expectDecl(first: number): DeclNode | undefined {
    this.next();
    const variant = this.dashedName('a variant name', true);
    if (!variant) return undefined;
    // `expect VARIANT MEMORY: ...`: the verdict under that memory model (sc or lkmm).
    const memory = this.peek().kind === 'word' ? this.dashedName("a memory model ('sc' or 'lkmm')") : undefined;
    if (!this.expect(':', `the variant ${quote(variant.text)}${memory ? ` and the memory model ${quote(memory.text)}` : ''}`)) return undefined;
    const kinds: Name[] = [];
    let ok = false;
    do {
      const k = this.dashedName("'ok' or a violation kind");
      if (!k) return undefined;
      if (k.text === 'ok') ok = true; else kinds.push(k);
    } while (this.eat(','));
    if (ok && kinds.length > 0) {
      this.error('TW101', kinds[0]?.range ?? variant.range, "'ok' means no violation: it cannot be combined with violation kinds");
    }
    this.expectSemi();
    return { kind: 'expect', variant, ...(memory ? { memory } : {}), ok, kinds, origin: this.originFrom(first) };
  }

  private taskDecl(first: number): DeclNode | undefined {
    this.next();
    const name = this.name('a task name');
    if (!name) return undefined;
    this.expectSemi();
    return { kind: 'task', name, origin: this.originFrom(first) };
  }

  /** `cpu NAME = TASK;`; a broken one still declares NAME. */
  private cpuDecl(first: number): DeclNode | undefined {
    this.next();
    const name = this.name('a CPU name');
    if (!name) return undefined;
    let task: Name | null = null;
    if (this.expect('=', `the CPU name ${quote(name.text)} (a CPU starts with a task: 'cpu ${name.text} = TASK;')`)) task = this.name('the task the CPU runs first') ?? null;
    if (!this.panic) this.expectSemi();
    return { kind: 'cpu', name, task, origin: this.originFrom(first) };
  }

  /** `work NAME = FUNC [at OTHER];`; a broken one still declares NAME, so its uses do not cascade. */
  private workDecl(first: number): DeclNode | undefined {
    this.next();
    const name = this.name('a work name');
    if (!name) return undefined;
    let func: Name | null = null;
    let at: Name | undefined;
    if (this.expect('=', `the work name ${quote(name.text)}`)) {
      if (this.at('NULL')) this.next();
      else func = this.name("a callback name or 'NULL'") ?? null;
      if (!this.panic && this.eat('at')) at = this.name('the name of the work whose address is reused');
    }
    if (!this.panic) this.expectSemi();
    return { kind: 'work', name, func, at, origin: this.originFrom(first) };
  }

  private bodyDecl(kw: BodyDecl['kind'], first: number): DeclNode | undefined {
    this.next();
    let name: Name | undefined;
    let extra: Name | undefined;
    let on: Name | undefined;
    if (kw === 'callback' || kw === 'thread') {
      name = this.name(kw === 'callback' ? 'a callback name' : 'a thread name');
      if (!name) return undefined;
      if (kw === 'thread' && this.at('on')) on = this.threadClause('on', 'a CPU name');
      else extra = kw === 'callback' ? this.callbackParam() : this.threadClause('current', 'a task name');
      if (this.panic) return undefined;
    }
    const origin = this.originFrom(first);
    const body = this.block(`the ${kw} header`);
    if (!body) return undefined;
    if (kw === 'setup' || kw === 'final') return { kind: kw, body, origin };
    if (!name) return undefined;
    if (kw === 'callback') return { kind: kw, name, param: extra, body, origin };
    return on ? { kind: kw, name, on, body, origin } : { kind: kw, name, current: extra, body, origin };
  }

  private callbackParam(): Name | undefined {
    if (!this.eat('(')) return undefined;
    const p = this.name('a parameter name');
    if (p) this.expect(')', 'the parameter');
    return p;
  }

  /** `current(TASK)` or `on(CPU)` after a thread's name. */
  private threadClause(kw: 'current' | 'on', what: string): Name | undefined {
    if (!this.eat(kw)) return undefined;
    if (!this.expect('(', `'${kw}'`)) return undefined;
    const t = this.name(what);
    if (t) this.expect(')', `the ${what.replace(/^a /, '')}`);
    return t;
  }

  private invariantDecl(first: number): DeclNode | undefined {
    this.next();
    const expr = this.parseExpr();
    this.expectSemi();
    return { kind: 'invariant', expr, origin: this.originFrom(first) };
  }

  private scheduleDecl(first: number): DeclNode | undefined {
    this.next();
    const name = this.name('a schedule name');
    if (!name || !this.expect('=', `the schedule name ${quote(name.text)}`)) return undefined;
    const s = this.peek();
    if (s.kind !== 'string') {
      this.error('TW101', s.range, `expected the schedule text as a string ("thread*2 other"), ${this.found(s)}`);
      return undefined;
    }
    this.next();
    const text: ScheduleText = { value: s.value as string, line: s.range.line, columns: s.columns ?? [] };
    this.expectSemi();
    return { kind: 'schedule', name, text, origin: this.originFrom(first) };
  }

  /** `{ statements }`; at a declaration keyword the '}' is taken as missing and the body ends. */
  private block(after: string): StmtNode[] | undefined {
    if (!this.expect('{', after)) return undefined;
    const body: StmtNode[] = [];
    while (!this.at('}') && this.peek().kind !== 'eof') {
      const t = this.peek();
      if (t.kind === 'word' && DECL_STOP.has(t.text)) {
        this.error('TW101', t.range, `expected '}' before the declaration ${quote(t.text)}`);
        return body;
      }
      const before = this.pos;
      const s = this.stmt();
      if (s) body.push(s);
      if (this.panic) this.sync(STMT_STOP);
      if (this.pos === before && !this.at('}')) this.next();
    }
    this.expect('}', 'the statements of the body');
    return body;
  }

  private stmt(): StmtNode | undefined {
    if (!this.enter()) return undefined;
    const s = this.stmtInner();
    this.leave();
    return s;
  }

  private stmtInner(): StmtNode | undefined {
    const first = this.pos;
    const t = this.peek();
    if (this.eat(';')) return { kind: 'empty', origin: this.originFrom(first) };
    if (this.at('{')) {
      const origin = this.originFrom(first);
      const body = this.block('');
      return body ? { kind: 'block', body, origin } : undefined;
    }
    if (t.kind === 'word') {
      switch (t.text) {
        case 'let': return this.letStmt(first);
        case 'if': return this.ifStmt(first);
        case 'while': return this.whileStmt(first);
        case 'repeat': return this.repeatStmt(first);
        case 'else': this.error('TW101', t.range, "'else' without a matching 'if'"); return undefined;
        default: break;
      }
      if (this.at('(', 1)) return this.callStmt(first);
      if (this.at('=', 1)) return this.assignStmt(first);
    }
    const words = t.kind === 'word' ? didYouMean(t.text, [...STMT_KEYWORDS, ...API_NAMES]) : '';
    this.error('TW101', t.range, `expected a statement, ${this.found(t)}${words}`);
    return undefined;
  }

  private letStmt(first: number): StmtNode | undefined {
    this.next();
    const name = this.name('a local variable name');
    if (!name || !this.expect('=', `${quote(name.text)} (a local needs a value: 'let x = ...;')`)) return undefined;
    const init = this.parseExpr();
    this.expectSemi();
    return { kind: 'let', name, init, origin: this.originFrom(first) };
  }

  private assignStmt(first: number): StmtNode | undefined {
    const name = this.name('a local variable name');
    if (!name) return undefined;
    this.next(); // '='
    const value = this.parseExpr();
    this.expectSemi();
    return { kind: 'assign', name, value, origin: this.originFrom(first) };
  }

  private callStmt(first: number): StmtNode {
    const t = this.next();
    const call = this.call({ text: t.text, range: t.range });
    this.expectSemi();
    return { kind: 'call', call, origin: this.originFrom(first) };
  }

  /** `(expr)` after if/while; undefined after a reported error. */
  private condition(kw: string): ExprNode | undefined {
    if (!this.expect('(', `'${kw}'`)) return undefined;
    const cond = this.parseExpr();
    if (!this.expect(')', `the condition of '${kw}'`)) return undefined;
    return cond;
  }

  private ifStmt(first: number): StmtNode | undefined {
    this.next();
    const cond = this.condition('if');
    if (!cond) return undefined;
    const origin = this.originFrom(first);
    const then = this.stmt() ?? this.emptyAt(origin);
    let otherwise: StmtNode | undefined;
    if (!this.panic && this.eat('else')) otherwise = this.stmt() ?? this.emptyAt(origin);
    return { kind: 'if', cond, then, else: otherwise, origin };
  }

  private whileStmt(first: number): StmtNode | undefined {
    this.next();
    const cond = this.condition('while');
    if (!cond) return undefined;
    const origin = this.originFrom(first);
    return { kind: 'while', cond, body: this.stmt() ?? this.emptyAt(origin), origin };
  }

  private repeatStmt(first: number): StmtNode | undefined {
    this.next();
    if (!this.expect('(', "'repeat'")) return undefined;
    const n = this.peek();
    if (n.kind !== 'int') {
      this.error('TW104', n.range, `repeat count must be an integer literal from 1 to ${MAX_REPEAT}, ${this.found(n)}`);
      return undefined;
    }
    this.next();
    const count = n.value as number;
    if (count < 1 || count > MAX_REPEAT) {
      this.sink.error('TW104', n.range, `repeat count must be from 1 to ${MAX_REPEAT}, found ${n.text}`);
    }
    if (!this.expect(')', 'the repeat count')) return undefined;
    const origin = this.originFrom(first);
    return { kind: 'repeat', count, body: this.stmt() ?? this.emptyAt(origin), origin };
  }

  private emptyAt(origin: StmtNode['origin']): StmtNode {
    return { kind: 'empty', origin };
  }
}
