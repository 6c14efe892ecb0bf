// The debugger on a listing variant: a user's .c file (relative to the program) or a kernel release
// by name. Frames show the listing's own file and lines, a breakpoint on one of its lines stops
// there, and a listing with errors refuses the launch with file:line:col.
import * as assert from 'node:assert';
import * as path from 'node:path';
import { mkdtempSync, writeFileSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { act, closeAdapter, collectOutput, fixture, frames, launch, newClient, stopClient, within } from './harness';

const dir = mkdtempSync(path.join(tmpdir(), 'tw-dbg-listing-'));
const program = path.join(dir, 's1.tw');
copyFileSync(fixture('s1.tw'), program);
const mine = path.join(dir, 'mine.c');
const text = readFileSync('listings/mainline.c', 'utf8').split('\n').filter((l) => !/\/\/ run\.(lock|unlock)\b/.test(l));
writeFileSync(mine, `${text.join('\n')}\n`);
const RUN_NEXT_LINE = text.findIndex((l) => l.includes('// run.next')) + 1;

describe('debug: a listing as the variant', () => {
  let dc: DebugClient;
  beforeEach(async () => { dc = await newClient(); });
  afterEach(async () => { await stopClient(dc); });
  after(closeAdapter);

  it('a .c file relative to the program: frames in that file, a breakpoint on its run.next line stops there', async () => {
    const out = collectOutput(dc);
    const stop = await launch(dc, { program, variant: 'mine.c', stopOnEntry: false }, { breakpoints: [{ path: mine, lines: [RUN_NEXT_LINE] }] });
    assert.deepStrictEqual([stop.body.reason, stop.body.description], ['breakpoint', 'before run.next']);
    const f = await frames(dc, stop.body.threadId ?? 0);
    assert.strictEqual(f[0], `task_work_run [run.next] @ mine.c:${RUN_NEXT_LINE}`);
    assert.ok(out.some((e) => /on variant .*mine\.c \(listing [0-9a-f]{8}\)/.test(e.body.output)), 'the start line names the listing and its hash');
    const r = await within(dc.stackTraceRequest({ threadId: stop.body.threadId ?? 0 }), 'stackTrace');
    assert.strictEqual(r.body.stackFrames[0]?.source?.path, mine);
  });

  it('under memory lkmm a listing starts on the core engine when launch.json names none; asking for workers is refused', async () => {
    const out = collectOutput(dc);
    const stop = await launch(dc, { program, variant: 'mine.c', memory: 'lkmm', stopOnEntry: true });
    assert.strictEqual(stop.body.reason, 'entry');
    assert.ok(out.some((e) => /, core engine,/.test(e.body.output)), 'the start line names the core engine');
    await stopClient(dc);
    dc = await newClient();
    await assert.rejects(launch(dc, { program, variant: 'mine.c', memory: 'lkmm', engine: 'workers', stopOnEntry: true }), /lkmm runs on the core engine/);
  });

  it('a kernel release by name runs its listing', async () => {
    const stop = await launch(dc, { program, variant: 'v4.14', stopOnEntry: true });
    assert.strictEqual(stop.body.reason, 'entry');
    const s = await act(dc, 'stepIn', 2);
    assert.strictEqual(s.body.reason, 'step');
    const f = await frames(dc, 2);
    assert.match(f[0] ?? '', /^task_work_run \[run\.\w+\] @ v4\.14\.c:\d+$/);
  });

  it("the program's own `variant \"mine.c\";` picks the listing next to it; launch.json's variant overrides it", async () => {
    const own = path.join(dir, 's1-own.tw');
    writeFileSync(own, `variant "mine.c";\n${readFileSync(program, 'utf8')}`);
    const stop = await launch(dc, { program: own, stopOnEntry: false }, { breakpoints: [{ path: mine, lines: [RUN_NEXT_LINE] }] });
    assert.deepStrictEqual([stop.body.reason, stop.body.description], ['breakpoint', 'before run.next']);
    assert.strictEqual((await frames(dc, stop.body.threadId ?? 0))[0], `task_work_run [run.next] @ mine.c:${RUN_NEXT_LINE}`);
    await stopClient(dc);
    dc = await newClient();
    const over = await launch(dc, { program: own, variant: 'v4.14', stopOnEntry: true });
    assert.strictEqual(over.body.reason, 'entry');
    await act(dc, 'stepIn', 2);
    assert.match((await frames(dc, 2))[0] ?? '', /@ v4\.14\.c:\d+$/);
  });

  it("a missing listing named by the program's variant statement refuses the launch at that statement", async () => {
    const own = path.join(dir, 's1-gone.tw');
    writeFileSync(own, `variant "gone.c";\n${readFileSync(program, 'utf8')}`);
    await within(dc.initializeRequest({ adapterID: 'tw', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true }), 'initialize');
    await assert.rejects(within(dc.launchRequest({ program: own } as never), 'launch'), /s1-gone\.tw:1:9: error TW230: variant statement: cannot read the listing/);
  });

  it('a listing with errors refuses the launch with file:line:col', async () => {
    const bad = path.join(dir, 'bad.c');
    writeFileSync(bad, 'int task_work_add(struct task_struct *t)\n{\n\tfrob();\n}\n');
    await within(dc.initializeRequest({ adapterID: 'tw', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true }), 'initialize');
    await assert.rejects(within(dc.launchRequest({ program, variant: 'bad.c' } as never), 'launch'), /bad\.c:\d+:\d+: error TW3\d\d/);
  });
});
