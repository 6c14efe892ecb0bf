// `tw explore --coverage` / `--lcov FILE`: each file's coverage table and lcov records, keyed to the
// installed model listings and the scenario file (docs/coverage.md); exploreReport prints and writes them.
import { join, resolve } from 'node:path';
import { Machine, Program, Variant } from '../core';
import { ExploreResult } from '../explore';
import { listingFor, findListingsDir } from '../debug';
import { coverageTable, coverageLcov, statementLines } from '../report';

export function coverageOf(file: string, program: Program, results: readonly [string, ExploreResult][],
  variants: ReadonlyMap<string, string | Variant> = new Map()): { table: string[]; lcov: string } {
  const table: string[] = [];
  let lcov = '';
  const dir = findListingsDir() ?? 'listings';
  for (const [variant, r] of results) {
    const v = variants.get(variant) ?? variant;
    const listing = listingFor(v);
    if (!listing || !r.coverage) continue;
    const statements = statementLines(new Machine(program, v));
    const own = typeof v === 'string' ? undefined : v.file; // a user's listing is covered where it lives
    const c = { variant, data: r.coverage, listing, listingPath: own ?? join(dir, listing.fileName) };
    table.push(...coverageTable(c, statements));
    lcov += coverageLcov(c, resolve(file), statements);
  }
  return { table, lcov };
}
