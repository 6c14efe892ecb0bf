// The version matrix: each scenario explored under each of a list of variants (by default every
// release's listing, listings/history), one verdict per cell, and where a scenario's verdict changes
// from one version to the next. `tw explore FILE... --variant 'v*'` prints it; docs/history.md holds
// the CLI's table, and a test checks the page against it.
import { Program, Variant, VIOLATION_KINDS } from '../core';
import { HISTORY_VARIANTS, historyVariant } from '../model';
import { exploreSync } from './explore';
import { ExploreResult } from './types';

export interface MatrixRow {
  scenario: string;
  /** The columns: the variants' names, oldest release first. */
  versions: readonly string[];
  /** One verdict per version, in `versions` order: the violation kinds found, 'ok', or 'incomplete'. */
  verdicts: string[];
}

/** The releases that run as variants: every one. */
export const MATRIX_VERSIONS: readonly string[] = HISTORY_VARIANTS;

function variantOf(name: string): Variant {
  const v = historyVariant(name)?.variant;
  if (!v) throw new Error(`history listing ${name} does not compile`); // the history tests keep them clean
  return v;
}

/** A cell of the matrix: the kinds of violation found (each once, in the core's order), 'ok', or 'incomplete' when nothing was found in part of the tree. */
export function matrixCell(r: ExploreResult): string {
  if (r.violations.length) return VIOLATION_KINDS.filter((k) => r.violations.some((v) => v.kind === k)).join(', ');
  return r.complete ? 'ok' : 'incomplete';
}

/** Explores `program` exhaustively under every release of MATRIX_VERSIONS (synchronously, in this thread). */
export function matrixRow(scenario: string, program: Program): MatrixRow {
  const verdicts = MATRIX_VERSIONS.map((name) => matrixCell(exploreSync(program, { variant: variantOf(name) })));
  return { scenario, versions: MATRIX_VERSIONS, verdicts };
}

/** The versions at which the row's verdict differs from the version before. */
export function changesAt(row: MatrixRow): string[] {
  return row.verdicts.flatMap((v, i) => (i > 0 && v !== row.verdicts[i - 1] ? [row.versions[i] as string] : []));
}

/** The matrix as a markdown table: a row per scenario, a column per version, then where it changes. */
export function matrixMarkdown(rows: readonly MatrixRow[]): string {
  const versions = rows[0]?.versions ?? MATRIX_VERSIONS;
  const head = `| scenario | ${versions.join(' | ')} | changes at |`;
  const rule = `|---|${versions.map(() => '---').join('|')}|---|`;
  const body = rows.map((r) => `| ${r.scenario} | ${r.verdicts.join(' | ')} | ${changesAt(r).join(', ') || '—'} |`);
  return [head, rule, ...body].join('\n');
}
