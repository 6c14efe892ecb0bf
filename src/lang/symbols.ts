// Global names of a scenario: tasks, works and callbacks (one namespace) and threads (their own),
// indexed in declaration order; and the heap layout of works (who shares an address via `at`).
import type { Program, SourceRange } from '../core/program';
import { DiagnosticSink, didYouMean, quote } from './diagnostics';
import { DeclNode, Script } from './ast';
import { CONSTANTS } from './api';

export type GlobalKind = 'task' | 'work' | 'func' | 'cpu';

export interface GlobalSym {
  kind: GlobalKind;
  /** Index among the declarations of its kind (Program.tasks / works / funcs). */
  id: number;
  range?: SourceRange;
}

export interface Globals {
  names: Map<string, GlobalSym>;
  tasks: string[];
  works: string[];
  funcs: string[];
  cpus: string[];
  threads: string[];
  /** Works declared `at` another work: they start unallocated and are the ones alloc() takes. */
  atWorks: Set<string>;
}

export const KIND_WORD: Record<GlobalKind, string> = { task: 'task', work: 'work', func: 'callback', cpu: 'CPU' };

function emptyGlobals(): Globals {
  return { names: new Map(), tasks: [], works: [], funcs: [], cpus: [], threads: [], atWorks: new Set() };
}

/** Declares a name unless it is taken (TW202); true if it was declared. */
function declare(g: Globals, kind: GlobalKind, name: string, range: SourceRange | undefined, sink: DiagnosticSink): boolean {
  const old = g.names.get(name);
  if (old || CONSTANTS.has(name)) {
    const where = old?.range ? ` at ${old.range.line}:${old.range.column}` : '';
    const what = old ? `already declared as a ${KIND_WORD[old.kind]}${where}` : 'a built-in name';
    if (range) sink.error('TW202', range, `duplicate name ${quote(name)}: ${what}`);
    return false;
  }
  const list = kind === 'task' ? g.tasks : kind === 'work' ? g.works : kind === 'cpu' ? g.cpus : g.funcs;
  g.names.set(name, { kind, id: list.length, range });
  list.push(name);
  return true;
}

export type TaskDeclNode = Extract<DeclNode, { kind: 'task' }>;
export type WorkDeclNode = Extract<DeclNode, { kind: 'work' }>;
export type CallbackDeclNode = Extract<DeclNode, { kind: 'callback' }>;
export type ThreadDeclNode = Extract<DeclNode, { kind: 'thread' }>;
export type CpuDeclNode = Extract<DeclNode, { kind: 'cpu' }>;

/** The declarations that got an index, in index order (a duplicate gets none). */
export interface Declared {
  tasks: TaskDeclNode[];
  works: WorkDeclNode[];
  funcs: CallbackDeclNode[];
  threads: ThreadDeclNode[];
  cpus: CpuDeclNode[];
}

/** Collects the global names of a parsed script (TW202 for duplicates). */
export function collectGlobals(script: Script, sink: DiagnosticSink): { globals: Globals; declared: Declared } {
  const g = emptyGlobals();
  const declared: Declared = { tasks: [], works: [], funcs: [], threads: [], cpus: [] };
  const threadRanges = new Map<string, SourceRange>();
  for (const d of script.decls) {
    if (d.kind === 'cpu' && declare(g, 'cpu', d.name.text, d.name.range, sink)) declared.cpus.push(d);
    if (d.kind === 'task') { if (declare(g, 'task', d.name.text, d.name.range, sink)) declared.tasks.push(d); }
    else if (d.kind === 'work') {
      if (!declare(g, 'work', d.name.text, d.name.range, sink)) continue;
      declared.works.push(d);
      if (d.at) g.atWorks.add(d.name.text);
    }
    else if (d.kind === 'callback') { if (declare(g, 'func', d.name.text, d.name.range, sink)) declared.funcs.push(d); }
    else if (d.kind === 'thread') {
      const old = threadRanges.get(d.name.text);
      if (old) {
        sink.error('TW202', d.name.range, `duplicate thread name ${quote(d.name.text)}: already declared at ${old.line}:${old.column}`);
        continue;
      }
      threadRanges.set(d.name.text, d.name.range);
      g.threads.push(d.name.text);
      declared.threads.push(d);
    }
  }
  // Each CPU runs its irq_work as a thread named after it, after the declared threads.
  for (const d of declared.cpus) {
    const old = threadRanges.get(d.name.text);
    if (old) sink.error('TW202', d.name.range, `duplicate thread name ${quote(d.name.text)}: a CPU's irq_work runs as a thread of its name, and a thread at ${old.line}:${old.column} has it`);
    g.threads.push(d.name.text);
  }
  return { globals: g, declared };
}

/** The global names of an already compiled program (for debugger expressions). */
export function globalsOfProgram(p: Program): Globals {
  const g = emptyGlobals();
  const sink = new DiagnosticSink();
  p.tasks.forEach((t) => declare(g, 'task', t.name, undefined, sink));
  p.works.forEach((w) => {
    declare(g, 'work', w.name, undefined, sink);
    if (!w.allocated) g.atWorks.add(w.name);
  });
  p.funcs.forEach((f) => declare(g, 'func', f.name, undefined, sink));
  (p.cpus ?? []).forEach((c) => declare(g, 'cpu', c.name, undefined, sink));
  g.threads = p.threads.map((t) => t.name);
  return g;
}

export interface WorkLayout {
  /** Heap slot of each work, by work index. */
  slot: number[];
  allocated: boolean[];
  slots: number;
}

/**
 * Gives each work its own slot, except `work N = f at A;` which lives at A's slot (following a
 * chain of `at`s) and starts unallocated. TW213 for an unknown or cyclic `at`.
 */
export function layoutWorks(decls: readonly WorkDeclNode[], g: Globals, sink: DiagnosticSink): WorkLayout {
  const byName = new Map(decls.map((d) => [d.name.text, d]));
  const layout: WorkLayout = { slot: decls.map(() => -1), allocated: decls.map((d) => !d.at), slots: 0 };
  decls.forEach((d, i) => { if (!d.at) layout.slot[i] = layout.slots++; });
  decls.forEach((d, i) => {
    if (!d.at) return;
    const seen = new Set<string>([d.name.text]);
    let cur: WorkDeclNode | undefined = d;
    while (cur?.at) {
      const target: string = cur.at.text;
      const next = byName.get(target);
      if (!next) { reportAt(cur, g, sink); return; }
      if (seen.has(target)) {
        sink.error('TW213', cur.at.range, `'at' chain of work ${quote(d.name.text)} loops back to ${quote(target)}: one of them must have its own address`);
        return;
      }
      seen.add(target);
      cur = next;
    }
    if (cur) layout.slot[i] = layout.slot[decls.indexOf(cur)] ?? -1;
  });
  return layout;
}

function reportAt(d: WorkDeclNode, g: Globals, sink: DiagnosticSink): void {
  const at = d.at;
  if (!at) return;
  const sym = g.names.get(at.text);
  if (sym) {
    sink.error('TW203', at.range, `'at' needs a work, but ${quote(at.text)} is a ${KIND_WORD[sym.kind]}`);
  } else {
    sink.error('TW213', at.range, `'at' refers to an unknown work ${quote(at.text)}${didYouMean(at.text, g.works)}`);
  }
}
