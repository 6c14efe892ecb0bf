// Go to definition, find references and rename over the scenario index: a name's occurrences are
// the word tokens that resolve to the same declaration, plus thread names inside strings
// (schedules and `at(thread, ...)`-style arguments), where a CPU's name stands for its irq_work.
import type { Location, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { KEYWORDS } from '../lang/api';
import { Analysis } from './analysis';
import { fromLsp, lineRange, toLspRange } from './positions';
import { resolveAt, ScenarioSymbol } from './scenarioIndex';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function symbolAt(a: Analysis, p: Position): ScenarioSymbol | null {
  const { line, column } = fromLsp(p);
  return resolveAt(a.index, a.lineText(line), line, column);
}

export function definition(a: Analysis, p: Position): Location | null {
  const sym = symbolAt(a, p);
  return sym ? { uri: a.uri, range: toLspRange(sym.range) } : null;
}

const sameDecl = (x: ScenarioSymbol, y: ScenarioSymbol): boolean =>
  x.range.line === y.range.line && x.range.column === y.range.column && x.name === y.name;

/** Every range naming `sym`: its declaration included. */
export function occurrences(a: Analysis, sym: ScenarioSymbol): Range[] {
  const out: Range[] = [];
  for (const t of a.tokens) {
    if (t.kind === 'word' && t.text === sym.name) {
      const other = resolveAt(a.index, a.lineText(t.range.line), t.range.line, t.range.column);
      if (other && sameDecl(other, sym)) out.push(toLspRange(t.range));
    } else if (t.kind === 'string' && (sym.kind === 'thread' || sym.kind === 'cpu') && t.columns) {
      // A CPU's name in a schedule is its irq_work's thread.
      out.push(...threadsInString(String(t.value), t.columns, t.range.line, sym.name));
    }
  }
  return out;
}

/** Where a thread name stands as a whole word inside a string's value. */
function threadsInString(value: string, columns: number[], line: number, name: string): Range[] {
  const out: Range[] = [];
  const word = /[A-Za-z_][A-Za-z0-9_]*/g;
  for (let m = word.exec(value); m; m = word.exec(value)) {
    if (m[0] !== name || value[m.index - 1] === '.' || value[m.index + m[0].length] === '.') continue;
    const start = columns[m.index];
    const lastCol = columns[m.index + m[0].length - 1];
    const end = columns[m.index + m[0].length] ?? (lastCol === undefined ? undefined : lastCol + 1);
    if (start !== undefined && end !== undefined) out.push(lineRange(line, start, end));
  }
  return out;
}

export function references(a: Analysis, p: Position, includeDeclaration: boolean): Location[] {
  const sym = symbolAt(a, p);
  if (!sym) return [];
  const decl = toLspRange(sym.range);
  return occurrences(a, sym)
    .filter((r) => includeDeclaration || r.start.line !== decl.start.line || r.start.character !== decl.start.character)
    .map((range) => ({ uri: a.uri, range }));
}

export function prepareRename(a: Analysis, p: Position): { range: Range; placeholder: string } | null {
  const sym = symbolAt(a, p);
  if (!sym) return null;
  const here = occurrences(a, sym).find((r) => r.start.line === p.line && r.start.character <= p.character && p.character <= r.end.character);
  return here ? { range: here, placeholder: sym.name } : null;
}

/** The edits of a rename, or a message saying why the new name cannot be used. */
export function rename(a: Analysis, p: Position, newName: string): WorkspaceEdit | string {
  const sym = symbolAt(a, p);
  if (!sym) return 'nothing to rename here: place the cursor on a declared name';
  if (!IDENT.test(newName)) return `'${newName}' is not a name (letters, digits and '_', not starting with a digit)`;
  if (KEYWORDS.has(newName)) return `'${newName}' is a keyword of the language`;
  const edits: TextEdit[] = occurrences(a, sym).map((range) => ({ range, newText: newName }));
  return { changes: { [a.uri]: edits } };
}

/** The occurrences of the name under the cursor in this document, for highlighting. */
export function highlights(a: Analysis, p: Position): { range: Range }[] {
  const sym = symbolAt(a, p);
  return sym ? occurrences(a, sym).map((range) => ({ range })) : [];
}
