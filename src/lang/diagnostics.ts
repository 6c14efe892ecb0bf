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

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) { row.push(j); continue; }
      const up = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Math.max(a.length, b.length);
}

/**
 * The candidate closest to `word`, if it is close enough to be a plausible misspelling:
 * a case-only difference always is; otherwise at most one edit per three characters.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > 64) return undefined; // long garbage never is a misspelling; keep it cheap
  let best: string | undefined;
  let bestScore = Infinity;
  const limit = Math.max(1, Math.floor(word.length / 3));
  for (const c of candidates) {
    if (c === word) continue;
    const score = c.toLowerCase() === word.toLowerCase() ? 0.5 : editDistance(word, c);
    if (score <= limit && score < word.length && score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

/** " (did you mean 'x'?)" or "". */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const s = suggest(word, candidates);
  return s === undefined ? '' : ` (did you mean '${s}'?)`;
}
