// The listing lexer: preprocessed C text -> tokens with 1-based positions, and the step labels
// given by `/* tw: add.cas */` comments (by line). Never throws: a stray character is TW305.
import type { SourceRange } from '../core';
import { ModelSink, at } from './diagnostics';

export type CTokenKind = 'ident' | 'number' | 'string' | 'punct' | 'eof';

export interface CToken {
  kind: CTokenKind;
  text: string;
  line: number;
  column: number;
}

export interface Lexed {
  tokens: CToken[];
  /** Step labels by 1-based line. */
  labels: Map<number, string>;
}

const PUNCT = ['<<=', '>>=', '...', '->', '++', '--', '==', '!=', '<=', '>=', '&&', '||', '|=', '&=', '+=', '-=', '^=', '<<', '>>',
  ';', ',', '(', ')', '{', '}', '[', ']', '=', '<', '>', '+', '-', '*', '/', '%', '!', '~', '&', '|', '^', '.', ':', '?'];
const LABEL = /^\s*tw:\s*(\+?[A-Za-z_][\w.-]*)\s*$/;
const DOTTED = /^\s*(\+?[a-z_]+\.[a-z_]+)(?::|\s|$)/;

export function tokenRange(t: CToken): SourceRange {
  return at(t.line, t.column, t.text.length);
}

export function lexC(text: string, sink: ModelSink): Lexed {
  const tokens: CToken[] = [];
  const labels = new Map<number, string>();
  let line = 1;
  let col = 1;
  let i = 0;
  const advance = (n: number): void => {
    for (let k = 0; k < n; k++, i++) {
      if (text[i] === '\n') { line++; col = 1; } else col++;
    }
  };
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) { advance(1); continue; }
    if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      const body = text.slice(i + 2, end < 0 ? text.length : end);
      noteLabel(body, line, labels, true);
      advance((end < 0 ? text.length : end) - i);
      continue;
    }
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) { sink.error('TW305', at(line, col, 2), 'unterminated comment'); break; }
      noteLabel(text.slice(i + 2, end), line, labels, false);
      if (text.startsWith('/**', i) && !text.startsWith('/**/', i)) sink.note('TW301', at(line, col, 3), 'kernel-doc comment ignored');
      advance(end + 2 - i);
      continue;
    }
    const start = { line, column: col };
    const word = /^[A-Za-z_]\w*/.exec(text.slice(i, i + 200));
    const num = word ? null : /^(0[xX][0-9a-fA-F]+|\d+)[uUlL]*/.exec(text.slice(i, i + 40));
    const str = word || num ? null : /^"(?:[^"\\\n]|\\.)*"|^'(?:[^'\\\n]|\\.)*'/.exec(text.slice(i, i + 400));
    if (word) tokens.push({ kind: 'ident', text: word[0], ...start });
    else if (num) tokens.push({ kind: 'number', text: num[0], ...start });
    else if (str) tokens.push({ kind: 'string', text: str[0], ...start });
    const len = word?.[0].length ?? num?.[0].length ?? str?.[0].length;
    if (len !== undefined) { advance(len); continue; }
    const p = PUNCT.find((q) => text.startsWith(q, i));
    if (p) { tokens.push({ kind: 'punct', text: p, ...start }); advance(p.length); continue; }
    sink.error('TW305', at(line, col), `unexpected character '${c}'`);
    advance(1);
  }
  tokens.push({ kind: 'eof', text: '', line, column: col });
  return { tokens, labels };
}

/**
 * `/* tw: add.cas *\/` names the step of its line; so does a line comment that starts with a dotted
 * name (`// add.cas: h = the head seen`), the style of the shipped listings. `+name` marks a line
 * whose accesses belong to the step control comes from (`// +cancel.match`): no step starts there.
 */
function noteLabel(body: string, line: number, labels: Map<number, string>, lineComment: boolean): void {
  const m = LABEL.exec(body) ?? /\btw:\s*(\+?[A-Za-z_][\w.-]*)/.exec(body) ?? (lineComment ? DOTTED.exec(body) : null);
  if (m?.[1]) labels.set(line, m[1]);
}
