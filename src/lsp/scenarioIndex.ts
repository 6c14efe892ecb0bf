// An index of one .tw file for the editor features (go to definition, hover, CodeLens, tests):
// declared names with their ranges, each body's extent and locals, schedules and expectations.
// Pure (no 'vscode'): it parses with src/lang and never throws, even on a broken file.
import { SourceText, lex } from '../lang/lexer';
import { parseScript } from '../lang/parser';
import { DiagnosticSink } from '../lang/diagnostics';
import type { DeclNode, StmtNode, SourceRange } from '../lang/ast';

export type SymbolKind = 'task' | 'work' | 'callback' | 'cpu' | 'thread' | 'schedule' | 'local' | 'param';

export interface ScenarioSymbol {
  kind: SymbolKind;
  name: string;
  /** The name where it is declared (1-based, endColumn exclusive). */
  range: SourceRange;
  /** The declaring line as written (`work A = fa;`, `let w = task_work_cancel_func(T, fa);`). */
  declText: string;
}

export interface BodyExtent {
  kind: 'thread' | 'callback' | 'setup' | 'final';
  name: string | null;
  /** 1-based lines, inclusive: from the header to the line before the next declaration. */
  startLine: number;
  endLine: number;
  locals: ScenarioSymbol[];
  param: ScenarioSymbol | null;
}

export interface ScheduleSpan {
  name: string;
  text: string;
  nameRange: SourceRange;
  /** The whole declaration, for CodeLens placement. */
  range: SourceRange;
  /** Line of the string and the 1-based source column of each character of text, plus one past it. */
  line: number;
  columns: number[];
}

export interface ExpectSpan {
  variant: string;
  /** The memory model the line names (`expect V lkmm: ...`), if any. */
  memory?: string;
  ok: boolean;
  kinds: string[];
  range: SourceRange;
}

export interface ScenarioIndex {
  /** Tasks, works, callbacks and CPUs: one namespace (first declaration wins). */
  globals: Map<string, ScenarioSymbol>;
  threads: Map<string, ScenarioSymbol>;
  bodies: BodyExtent[];
  schedules: ScheduleSpan[];
  expects: ExpectSpan[];
  /** The file's `variant NAME;`, or null (mainline). */
  variant: string | null;
  /** 1-based line of the first declaration, or null for an empty file. */
  firstLine: number | null;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/g;

/** Parses text and indexes what the editor features need. */
export function indexScenario(text: string): ScenarioIndex {
  const sink = new DiagnosticSink();
  const src = new SourceText(text);
  const script = parseScript(lex(src, sink), sink);
  const lines = text.split(/\r?\n/);
  const index: ScenarioIndex = {
    globals: new Map(), threads: new Map(), bodies: [], schedules: [], expects: [], variant: null, firstLine: null,
  };
  const decls = script.decls;
  decls.forEach((d, i) => {
    index.firstLine ??= d.origin.range.line;
    const next = decls[i + 1];
    const endLine = next ? Math.max(d.origin.range.line, next.origin.range.line - 1) : lines.length;
    addDecl(index, d, endLine);
  });
  return index;
}

function symbol(kind: SymbolKind, name: { text: string; range: SourceRange }, declText: string): ScenarioSymbol {
  return { kind, name: name.text, range: name.range, declText };
}

function addGlobal(index: ScenarioIndex, s: ScenarioSymbol): void {
  if (!index.globals.has(s.name)) index.globals.set(s.name, s);
}

function addDecl(index: ScenarioIndex, d: DeclNode, endLine: number): void {
  const text = d.origin.text;
  switch (d.kind) {
    case 'variant': index.variant ??= d.name.text; return;
    case 'task': addGlobal(index, symbol('task', d.name, text)); return;
    case 'work': addGlobal(index, symbol('work', d.name, text)); return;
    case 'cpu': addGlobal(index, symbol('cpu', d.name, text)); return;
    case 'expect':
      index.expects.push({ variant: d.variant.text, ...(d.memory ? { memory: d.memory.text } : {}), ok: d.ok, kinds: d.kinds.map((k) => k.text), range: d.origin.range });
      return;
    case 'schedule':
      index.schedules.push({
        name: d.name.text, text: d.text.value, nameRange: d.name.range, range: d.origin.range,
        line: d.text.line, columns: d.text.columns,
      });
      return;
    case 'callback': case 'thread': case 'setup': case 'final':
      addBody(index, d, endLine);
      return;
    default:
      return;
  }
}

function addBody(index: ScenarioIndex, d: Extract<DeclNode, { body: StmtNode[] }>, endLine: number): void {
  const body: BodyExtent = {
    kind: d.kind, name: null, startLine: d.origin.range.line, endLine, locals: [], param: null,
  };
  if (d.kind === 'callback') {
    body.name = d.name.text;
    addGlobal(index, symbol('callback', d.name, d.origin.text));
    if (d.param) body.param = symbol('param', d.param, d.origin.text);
  } else if (d.kind === 'thread') {
    body.name = d.name.text;
    if (!index.threads.has(d.name.text)) index.threads.set(d.name.text, symbol('thread', d.name, d.origin.text));
  }
  collectLocals(d.body, body.locals);
  index.bodies.push(body);
}

function collectLocals(stmts: readonly StmtNode[], out: ScenarioSymbol[]): void {
  for (const s of stmts) {
    if (s.kind === 'let') out.push(symbol('local', s.name, s.origin.text));
    else if (s.kind === 'block') collectLocals(s.body, out);
    else if (s.kind === 'if') collectLocals(s.else ? [s.then, s.else] : [s.then], out);
    else if (s.kind === 'while' || s.kind === 'repeat') collectLocals([s.body], out);
  }
}

export interface WordAt {
  word: string;
  /** 1-based columns, end exclusive. */
  start: number;
  end: number;
}

/** The match of `re` that covers a 1-based column of a line (the character before the cursor counts too). */
export function tokenAt(lineText: string, column: number, re: RegExp): { text: string; start: number; end: number } | null {
  const g = new RegExp(re.source, 'g');
  for (let m = g.exec(lineText); m; m = g.exec(lineText)) {
    const start = m.index + 1;
    const end = start + m[0].length;
    if (column >= start && column <= end) return { text: m[0], start, end };
  }
  return null;
}

/** The identifier under a 1-based column of a line. */
export function wordAt(lineText: string, column: number): WordAt | null {
  const t = tokenAt(lineText, column, IDENT);
  return t ? { word: t.text, start: t.start, end: t.end } : null;
}

/** The schedule whose string covers (line, column), if any. */
function scheduleAt(index: ScenarioIndex, line: number, column: number): ScheduleSpan | undefined {
  return index.schedules.find((s) => {
    const first = s.columns[0];
    const last = s.columns[s.columns.length - 1];
    return s.line === line && first !== undefined && last !== undefined && column >= first && column <= last;
  });
}

function bodyAt(index: ScenarioIndex, line: number): BodyExtent | undefined {
  return index.bodies.find((b) => line >= b.startLine && line <= b.endLine);
}

/** A CPU stands in schedules for its irq_work, which runs as a thread of the CPU's name. */
function cpuNamed(index: ScenarioIndex, name: string): ScenarioSymbol | null {
  const g = index.globals.get(name);
  return g?.kind === 'cpu' ? g : null;
}

/** What a name at (line, column) refers to: a local or the callback parameter, a thread, or a global. */
export function resolveAt(index: ScenarioIndex, lineText: string, line: number, column: number): ScenarioSymbol | null {
  const w = wordAt(lineText, column);
  if (!w) return null;
  if (scheduleAt(index, line, column)) return index.threads.get(w.word) ?? cpuNamed(index, w.word);
  const body = bodyAt(index, line);
  if (body) {
    const local = [...body.locals].reverse().find((l) => l.name === w.word && l.range.line <= line);
    if (local) return local;
    if (body.param?.name === w.word) return body.param;
  }
  const global = index.globals.get(w.word);
  if (global) return global;
  // `thread owner` is the only place a thread name appears outside schedule strings.
  const thread = index.threads.get(w.word);
  if (thread) return thread;
  const sched = index.schedules.find((s) => s.name === w.word);
  return sched ? { kind: 'schedule', name: sched.name, range: sched.nameRange, declText: `schedule ${sched.name} = "${sched.text}";` } : null;
}
