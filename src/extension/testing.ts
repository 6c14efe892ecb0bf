// The Test Explorer: every .tw file in the workspace with one test per `expect VARIANT: ...`.
// Running a test replays its witness schedules with the core (and the explorer when enabled) and
// reports failures with the trace; a failure offers "Debug the failing schedule".
import * as vscode from 'vscode';
import { compileSource, formatDiagnostic } from '../lang';
import { HISTORY_VARIANTS } from '../model';
import { checkExpectation, ExpectationOutcome, ExploreFn } from './expectations';
import { indexScenario } from './scenarioIndex';
import { launchConfig } from './debugConfig';
import { exploreForTests } from './explore';

const FAILING_SCHEDULE_CONTEXT = 'tw.failingSchedule';

interface FailingSchedule { uri: vscode.Uri; variant: string; schedule: string; memory?: string }

/** One finished test, as the extension-host tests observe runs (VS Code has no results API). */
export interface TestReport { id: string; state: 'passed' | 'failed' | 'errored' | 'skipped'; message?: vscode.TestMessage }

/** What "Debug the failing schedule" opens, per message and per test. */
const failing = new WeakMap<vscode.TestMessage, FailingSchedule>();
const failingByTest = new Map<string, FailingSchedule>();

/** `FILE#VARIANT`, or `FILE#VARIANT MEMORY` for a line that names its memory model. */
function expectationId(uri: vscode.Uri, variant: string, memory?: string): string { return `${uri.toString()}#${variant}${memory ? ` ${memory}` : ''}`; }

/** The variant and the memory model (as written, or absent) of a test item's id. */
function expectationOf(id: string): { variant: string; memory?: string } {
  const [variant = '', memory] = id.slice(id.lastIndexOf('#') + 1).split(' ');
  return memory ? { variant, memory } : { variant };
}

async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export class TwTests {
  readonly controller = vscode.tests.createTestController('tw', 'tw scenarios');
  readonly reports = new vscode.EventEmitter<TestReport>();

  constructor(private readonly explore: ExploreFn | undefined = exploreForTests) {
    this.controller.resolveHandler = async (item) => { if (!item) await this.discover(); else if (item.uri) await this.refresh(item.uri); };
    this.controller.refreshHandler = () => this.discover();
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (req, token) => this.run(req, token), true);
    this.controller.createRunProfile('Debug', vscode.TestRunProfileKind.Debug, (req) => this.debug(req), true);
  }

  async discover(): Promise<void> {
    const files = await vscode.workspace.findFiles('**/*.tw', '**/node_modules/**');
    for (const uri of files) await this.refresh(uri);
  }

  /** (Re)builds the file's item and one child per expectation. */
  async refresh(uri: vscode.Uri): Promise<void> {
    let text: string;
    try { text = await readText(uri); } catch { this.controller.items.delete(uri.toString()); return; }
    const file = this.controller.items.get(uri.toString())
      ?? this.controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
    const index = indexScenario(text);
    file.children.replace(index.expects.map((e) => {
      const label = `${e.variant}${e.memory ? ` ${e.memory}` : ''}: ${e.ok ? 'ok' : e.kinds.join(', ')}`;
      const item = this.controller.createTestItem(expectationId(uri, e.variant, e.memory), label, uri);
      item.range = new vscode.Range(e.range.line - 1, 0, e.range.line - 1, 0);
      return item;
    }));
    this.controller.items.add(file);
  }

  remove(uri: vscode.Uri): void { this.controller.items.delete(uri.toString()); }

  private leaves(req: vscode.TestRunRequest): vscode.TestItem[] {
    const roots: vscode.TestItem[] = req.include ? [...req.include] : [];
    if (!req.include) this.controller.items.forEach((i) => roots.push(i));
    const out: vscode.TestItem[] = [];
    const skip = new Set((req.exclude ?? []).map((i) => i.id));
    const walk = (i: vscode.TestItem) => {
      if (skip.has(i.id)) return;
      if (i.children.size === 0 && i.id.includes('#')) out.push(i);
      i.children.forEach(walk);
    };
    roots.forEach(walk);
    return out;
  }

  private async run(req: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(req);
    const useExplorer = vscode.workspace.getConfiguration('tw').get<boolean>('tests.explore', true);
    for (const item of this.leaves(req)) {
      if (token.isCancellationRequested) { this.settle(run, item, 'skipped'); continue; }
      run.started(item);
      const started = Date.now();
      await this.runOne(run, item, useExplorer ? this.explore : undefined);
      run.appendOutput(`${item.label}: ${Date.now() - started} ms\r\n`, undefined, item);
    }
    run.end();
  }

  /** Records a test's end in the run and on `reports`. */
  private settle(run: vscode.TestRun, item: vscode.TestItem, state: TestReport['state'], message?: vscode.TestMessage): void {
    if (state === 'passed') run.passed(item);
    else if (state === 'skipped') run.skipped(item);
    else if (message && state === 'failed') run.failed(item, message);
    else if (message) run.errored(item, message);
    this.reports.fire({ id: item.id, state, message });
  }

  private async runOne(run: vscode.TestRun, item: vscode.TestItem, explore: ExploreFn | undefined): Promise<void> {
    const uri = item.uri;
    const { variant, memory } = expectationOf(item.id);
    if (!uri) { this.settle(run, item, 'errored', new vscode.TestMessage('no file')); return; }
    const file = vscode.workspace.asRelativePath(uri);
    const { program, diagnostics } = compileSource(file, await readText(uri), { releases: HISTORY_VARIANTS });
    if (!program) {
      this.settle(run, item, 'errored', new vscode.TestMessage(diagnostics.map((d) => formatDiagnostic(file, d)).join('\n')));
      return;
    }
    const exp = program.expectations.find((e) => e.variant === variant && e.memory === memory);
    if (!exp) { this.settle(run, item, 'skipped'); return; }
    const outcome = checkExpectation(program, exp, explore);
    this.report(run, item, uri, outcome, memory);
  }

  private report(run: vscode.TestRun, item: vscode.TestItem, uri: vscode.Uri, o: ExpectationOutcome, memory?: string): void {
    for (const w of o.witnesses) {
      run.appendOutput(`--- ${o.variant}, ${w.name ? `schedule ${w.name}` : 'round-robin'}: ${w.kinds.join(', ') || 'no violation'}\r\n${w.trace.join('\r\n')}\r\n`, undefined, item);
    }
    if (o.skipped) { this.settle(run, item, 'skipped'); return; }
    if (o.passed) { this.settle(run, item, 'passed'); return; }
    const bad = o.witnesses.find((w) => !w.passed);
    // Short, so the peek shows "Debug the Failing Schedule" without scrolling; the whole trace is
    // in the run's output. The peek opens on the `expect` line: the claim that failed.
    const lines = [...o.problems, '', ...(bad ? bad.violations : []), '', 'The step-by-step trace is in the Test Results output.'];
    const msg = new vscode.TestMessage(lines.join('\n'));
    const line0 = item.range?.start.line ?? (bad?.line ? bad.line - 1 : 0);
    msg.location = new vscode.Location(uri, new vscode.Position(line0, 0));
    if (o.failingSchedule !== null) {
      const f = { uri, variant: o.variant, schedule: o.failingSchedule, ...(memory ? { memory } : {}) };
      msg.contextValue = FAILING_SCHEDULE_CONTEXT;
      failing.set(msg, f);
      failingByTest.set(item.id, f);
    }
    this.settle(run, item, 'failed', msg);
  }

  /** The Debug profile: a tw session on the test's first witness schedule under its variant. */
  private async debug(req: vscode.TestRunRequest): Promise<void> {
    const item = this.leaves(req)[0];
    if (!item?.uri) return;
    const { variant, memory } = expectationOf(item.id);
    const first = indexScenario(await readText(item.uri)).schedules[0];
    await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(item.uri),
      launchConfig(item.uri, { variant, memory, schedule: first?.name, name: `Debug ${variant}${first ? ` (${first.name})` : ''}` }));
  }
}

/** `tw.debugFailingSchedule`: from a test message ({test, message}) or (uri, variant, schedule). */
async function debugFailing(arg?: unknown, variantArg?: string, scheduleArg?: string): Promise<boolean> {
  let f: FailingSchedule | undefined;
  if (arg instanceof vscode.Uri && variantArg && scheduleArg !== undefined) f = { uri: arg, variant: variantArg, schedule: scheduleArg };
  else if (arg && typeof arg === 'object') {
    const a = arg as { test?: vscode.TestItem; message?: vscode.TestMessage };
    f = (a.message && failing.get(a.message)) ?? (a.test && failingByTest.get(a.test.id));
  }
  if (!f) { void vscode.window.showWarningMessage('tw: no failing schedule to debug; run the test first.'); return false; }
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(f.uri),
    launchConfig(f.uri, { variant: f.variant, memory: f.memory, schedule: f.schedule, stopOnEntry: false, name: `Failing schedule (${f.variant})` }));
}

export function registerTests(context: vscode.ExtensionContext): TwTests {
  const tests = new TwTests();
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.tw');
  context.subscriptions.push(
    tests.controller, tests.reports, watcher,
    watcher.onDidCreate((u) => tests.refresh(u)),
    watcher.onDidChange((u) => tests.refresh(u)),
    watcher.onDidDelete((u) => tests.remove(u)),
    vscode.workspace.onDidSaveTextDocument((d) => { if (d.languageId === 'tw') void tests.refresh(d.uri); }),
    vscode.commands.registerCommand('tw.debugFailingSchedule', debugFailing),
  );
  void tests.discover();
  return tests;
}
