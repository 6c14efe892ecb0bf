// `tw explore --coverage` / `--lcov FILE`: each file's coverage table and lcov records, keyed to the
// installed model listings and the scenario file (docs/coverage.md); exploreReport prints and writes them.
import { join, resolve } from 'node:path';
import { Machine, Program } from '../core';
import { ExploreResult } from '../explore';
import { listingFor, findListingsDir } from '../debug';
import { coverageTable, coverageLcov, statementLines } from '../report';

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
