// Model listings (listings/<variant>.c): hovers on the step labels of their `// add.cas` comments
// and an outline of those labels, the only parts of a listing that are ours.
import { DocumentSymbol, Hover, MarkupKind, Position, SymbolKind } from 'vscode-languageserver-types';
import { STEP_LABELS } from '../core/state';
import { stepHoverAt } from './hoverText';
import { lineRange } from './positions';

const LABEL = /\/\/\s*([a-z]+\.[a-z]+)/g;
const KNOWN = new Set<string>(STEP_LABELS);

export function isListing(uri: string, text: string): boolean {
  return uri.endsWith('.c') || text.startsWith('// tw model listing');
}

export function listingHover(lines: readonly string[], p: Position): Hover | null {
  const h = stepHoverAt(lines[p.line] ?? '', p.line + 1, p.character + 1);
  return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: lineRange(h.line, h.start, h.end) } : null;
}

export function listingSymbols(lines: readonly string[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  lines.forEach((text, i) => {
    for (const m of text.matchAll(LABEL)) {
      const label = m[1] ?? '';
      if (!KNOWN.has(label)) continue;
      const col = (m.index ?? 0) + m[0].length - label.length + 1;
      const range = lineRange(i + 1, col, col + label.length);
      out.push({ name: label, detail: text.slice(0, m.index).trim(), kind: SymbolKind.Event, range, selectionRange: range });
    }
  });
  return out;
}
