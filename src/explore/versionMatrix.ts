// The version matrix: each scenario explored under each release's listing (listings/history), one
// verdict per cell, and where a scenario's verdict changes from one release to the next. The rows
// of docs/history.md's matrix are this module's markdown; a test checks the page against it.
import { Program, Variant } from '../core';
import { HISTORY_VARIANTS, historyVariant } from '../model';
import { exploreSync } from './explore';

export interface MatrixRow {
  scenario: string;
  /** One verdict per release, in MATRIX_VERSIONS order: the violation kinds found, 'ok', or 'incomplete'. */
  verdicts: string[];
}

/** The releases that run as variants: every one. */
export const MATRIX_VERSIONS: readonly string[] = HISTORY_VARIANTS;

function variantOf(name: string): Variant {
  const v = historyVariant(name)?.variant;
  if (!v) throw new Error(`history listing ${name} does not compile`); // the history tests keep them clean
  return v;
}

/** Explores `program` exhaustively under every release of MATRIX_VERSIONS. */
export function matrixRow(scenario: string, program: Program): MatrixRow {
  const verdicts = MATRIX_VERSIONS.map((name) => {
    const r = exploreSync(program, { variant: variantOf(name) });
    if (r.violations.length) return r.violations.map((v) => v.kind).join(', ');
    return r.complete ? 'ok' : 'incomplete';
  });
  return { scenario, verdicts };
}

/** The releases at which the row's verdict differs from the release before. */
export function changesAt(row: MatrixRow): string[] {
  return row.verdicts.flatMap((v, i) => (i > 0 && v !== row.verdicts[i - 1] ? [MATRIX_VERSIONS[i] as string] : []));
}

/** The matrix as a markdown table: a row per scenario, a column per release, then where it changes. */
export function matrixMarkdown(rows: readonly MatrixRow[]): string {
  const head = `| scenario | ${MATRIX_VERSIONS.join(' | ')} | changes at |`;
  const rule = `|---|${MATRIX_VERSIONS.map(() => '---').join('|')}|---|`;
  const body = rows.map((r) => `| ${r.scenario} | ${r.verdicts.join(' | ')} | ${changesAt(r).join(', ') || '—'} |`);
  return [head, rule, ...body].join('\n');
}
