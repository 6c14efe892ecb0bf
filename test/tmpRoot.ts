// Loaded before every spec (.mocharc.json `require`): the run's temporary files go in one folder of
// its own, removed when the run ends, so tests (and the tw processes, editors and workers they start,
// which inherit TMPDIR) leave nothing behind in the system's temporary folder. Set at load time, not
// in a hook, because some spec files make their scratch folder as they are loaded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const outer = tmpdir();
const root = mkdtempSync(join(outer, 'tw-test-run-'));
process.env.TMPDIR = root;

export const mochaHooks = {
  afterAll(): void {
    process.env.TMPDIR = outer;
    rmSync(root, { recursive: true, force: true });
  },
};
