// Diagnostics of the .tw language: a code, a severity, a message and a 1-based source range.
// One text form (formatDiagnostic) is shared by the CLI and the editor's Problems panel.
import type { SourceRange } from '../core/program';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** 'TW001' .. 'TW217', see docs/language.md. */
  code: string;
  severity: Severity;
  message: string;
  /** 1-based line and column; endColumn is exclusive. */
  range: SourceRange;
}

/** `examples/x.tw:12:5: error TW103: expected ..., found 'thred' (did you mean 'thread'?)` */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.range.line}:${d.range.column}: ${d.severity} ${d.code}: ${d.message}`;
}

/** Collects diagnostics; drops exact repeats (same code at the same place) so recovery cannot flood. */
export class DiagnosticSink {
  readonly list: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  error(code: string, range: SourceRange, message: string): void {
    this.add({ code, severity: 'error', message, range });
  }

  warning(code: string, range: SourceRange, message: string): void {
    this.add({ code, severity: 'warning', message, range });
  }

  hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }

  private add(d: Diagnostic): void {
    const key = `${d.code}@${d.range.line}:${d.range.column}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    // Messages quote user text (some through the core's own wording): never a raw control character.
    this.list.push({ ...d, message: escapeText(d.message) });
  }
}

const MAX_QUOTED = 40;

/**
 * True for a character a message must never carry raw: C0/C1 controls, DEL, line and paragraph
 * separators, bidi embeddings/overrides/isolates and marks (they reorder what a terminal or an
 * editor shows), the BOM, a replacement character and a lone surrogate.
 */
function unsafe(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && c < 0xa0) || c === 0x61c || c === 0x200e || c === 0x200f
    || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff || c === 0xfffd
    || (c >= 0xd800 && c <= 0xdfff);
}

/** User text made safe to print: every unsafe character shown as U+XXXX. */
export function escapeText(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    out += unsafe(c) ? `U+${c.toString(16).toUpperCase().padStart(4, '0')}` : ch;
  }
  return out;
}

/** Quotes a token for a message: 'x', with unsafe characters shown as U+XXXX and long text cut. */
export function quote(text: string): string {
  let out = escapeText(text);
  if (out.length > MAX_QUOTED) out = `${out.slice(0, MAX_QUOTED)}...`;
  return `'${out}'`;
}

/** "'a', 'b' or 'c'" */
export function listOf(words: readonly string[], conj = 'or'): string {
  const q = words.map((w) => `'${w}'`);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} ${conj} ${q[q.length - 1]}`;
}

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps.
 * With `max`, gives up as soon as the distance must exceed it (returns max + 1): only the band
 * |i - j| <= max is computed, and a row whose cells all exceed max ends the search.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const big = 0x3fffffff;
  const band = max === Infinity ? b.length : max;
  // Three rolling rows (i - 2, i - 1, i); cells outside the band stay `big`.
  let prev2 = new Int32Array(b.length + 1).fill(big);
  let prev = new Int32Array(b.length + 1).fill(big);
  let row = new Int32Array(b.length + 1).fill(big);
  for (let j = 0; j <= Math.min(b.length, band); j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row.fill(big);
    if (i <= band) row[0] = i;
    const lo = Math.max(1, i - band);
    const hi = Math.min(b.length, i + band);
    let rowMin = row[0] ?? big;
    for (let j = lo; j <= hi; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min((prev[j] ?? big) + 1, (row[j - 1] ?? big) + 1, (prev[j - 1] ?? big) + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        d = Math.min(d, (prev2[j - 2] ?? big) + 1);
      }
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, row] = [prev, row, prev2];
  }
  const d = prev[b.length] ?? big;
  return d > max ? max + 1 : d;
}

/** Longer words are not misspellings worth a search; more edits than this are not a misspelling. */
const MAX_SUGGEST_WORD = 64;
const MAX_EDITS = 4;
/** Distances computed per suggestion at most, so a file with thousands of names stays fast. */
const MAX_COMPARED = 200;

/** Character counts (ASCII by code, the rest in one bucket), for a cheap lower bound on the distance. */
function histogram(w: string): Int32Array {
  const h = new Int32Array(129);
  for (let i = 0; i < w.length; i++) { const k = Math.min(w.charCodeAt(i), 128); h[k] = (h[k] ?? 0) + 1; }
  return h;
}

/** An edit changes at most one count up and one down: the distance is at least the larger excess. */
function histogramBound(h: Int32Array, scratch: Int32Array, c: string): number {
  scratch.set(h);
  for (let i = 0; i < c.length; i++) { const k = Math.min(c.charCodeAt(i), 128); scratch[k] = (scratch[k] ?? 0) - 1; }
  let more = 0;
  let fewer = 0;
  for (const x of scratch) { if (x > 0) more += x; else fewer -= x; }
  return Math.max(more, fewer);
}

/**
 * The candidate closest to `word`, if it is close enough to be a plausible misspelling:
 * a case-only difference always is; otherwise at most one edit per three characters (and at most
 * MAX_EDITS). Cheap tests first: candidates whose length or letters alone rule them out are
 * skipped, each distance stops at the best so far, and at most MAX_COMPARED distances are computed.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_SUGGEST_WORD) return undefined;
  let best: string | undefined;
  let bestScore = Infinity;
  const limit = Math.min(MAX_EDITS, Math.max(1, Math.floor(word.length / 3)), word.length - 1);
  const lower = word.toLowerCase();
  const h = histogram(word);
  const scratch = new Int32Array(h.length);
  let compared = 0;
  for (const c of candidates) {
    if (c === word) continue;
    if (c.length === word.length && c.toLowerCase() === lower) {
      if (bestScore > 0.5) { best = c; bestScore = 0.5; }
      continue;
    }
    const within = Math.min(limit, bestScore - 1);
    if (Math.abs(c.length - word.length) > within || compared >= MAX_COMPARED || c.length > MAX_SUGGEST_WORD) continue;
    if (histogramBound(h, scratch, c) > within) continue;
    compared++;
    const score = editDistance(word, c, within);
    if (score <= within) { best = c; bestScore = score; }
  }
  return best;
}

/** " (did you mean 'x'?)" or "". */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const s = suggest(word, candidates);
  return s === undefined ? '' : ` (did you mean '${s}'?)`;
}
