// Regenerates the version matrix in docs/history.md (between its matrix markers) from the CLI:
// `tw explore` of the examples with `--variant 'v*'`: `npx tsx scripts/historyMatrix.ts`.
// test/model/historyMatrix.test.ts fails when the page and the CLI's table disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { cliMatrix, replaceMatrix } from '../test/model/historyMatrix';

const page = 'docs/history.md';
void cliMatrix().then((table) => writeFileSync(page, replaceMatrix(readFileSync(page, 'utf8'), table)));
