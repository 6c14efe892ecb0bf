// The Test Explorer: each expectation of a .tw file is a test; running them replays the witnesses
// and explores every interleaving; a failure carries the trace and opens its schedule in the debugger.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { TestReport } from '../../../src/extension/testing';
import type { StateSnapshot } from '../../../src/protocol/messages';
import { twApi, workspaceFile, waitFor, nextEvent, closeAll } from './helpers';

describe('Test Explorer', () => {
  after(closeAll);

  it('lists every example with one test per expectation', async () => {
    const api = await twApi();
    const s01 = workspaceFile('s01-cancel-vs-run.tw');
    const item = await waitFor('s01 in the test tree', [api.tests.reports.event], () => api.tests.controller.items.get(s01.toString()), 30_000)
      .catch(async () => { await api.tests.discover(); return api.tests.controller.items.get(s01.toString()); });
    assert.ok(item);
    const labels: string[] = [];
    item.children.forEach((c) => labels.push(c.label));
    assert.deepEqual(labels, ['mainline: ok', 'no-run-lock-pair: run-after-cancel, use-after-free, assertion']);
  });

  it('runs the tests: a true claim passes, a false one fails with the trace and a schedule to debug', async () => {
    const api = await twApi();
    const uri = workspaceFile('wrong-claim.tw');
    const text = fs.readFileSync(workspaceFile('s01-cancel-vs-run.tw').fsPath, 'utf8')
      .replace(/expect no-run-lock-pair: .*;/, 'expect no-run-lock-pair: ok;');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    await api.tests.refresh(uri);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const reports = new Map<string, TestReport>();
    const sub = api.tests.reports.event((r) => { if (r.id.startsWith(uri.toString())) reports.set(r.id, r); });
    await vscode.commands.executeCommand('testing.runAll');
    await waitFor('both results of wrong-claim.tw', [api.tests.reports.event], () => (reports.size === 2 ? true : undefined));
    sub.dispose();
    assert.equal(reports.get(`${uri.toString()}#mainline`)?.state, 'passed');
    const failed = reports.get(`${uri.toString()}#no-run-lock-pair`);
    assert.equal(failed?.state, 'failed');
    const message = failed.message;
    assert.ok(message);
    assert.equal(message.contextValue, 'tw.failingSchedule');
    const text2 = typeof message.message === 'string' ? message.message : message.message.value;
    assert.match(text2, /^schedule 'race' shows .*use-after-free.* under no-run-lock-pair, expected ok$/m);
    assert.match(text2, /explorer: expect no-run-lock-pair: ok: found /);
    assert.match(text2, /use-after-free at step \d+/);
    // The peek opens on the claim that failed, and is short enough to show its buttons without scrolling.
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.lineAt(message.location?.range.start.line ?? 0).text.trim().startsWith('expect no-run-lock-pair'), true);
    assert.ok(text2.split('\n').length <= 10, text2);

    const started = nextEvent('failing schedule session', vscode.debug.onDidStartDebugSession, (s) => s.type === 'tw');
    const snap = nextEvent<{ snapshot: StateSnapshot }>('violation snapshot', api.sessions.snapshots.event, (e) => e.snapshot.violations.length > 0);
    const test = api.tests.controller.items.get(uri.toString())?.children.get(`${uri.toString()}#no-run-lock-pair`);
    await vscode.commands.executeCommand('tw.debugFailingSchedule', { test, message });
    const session = await started;
    assert.equal(session.configuration.variant, 'no-run-lock-pair');
    assert.equal(session.configuration.schedule, 'canceller*5 owner*5 canceller*4 owner*4');
    const { snapshot } = await snap;
    // Stopped AT the violating step (15 of the 18 the schedule names), not at the end.
    assert.deepEqual([snapshot.step, snapshot.finished, snapshot.violations.map((v) => v.where)], [15, false, ['step 15 (owner, run.next)']]);
    const ended = nextEvent('session end', vscode.debug.onDidTerminateDebugSession, (s) => s.id === session.id);
    await vscode.debug.stopDebugging(session);
    await ended;
  });
});
