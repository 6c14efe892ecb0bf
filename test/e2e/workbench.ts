// Small helpers over the VS Code workbench DOM shared by the browser suites: call-stack rows,
// the queue picture's frame, tree rows that expand, the Debug Console text, screenshots.
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { PROJECT_ROOT } from './codeServer';

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
