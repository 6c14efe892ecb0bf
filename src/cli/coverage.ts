// `tw explore --coverage` / `--lcov FILE`: the coverage table under the summary, and lcov records
// keyed to the installed model listings and the scenario file (docs/coverage.md).
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Machine, Program } from '../core';
import { ExploreResult } from '../explore';
import { listingFor, findListingsDir } from '../debug';
import { coverageTable, coverageLcov, statementLines } from '../report';
import { UsageError } from './args';
import { FileReport } from './exploreReport';
import { fsErrorText } from './load';

export function coverageOf(file: string, program: Program, results: readonly [string, ExploreResult][]): { table: string[]; lcov: string } {
  const table: string[] = [];
  let lcov = '';
  const dir = findListingsDir() ?? 'listings';
  for (const [variant, r] of results) {
    const listing = listingFor(variant);
    if (!listing || !r.coverage) continue;
    const statements = statementLines(new Machine(program, variant));
    const c = { variant, data: r.coverage, listing, listingPath: join(dir, listing.fileName) };
    table.push(...coverageTable(c, statements));
    lcov += coverageLcov(c, resolve(file), statements);
  }
  return { table, lcov };
}

export function writeLcov(path: string, reports: readonly FileReport[]): void {
  try {
    writeFileSync(path, reports.map((r) => r.coverage?.lcov ?? '').join(''));
  } catch (e) {
    throw new UsageError(`--lcov: cannot write ${path}: ${fsErrorText(e)}`);
  }
}
