// Semantic checks of a whole script: declarations (variant, expect, works, threads, schedules,
// options, invariants) and every body. Annotates the tree for the compiler and never throws.
import { VIOLATION_KINDS } from '../core/program';
import { parseSchedule } from '../core/schedule';
import { VARIANT_NAMES, findVariant } from '../core/variants';
import { Script, DeclNode, BodyDecl, Name } from './ast';
import { DiagnosticSink, didYouMean, quote, listOf } from './diagnostics';
import { OPTIONS, MEMORY_MODELS } from './api';
import { ExprEnv, checkExpr } from './checkExpr';
import { BodyInfo, checkBody } from './checkBody';
import { Globals, Declared, WorkLayout, collectGlobals, layoutWorks, KIND_WORD, GlobalKind } from './symbols';

export interface Checked {
  globals: Globals;
  declared: Declared;
  layout: WorkLayout;
  /** Task index each thread runs as `current` of (-1: none), by thread index. */
  currents: number[];
  /** The CPU each thread is `on(CPU)` (-1: none), by thread index. */
  threadCpus: number[];
  /** The task each declared CPU runs first (-1 after an error), by CPU index. */
  cpuTasks: number[];
  bodies: Map<BodyDecl, BodyInfo>;
}

/** What the caller's runtime knows beyond the core's variants (the lang layer reads no listing itself). */
export interface CheckOptions {
  /** Kernel releases that run as variants ('v3.7', ...): from the model's history, passed in by the CLI, debugger and LSP. */
  releases?: readonly string[];
}

export function checkScript(script: Script, sink: DiagnosticSink, opts: CheckOptions = {}): Checked {
  const releases = opts.releases ?? [];
  const { globals, declared } = collectGlobals(script, sink);
  const layout = layoutWorks(declared.works, globals, sink);
  for (const w of declared.works) checkWorkFunc(w.func, globals, sink);
  const currents = declared.threads.map((t) => threadCurrent(t, globals, sink));
  const threadCpus = declared.threads.map((t) => threadCpu(t, globals, sink));
  const cpuTasks = declared.cpus.map((c) => cpuTask(c, globals, sink));
  const bodies = new Map<BodyDecl, BodyInfo>();
  const once = new Map<string, DeclNode>();
  const schedules = new Map<string, DeclNode>();
  // An `expect` without a memory model states the verdict under the file's own (`memory`, else sc).
  const fileMemory = script.decls.find((d) => d.kind === 'memory')?.name.text ?? 'sc';
  for (const d of script.decls) {
    switch (d.kind) {
      case 'callback': bodies.set(d, checkBody(d, globals, sink, -1)); break;
      case 'thread': {
        const i = declared.threads.indexOf(d);
        bodies.set(d, checkBody(d, globals, sink, currents[i] ?? -1, threadCpus[i] ?? -1));
        break;
      }
      case 'setup': case 'final': case 'variant': case 'memory': {
        const old = once.get(d.kind);
        if (old) sink.error('TW202', d.origin.range, `duplicate '${d.kind}': already declared at ${old.origin.range.line}:${old.origin.range.column}`);
        else once.set(d.kind, d);
        if (d.kind === 'variant') checkVariantName(d.name.text, d.name.range, sink, releases, d.file);
        else if (d.kind === 'memory') checkMemoryName(d.name.text, d.name.range, sink);
        else bodies.set(d, checkBody(d, globals, sink, -1));
        break;
      }
      case 'expect': checkExpect(d, once, sink, releases, fileMemory); break;
      case 'invariant': checkExpr(d.expr, invariantEnv(globals, sink)); break;
      case 'schedule': checkSchedule(d, globals, schedules, sink); break;
      case 'option':
        if (!OPTIONS.includes(d.name.text)) {
          sink.error('TW201', d.name.range, `unknown option ${quote(d.name.text)} (expected ${listOf(OPTIONS)})${didYouMean(d.name.text, OPTIONS)}`);
        }
        break;
      default: break;
    }
  }
  if (declared.threads.length === 0) {
    sink.warning('TW216', { line: 1, column: 1, endLine: 1, endColumn: 2 }, "no thread declared: nothing will run (declare 'thread NAME { ... }')");
  }
  return { globals, declared, layout, currents, threadCpus, cpuTasks, bodies };
}

function invariantEnv(globals: Globals, sink: DiagnosticSink): ExprEnv {
  const none = { find: () => undefined, assigned: () => false, names: () => [] };
  return { globals, sink, body: 'invariant', current: -1, locals: none, noOps: 'in an invariant (it is checked after every step)' };
}

function checkWorkFunc(func: Extract<DeclNode, { kind: 'work' }>['func'], g: Globals, sink: DiagnosticSink): void {
  if (!func) return;
  const sym = g.names.get(func.text);
  if (!sym) sink.error('TW201', func.range, `unknown callback ${quote(func.text)}${didYouMean(func.text, g.funcs)}`);
  else if (sym.kind !== 'func') sink.error('TW203', func.range, `a work's func must be a callback or NULL, but ${quote(func.text)} is a ${KIND_WORD[sym.kind]}`);
}

function threadCurrent(t: Declared['threads'][number], g: Globals, sink: DiagnosticSink): number {
  return declaredAs(t.current, 'task', g, sink, (n, kind) => `current(...) needs a task, but ${quote(n)} is a ${KIND_WORD[kind]}`);
}

/** `on(CPU)`: the CPU's index, or -1 (none, or an error reported). */
function threadCpu(t: Declared['threads'][number], g: Globals, sink: DiagnosticSink): number {
  return declaredAs(t.on, 'cpu', g, sink,
    (n, kind) => `on(...) needs a CPU, but ${quote(n)} is a ${KIND_WORD[kind]}${kind === 'task' ? ` (a task's own thread is 'current(${n})')` : ''}`,
    (n) => ` (declare it: 'cpu ${n} = TASK;')`);
}

/** `cpu NAME = TASK;`: the task's index, or -1 (an error reported). */
function cpuTask(c: Declared['cpus'][number], g: Globals, sink: DiagnosticSink): number {
  return declaredAs(c.task, 'task', g, sink, (n, kind) => `a CPU runs a task, but ${quote(n)} is a ${KIND_WORD[kind]}`);
}

/** A name that must be declared as `kind`: its index, or -1 after TW203 (another kind) or TW201 (unknown). */
function declaredAs(n: Name | null | undefined, kind: 'task' | 'cpu', g: Globals, sink: DiagnosticSink,
  wrongKind: (name: string, kind: GlobalKind) => string, unknownHint: (name: string) => string = () => ''): number {
  if (!n) return -1;
  const sym = g.names.get(n.text);
  if (sym?.kind === kind) return sym.id;
  if (sym) sink.error('TW203', n.range, wrongKind(n.text, sym.kind));
  else sink.error('TW201', n.range, `unknown ${KIND_WORD[kind]} ${quote(n.text)}${didYouMean(n.text, kind === 'task' ? g.tasks : g.cpus)}${unknownHint(n.text)}`);
  return -1;
}

function checkMemoryName(name: string, range: Extract<DeclNode, { kind: 'memory' }>['name']['range'], sink: DiagnosticSink): void {
  if (!MEMORY_MODELS.includes(name)) sink.error('TW218', range, `unknown memory model ${quote(name)} (expected ${listOf(MEMORY_MODELS)})${didYouMean(name, MEMORY_MODELS)}`);
}

type Range = Extract<DeclNode, { kind: 'variant' }>['name']['range'];

/**
 * A shipped variant, a kernel release the caller knows, or (quoted) a listing file: a `.c` path.
 * Whether the file exists is the loader's check (the CLI, the debugger, the language server).
 */
function checkVariantName(name: string, range: Range, sink: DiagnosticSink, releases: readonly string[], file = false): void {
  if (file) {
    if (!name.endsWith('.c')) sink.error('TW204', range, `a variant file is a model listing whose name ends in .c, found ${quote(name)}`);
    return;
  }
  if (findVariant(name) || releases.includes(name)) return;
  const all = [...VARIANT_NAMES, ...releases];
  const also = releases.length ? ` (a shipped variant, a release ${releases[0]} ... ${releases[releases.length - 1]}, or a listing file in quotes)` : '';
  sink.error('TW204', range, `unknown variant ${quote(name)}${didYouMean(name, all)}${also}`);
}

function checkExpect(d: Extract<DeclNode, { kind: 'expect' }>, seen: Map<string, DeclNode>, sink: DiagnosticSink,
  releases: readonly string[], fileMemory: string): void {
  checkVariantName(d.variant.text, d.variant.range, sink, releases);
  if (d.memory) checkMemoryName(d.memory.text, d.memory.range, sink);
  const memory = d.memory?.text ?? fileMemory;
  const key = `expect ${d.variant.text} ${memory}`;
  const old = seen.get(key);
  if (old) {
    const under = d.memory || (old.kind === 'expect' && old.memory) ? ` under ${memory}` : '';
    sink.error('TW217', d.variant.range, `duplicate expect for variant ${quote(d.variant.text)}${under}: already declared at ${old.origin.range.line}:${old.origin.range.column}`);
  } else seen.set(key, d);
  for (const k of d.kinds) {
    if (!(VIOLATION_KINDS as readonly string[]).includes(k.text)) {
      sink.error('TW205', k.range, `unknown violation kind ${quote(k.text)}${didYouMean(k.text, VIOLATION_KINDS)}`);
    }
  }
}

function checkSchedule(d: Extract<DeclNode, { kind: 'schedule' }>, g: Globals, seen: Map<string, DeclNode>, sink: DiagnosticSink): void {
  const old = seen.get(d.name.text);
  if (old) sink.error('TW202', d.name.range, `duplicate schedule ${quote(d.name.text)}: already declared at ${old.origin.range.line}:${old.origin.range.column}`);
  else seen.set(d.name.text, d);
  // Under `memory lkmm` a witness may go on with `| reads` (the pins): checked when it runs (lkmmWitness.ts).
  const bar = d.text.value.indexOf('|');
  const value = bar >= 0 ? d.text.value.slice(0, bar) : d.text.value;
  const { line, columns } = d.text;
  const range = (offset: number, length: number): typeof d.origin.range => {
    const column = columns[offset] ?? d.origin.range.column;
    return { line, column, endLine: line, endColumn: columns[offset + length] ?? column + length };
  };
  const parsed = parseSchedule(value);
  for (const e of parsed.errors) sink.error('TW212', range(e.offset, e.length), `malformed schedule: ${e.message}`);
  if (parsed.entries.length === 0 && parsed.errors.length === 0) {
    const quotes = { line, column: (columns[0] ?? 2) - 1, endLine: line, endColumn: (columns[0] ?? 1) + 1 };
    sink.error('TW212', quotes, 'malformed schedule: it names no thread');
  }
  for (const e of parsed.entries) {
    if (g.threads.includes(e.thread)) continue;
    const why = e.thread === 'setup' ? ': setup runs before the threads and is not schedulable' : didYouMean(e.thread, g.threads);
    sink.error('TW211', range(e.offset, e.thread.length), `schedule names an unknown thread ${quote(e.thread)}${why}`);
  }
}
