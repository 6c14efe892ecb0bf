// Between the language's 1-based ranges (end column exclusive) and LSP's 0-based ones.
import type { Position, Range } from 'vscode-languageserver-types';
import type { SourceRange } from '../core/program';

export function toLspRange(r: SourceRange): Range {
  return {
    start: { line: r.line - 1, character: r.column - 1 },
    end: { line: Math.max(r.endLine - 1, 0), character: Math.max(r.endColumn - 1, 0) },
  };
}

/** A range on one line from 1-based columns (end exclusive). */
export function lineRange(line: number, start: number, end: number): Range {
  return { start: { line: line - 1, character: start - 1 }, end: { line: line - 1, character: end - 1 } };
}

/** LSP position to the language's 1-based line and column. */
export function fromLsp(p: Position): { line: number; column: number } {
  return { line: p.line + 1, column: p.character + 1 };
}
