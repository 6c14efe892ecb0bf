// Regenerates the version matrix in docs/history.md (between its matrix markers) from the examples
// explored under every history listing: `npx tsx scripts/historyMatrix.ts`. test/model/historyMatrix.test.ts
// fails when the page and the explorer disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { matrixRows, replaceMatrix } from '../test/model/historyMatrix';

const page = 'docs/history.md';
writeFileSync(page, replaceMatrix(readFileSync(page, 'utf8'), matrixRows()));
