/**
 * docs/guide.md walked end to end in a real VS Code (code-server + Chromium), as a newcomer does
 * it: open S1, F5, step the canceller and the owner by their call-stack rows until the owner spins
 * on pi_lock, finish the race cleanly (the Debug Console and the picture give the outcome and the
 * verdict), F5 again from the model listing tab, break it with the `race` schedule under
 * no-run-lock-pair (it stops AT the use-after-free, on run.next's line), stop, and run it again
 * from the picture. Also checks the listing (labels at line starts, read-only, short name) and that
 * a thread row's buttons have icons of their own. TW_E2E_UPDATE_IMAGES=1 retakes the guide's images.
 */
import { strict as assert } from 'assert';
import type { FrameLocator, Page } from 'playwright-core';
import { STEP_BUTTON, consoleLine, shot, threadRow, useWorkbench } from './workbench';

const S1 = 's01-cancel-vs-run.tw';

describe('e2e: docs/guide.md, walked in VS Code (Chromium)', function () {
  this.timeout(240_000);
  let page: Page;
  let picture: FrameLocator;
  let images: string[] = [];

  const row = (name: string) => threadRow(page, name);
  const pictureAt = (step: number): Promise<void> => picture.locator(`body[data-step="${step}"]`).waitFor({ timeout: 30_000 });
  async function step(thread: string, times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      const before = await picture.locator('body').getAttribute('data-step');
      await row(thread).hover();
      await row(thread).locator(STEP_BUTTON).click();
      await picture.locator(`body:not([data-step="${before}"])`).waitFor({ timeout: 30_000 });
    }
  }
  async function openDebugConsole(): Promise<void> {
    if (await page.locator('.repl').isVisible()) return;
    await page.keyboard.press('Control+Shift+Y');
    await page.locator('.repl').waitFor({ timeout: 30_000 });
  }

  const workbench = useWorkbench('failed-guide');
  before(() => {
    ({ page, picture } = workbench());
    images = workbench().images;
  });

  it('2-3. opens S1, F5 stops before the first step; every thread row says where it is', async () => {
    await page.getByRole('treeitem', { name: S1 }).dblclick();
    await page.locator('.codelens-decoration a', { hasText: 'Debug (mainline)' }).waitFor({ timeout: 60_000 });
    await page.locator('.monaco-editor .view-line', { hasText: 'thread owner' }).click();
    await page.keyboard.press('F5');
    await row('canceller').filter({ hasText: 'before cancel.peek' }).waitFor({ timeout: 60_000 });
    await row('owner').filter({ hasText: 'before run.load' }).waitFor();
    // The badge of the thread that did not stop says where it is too (not just "Paused").
    await row('owner').locator('.state.label', { hasText: /before run\.load/i }).waitFor({ timeout: 30_000 });
    await pictureAt(0);
  });

  it('3.1-3.3. steps the canceller into the list and the owner until it spins on pi_lock', async () => {
    // A row's own buttons do not look like VS Code's Step Into / Continue next to them.
    await row('canceller').hover();
    const icons = await row('canceller').locator('.action-label.codicon').evaluateAll((els) => els.map((e) => [...e.classList].find((c) => c.startsWith('codicon-') && c !== 'codicon')));
    assert.equal(new Set(icons).size, icons.length, `distinct icons on the row: ${icons.join(', ')}`);
    await step('canceller', 5); // peek, lock, load, match (B), step: now before matching A
    await row('canceller').filter({ hasText: 'before cancel.match' }).waitFor();
    await step('owner', 3);
    await picture.locator('text.lock-held', { hasText: 'pi_lock held by canceller' }).waitFor();
    await row('owner').hover();
    await row('owner').locator(STEP_BUTTON).click();
    await row('owner').filter({ hasText: 'spinning on T.pi_lock held by canceller' }).waitFor();
    await openDebugConsole();
    await consoleLine(page, /owner cannot step: spinning on T\.pi_lock held by canceller/);
    images.push(await shot(page, 'guide-owner-spins.png'));
  });

  it('shows the model listing read-only under a short name, each step label at the start of its line', async () => {
    const tab = page.locator('.tabs-container .tab', { hasText: 'mainline.c' });
    await tab.waitFor();
    await tab.click();
    // The owner's top frame (run.lock) is on screen: its line starts with its label.
    await page.locator('.monaco-editor .view-line', { hasText: /^\s*run\.lock\s+raw_spin_lock_irq\(/ }).first().waitFor({ timeout: 30_000 });
    const crumbs = await page.locator('.breadcrumbs-control').first().innerText();
    assert.doesNotMatch(crumbs, /extensions|tmp|tw-code-server/, `breadcrumb: ${crumbs}`);
    await page.locator('.monaco-editor .view-line', { hasText: 'raw_spin_lock_irq(&task->pi_lock)' }).first().click();
    await page.keyboard.type('x');
    await page.locator('.monaco-editor-overlaymessage', { hasText: /read-only/i }).waitFor({ timeout: 10_000 });
  });

  it('3.4. finishes the race cleanly: the outcome and "the final assert held" in the Debug Console and the picture', async () => {
    await step('canceller', 4);
    await row('owner').hover();
    await row('owner').locator('a[aria-label="Continue this thread only"]').click();
    await picture.locator('.verdict', { hasText: 'verdict: the final assert held; no violation' }).waitFor({ timeout: 30_000 });
    await consoleLine(page, 'outcome: T = NULL; A = freed(add 1, run 0, cancel 1); B = ran(add 1, run 1, cancel 0)');
    await consoleLine(page, 'verdict: the final assert held; no violation');
    await row('owner').filter({ hasText: 'done' }).waitFor();
    await row('canceller').locator('.state.label', { hasText: /done: returned/i }).waitFor({ timeout: 30_000 });
  });

  it('F5 again with the model listing as the active tab debugs S1 again', async () => {
    await page.keyboard.press('Shift+F5');
    await row('canceller').waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('.tabs-container .tab', { hasText: 'mainline.c' }).click(); // focuses that editor
    await page.locator('#status\\.editor\\.mode', { hasText: 'tw model listing' }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('F5');
    await row('canceller').filter({ hasText: 'before cancel.peek' }).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.quick-input-widget:visible').count(), 0, 'no "Select debugger" picker');
    await pictureAt(0);
  });

  it('4. breaks it: the race schedule under no-run-lock-pair stops AT the use-after-free, on run.next', async () => {
    await page.keyboard.press('Shift+F5');
    await row('canceller').waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('.tabs-container .tab', { hasText: S1 }).click();
    await page.locator('.codelens-decoration a', { hasText: 'under no-run-lock-pair' }).click();
    await page.locator('.exception-widget', { hasText: 'use-after-free' }).waitFor({ timeout: 60_000 });
    await pictureAt(15);
    await picture.locator('.violations li', { hasText: 'use-after-free at step 15 (owner, run.next)' }).waitFor();
    // The stop is drawn on the line of the step that violated.
    await page.locator('.monaco-editor .view-overlays .debug-top-stack-frame-line').first().waitFor();
    const line = await page.locator('.monaco-editor .view-line', { hasText: '// run.next' }).first().boundingBox();
    const marked = await page.locator('.monaco-editor .debug-top-stack-frame-line').first().boundingBox();
    assert.ok(line && marked && Math.abs(line.y - marked.y) < 4, `top frame marked at y=${marked?.y}, run.next's line at y=${line?.y}`);
    await openDebugConsole();
    await consoleLine(page, 'use-after-free at step 15 (owner, run.next)');
    images.push(await shot(page, 'guide-use-after-free.png'));
  });

  it('stopping leaves the picture saying the session ended, with Run again', async () => {
    await page.keyboard.press('Shift+F5');
    await row('owner').waitFor({ state: 'detached', timeout: 30_000 });
    const again = picture.locator('.ended button', { hasText: 'Run again' });
    await again.waitFor({ timeout: 30_000 });
    await again.click();
    await picture.locator('.violations li', { hasText: 'use-after-free at step 15' }).waitFor({ timeout: 60_000 });
    await row('owner').waitFor();
  });
});
