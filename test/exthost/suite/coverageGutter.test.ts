// "tw: Show Coverage on the Model Listing" in a real editor: the command explores S1 under a
// variant, opens that variant's listing beside it and marks its lines (reached, never, raced both ways).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { workspaceFile, closeAll } from './helpers';

interface Mark { line: number; label: string; kind: string; text: string }
interface Result { listing: string; variant: string; complete: boolean; marks: Mark[] }

describe('Coverage gutter', () => {
  after(closeAll);

  it('marks the listing of the explored variant: run.next raced both ways without the run lock pair', async () => {
    const uri = workspaceFile('s01-cancel-vs-run.tw');
    const r = await vscode.commands.executeCommand<Result | undefined>('tw.showCoverage', uri, 'no-run-lock-pair');
    assert.ok(r, 'the command answers');
    assert.equal(r.variant, 'no-run-lock-pair');
    assert.equal(r.complete, true);
    assert.equal(r.listing, 'tw-listing:/listings/no-run-lock-pair.c');
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === r.listing);
    assert.ok(shown, 'the listing is open beside the scenario');
    const byLabel = new Map(r.marks.map((m) => [m.label, m]));
    const next = byLabel.get('run.next');
    assert.equal(next?.kind, 'raced');
    assert.match(shown.document.lineAt((next?.line ?? 1) - 1).text, /next = work->next;/, 'the mark sits on the run.next line');
    assert.equal(byLabel.get('resume.check')?.kind, 'never');
  });

  it('covers a memory lkmm file over its SC interleavings, and says so, instead of failing', async () => {
    const s01 = workspaceFile('s01-cancel-vs-run.tw');
    const uri = workspaceFile('s01-lkmm-coverage.tw');
    fs.writeFileSync(uri.fsPath, `memory lkmm;\n${fs.readFileSync(s01.fsPath, 'utf8')}`);
    let r: Result | undefined;
    try {
      r = await vscode.commands.executeCommand<Result | undefined>('tw.showCoverage', uri, 'no-run-lock-pair');
    } finally {
      fs.rmSync(uri.fsPath); // other suites count the workspace's scenarios
    }
    assert.ok(r, 'the command answers (the LKMM search measures no coverage; it used to throw)');
    assert.equal(r.complete, true);
    assert.equal(new Map(r.marks.map((m) => [m.label, m])).get('run.next')?.kind, 'raced');
  });
});
