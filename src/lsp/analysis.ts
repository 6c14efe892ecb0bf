// One analysed version of a .tw document: its text, lines, tokens, index and diagnostics, each
// computed once on first use. Every feature of the language service reads from here; nothing throws.
import { compileSource, Diagnostic } from '../lang';
import { HISTORY_VARIANTS } from '../model';
import { SourceText, lex, Token } from '../lang/lexer';
import { DiagnosticSink } from '../lang/diagnostics';
import { parseScript } from '../lang/parser';
import type { Script } from '../lang/ast';
import { indexScenario, ScenarioIndex } from './scenarioIndex';

/** 0-based offsets, end exclusive. */
export interface Span { start: number; end: number }

/** A brace pair: 0-based offsets of the '{' and of the '}'. */
export interface Block { open: number; close: number }

/** The line and block comments in text[from, to), which holds only whitespace and comments. */
function collectComments(text: string, from: number, to: number, out: Span[]): void {
  let i = from;
  while (i < to) {
    if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      const end = nl < 0 || nl > to ? to : nl;
      out.push({ start: i, end: text[end - 1] === '\r' ? end - 1 : end });
      i = end;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 || close + 2 > to ? to : close + 2;
      out.push({ start: i, end });
      i = end;
    } else i++;
  }
}

export class Analysis {
  readonly lines: string[];
  private cachedIndex?: ScenarioIndex;
  private cachedTokens?: Token[];
  private cachedDiagnostics?: Diagnostic[];
  private cachedComments?: Span[];
  private source?: SourceText;
  private lineStarts?: number[];
  private cachedScript?: Script;
  private cachedBlocks?: Block[];

  constructor(readonly uri: string, readonly text: string) {
    this.lines = text.split(/\r?\n/);
  }

  get index(): ScenarioIndex {
    return (this.cachedIndex ??= indexScenario(this.text));
  }

  /** The lexer's tokens (without the final eof); lexical errors are left to `diagnostics`. */
  get tokens(): Token[] {
    return (this.cachedTokens ??= lex(new SourceText(this.text), new DiagnosticSink()).filter((t) => t.kind !== 'eof'));
  }

  /** The syntax tree (parse errors recovered; diagnostics come from `diagnostics`). */
  get script(): Script {
    return (this.cachedScript ??= parseScript(lex(new SourceText(this.text), new DiagnosticSink()), new DiagnosticSink()));
  }

  /** Matched '{' '}' pairs in source order of their '{' (an unclosed one ends at the end of the text). */
  get blocks(): Block[] {
    if (this.cachedBlocks) return this.cachedBlocks;
    const out: Block[] = [];
    const open: Token[] = [];
    for (const t of this.tokens) {
      if (t.kind !== 'punct') continue;
      if (t.text === '{') open.push(t);
      else if (t.text === '}') {
        const o = open.pop();
        if (o) out.push({ open: o.start, close: t.start });
      }
    }
    for (const o of open) out.push({ open: o.start, close: this.text.length });
    return (this.cachedBlocks = out.sort((x, y) => x.open - y.open));
  }

  /** The same diagnostics as `tw check` (file name only matters for messages, which never name it). */
  get diagnostics(): Diagnostic[] {
    return (this.cachedDiagnostics ??= compileSource(this.uri, this.text, { releases: HISTORY_VARIANTS }).diagnostics);
  }

  /** Comments, found in the gaps between tokens (the lexer skips them). */
  get comments(): Span[] {
    if (this.cachedComments) return this.cachedComments;
    const out: Span[] = [];
    let from = 0;
    for (const t of [...this.tokens, { start: this.text.length, end: this.text.length }]) {
      collectComments(this.text, from, t.start, out);
      from = t.end;
    }
    return (this.cachedComments = out);
  }

  /** The comment covering a 0-based offset (its end included: the cursor after `// x` is inside). */
  commentAt(offset: number): Span | undefined {
    return this.comments.find((c) => offset > c.start && offset <= c.end && (offset < c.end || this.text[c.start + 1] === '/'));
  }

  /** 0-based offset of a 1-based (line, column), clamped to the text. */
  offsetOf(line: number, column: number): number {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
    const start = this.lineStarts[Math.min(Math.max(line, 1), this.lineStarts.length) - 1] ?? 0;
    return Math.min(start + Math.max(column - 1, 0), this.text.length);
  }

  position(offset: number): { line: number; column: number } {
    return (this.source ??= new SourceText(this.text)).position(offset);
  }

  lineText(line: number): string {
    return this.lines[line - 1] ?? '';
  }
}
