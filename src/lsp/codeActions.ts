// Quick fixes for the checker's diagnostics: "did you mean 'x'?" replaces the misspelt word, and
// an unknown task, work, callback or CPU gets "Add a declaration" next to the others of its kind.
import { CodeAction, CodeActionKind, Diagnostic as LspDiagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import type { DeclNode } from '../lang/ast';
import { Analysis } from './analysis';

const DID_YOU_MEAN = /\(did you mean '([^']+)'\?\)/;
const FIRST_QUOTED = /'([^']+)'/;
type Missing = 'task' | 'work' | 'callback' | 'cpu';
const MISSING: { re: RegExp; kind: Missing }[] = [
  { re: /^work '([A-Za-z_]\w*)' is not declared/, kind: 'work' },
  { re: /^unknown task '([A-Za-z_]\w*)'/, kind: 'task' },
  { re: /^unknown callback '([A-Za-z_]\w*)'/, kind: 'callback' },
  { re: /^unknown CPU '([A-Za-z_]\w*)'/, kind: 'cpu' },
];

function textIn(a: Analysis, r: Range): string {
  if (r.start.line !== r.end.line) return '';
  return a.lineText(r.start.line + 1).slice(r.start.character, r.end.character);
}

function didYouMean(a: Analysis, d: LspDiagnostic): CodeAction | null {
  const fix = DID_YOU_MEAN.exec(d.message)?.[1];
  const wrong = FIRST_QUOTED.exec(d.message)?.[1];
  if (!fix || !wrong) return null;
  const at = textIn(a, d.range).indexOf(wrong);
  if (at < 0) return null;
  const start = { line: d.range.start.line, character: d.range.start.character + at };
  const edit: TextEdit = { range: { start, end: { line: start.line, character: start.character + wrong.length } }, newText: fix };
  return { title: `Change '${wrong}' to '${fix}'`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: { changes: { [a.uri]: [edit] } } };
}

/** 0-based line after the last declaration of `kind` (after its body), or before the first body. */
function insertLine(a: Analysis, kind: DeclNode['kind']): number {
  const decls = a.script.decls;
  const same = decls.filter((d) => d.kind === kind).pop();
  if (same) {
    if (!('body' in same)) return same.origin.range.line;
    const start = a.offsetOf(same.origin.range.line, same.origin.range.column);
    const block = a.blocks.find((b) => b.open >= start);
    return block ? a.position(block.close).line : same.origin.range.line;
  }
  const order: DeclNode['kind'][] = ['task', 'work', 'callback', 'cpu', 'thread', 'setup', 'final', 'invariant', 'schedule'];
  const later = decls.find((d) => order.indexOf(d.kind) > order.indexOf(kind));
  return later ? later.origin.range.line - 1 : a.lines.length;
}

function declaration(a: Analysis, kind: Missing, name: string): string {
  if (kind === 'task') return `task ${name};`;
  if (kind === 'cpu') {
    // A CPU starts with a task: the first declared one, as a placeholder the author can change.
    const task = [...a.index.globals.values()].find((s) => s.kind === 'task')?.name ?? 'TASK';
    return `cpu ${name} = ${task};`;
  }
  if (kind === 'callback') return `callback ${name}(cb) { }`;
  const func = [...a.index.globals.values()].find((s) => s.kind === 'callback')?.name ?? `${name.toLowerCase()}_cb`;
  return `work ${name} = ${func};`;
}

function addDeclaration(a: Analysis, d: LspDiagnostic): CodeAction | null {
  for (const m of MISSING) {
    const name = m.re.exec(d.message)?.[1];
    if (!name) continue;
    const line = insertLine(a, m.kind);
    const edit: TextEdit = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${declaration(a, m.kind, name)}\n` };
    return { title: `Add a declaration: ${declaration(a, m.kind, name)}`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [a.uri]: [edit] } } };
  }
  return null;
}

/** Quick fixes for the diagnostics the client sends with the request (only ours). */
export function codeActions(a: Analysis, diagnostics: readonly LspDiagnostic[]): CodeAction[] {
  return diagnostics.filter((d) => d.source === 'tw' || d.source === undefined)
    .flatMap((d) => [didYouMean(a, d), addDeclaration(a, d)])
    .filter((x): x is CodeAction => x !== null);
}
