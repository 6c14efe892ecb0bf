// The .tw lexer: source text -> tokens with 1-based positions. Never throws: bad characters,
// bad numbers and unterminated strings/comments become diagnostics (TW001, TW002, TW104).
import type { SourceRange } from '../core/program';
import { DiagnosticSink, quote } from './diagnostics';

export type TokenKind = 'word' | 'int' | 'string' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The token as written (for strings: with the quotes and escapes). */
  text: string;
  /** int: the value; string: the text between the quotes with escapes resolved. */
  value: number | string;
  /** 0-based offsets into the source, end exclusive. */
  start: number;
  end: number;
  range: SourceRange;
  /** string: 1-based source column of each character of `value`, plus one for the closing quote. */
  columns?: number[];
}

/** Maps offsets to 1-based line/column (columns count UTF-16 code units, as editors do). */
export class SourceText {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.lineStarts[lo] ?? 0) + 1 };
  }

  range(start: number, end: number): SourceRange {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
}

/** Longest first, so '==' wins over '='. */
const PUNCT = ['=>', '->', '==', '!=', '<=', '>=', '&&', '||', ';', ',', '(', ')', '{', '}', '=', '<', '>', '+', '-', '!', '&', '.', ':'];
const MAX_INT = 2147483647;

const isWordStart = (c: string): boolean => /[A-Za-z_]/.test(c);
const isWordChar = (c: string): boolean => /[A-Za-z0-9_]/.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

export function lex(src: SourceText, sink: DiagnosticSink): Token[] {
  return new Lexer(src, sink).run();
}

class Lexer {
  private pos = 0;
  private readonly out: Token[] = [];
  private readonly text: string;

  constructor(private readonly src: SourceText, private readonly sink: DiagnosticSink) {
    this.text = src.text;
  }

  run(): Token[] {
    while (this.skipTrivia()) {
      const start = this.pos;
      const c = this.text[start] ?? '';
      if (isWordStart(c)) this.word(start);
      else if (isDigit(c)) this.number(start);
      else if (c === '"') this.string(start);
      else if (!this.punct(start)) this.badChars(start);
    }
    const end = this.text.length;
    this.out.push({ kind: 'eof', text: '', value: '', start: end, end, range: this.src.range(end, end) });
    return this.out;
  }

  private push(kind: TokenKind, start: number, value: number | string): void {
    this.pos = Math.max(this.pos, start + 1);
    const text = this.text.slice(start, this.pos);
    this.out.push({ kind, text, value, start, end: this.pos, range: this.src.range(start, this.pos) });
  }

  /** Skips whitespace and comments; false at the end of the text. */
  private skipTrivia(): boolean {
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) return false;
      if (isSpace(c)) { this.pos++; continue; }
      if (c !== '/') return true;
      const d = this.text[this.pos + 1];
      if (d === '/') {
        const nl = this.text.indexOf('\n', this.pos);
        this.pos = nl < 0 ? this.text.length : nl;
      } else if (d === '*') {
        const close = this.text.indexOf('*/', this.pos + 2);
        if (close < 0) {
          this.sink.error('TW002', this.src.range(this.pos, this.pos + 2), "unterminated comment: '/*' has no matching '*/'");
          this.pos = this.text.length;
        } else this.pos = close + 2;
      } else return true;
    }
  }

  private word(start: number): void {
    let i = start + 1;
    while (i < this.text.length && isWordChar(this.text[i] ?? '')) i++;
    this.pos = i;
    this.push('word', start, this.text.slice(start, i));
  }

  /** Decimal integers; letters or a fraction glued to the digits make one bad number (TW104). */
  private number(start: number): void {
    let i = start;
    while (i < this.text.length && isWordChar(this.text[i] ?? '')) i++;
    if (this.text[i] === '.' && isDigit(this.text[i + 1] ?? '')) {
      i++;
      while (i < this.text.length && isWordChar(this.text[i] ?? '')) i++;
    }
    const raw = this.text.slice(start, i);
    this.pos = i;
    let value = 0;
    if (!/^[0-9]+$/.test(raw)) {
      this.sink.error('TW104', this.src.range(start, i), `bad number ${quote(raw)}: expected a decimal integer`);
    } else if (Number(raw) > MAX_INT) {
      this.sink.error('TW104', this.src.range(start, i), `number ${quote(raw)} is too large (the limit is ${MAX_INT})`);
    } else value = Number(raw);
    this.push('int', start, value);
  }

  /** One-line strings with \" and \\ escapes. */
  private string(start: number): void {
    let i = start + 1;
    let value = '';
    const columns: number[] = [];
    const col0 = this.src.position(start).column - start;
    for (;;) {
      const c = this.text[i];
      if (c === undefined || c === '\n' || c === '\r') {
        this.sink.error('TW002', this.src.range(start, start + 1), 'unterminated string: missing closing \'"\' on this line');
        this.pos = i;
        this.pushString(start, value, columns);
        return;
      }
      if (c === '"') break;
      columns.push(col0 + i);
      if (c === '\\') {
        const e = this.text[i + 1];
        if (e === '"' || e === '\\') { value += e; i += 2; continue; }
        this.sink.error('TW001', this.src.range(i, i + 2), `unknown escape ${quote(`\\${e ?? ''}`)} in a string (only \\" and \\\\ are allowed)`);
      }
      value += c;
      i++;
    }
    columns.push(col0 + i);
    this.pos = i + 1;
    this.pushString(start, value, columns);
  }

  private pushString(start: number, value: string, columns: number[]): void {
    this.push('string', start, value);
    const tok = this.out[this.out.length - 1];
    if (tok) tok.columns = columns;
  }

  private punct(start: number): boolean {
    const p = PUNCT.find((q) => this.text.startsWith(q, start));
    if (p === undefined) return false;
    this.pos = start + p.length;
    this.push('punct', start, p);
    return true;
  }

  /** A run of characters the language has no use for is one TW001, not one per byte. */
  private badChars(start: number): void {
    let i = start;
    for (;;) {
      const cp = this.text.codePointAt(i) ?? 0;
      i += cp > 0xffff ? 2 : 1;
      const c = this.text[i];
      if (c === undefined || isSpace(c) || isWordStart(c) || isDigit(c) || c === '"' || c === '/'
        || PUNCT.some((q) => this.text.startsWith(q, i))) break;
    }
    const raw = this.text.slice(start, i);
    const what = [...raw].length === 1 ? 'character' : 'characters';
    this.sink.error('TW001', this.src.range(start, i), `unexpected ${what} ${quote(raw)}`);
    this.pos = i;
  }
}
