// Runs the extension-host suite (test/exthost/suite) inside a real VS Code (code-server 4.100.3)
// with this folder as the extension under development, on a scratch copy of the examples.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { runExtensionHostTests } from './codeServer';
import { ROOT, bundleExtHostTests, packagedVsix, scratchWorkspace } from '../exthost/prepare';

describe('extension host tests in code-server', function () {
  this.timeout(300_000);

  it('pass', async () => {
    packagedVsix(); // builds dist/ (the extension under development is this folder) once per run
    const tests = await bundleExtHostTests();
    const workspace = scratchWorkspace();
    const started = Date.now();
    try {
      const code = await runExtensionHostTests({ workspace, extensionDevelopmentPath: ROOT, extensionTestsPath: tests, timeoutMs: 240_000 });
      assert.equal(code, 0, 'extension-host tests failed (their output is above)');
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
      console.log(`    extension host run: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  });
});
