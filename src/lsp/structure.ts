// The outline (document symbols, one per declaration, bodies spanning to their closing brace) and
// folding ranges (bodies, nested blocks, block comments, runs of line comments).
import { DocumentSymbol, FoldingRange, FoldingRangeKind, SymbolKind } from 'vscode-languageserver-types';
import type { DeclNode } from '../lang/ast';
import { Analysis } from './analysis';
import { toLspRange } from './positions';

const KIND: Record<DeclNode['kind'], SymbolKind> = {
  variant: SymbolKind.Namespace, expect: SymbolKind.Event, task: SymbolKind.Object, work: SymbolKind.Variable,
  callback: SymbolKind.Function, thread: SymbolKind.Class, setup: SymbolKind.Constructor, final: SymbolKind.Method,
  invariant: SymbolKind.Boolean, schedule: SymbolKind.Array, option: SymbolKind.Property, memory: SymbolKind.Property,
  cpu: SymbolKind.Object,
};

function declName(d: DeclNode): { text: string; range?: DeclNode['origin']['range'] } {
  switch (d.kind) {
    case 'expect': return { text: `expect ${d.variant.text}${d.memory ? ` ${d.memory.text}` : ''}`, range: d.variant.range };
    case 'setup': case 'final': case 'invariant': return { text: d.kind };
    default: return { text: d.name.text || d.kind, range: d.name.range };
  }
}

export function documentSymbols(a: Analysis): DocumentSymbol[] {
  return a.script.decls.map((d) => {
    const name = declName(d);
    const selection = toLspRange(name.range ?? d.origin.range);
    const range = { ...toLspRange(d.origin.range) };
    if ('body' in d) {
      const start = a.offsetOf(d.origin.range.line, d.origin.range.column);
      const block = a.blocks.find((b) => b.open >= start);
      if (block) {
        const end = a.position(Math.min(block.close + 1, a.text.length));
        range.end = { line: end.line - 1, character: end.column - 1 };
      }
    }
    if (range.end.line < selection.end.line || (range.end.line === selection.end.line && range.end.character < selection.end.character)) range.end = selection.end;
    return { name: name.text, detail: d.origin.text, kind: KIND[d.kind], range, selectionRange: selection };
  });
}

export function foldingRanges(a: Analysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const b of a.blocks) {
    const start = a.position(b.open).line - 1;
    const end = a.position(b.close).line - 1;
    // The closing line stays visible, as editors fold brace languages.
    if (end - 1 > start) out.push({ startLine: start, endLine: end - 1 });
  }
  let run: { start: number; end: number } | null = null;
  const flush = () => { if (run && run.end > run.start) out.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment }); run = null; };
  for (const c of a.comments) {
    const start = a.position(c.start).line - 1;
    const end = a.position(c.end).line - 1;
    if (end > start) { flush(); out.push({ startLine: start, endLine: end, kind: FoldingRangeKind.Comment }); continue; }
    if (run && start === run.end + 1) run.end = start;
    else { flush(); run = { start, end: start }; }
  }
  flush();
  return out;
}
