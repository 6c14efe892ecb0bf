// The workers engine behind the debugger: the same session as the core engine. A scenario on a
// listing (a shipped listing given as a file, so both engines run the same listing) is driven
// through step, step back, Continue to a listing breakpoint and to the violation, once without an
// `engine` attribute (the default: workers) and once with `engine: "core"`; every stop, every
// thread's stack, the Locals, Tasks and Works views and the tw/state picture must be the same.
import * as assert from 'node:assert';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { act, closeAdapter, collectOutput, fixture, frames, launch, newClient, scopeVars, stopClient } from './harness';

const LISTING = path.resolve('listings/no-run-lock-pair.c');
const RUN_NEXT_LINE = readFileSync(LISTING, 'utf8').split('\n').findIndex((l) => l.includes('/* tw: run.next */') || l.includes('// run.next')) + 1;

type Step = ['stepIn' | 'stepBack' | 'continue' | 'reverseContinue', number];
const SCRIPT: Step[] = [
  ['stepIn', 1], ['stepIn', 1], ['stepIn', 1], ['stepIn', 2], ['stepIn', 2], ['stepBack', 2], ['stepIn', 2],
  ['stepIn', 1], ['stepIn', 1], ['continue', 2], ['stepBack', 2], ['continue', 1], ['reverseContinue', 1], ['continue', 2],
  ['continue', 1], ['continue', 2], ['continue', 1],
];

/** Everything a user sees at a stop. */
async function picture(dc: DebugClient, stop: { body: { reason: string; description?: string; threadId?: number } }, states: unknown[]): Promise<unknown> {
  const t = stop.body.threadId ?? 1;
  return {
    stop: [stop.body.reason, stop.body.description, stop.body.threadId],
    stacks: [await frames(dc, 1), await frames(dc, 2)],
    locals: await scopeVars(dc, t, 'Locals'),
    tasks: await scopeVars(dc, t, 'Tasks'),
    works: await scopeVars(dc, t, 'Works'),
    state: states[states.length - 1], // the tw/state event the stop sent (the queue picture's input)
  };
}

async function session(engine: Record<string, string>): Promise<{ seen: unknown[]; kind: string }> {
  const dc = await newClient();
  try {
    const out = collectOutput(dc);
    const states: unknown[] = [];
    dc.on('tw/state', (e: { body: unknown }) => states.push(e.body));
    const first = await launch(dc, { program: fixture('s1.tw'), variant: LISTING, stopOnEntry: true, ...engine },
      { breakpoints: [{ path: LISTING, lines: [RUN_NEXT_LINE] }] });
    const seen = [await picture(dc, first, states)];
    for (const [what, t] of SCRIPT) seen.push(await picture(dc, await act(dc, what, t), states));
    const kind = /, (\w+) engine,/.exec(out.map((e) => e.body.output).join(''))?.[1] ?? '?';
    return { seen, kind };
  } finally {
    await stopClient(dc);
  }
}

describe('debug: the workers engine (the default) shows the same session as the core engine', function () {
  this.timeout(60000);
  after(closeAdapter);

  it('step, step back, listing breakpoints, the violation, the picture: identical', async () => {
    assert.ok(RUN_NEXT_LINE > 0, 'the listing has a run.next line');
    const workers = await session({});
    const core = await session({ engine: 'core' });
    assert.strictEqual(workers.kind, 'workers');
    assert.strictEqual(core.kind, 'core');
    assert.ok(workers.seen.length === SCRIPT.length + 1);
    for (let i = 0; i < core.seen.length; i++) assert.deepStrictEqual(workers.seen[i], core.seen[i], `stop ${i}`);
    const reasons = core.seen.map((x) => (x as { stop: string[] }).stop[0]);
    assert.ok(reasons.includes('breakpoint') && reasons.includes('exception'), `stops: ${reasons.join(', ')}`); // the use-after-free
  });
});
