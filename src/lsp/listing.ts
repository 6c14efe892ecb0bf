// Model listings (listings/<variant>.c): hovers on the step labels of their `// add.cas` comments
// and on the kernel functions they define, and an outline of the labels.
import { DocumentSymbol, Hover, MarkupKind, Position, SymbolKind } from 'vscode-languageserver-types';
import { STEP_LABELS } from '../core/state';
import { explain, stepHoverAt } from './hoverText';
import { wordAt } from './scenarioIndex';
import { API_NAMES } from '../lang/api';
import { lineRange } from './positions';

const LABEL = /\/\/\s*([a-z]+\.[a-z]+)/g;
const KNOWN = new Set<string>(STEP_LABELS);
const APIS = new Set(API_NAMES);

export function isListing(uri: string, text: string): boolean {
  return uri.endsWith('.c') || text.startsWith('// tw model listing');
}

/** A step label's meaning, else the kernel function under the cursor (`task_work_run` in its signature). */
export function listingHover(lines: readonly string[], p: Position): Hover | null {
  const text = lines[p.line] ?? '';
  const h = stepHoverAt(text, p.line + 1, p.character + 1);
  if (h) return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: lineRange(h.line, h.start, h.end) };
  const w = wordAt(text, p.character + 1);
  const doc = w && APIS.has(w.word) ? explain(w.word) : undefined;
  return w && doc ? { contents: { kind: MarkupKind.Markdown, value: doc }, range: lineRange(p.line + 1, w.start, w.end) } : null;
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
