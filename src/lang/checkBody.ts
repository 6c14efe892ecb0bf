// Semantic checks of one body (thread, callback, setup, final): its locals (one slot per `let`
// name, type from the first value), definite assignment along every path (TW214), and statements.
import type { LocalType, SourceRange } from '../core/program';
import { BodyDecl, StmtNode } from './ast';
import { DiagnosticSink, didYouMean, quote } from './diagnostics';
import { CONSTANTS, ValueType, describeType, findApi } from './api';
import { ExprEnv, LocalScope, checkExpr, localTypeOf, resolve } from './checkExpr';
import { checkCall } from './checkCall';
import { Globals, KIND_WORD } from './symbols';

export interface BodyInfo {
  /** Local slots in order of their first `let`, with their inferred types. */
  locals: { name: string; type: LocalType }[];
}

interface LocalEntry {
  slot: number;
  type: LocalType | undefined;
  range: SourceRange;
}

/** Checks a body; `current` is the task a thread runs as (or -1). */
export function checkBody(decl: BodyDecl, g: Globals, sink: DiagnosticSink, current: number, cpu = -1): BodyInfo {
  return new BodyChecker(decl, g, sink, current, cpu).run();
}

class BodyChecker {
  private readonly table = new Map<string, LocalEntry>();
  private assigned = new Set<string>();
  private readonly env: ExprEnv;

  constructor(private readonly decl: BodyDecl, private readonly g: Globals, private readonly sink: DiagnosticSink, current: number, cpu: number) {
    const scope: LocalScope = {
      find: (n) => this.table.get(n),
      assigned: (n) => this.assigned.has(n),
      names: () => [...this.table.keys()],
    };
    const cbParam = decl.kind === 'callback' ? decl.param?.text ?? '' : undefined;
    const noOps = decl.kind === 'final' ? "in 'final' (it only checks the end state)" : undefined;
    this.env = { globals: g, sink, body: decl.kind, current, cpu, cbParam, locals: scope, noOps };
  }

  run(): BodyInfo {
    const param = this.decl.kind === 'callback' ? this.decl.param : undefined;
    if (param && this.clash(param.text)) {
      this.sink.error('TW202', param.range, `parameter ${quote(param.text)} hides ${this.clash(param.text)}`);
    }
    this.collect(this.decl.body);
    for (const s of this.decl.body) this.stmt(s);
    const locals = [...this.table.entries()].map(([name, e]) => ({ name, type: e.type ?? 'int' }));
    return { locals };
  }

  /** What a new local or parameter name would hide, if anything. */
  private clash(name: string): string | undefined {
    const sym = this.g.names.get(name);
    if (sym) return `the ${KIND_WORD[sym.kind]} ${quote(name)}${sym.range ? ` declared at ${sym.range.line}:${sym.range.column}` : ''}`;
    return CONSTANTS.has(name) ? `the built-in ${quote(name)}` : undefined;
  }

  /** Gives every `let` name a slot, in order of appearance (TW202 for a second `let` of a name). */
  private collect(stmts: readonly StmtNode[]): void {
    for (const s of stmts) {
      switch (s.kind) {
        case 'let': this.declare(s.name.text, s.name.range); break;
        case 'if': this.collect(s.else ? [s.then, s.else] : [s.then]); break;
        case 'while': case 'repeat': this.collect([s.body]); break;
        case 'block': this.collect(s.body); break;
        default: break;
      }
    }
  }

  private declare(name: string, range: SourceRange): void {
    const old = this.table.get(name);
    const cbParam = this.env.cbParam;
    const why = old ? `is already declared at ${old.range.line}:${old.range.column}; assign it with '${name} = ...' instead`
      : name === cbParam ? 'is the name of the callback parameter' : this.clash(name) ? `hides ${this.clash(name)}` : undefined;
    if (why) {
      this.sink.error('TW202', range, `local ${quote(name)} ${why}`);
      return;
    }
    this.table.set(name, { slot: this.table.size, type: undefined, range });
  }

  private stmt(s: StmtNode): void {
    switch (s.kind) {
      case 'let': case 'assign': this.assign(s); return;
      case 'call': this.callStmt(s.call); return;
      case 'if': this.ifStmt(s); return;
      case 'while': {
        checkExpr(s.cond, this.env);
        const before = new Set(this.assigned);
        this.stmt(s.body); // the body may run zero times: what it assigns does not count after it
        this.assigned = before;
        return;
      }
      case 'repeat': this.stmt(s.body); return; // runs at least once
      case 'block': for (const b of s.body) this.stmt(b); return;
      case 'empty': return;
    }
  }

  private ifStmt(s: Extract<StmtNode, { kind: 'if' }>): void {
    checkExpr(s.cond, this.env);
    const before = new Set(this.assigned);
    this.stmt(s.then);
    const afterThen = this.assigned;
    this.assigned = before;
    if (s.else) this.stmt(s.else);
    this.assigned = new Set([...afterThen].filter((n) => this.assigned.has(n)));
  }

  private callStmt(call: Extract<StmtNode, { kind: 'call' }>['call']): void {
    checkCall(call, this.env, true);
    if (findApi(call.callee.text)?.effect === 'query') {
      this.sink.error('TW101', call.range, `${call.callee.text}() is a query: its value is unused (use it in assert(...), if (...) or 'let')`);
    }
  }

  private assign(s: Extract<StmtNode, { kind: 'let' | 'assign' }>): void {
    const name = s.name.text;
    const value = s.kind === 'let' ? s.init : s.value;
    const t = checkExpr(value, this.env);
    const entry = this.table.get(name);
    if (!entry) {
      if (s.kind === 'assign') this.unknownTarget(s.name.text, s.name.range);
      return;
    }
    s.slot = entry.slot;
    this.setType(name, entry, t, value.range);
    this.assigned.add(name);
  }

  private unknownTarget(name: string, range: SourceRange): void {
    const r = resolve(name, this.env);
    if (r && r !== 'unassigned') {
      const what = r.k === 'task' || r.k === 'work' || r.k === 'func' ? `the ${KIND_WORD[r.k]} ${quote(name)}` : quote(name);
      this.sink.error('TW203', range, `cannot assign to ${what}: only locals declared with 'let' can be assigned`);
    } else {
      this.sink.error('TW201', range, `unknown local ${quote(name)}: declare it with 'let ${name} = ...;'${didYouMean(name, this.table.keys())}`);
    }
  }

  /** The first value fixes a local's type; later values must fit (ints and bools mix, NULL fits pointers). */
  private setType(name: string, e: LocalEntry, t: ValueType, range: SourceRange): void {
    const lt = localTypeOf(t);
    if (!lt) return;
    if (e.type === undefined) { e.type = lt; return; }
    const numeric = (x: string): boolean => x === 'int' || x === 'bool';
    const fits = e.type === lt || (numeric(e.type) && numeric(lt)) || (t === 'null' && (e.type === 'work' || e.type === 'func'));
    if (!fits) {
      this.sink.error('TW203', range, `cannot assign ${describeType(t)} to ${quote(name)}, which holds ${describeType(e.type)}`);
    }
  }
}
