// The C a step label stands for, read from a model listing's labelled line (the text before the
// `// label` comment), so the drawings always quote the listing the user steps through.
import type { StepLabel } from '../core';

/** What a drawing needs of a listing: its text and the line of each label (1-based). */
export interface ListingLines {
  text: string;
  lineOfLabel: ReadonlyMap<StepLabel, number>;
}

/** `raw_spin_lock_irq(&task->pi_lock);` for run.lock; undefined for a label the listing lacks. */
export function codeOfLabel(listing: ListingLines, label: StepLabel): string | undefined {
  const line = listing.lineOfLabel.get(label);
  if (line === undefined) return undefined;
  const text = listing.text.split('\n')[line - 1] ?? '';
  const cut = text.lastIndexOf(`// ${label}`);
  return (cut >= 0 ? text.slice(0, cut) : text).trim();
}

/** One line of C as a drawing shows it, `level` blocks deep. */
export interface CLine { text: string; level: number }

/**
 * Lays C out one statement a line (`a = 1; b = 2;` -> two lines, `if (x) { y; }` -> three), so a
 * narrow column breaks where a reader would; a block the step only opens (`if (!match(...)) {`)
 * loses its brace.
 */
export function statements(code: string): CLine[] {
  const out: CLine[] = [];
  let parens = 0;
  let level = 0;
  let start = 0;
  const push = (end: number, at: number): void => {
    const text = code.slice(start, end).trim();
    if (text) out.push({ text, level: at });
    start = end;
  };
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '(') parens++;
    else if (c === ')') parens--;
    if (parens !== 0) continue;
    if (c === ';') push(i + 1, level);
    else if (c === '{') { push(i + 1, level); level++; }
    else if (c === '}') { push(i, level); level = Math.max(0, level - 1); push(i + 1, level); }
  }
  push(code.length, level);
  return out.map((l) => (level > 0 && /\)\s*\{$/.test(l.text) ? { ...l, text: l.text.replace(/\s*\{$/, '') } : l));
}
