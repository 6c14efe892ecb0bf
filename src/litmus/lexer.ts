// Tokens of a herd7 C litmus test. Comments: `// ...`, `/* ... */` and herd's `(* ... *)`.
// Outside braces (the header, the condition) `(*` always opens a comment, as herd7 reads it
// (`(*Result: Never*)`, `(*More precisely ...*)`); inside a body or the initial state only when
// a blank or a star follows, so that `(*x)` stays a dereference.
import type { Pos } from './ast';
import { LitmusError } from './diagnostics';

export type TokKind = 'ident' | 'num' | 'str' | 'punct' | 'eof';
export interface Token { kind: TokKind; text: string; pos: Pos; /** Offset in the text (the `C name` line is read raw). */ offset: number }

const PUNCT = ['<<=', '>>=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '++', '--', '/\\', '\\/', '==', '!=', '<=', '>=', '&&', '||', '<<', '>>', '->', '(', ')', '{', '}', '[', ']', ';', ',', '=', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^', '!', '~', ':', '?', '.'];

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0; let line = 1; let col = 1;
  let depth = 0; // braces open: 0 in the header and the condition
  const advance = (n: number): void => {
    for (let k = 0; k < n; k++) {
      if (text[i] === '\n') { line++; col = 1; } else col++;
      i++;
    }
  };
  while (i < text.length) {
    const c = text[i] ?? '';
    const pos = { line, column: col };
    if (/\s/.test(c)) { advance(1); continue; }
    if (text.startsWith('//', i)) { while (i < text.length && text[i] !== '\n') advance(1); continue; }
    const herd = text.startsWith('(*', i) && (depth === 0 || /^\(\*[\s*)]/.test(text.slice(i, i + 3)));
    const close = text.startsWith('/*', i) ? '*/' : herd ? '*)' : undefined;
    if (close) {
      const end = text.indexOf(close, i + 2);
      if (end < 0) throw new LitmusError('TW601', pos, `comment opened here is never closed (expected '${close}')`);
      advance(end + 2 - i);
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i] ?? '')) advance(1);
      out.push({ kind: 'ident', text: text.slice(start, i), pos, offset: start });
    } else if (/[0-9]/.test(c)) {
      while (i < text.length && /[0-9A-Fa-fxX]/.test(text[i] ?? '')) advance(1);
      out.push({ kind: 'num', text: text.slice(start, i), pos, offset: start });
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw new LitmusError('TW601', pos, 'string opened here is never closed');
      advance(end + 1 - i);
      out.push({ kind: 'str', text: text.slice(start + 1, end), pos, offset: start });
    } else {
      const p = PUNCT.find((q) => text.startsWith(q, i));
      if (!p) throw new LitmusError('TW601', pos, `unexpected character '${c}'`);
      advance(p.length);
      if (p === '{') depth++;
      else if (p === '}' && depth > 0) depth--;
      out.push({ kind: 'punct', text: p, pos, offset: start });
    }
  }
  out.push({ kind: 'eof', text: 'end of file', pos: { line, column: col }, offset: text.length });
  return out;
}
