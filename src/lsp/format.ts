// The .tw formatter, shared by the language server and `tw fmt`: indents by brace and parenthesis
// depth (4 spaces), trims trailing blanks, keeps at most one empty line in a row and ends with one
// newline. It never touches text inside block comments, never formats a file with errors, and
// checks that the tokens are unchanged, so it can only move whitespace. Idempotent.
import type { TextEdit } from 'vscode-languageserver-types';
import { Analysis } from './analysis';
import type { Token } from '../lang/lexer';
import type { Diagnostic } from '../lang';

const INDENT = '    ';
const HEADS = new Set(['if', 'while', 'repeat']);

export type FormatResult = { ok: true; text: string } | { ok: false; errors: Diagnostic[]; reason: string };

/** Per line: the depth of '{' and '(' open at its start, and how many closers open the line. */
function depths(a: Analysis): { depth: number; closes: number }[] {
  const out = a.lines.map(() => ({ depth: -1, closes: 0 }));
  let depth = 0;
  let leadingOn = 0; // the line whose leading closers are being counted, 0 when none
  const openers: string[] = []; // per open '(': the word before it
  let prev: Token | undefined;
  let hang = false; // the previous token ended `if (...)`, `while (...)`, `repeat (...)` or `else`
  for (const t of a.tokens) {
    const o = out[t.range.line - 1];
    // A brace-less body on its own line is indented one step under its `if`/`while`/`repeat`/`else`.
    if (o && o.depth < 0 && hang && prev && prev.range.line < t.range.line && t.text !== '{') o.closes = -1;
    const isClose = t.kind === 'punct' && (t.text === '}' || t.text === ')');
    if (o && o.depth < 0) { o.depth = depth; leadingOn = t.range.line; }
    if (o && isClose && leadingOn === t.range.line) o.closes = Math.max(o.closes, 0) + 1;
    else leadingOn = 0;
    hang = (t.kind === 'word' && t.text === 'else') || (t.text === ')' && HEADS.has(openers[openers.length - 1] ?? ''));
    if (t.kind === 'punct' && t.text === '(') openers.push(prev?.text ?? '');
    if (t.kind === 'punct' && t.text === ')') openers.pop();
    if (t.kind === 'punct' && (t.text === '{' || t.text === '(')) depth++;
    else if (isClose) depth = Math.max(depth - 1, 0);
    prev = t;
  }
  // Lines with no token of their own (blank, comment) take the depth of the next line with one.
  let next = 0;
  for (let i = out.length - 1; i >= 0; i--) {
    const o = out[i];
    if (!o) continue;
    if (o.depth < 0) o.depth = next; else next = o.depth - o.closes;
  }
  return out;
}

/** Lines that start inside a block comment (kept exactly as written). */
function verbatimLines(a: Analysis): Set<number> {
  const out = new Set<number>();
  for (const c of a.comments) {
    const first = a.position(c.start).line;
    const last = a.position(c.end).line;
    for (let l = first + 1; l <= last; l++) out.add(l);
  }
  return out;
}

function layout(a: Analysis): string {
  const d = depths(a);
  const keep = verbatimLines(a);
  const out: string[] = [];
  a.lines.forEach((raw, i) => {
    const line = i + 1;
    if (keep.has(line)) { out.push(raw.replace(/\s+$/, '')); return; }
    const text = raw.trim();
    if (text === '' && (out.length === 0 || out[out.length - 1] === '')) return;
    const info = d[i] ?? { depth: 0, closes: 0 };
    out.push(text === '' ? '' : INDENT.repeat(Math.max(info.depth - info.closes, 0)) + text);
  });
  while (out.length && out[out.length - 1] === '') out.pop();
  const eol = a.text.includes('\r\n') ? '\r\n' : '\n';
  return out.length ? out.join(eol) + eol : '';
}

const tokenTexts = (a: Analysis): string => a.tokens.map((t) => t.text).join('\u0000');

/** The formatted text, or why the file is left alone. */
export function formatText(uri: string, text: string): FormatResult {
  const a = new Analysis(uri, text);
  const errors = a.diagnostics.filter((x) => x.severity === 'error');
  if (errors.length) return { ok: false, errors, reason: `not formatted: the file has ${errors.length} error${errors.length > 1 ? 's' : ''}` };
  const out = layout(a);
  if (tokenTexts(new Analysis(uri, out)) !== tokenTexts(a)) {
    return { ok: false, errors: [], reason: 'not formatted: formatting would change the tokens (a bug in tw fmt, please report it)' };
  }
  return { ok: true, text: out };
}

/** One edit replacing the changed middle of the document (unchanged head and tail left alone). */
export function formatEdits(a: Analysis): TextEdit[] | string {
  const r = formatText(a.uri, a.text);
  if (!r.ok) return r.reason;
  if (r.text === a.text) return [];
  let head = 0;
  while (head < a.text.length && head < r.text.length && a.text[head] === r.text[head]) head++;
  let tail = 0;
  while (tail < a.text.length - head && tail < r.text.length - head && a.text[a.text.length - 1 - tail] === r.text[r.text.length - 1 - tail]) tail++;
  const s = a.position(head);
  const e = a.position(a.text.length - tail);
  return [{
    range: { start: { line: s.line - 1, character: s.column - 1 }, end: { line: e.line - 1, character: e.column - 1 } },
    newText: r.text.slice(head, r.text.length - tail),
  }];
}
