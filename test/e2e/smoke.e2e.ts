/**
 * Self-test of the real-VS-Code harness (test/e2e/codeServer.ts): code-server starts on an empty
 * workspace, Chromium shows the workbench, a screenshot lands in test-artifacts/.
 *
 *   npx mocha --require tsx/cjs --timeout 120000 test/e2e/smoke.e2e.ts
 *
 * The first run on a machine installs code-server (scripts/setupCodeServer.sh, about a minute).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  PROJECT_ROOT, ensureCodeServer, launchBrowser, startCodeServer, waitForWorkbench,
  type BrowserSession, type CodeServer,
} from './codeServer';

describe('e2e smoke: code-server + Chromium', function () {
  this.timeout(180_000);

  let workspace = '';
  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;

  before(async function () {
    this.timeout(15 * 60_000); // a fresh machine installs code-server here
    await ensureCodeServer();
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-smoke-ws-'));
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    await server?.stop();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('starts code-server, which answers GET /healthz', async () => {
    server = await startCodeServer({ workspace, timeoutMs: 120_000 });
    const res = await fetch(`${server.origin}/healthz`);
    assert.strictEqual(res.status, 200);
    assert.ok(fs.existsSync(path.join(server.userDataDir, 'User', 'settings.json')));
  });

  it('shows the workbench with the workspace folder in Chromium', async () => {
    assert.ok(server, 'server started');
    browser = await launchBrowser();
    const { page } = browser;
    await page.goto(server.url, { timeout: 60_000 });
    await waitForWorkbench(page, 120_000);
    // The explorer's folder header (upper-cased by CSS) shows the workspace's name.
    const folder = path.basename(workspace);
    await page.locator('.explorer-folders-view, .pane-header', { hasText: new RegExp(folder, 'i') })
      .first().waitFor({ state: 'visible', timeout: 60_000 });

    const dir = path.join(PROJECT_ROOT, 'test-artifacts');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'e2e-smoke-workbench.png');
    await page.screenshot({ path: file });
    assert.ok(fs.statSync(file).size > 10_000, 'screenshot written');
  });
});
