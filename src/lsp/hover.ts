// Hovers in .tw documents as LSP hovers (the texts are in hoverText.ts).
import { Hover, MarkupKind, Position } from 'vscode-languageserver-types';
import { Analysis } from './analysis';
import { hoverAt } from './hoverText';
import { fromLsp, lineRange } from './positions';

export function hover(a: Analysis, p: Position): Hover | null {
  const { line, column } = fromLsp(p);
  const h = hoverAt(a.index, a.lineText(line), line, column);
  return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: lineRange(line, h.start, h.end) } : null;
}
