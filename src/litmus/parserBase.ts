// The cursor over a litmus test's tokens: peek, expect and the error that names what was expected.
import type { Pos } from './ast';
import { LitmusError } from './diagnostics';
import type { Token } from './lexer';

export class Cursor {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  peek(ahead = 0): Token { return this.toks[Math.min(this.i + ahead, this.toks.length - 1)] as Token; }
  next(): Token { const t = this.peek(); if (this.i < this.toks.length - 1) this.i++; return t; }
  pos(): Pos { return this.peek().pos; }
  is(text: string, ahead = 0): boolean { const t = this.peek(ahead); return (t.kind === 'punct' || t.kind === 'ident') && t.text === text; }
  eat(text: string): boolean { if (this.is(text)) { this.next(); return true; } return false; }
  expect(text: string, what = `'${text}'`): Token {
    if (!this.is(text)) throw this.error(what);
    return this.next();
  }
  ident(what: string): Token {
    if (this.peek().kind !== 'ident') throw this.error(what);
    return this.next();
  }
  error(expected: string, code = 'TW601'): LitmusError {
    const t = this.peek();
    const found = t.kind === 'eof' ? 'the end of the file' : `'${t.text}'`;
    return new LitmusError(code, t.pos, `expected ${expected}, found ${found}`);
  }
}
