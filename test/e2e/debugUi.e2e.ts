/**
 * The packaged extension (.vsix) in a real VS Code (code-server 4.100.3) driven through Chromium:
 * the language mode and token colours of an example, F5, one thread stepped with the call-stack
 * inline button, a breakpoint in the model listing on add.cas, the Variables view (task_works
 * chain, pi_lock holder), the queue picture following every stop, and a violation on a broken
 * variant started from a CodeLens. Every wait is on a real UI condition; screenshots go to
 * test-artifacts/ (TW_E2E_UPDATE_IMAGES=1 also copies the two README images into docs/images/).
 */
import { strict as assert } from 'assert';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { waitForWorkbench } from './codeServer';
import { STEP_BUTTON, expand, shot, threadRow as rowOf, useWorkbench } from './workbench';
import { listingFor } from '../../src/debug';

const EXAMPLE = 's07-cancel-vs-add-head.tw';

/** Text and computed colour of every token span on screen in the active editor. */
async function tokens(page: Page): Promise<[string, string][]> {
  // The callback runs in the page (a browser), where getComputedStyle is a global.
  return page.locator('.monaco-editor .view-line span span').evaluateAll(
    (els) => els.map((e) => [(e.textContent ?? '').replace(/\u00a0/g, ' '), (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(e).color] as [string, string]));
}

/** Waits until the grammar has split a line into tokens: `text` is one span of its own. */
async function tokenized(page: Page, text: string): Promise<void> {
  await page.locator('.monaco-editor .view-line span span').filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    .first().waitFor({ timeout: 30_000 });
}

function colourOf(list: [string, string][], text: string, nth = 0): string {
  const hits = list.filter(([t]) => t === text);
  assert.ok(hits[nth], `token '${text}' not on screen`);
  return hits[nth][1];
}

describe('e2e: the packaged extension in VS Code (Chromium)', function () {
  this.timeout(240_000);
  let page: Page;
  let picture: FrameLocator;
  let images: string[] = [];

  const threadRow = (name: string): Locator => rowOf(page, name);
  const pictureAt = (step: number): Promise<void> => picture.locator(`body[data-step="${step}"]`).waitFor({ timeout: 30_000 });
  const currentStep = async (): Promise<number> => Number(await picture.locator('body').getAttribute('data-step'));

  const workbench = useWorkbench('failed');
  before(() => {
    ({ page, picture } = workbench());
    images = workbench().images;
  });

  it('opens an example in the tw language with grammar colours', async () => {
    await page.getByRole('treeitem', { name: EXAMPLE }).dblclick(); // pinned, not a preview the listing would replace
    await page.locator('#status\\.editor\\.mode', { hasText: 'tw scenario' }).waitFor({ timeout: 30_000 });
    await tokenized(page, 'task_work_cancel_func');
    const t = await tokens(page);
    // Default Dark Modern: functions #DCDCAA, storage/constants #569CD6, types #4EC9B0, comments #6A9955, numbers #B5CEA8.
    assert.equal(colourOf(t, 'task_work_cancel_func'), 'rgb(220, 220, 170)', 'support.function.api');
    assert.equal(colourOf(t, 'TWA_RESUME'), 'rgb(86, 156, 214)', 'constant.language.mode');
    assert.equal(colourOf(t, 'thread'), 'rgb(86, 156, 214)', 'storage.type.thread');
    assert.equal(colourOf(t, 'T'), 'rgb(78, 201, 176)', 'entity.name.type.task');
    assert.equal(colourOf(t, 'adder'), 'rgb(220, 220, 170)', 'entity.name.function.thread');
    assert.equal(colourOf(t, '// S7 — cancel vs add at the head.'), 'rgb(106, 153, 85)', 'comment');
    assert.equal(colourOf(t, '4'), 'rgb(181, 206, 168)', 'repeat count inside the schedule string');
    assert.equal(colourOf(t, 'canceller', 1), 'rgb(220, 220, 170)', 'thread name inside the schedule string');
  });

  it('starts debugging with F5 (no launch.json) and draws the queue', async () => {
    // The CodeLenses come from the activated extension: the debugger is registered by then.
    await page.locator('.codelens-decoration a', { hasText: 'Debug (mainline)' }).waitFor({ timeout: 60_000 });
    await page.locator('.monaco-editor .view-line', { hasText: 'thread adder' }).click();
    await page.keyboard.press('F5');
    await threadRow('canceller').waitFor({ timeout: 60_000 });
    await threadRow('adder').waitFor();
    await pictureAt(0);
    await picture.locator('svg.queue g.node[data-work="A"]').waitFor();
    assert.equal(await picture.locator('.status').innerText(), 'step 0 · variant mainline · last: start');
  });

  it('steps the canceller one atomic step at a time with its inline call-stack button', async () => {
    for (let step = 1; step <= 4; step++) {
      await threadRow('canceller').hover();
      await threadRow('canceller').locator(STEP_BUTTON).click();
      await pictureAt(step);
    }
    // canceller*4 = peek, lock, load, match: it holds pi_lock and is about to CAS A off the head.
    await threadRow('canceller').filter({ hasText: 'before cancel.cas' }).waitFor();
    await picture.locator('text.lock-held', { hasText: 'pi_lock held by canceller' }).waitFor();
    await page.locator('.monaco-editor .view-line', { hasText: 'raw_spin_lock_irqsave' }).first().waitFor();
    await page.locator('#status\\.editor\\.mode', { hasText: 'tw model listing' }).waitFor();
  });

  it('stops at a breakpoint on add.cas in the model listing', async () => {
    // The debugger serves the listing read-only (tw-listing:/listings/mainline.c) from the same table.
    const line = listingFor('mainline')?.lineOfLabel.get('add.cas') ?? 0;
    assert.ok(line > 0, 'add.cas line in the listing');
    await page.locator('.tabs-container .tab', { hasText: 'mainline.c' }).click(); // focuses that editor
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(String(line));
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-line', { hasText: 'try_cmpxchg(&task->task_works, &h, work)' }).waitFor();
    await page.keyboard.press('F9');
    await page.locator('.debug-breakpoints .monaco-list-row', { hasText: 'mainline.c' }).waitFor();
    const before = await currentStep();
    // The adder's "Continue this thread only" (its call-stack row): only the adder runs, and it stops before its
    // CAS while the canceller still holds pi_lock, about to CAS A off the same head.
    await threadRow('adder').hover();
    await threadRow('adder').locator('a[aria-label="Continue this thread only"]').click();
    await threadRow('adder').filter({ hasText: 'before add.cas' }).waitFor({ timeout: 30_000 });
    await picture.locator(`body:not([data-step="${before}"])`).waitFor();
    assert.equal(await currentStep(), before + 3, 'add.load, add.check, add.link, then the breakpoint');
    await page.locator('.debug-call-stack .monaco-list-row[aria-label^="Stack Frame task_work_add [add.cas]"]').waitFor();
    await picture.locator('tr.thread[data-thread="adder"] code', { hasText: 'add.cas' }).waitFor();
    await picture.locator('tr.thread[data-thread="canceller"] code', { hasText: 'cancel.cas' }).waitFor();
  });

  it('shows the task_works chain and the pi_lock holder in the Variables view', async () => {
    // The view has refreshed for this stop once it shows the adder's locals (h read the head A).
    const row = (label: string) => page.locator(`.debug-variables .monaco-list-row[aria-label="${label}"]`);
    await row('h, value A').waitFor();
    await expand(row('Scope Tasks'));
    const task = page.locator('.debug-variables .monaco-list-row[aria-label^="T, value"]');
    await task.waitFor();
    assert.equal(await task.getAttribute('aria-label'), 'T, value A -> NULL; pi_lock held by canceller');
    await expand(task);
    await page.locator('.debug-variables .monaco-list-row[aria-label="task_works, value A -> NULL"]').waitFor();
    await page.locator('.debug-variables .monaco-list-row[aria-label="pi_lock, value held by canceller"]').waitFor();
    // The picture: the adder's locals aim at its B (work) and at A (h, the head it read).
    await picture.locator('text.pointer-label', { hasText: 'adder.work' }).waitFor();
    await picture.locator('text.pointer-label', { hasText: 'adder.h' }).waitFor();
    images.push(await shot(page, 'debugging.png'));
  });

  it('hits the violation of a broken variant started from the schedule CodeLens', async () => {
    await page.keyboard.press('Shift+F5');
    await threadRow('canceller').waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('.tabs-container .tab', { hasText: EXAMPLE }).click();
    await page.locator('.codelens-decoration a', { hasText: 'under cancel-cas-fail-gives-up' }).click();
    await threadRow('canceller').waitFor({ timeout: 60_000 });
    await picture.locator('.status', { hasText: 'variant cancel-cas-fail-gives-up' }).waitFor();
    if (!(await picture.locator('.violations').count())) await page.keyboard.press('F5');
    const violation = picture.locator('.violations li', { hasText: 'assertion' });
    await violation.waitFor({ timeout: 30_000 });
    await page.locator('.exception-widget', { hasText: 'Exception has occurred: assertion' }).waitFor();
    await threadRow('canceller').filter({ hasText: /assertion at step \d+/i }).waitFor();
    images.push(await shot(page, 'violation.png'));
  });

  it('restores the queue picture after a reload of the window (serializer + webview state)', async () => {
    const last = await currentStep();
    // VS Code web persists webview state with the rest of its storage, flushed on its own schedule:
    // the panel must come back drawing a snapshot of this run, not necessarily the very last one.
    await page.reload();
    await waitForWorkbench(page, 120_000);
    // No session runs after the reload: what shows is the state the webview saved (a snapshot of this run).
    await picture.locator('svg.queue g.head[data-key="head:T"]').waitFor({ timeout: 60_000 });
    const restored = await currentStep();
    assert.ok(restored >= 0 && restored <= last, `restored step ${restored} of at most ${last}`);
    await picture.locator('.status', { hasText: `step ${restored}` }).waitFor();
  });
});
