/**
 * The timeline view in a real VS Code (code-server 4.100.3) driven through Chromium: S1's race
 * replayed, the timeline opened from the Command Palette, one lane per thread and a cell per step,
 * a click that travels back, a real mouse drag of a run of the canceller's steps before the
 * owner's, the new order replayed (the session and the queue picture follow), a move that cannot
 * run there marked with the reason, the keyboard's Alt+arrow move, and "Save as named schedule"
 * as an undoable edit. TW_E2E_UPDATE_IMAGES=1 copies the README's timeline images into docs/images/.
 */
import { strict as assert } from 'assert';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { pictureOf, shot, threadRow, useWorkbench } from './workbench';

const EXAMPLE = 's01-cancel-vs-run.tw';

describe('e2e: the timeline view (Chromium)', function () {
  this.timeout(240_000);
  let page: Page;
  let timeline: FrameLocator;
  let images: string[] = [];
  const workbench = useWorkbench('timeline-failed');
  const cell = (i: number): Locator => timeline.locator(`.cell[data-index="${i}"]`);
  const at = (position: number, schedule?: string, timeout = 30_000): Promise<void> =>
    timeline.locator(`body[data-position="${position}"]${schedule ? `[data-schedule="${schedule}"]` : ''}`).waitFor({ timeout });

  /** The Command Palette's tw: Show Timeline; tried again when a busy workbench closed the palette under us. */
  async function showTimeline(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const opened = await (async () => {
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget input');
        await input.fill('>tw: Show Timeline', { timeout: 15_000 });
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'tw: Show Timeline' }).first().waitFor({ timeout: 15_000 });
        await page.keyboard.press('Enter');
        await timeline.locator('.grid').waitFor({ timeout: 30_000 });
      })().then(() => true, (e: unknown) => { if (attempt === 3) throw e; return false; });
      if (opened) return;
      await page.keyboard.press('Escape');
    }
  }

  /** Clicks cell i until the session stands after it (a click landing while the view redraws is repeated, at most 3 times). */
  async function travelTo(i: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await cell(i).click();
      if (await at(i + 1, undefined, 10_000).then(() => true, () => false)) return;
      if (attempt === 3) throw new Error(`clicking step ${i + 1} did not travel there`);
    }
  }

  before(() => {
    ({ page } = workbench());
    images = workbench().images;
    // The timeline is a webview view (purpose=webviewView); the queue picture is an editor webview.
    timeline = page.frameLocator('iframe.webview[src*="purpose=webviewView"]').frameLocator('#active-frame');
  });

  it('replays the race and opens the timeline: a lane per thread, a cell per step', async () => {
    await page.getByRole('treeitem', { name: EXAMPLE }).dblclick();
    await page.locator('.codelens-decoration a', { hasText: 'Debug this schedule' }).first().click({ timeout: 60_000 });
    await threadRow(page, 'canceller').waitFor({ timeout: 60_000 });
    await pictureOf(page).locator('body[data-step="18"]').waitFor({ timeout: 60_000 }); // the replay has stopped
    await showTimeline();
    await at(18, 'canceller*5 owner*5 canceller*4 owner*4');
    assert.deepEqual(await timeline.locator('.lane-name').allInnerTexts(), ['canceller', 'owner']);
    assert.equal(await timeline.locator('.cell').count(), 18);
    assert.equal(await cell(0).getAttribute('data-thread'), 'canceller');
    assert.match(await cell(11).innerText(), /cancel\.cas\s+ok/);
    assert.match(await cell(8).innerText(), /spin\s+run\.lock/);
    assert.equal(await timeline.locator('.span-lock').count(), 2, "the canceller's and the owner's pi_lock holds");
    assert.ok(await timeline.locator('.span-spin').count() >= 1, "the owner's spins");
    assert.match(await cell(17).getAttribute('class') ?? '', /\bcurrent\b/);
  });

  it('travels back when a cell is clicked; the later steps stay, planned', async () => {
    await travelTo(2);
    assert.match(await cell(5).getAttribute('class') ?? '', /\bahead\b/);
    await threadRow(page, 'canceller').filter({ hasText: 'before cancel.match' }).waitFor({ timeout: 30_000 });
    await travelTo(17); // forward again along the plan
    await at(18, 'canceller*5 owner*5 canceller*4 owner*4');
  });

  it('marks in the Variables view what changed between two stops (VS Code compares, the adapter keeps frames and scopes stable)', async () => {
    await travelTo(3);
    const pprev = page.locator('.debug-variables .monaco-list-row[aria-label^="pprev, value"]');
    await pprev.waitFor({ timeout: 30_000 });
    const before = await pprev.getAttribute('aria-label');
    await travelTo(4); // cancel.step: pprev moves from &T->task_works to &B->next
    await page.locator('.debug-variables .monaco-list-row[aria-label^="pprev, value"]:not([aria-label="' + before + '"]) .value.changed').waitFor({ timeout: 30_000 });
  });

  it("drags a run of the canceller's steps before the owner's and runs the new order", async () => {
    await travelTo(10);
    await cell(13).click({ modifiers: ['Shift'] }); // selects cancel.match .. free (one thread's run)
    assert.equal(await timeline.locator('.cell.selected').count(), 4);
    // A real pointer drag (HTML5 drag and drop in the webview's iframe) onto the left half of the owner's first step.
    await cell(10).dragTo(cell(5), { targetPosition: { x: 4, y: 8 } });
    await at(16, 'canceller*9 owner*7'); // the owner's two spins were waits of the old order: dropped
    assert.equal(await cell(5).getAttribute('data-thread'), 'canceller');
    assert.equal(await timeline.locator('.cell.ahead').count(), 0, 'the whole new order ran');
    assert.equal(await timeline.locator('.cell.changed').count(), 0, 'every step did what it did before');
    assert.match(await cell(12).getAttribute('aria-label') ?? '', /^step 13, owner, run\.lock/);
    await threadRow(page, 'canceller').filter({ hasText: /done/ }).waitFor({ timeout: 30_000 });
    images.push(await shot(page, 'timeline.png'));
  });

  it('saves the new order into the scenario as a named schedule (an undoable edit)', async () => {
    await timeline.locator('#save').click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('reordered');
    await page.keyboard.press('Enter');
    const line = page.locator('.monaco-editor .view-line', { hasText: 'schedule reordered = "canceller*9 owner*7";' });
    await line.waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+Z');
    await line.waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('moves steps with the keyboard (Shift+Right selects, Alt+Left moves) and marks the step that cannot run there', async () => {
    // canceller*9 owner*7: the owner's load, check, cas and lock moved before the canceller's unlock.
    await travelTo(9);
    // The owner's stop moved VS Code's focus to the owner and its editor; the view takes the keyboard back.
    await timeline.locator('.cell[data-index="9"]:focus').waitFor({ timeout: 30_000 });
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
    assert.equal(await timeline.locator('.cell.selected').count(), 4);
    await page.keyboard.press('Alt+ArrowLeft');
    await at(16, 'canceller*8 owner*4 canceller owner*3');
    await timeline.locator('.cell.selected[data-index="8"]:focus').waitFor({ timeout: 30_000 }); // the moved run, keyboard back in the view
    await page.keyboard.press('Alt+ArrowLeft');
    await at(10, 'canceller*7 owner*3');
    const blocked = timeline.locator('.cell.blocked');
    assert.equal(await blocked.getAttribute('data-index'), '10');
    assert.match(await blocked.getAttribute('aria-label') ?? '', /run\.lock.*cannot run here: spinning on T\.pi_lock held by canceller/);
    await timeline.locator('.note', { hasText: 'step 11 cannot run there: owner spinning on T.pi_lock held by canceller' }).waitFor();
    await threadRow(page, 'owner').filter({ hasText: 'spinning' }).waitFor({ timeout: 30_000 });
    images.push(await shot(page, 'timeline-blocked.png'));
  });
});
