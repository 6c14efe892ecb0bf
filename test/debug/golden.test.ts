// Golden dumps of what VS Code shows at a stop: threads, every thread's stack, and the top frame's
// scopes expanded (ids left out, paths shortened). TW_UPDATE_GOLDEN=1 rewrites the goldens; a
// mismatch writes `<name>.actual` beside the golden.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { Stopped, act, closeAdapter, fixture, launch, newClient, stopClient, within } from './harness';

const GOLDEN = path.join(__dirname, 'golden');
/** How deep each scope is expanded (Tasks: task -> fields -> chain). */
const DEPTH: Record<string, number> = { Locals: 2, Tasks: 3, Works: 2, Schedule: 1, Violations: 1 };

async function dumpVars(dc: DebugClient, ref: number, depth: number, indent: string, out: string[]): Promise<void> {
  const vars = (await within(dc.variablesRequest({ variablesReference: ref }), 'variables')).body.variables;
  for (const v of vars) {
    out.push(`${indent}${v.name} = ${v.value}${v.type ? `  (${v.type})` : ''}${v.variablesReference ? ' {+}' : ''}${v.evaluateName ? `  [${v.evaluateName}]` : ''}`);
    if (v.variablesReference && depth > 1) await dumpVars(dc, v.variablesReference, depth - 1, `${indent}  `, out);
  }
}

async function dumpStop(dc: DebugClient, stop: Stopped): Promise<string[]> {
  const out = [`== ${stop.body.reason} (thread ${stop.body.threadId}): ${stop.body.description ?? ''}`];
  const threads = (await within(dc.threadsRequest(), 'threads')).body.threads;
  for (const t of threads) {
    out.push(`thread ${t.id}: ${t.name}`);
    const frames = (await within(dc.stackTraceRequest({ threadId: t.id }), 'stackTrace')).body.stackFrames;
    for (const f of frames) out.push(`  ${f.name} @ ${f.source?.name ?? '-'}:${f.line}:${f.column}`);
    const top = frames[0];
    if (!top || t.id !== stop.body.threadId) continue;
    const scopes = (await within(dc.scopesRequest({ frameId: top.id }), 'scopes')).body.scopes;
    for (const s of scopes) {
      out.push(`  scope ${s.name}${s.indexedVariables !== undefined ? ` [${s.indexedVariables}]` : ''}`);
      await dumpVars(dc, s.variablesReference, DEPTH[s.name] ?? 1, '    ', out);
    }
  }
  return out;
}

function compareGolden(name: string, text: string): void {
  const file = path.join(GOLDEN, `${name}.txt`);
  const actual = `${file.slice(0, -4)}.actual`;
  if (process.env.TW_UPDATE_GOLDEN === '1') fs.writeFileSync(file, text);
  const expected = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (expected !== text) fs.writeFileSync(actual, text);
  else if (fs.existsSync(actual)) fs.rmSync(actual);
  assert.strictEqual(text, expected, `${name}: see ${actual} (TW_UPDATE_GOLDEN=1 rewrites the golden)`);
}

type Step = ['stepIn' | 'next' | 'stepOut' | 'continue' | 'stepBack', number];

async function golden(name: string, args: Record<string, unknown>, plan: Step[][]): Promise<void> {
  const dc = await newClient();
  try {
    const out = await dumpStop(dc, await launch(dc, args));
    for (const group of plan) {
      let stop: Stopped | undefined;
      for (const [what, thread] of group) stop = await act(dc, what, thread);
      if (stop) out.push('', ...(await dumpStop(dc, stop)));
    }
    compareGolden(name, `${out.join('\n')}\n`);
  } finally {
    await stopClient(dc);
  }
}

const times = (n: number, s: Step): Step[] => Array.from({ length: n }, () => s);

describe('debug: golden dumps of stacks and variables', () => {
  after(closeAdapter);

  it('S1 on mainline: entry, the owner spinning at run.lock, the end', async () => {
    await golden('s1-mainline', { program: fixture('s1.tw') }, [
      [...times(5, ['stepIn', 1]), ...times(3, ['stepIn', 2])],
      [['continue', 2]],
    ]);
  });

  it('S1 on no-run-lock-pair: the violation stop', async () => {
    await golden('s1-no-run-lock-pair', { program: fixture('s1.tw'), variant: 'no-run-lock-pair', schedule: 'canceller*5 owner*4 canceller*4' }, [
      [['continue', 2]],
    ]);
  });

  it('adders: inside a callback called by task_work_run', async () => {
    await golden('adders-callback', { program: fixture('adders.tw'), schedule: 'adder*6 other*5' }, [
      times(10, ['stepIn', 3]),
    ]);
  });

  it('exit: task_work_run inside do_exit, then -ESRCH', async () => {
    await golden('exit-esrch', { program: fixture('exit.tw') }, [
      times(3, ['stepIn', 1]),
      [['stepIn', 1], ['next', 2], ['next', 2]],
    ]);
  });
});
