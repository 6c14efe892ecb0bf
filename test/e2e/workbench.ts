// What the browser suites share: the workbench set up and torn down around a suite, and helpers
// over its DOM (call-stack rows, the queue picture's frame, tree rows, the Debug Console, screenshots).
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { PROJECT_ROOT, launchBrowser, startCodeServer, waitForWorkbench, type BrowserSession, type CodeServer } from './codeServer';
import { packagedVsix, scratchWorkspace } from '../exthost/prepare';

export const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');
export const STEP_BUTTON = 'a[aria-label="Step this thread one atomic step"]';
export const CONTINUE_BUTTON = 'a[aria-label="Continue this thread only"]';

export const threadRow = (page: Page, name: string): Locator =>
  page.locator(`.debug-call-stack .monaco-list-row[aria-label^="Thread ${name}"]`);

/** The queue picture's document (the webview's inner frame). */
export const pictureOf = (page: Page): FrameLocator => page.frameLocator('iframe.webview').frameLocator('#active-frame');

/** Expands a tree row; a click that lands while the view re-renders is repeated (at most 3 times). */
export async function expand(row: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await row.click();
    const open = await row.and(row.page().locator('[aria-expanded="true"]')).waitFor({ timeout: 5_000 }).then(() => true, () => false);
    if (open) return;
    if (attempt === 3) throw new Error(`tree row did not expand: ${await row.getAttribute('aria-label')}`);
  }
}

export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file });
  return file;
}

/** Copies screenshots into docs/images when TW_E2E_UPDATE_IMAGES=1 (how the README's images are retaken). */
export function publishImages(files: readonly string[]): void {
  if (process.env.TW_E2E_UPDATE_IMAGES !== '1' || !files.length) return;
  const dir = path.join(PROJECT_ROOT, 'docs', 'images');
  fs.mkdirSync(dir, { recursive: true });
  for (const f of files) fs.copyFileSync(f, path.join(dir, path.basename(f)));
}

/** Waits until the Debug Console shows a line matching `text`. */
export async function consoleLine(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('.repl .monaco-list-row', { hasText: text }).first().waitFor({ timeout: 30_000 });
}

export interface Workbench {
  server: CodeServer;
  browser: BrowserSession;
  page: Page;
  picture: FrameLocator;
  /** Screenshots publishImages() copies into docs/images at the end of the suite. */
  images: string[];
}

/**
 * Mocha hooks for a browser suite: the packaged extension in code-server on a scratch copy of the
 * examples, Chromium on the workbench; a failed test leaves a screenshot and the logs in
 * test-artifacts/ named after `prefix` and the test. Call inside describe(); the result is ready
 * in the suite's own before() hooks and tests.
 */
export function useWorkbench(prefix: string): () => Workbench {
  let wb: Workbench | undefined;
  let workspace = '';
  const consoleLog: string[] = [];
  before(async function () {
    this.timeout(15 * 60_000); // packs the .vsix, and installs code-server on a fresh machine
    workspace = scratchWorkspace();
    const server = await startCodeServer({ workspace, vsix: packagedVsix(), settings: { 'workbench.colorTheme': 'Default Dark Modern' }, timeoutMs: 10 * 60_000 });
    const browser = await launchBrowser({ viewport: { width: 1600, height: 1000 } });
    wb = { server, browser, page: browser.page, picture: pictureOf(browser.page), images: [] };
    browser.page.on('console', (m) => consoleLog.push(`[${m.type()}] ${m.text()}`));
    await browser.page.goto(server.url, { timeout: 60_000 });
    await waitForWorkbench(browser.page, 120_000);
  });
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !wb) return;
    const name = `${prefix}-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 60)}`;
    await shot(wb.page, `${name}.png`);
    fs.writeFileSync(path.join(ARTIFACTS, `${name}.log`), `${consoleLog.join('\n')}\n--- code-server\n${wb.server.output()}`);
  });
  after(async function () {
    this.timeout(60_000);
    await wb?.browser.close();
    await wb?.server.stop();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
    publishImages(wb?.images ?? []);
  });
  return () => {
    if (!wb) throw new Error('the workbench is not up (its before() hook failed)');
    return wb;
  };
}
