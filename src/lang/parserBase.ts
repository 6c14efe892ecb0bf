// The parser's token cursor: lookahead, error reporting with panic mode (one error per broken
// statement), recovery at ';' and '}', a nesting-depth guard, and one-line origin text.
import type { Origin, SourceRange } from '../core/program';
import { DiagnosticSink, quote } from './diagnostics';
import { Token } from './lexer';
import { Name } from './ast';
import { KEYWORDS } from './api';

/** Deeper nesting than this is reported instead of parsed: it keeps every recursion bounded. */
export const MAX_DEPTH = 200;

export class ParserBase {
  protected pos = 0;
  protected depth = 0;
  /** After an error, further syntax errors are dropped until the parser resynchronises. */
  protected panic = false;

  constructor(protected readonly toks: Token[], protected readonly sink: DiagnosticSink) {}

  protected peek(n = 0): Token {
    const last = this.toks[this.toks.length - 1];
    return this.toks[Math.min(this.pos + n, this.toks.length - 1)] ?? (last as Token);
  }

  protected prev(): Token {
    return this.toks[Math.max(0, this.pos - 1)] ?? this.peek();
  }

  protected next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  /** True if the next token is the punctuation or word `text`. */
  protected at(text: string, n = 0): boolean {
    const t = this.peek(n);
    return (t.kind === 'punct' || t.kind === 'word') && t.text === text;
  }

  protected eat(text: string): boolean {
    if (!this.at(text)) return false;
    this.next();
    return true;
  }

  protected error(code: string, range: SourceRange, message: string): void {
    if (!this.panic) this.sink.error(code, range, message);
    this.panic = true;
  }

  /** "found 'x'" / "found the end of the file" */
  protected found(t: Token = this.peek()): string {
    return t.kind === 'eof' ? 'found the end of the file' : `found ${quote(t.text)}`;
  }

  protected expect(text: string, after?: string): boolean {
    if (this.eat(text)) return true;
    const where = after ? ` after ${after}` : '';
    this.error('TW101', this.peek().range, `expected '${text}'${where}, ${this.found()}`);
    return false;
  }

  /** A ';' that is missing is reported just after the previous token (TW102) without skipping. */
  protected expectSemi(): void {
    if (this.eat(';')) return;
    const p = this.prev();
    const r = p.range;
    if (!this.panic) {
      this.sink.error('TW102', { line: r.endLine, column: r.endColumn, endLine: r.endLine, endColumn: r.endColumn + 1 },
        `missing ';' after ${quote(p.text)} (${this.found()})`);
    }
    this.panic = true;
  }

  /** A declared name: a word that is not a keyword. */
  protected name(what: string): Name | undefined {
    const t = this.peek();
    if (t.kind === 'word' && !KEYWORDS.has(t.text)) {
      this.next();
      return { text: t.text, range: t.range };
    }
    const kw = t.kind === 'word' ? `the keyword ${quote(t.text)}` : undefined;
    this.error('TW101', t.range, `expected ${what}, ${kw ? `found ${kw}` : this.found(t)}`);
    return undefined;
  }

  /** A dashed name (`no-run-lock-pair`): words joined by '-' with no space around the dashes. */
  /** A name like `no-run-lock-pair`; with `release`, also a kernel release like `v3.7-dev` or `v4.14` (written without spaces). */
  protected dashedName(what: string, release = false): Name | undefined {
    const first = this.peek();
    if (first.kind !== 'word') {
      this.error('TW101', first.range, `expected ${what}, ${this.found(first)}`);
      return undefined;
    }
    this.next();
    let text = first.text;
    let last = first;
    const glued = (sep: string, kind: Token['kind']): boolean => this.at(sep) && this.peek().start === last.end
      && this.peek(1).kind === kind && this.peek(1).start === this.peek().end;
    while (glued('-', 'word') || (release && glued('.', 'int'))) {
      text += this.next().text;
      last = this.next();
      text += last.text;
    }
    return { text, range: { ...first.range, endLine: last.range.endLine, endColumn: last.range.endColumn } };
  }

  /** Counts one level of nesting; past MAX_DEPTH reports once and returns false. */
  protected enter(): boolean {
    if (this.depth >= MAX_DEPTH) {
      this.error('TW101', this.peek().range, `nesting is too deep (more than ${MAX_DEPTH} levels)`);
      return false;
    }
    this.depth++;
    return true;
  }

  protected leave(): void {
    this.depth--;
  }

  /**
   * Skips to a recovery point: past a ';', past a balanced '{...}', or up to (not past) a '}'
   * or a word in `stopWords` (the start of the next statement or declaration). The callers'
   * loops make sure at least one token is consumed per round.
   */
  protected sync(stopWords: ReadonlySet<string>): void {
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof' || (t.kind === 'punct' && t.text === '}')) break;
      if (t.kind === 'word' && stopWords.has(t.text)) break;
      this.next();
      if (t.kind === 'punct' && t.text === ';') break;
      if (t.kind === 'punct' && t.text === '{') { this.skipBalanced(); break; }
    }
    this.panic = false;
  }

  /** After a '{': skips to just past its matching '}' (or the end). Iterative: no recursion. */
  private skipBalanced(): void {
    let open = 1;
    while (open > 0 && this.peek().kind !== 'eof') {
      const t = this.next();
      if (t.kind === 'punct' && t.text === '{') open++;
      else if (t.kind === 'punct' && t.text === '}') open--;
    }
  }

  /** Origin of the tokens from index `first` up to the previous token, as one line of text. */
  protected originFrom(first: number): Origin {
    const a = this.toks[first] ?? this.peek();
    const last = Math.max(first, this.pos - 1);
    const b = this.toks[last] ?? a;
    let text = '';
    for (let i = first; i <= last; i++) {
      const t = this.toks[i];
      const before = this.toks[i - 1];
      if (!t || t.kind === 'eof') break;
      if (i > first && before && before.end < t.start) text += ' ';
      text += t.text;
    }
    return { range: { line: a.range.line, column: a.range.column, endLine: b.range.endLine, endColumn: b.range.endColumn }, text };
  }
}
