// What `tw explore --coverage` prints and writes: per variant, each step label of the listing with
// how often the search took it (never reached stands out), each .tw statement, and every pair of
// racing steps with the orders explored; and the same as lcov (DA per line, BRDA per racing order)
// for any coverage viewer, keyed to the model listing and the .tw file.
import { Machine, StepLabel, isLocalExpr } from '../core';
import type { CoverageData } from '../explore';
import { ListingLines } from './labelCode';

/** One variant's coverage with what it is read against. */
export interface VariantCoverage {
  variant: string;
  data: CoverageData;
  listing: ListingLines;
  /** Path to write into lcov's SF: for the listing. */
  listingPath: string;
}

/** Lines of the .tw file holding a statement that is a step (or an API call's steps), with their text. */
export function statementLines(m: Machine): Map<number, string> {
  const p = m.program;
  const out = new Map<number, string>();
  p.blocks.forEach((b, i) => {
    if (i === p.setup || i === p.final) return; // run before / after the search, not by it
    for (const instr of b.instrs) {
      const silent = instr.op === 'jump' || ((instr.op === 'set' || instr.op === 'jumpIfNot') && isLocalExpr(m.ctx, instr.e));
      if (!silent) out.set(instr.origin.range.line, instr.origin.text.trim());
    }
  });
  return out;
}

/** Labels in listing order, then labels the listing lacks (the .tw file's own steps). */
function labelRows(c: VariantCoverage): { label: string; line?: number; n: number }[] {
  const counts = new Map(c.data.labels);
  const rows: { label: string; line?: number; n: number }[] = [...c.listing.lineOfLabel].sort((a, b) => a[1] - b[1]).map(([label, line]) => ({ label, line, n: counts.get(label) ?? 0 }));
  for (const [label, n] of c.data.labels) if (!c.listing.lineOfLabel.has(label as StepLabel)) rows.push({ label, n });
  return rows;
}

/** Each unordered racing pair once, with the orders explored. */
export function racingPairs(d: CoverageData): { a: string; b: string; orders: 'both' | 'a first only' | 'b first only' }[] {
  const seen = new Set(d.orders.map(([x, y]) => `${x}\n${y}`));
  const pairs = new Map<string, { a: string; b: string }>();
  for (const [x, y] of d.orders) {
    const [a, b] = x <= y ? [x, y] : [y, x];
    pairs.set(`${a}\n${b}`, { a, b });
  }
  return [...pairs.values()].sort((p, q) => (`${p.a} ${p.b}` < `${q.a} ${q.b}` ? -1 : 1)).map(({ a, b }) => {
    const ab = seen.has(`${a}\n${b}`);
    const ba = seen.has(`${b}\n${a}`);
    return { a, b, orders: ab && ba ? 'both' : ab ? 'a first only' : 'b first only' };
  });
}

export function coverageTable(c: VariantCoverage, statements: ReadonlyMap<number, string>): string[] {
  const rows = labelRows(c);
  const out = [`  coverage under ${c.variant}: ${rows.filter((r) => r.n > 0).length} of ${rows.length} step labels reached`];
  out.push(`    ${'step label'.padEnd(16)}${'steps'.padStart(8)}  listing line`);
  for (const r of rows) out.push(`    ${r.label.padEnd(16)}${String(r.n).padStart(8)}  ${r.line ?? '-'}${r.n === 0 ? '  never reached' : ''}`);
  const lines = new Map(c.data.lines);
  out.push(`    ${'.tw line'.padEnd(16)}${'steps'.padStart(8)}  statement`);
  for (const [line, text] of [...statements].sort((a, b) => a[0] - b[0])) {
    const n = lines.get(line) ?? 0;
    out.push(`    ${String(line).padEnd(16)}${String(n).padStart(8)}  ${text}${n === 0 ? '  (never reached)' : ''}`);
  }
  const pairs = racingPairs(c.data);
  out.push(`    racing steps${pairs.length ? '' : ': none (no two threads ever had dependent steps enabled together)'}`);
  for (const p of pairs) {
    const how = p.orders === 'both' ? 'both orders' : `only ${p.orders === 'a first only' ? p.a : p.b} first`;
    out.push(`    ${`${p.a} / ${p.b}`.padEnd(32)}  ${how}`);
  }
  return out;
}

/**
 * lcov records: the listing (a line per step label, DA = steps taken; BRDA per racing pair on the
 * first label's line, branch 0 = it went first, 1 = the other did) and the .tw file's statements.
 */
export function coverageLcov(c: VariantCoverage, twPath: string, statements: ReadonlyMap<number, string>): string {
  const out = [`TN:${c.variant}`, `SF:${c.listingPath}`];
  const rows = labelRows(c).filter((r) => r.line !== undefined);
  for (const r of rows) out.push(`DA:${r.line},${r.n}`);
  let branches = 0;
  let taken = 0;
  racingPairs(c.data).forEach((p, i) => {
    const line = c.listing.lineOfLabel.get(p.a as StepLabel) ?? c.listing.lineOfLabel.get(p.b as StepLabel);
    if (line === undefined) return;
    const first = p.orders !== 'b first only';
    const second = p.orders !== 'a first only';
    out.push(`BRDA:${line},${i},0,${first ? 1 : '-'}`, `BRDA:${line},${i},1,${second ? 1 : '-'}`);
    branches += 2;
    taken += (first ? 1 : 0) + (second ? 1 : 0);
  });
  out.push(`BRF:${branches}`, `BRH:${taken}`, `LF:${rows.length}`, `LH:${rows.filter((r) => r.n > 0).length}`, 'end_of_record');
  out.push(`TN:${c.variant}`, `SF:${twPath}`);
  const lines = new Map(c.data.lines);
  const sorted = [...statements.keys()].sort((a, b) => a - b);
  for (const line of sorted) out.push(`DA:${line},${lines.get(line) ?? 0}`);
  out.push(`LF:${sorted.length}`, `LH:${sorted.filter((l) => (lines.get(l) ?? 0) > 0).length}`, 'end_of_record');
  return `${out.join('\n')}\n`;
}

/** One listing line's coverage mark, as the editor's gutter shows it. */
export interface CoverageMark {
  /** 1-based line of the listing. */
  line: number;
  label: string;
  /** reached (some path took it), never (no path did), raced (it races with a step and both orders ran). */
  kind: 'reached' | 'never' | 'raced';
  /** Hover text: how often, and the steps it raced with in both orders. */
  text: string;
}

/** The marks of every labelled listing line: what the gutter overlay draws after `tw explore --coverage`. */
export function coverageMarks(listing: ListingLines, data: CoverageData): CoverageMark[] {
  const counts = new Map(data.labels);
  const both = new Map<string, string[]>();
  for (const p of racingPairs(data)) {
    if (p.orders !== 'both') continue;
    both.set(p.a, [...(both.get(p.a) ?? []), p.b]);
    if (p.b !== p.a) both.set(p.b, [...(both.get(p.b) ?? []), p.a]);
  }
  return [...listing.lineOfLabel].sort((a, b) => a[1] - b[1]).map(([label, line]) => {
    const n = counts.get(label) ?? 0;
    const raced = both.get(label);
    if (n === 0) return { line, label, kind: 'never' as const, text: `${label}: never reached by the exploration` };
    const times = `${label}: taken ${n} time(s) over the explored paths`;
    return raced ? { line, label, kind: 'raced' as const, text: `${times}; raced both ways with ${raced.join(', ')}` } : { line, label, kind: 'reached' as const, text: times };
  });
}
