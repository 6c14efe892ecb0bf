// Debug adapter costs, measured over the protocol in-process the way the extension runs it
// (DebugAdapterInlineImplementation: handleMessage / onDidSendMessage, no socket):
// one full step cycle as VS Code does it, and time travel in a long trace.
// Goals: under 1 ms per cycle, under 20 ms to jump back from step 10,000 to step 5,000.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { TwDebugSession } from '../src/debug';
import { GatedWorkers } from '../src/workers/gated';
import { compileSource } from '../src/lang';
import { DebugHost } from '../src/debug/launch';
import { fmt } from './util';

/** Two threads, each 1,000 add/cancel pairs on its own task: 22,000 atomic steps. */
const LONG = `task T; task U; work A = fa; work B = fb;
callback fa(cb) { } callback fb(cb) { }
thread t1 { repeat (1000) { task_work_add(T, A, TWA_NONE); task_work_cancel(T, A); } }
thread t2 { repeat (1000) { task_work_add(U, B, TWA_NONE); task_work_cancel(U, B); } }
`;
const FILE = 'bench-long.tw';
/** The listing the workers run for mainline, given to the core as a file for a like-for-like cycle. */
const LISTING = 'listings/mainline.c';

const host: DebugHost = {
  readFile: (p) => (p === FILE ? LONG : readFileSync(p, 'utf8')),
  join: (d, n) => join(d, n),
};

type Msg = DebugProtocol.ProtocolMessage & { command?: string; event?: string; request_seq?: number; success?: boolean; message?: string; body?: unknown };

/** A DAP client on the inline adapter interface. */
class InlineClient {
  private seq = 1;
  private readonly pending = new Map<number, (m: Msg) => void>();
  private readonly waiting = new Map<string, ((m: Msg) => void)[]>();
  readonly session = new TwDebugSession(host);

  constructor() {
    this.session.onDidSendMessage((m) => this.receive(m as Msg));
  }

  private receive(m: Msg): void {
    if (m.type === 'response' && m.request_seq !== undefined) {
      this.pending.get(m.request_seq)?.(m);
      this.pending.delete(m.request_seq);
    } else if (m.type === 'event' && m.event) {
      const list = this.waiting.get(m.event);
      const first = list?.shift();
      first?.(m);
    }
  }

  request<T = unknown>(command: string, args?: unknown): Promise<T> {
    const seq = this.seq++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(seq, (m) => (m.success ? resolve(m.body as T) : reject(new Error(`${command}: ${m.message}`))));
      this.session.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request);
    });
  }

  event(name: string): Promise<Msg> {
    return new Promise((resolve) => {
      const list = this.waiting.get(name) ?? [];
      list.push(resolve);
      this.waiting.set(name, list);
    });
  }

  async launch(args: Record<string, unknown>): Promise<void> {
    await this.request('initialize', { adapterID: 'tw', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true, supportsProgressReporting: true });
    const initialized = this.event('initialized');
    await this.request('launch', { program: FILE, maxSteps: 100000, ...args });
    await initialized;
    const stopped = this.event('stopped');
    await this.request('configurationDone');
    await stopped;
  }

  /** An execution request and the stop it causes. */
  async exec(command: string, threadId: number): Promise<Msg> {
    const stopped = this.event('stopped');
    await this.request(command, { threadId });
    return stopped;
  }
}

/** What VS Code asks after each stop: threads, the stack, the scopes, the Locals. */
async function inspect(c: InlineClient, threadId: number, allScopes: boolean): Promise<void> {
  await c.request('threads');
  const st = await c.request<DebugProtocol.StackTraceResponse['body']>('stackTrace', { threadId, startFrame: 0, levels: 20 });
  const top = st.stackFrames[0];
  if (!top) return;
  const sc = await c.request<DebugProtocol.ScopesResponse['body']>('scopes', { frameId: top.id });
  for (const s of allScopes ? sc.scopes : sc.scopes.slice(0, 1)) {
    await c.request('variables', { variablesReference: s.variablesReference, ...(s.indexedVariables ? { start: Math.max(0, s.indexedVariables - 100), count: 100 } : {}) });
  }
}

/** Median of a few timings: one slow outlier (GC, a busy machine) does not move it. */
function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
}

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Round trips to a worker per step cycle in the last workers session cycleMs measured. */
let tripsPerCycle = 0;

async function cycleMs(allScopes: boolean, cycles: number, engine = 'workers', variant?: string): Promise<number> {
  const c = new InlineClient();
  await c.launch({ engine, ...(variant ? { variant } : {}) });
  const times: number[] = [];
  const trips = (): number => (debuggerOf(c).engine as { roundTrips?: number }).roundTrips ?? 0;
  const trips0 = trips();
  for (let i = 0; i < cycles; i++) {
    const t = (i % 2) + 1;
    times.push(await timeMs(async () => { await c.exec('stepIn', t); await inspect(c, t, allScopes); }));
  }
  if (engine === 'workers') tripsPerCycle = (trips() - trips0) / cycles;
  await c.request('disconnect');
  return median(times);
}

/** The session's debugger, reached for an in-process measurement of the jump itself. */
type Dbg = { goTo(n: number, focus: number): void; timeline: { position: number }; engine: unknown };
function debuggerOf(c: InlineClient): Dbg {
  const live = (c.session as unknown as { live?: { dbg: Dbg } }).live;
  if (!live) throw new Error('the session did not start');
  return live.dbg;
}

/** One repetition of the time-travel figures on `engine`: a jump, Step Back and Reverse Continue at step 10,000. */
async function travelOnce(engine: string): Promise<{ jump: number; back: number; rc: number }> {
  const launch = { schedule: 't1*5000 t2*5000', engine };
  const c = new InlineClient();
  await c.launch(launch);
  const d = debuggerOf(c);
  if (d.timeline.position !== 10000) throw new Error(`at step ${d.timeline.position}, expected 10000`);
  const jump = await timeMs(async () => { d.goTo(5000, 0); });
  const c2 = new InlineClient();
  await c2.launch(launch);
  const back = await timeMs(() => c2.exec('stepBack', 1)); // t1's last step is step 5,000: t2's 5,000 replayed after it
  const c3 = new InlineClient();
  await c3.launch(launch);
  await c3.request('setFunctionBreakpoints', { breakpoints: [{ name: 'add.cas@t1', hitCondition: '455' }] });
  const rc = await timeMs(() => c3.exec('reverseContinue', 1)); // scans the 10,000 steps for the previous hit
  for (const x of [c, c2, c3]) await x.request('disconnect');
  return { jump, back, rc };
}

/** Time travel on each engine, in alternating repetitions; medians. */
async function timeTravel(): Promise<void> {
  const reps: Record<string, { jump: number; back: number; rc: number }[]> = { core: [], workers: [] };
  for (let r = 0; r < 5; r++) for (const e of ['core', 'workers']) reps[e]?.push(await travelOnce(e));
  const med = (e: string, k: 'jump' | 'back' | 'rc'): string => fmt(median((reps[e] ?? []).map((x) => x[k])), 2);
  console.log(`  time travel in a 10,000-step trace (launch schedule t1*5000 t2*5000), 5 alternating repetitions, medians, core | workers:`);
  console.log(`    jump back from step 10,000 to step 5,000 (checkpoint + replay): ${med('core', 'jump')} | ${med('workers', 'jump')} ms (goal 20 ms)`);
  console.log(`    Step Back over DAP of the thread whose last step is step 5,000 (re-executes 5,000 steps): ${med('core', 'back')} | ${med('workers', 'back')} ms`);
  console.log(`    Reverse Continue over DAP to a breakpoint near step 5,000 (rescans the trace): ${med('core', 'rc')} | ${med('workers', 'rc')} ms`);
}

/** Explore from here on the long scenario, then `cancel`: how long until the request answers. */
async function cancelLatency(): Promise<void> {
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const c = new InlineClient();
    await c.launch({});
    const started = c.event('progressStart');
    const answered = c.request<{ result: { stopped?: string } }>('tw/exploreFromHere', { strategy: 'dfs', maxSteps: 100000 });
    const progressId = ((await started).body as { progressId: string }).progressId;
    await new Promise((res) => setTimeout(res, 100));
    const t0 = process.hrtime.bigint();
    await c.request('cancel', { progressId });
    const result = await answered;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (result.result.stopped !== 'cancelled') throw new Error('the exploration was not cancelled');
    await c.request('disconnect');
  }
  const med = median(times);
  console.log(`  explore from here: cancel request to answered request: median ${fmt(med, 1)} ms (goal 100 ms: ${fmt(100 / med, 1)}x under)`);
}

/**
 * Soak: 10,000 step requests (each followed by what VS Code asks at a stop) on one session, RSS
 * and heap before and after. The trace itself grows by design (every step is kept for time travel).
 */
async function soak(): Promise<void> {
  const mb = (n: number): string => fmt(n / 1048576, 1);
  const c = new InlineClient();
  await c.launch({});
  for (let i = 0; i < 200; i++) { await c.exec('stepIn', (i % 2) + 1); await inspect(c, (i % 2) + 1, false); } // warm-up
  const before = process.memoryUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 10000; i++) { await c.exec('stepIn', (i % 2) + 1); await inspect(c, (i % 2) + 1, false); }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const after = process.memoryUsage();
  console.log(`  soak: 10,000 stepIn requests (+ threads, stackTrace, scopes, Locals each) in ${fmt(ms / 1000, 1)} s; RSS ${mb(before.rss)} -> ${mb(after.rss)} MB, heap used ${mb(before.heapUsed)} -> ${mb(after.heapUsed)} MB`);
  await c.request('disconnect');
}

/**
 * The step cycle on each engine, in alternating rounds (a loaded machine slows both alike); the
 * medians of the rounds. The goal for the default `workers` engine: within 1.5x of `core`.
 */
async function engines(): Promise<void> {
  const core: number[] = [];
  const coreListing: number[] = [];
  const workers: number[] = [];
  const gated: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < 5; round++) {
    core.push(await cycleMs(false, 500, 'core'));
    coreListing.push(await cycleMs(false, 500, 'core', LISTING));
    workers.push(await cycleMs(false, 500, 'workers'));
    gated.push(await gatedTrip());
    bare.push(await handoffFloor());
  }
  const c = median(core), cl = median(coreListing), w = median(workers), g = median(gated);
  console.log(`  step cycle (stepIn + stopped + tw/state + threads + stackTrace + scopes + Locals), 5 alternating rounds of 500, load average ${loadavg().map((x) => fmt(x, 1)).join(' ')}:`);
  console.log(`    core engine, variant mainline by name:  median ${fmt(c * 1000, 0)} us (goal 1 ms: ${fmt(1 / c, 1)}x under)`);
  console.log(`    core engine, ${LISTING}: median ${fmt(cl * 1000, 0)} us`);
  console.log(`    workers engine (runs the listing): median ${fmt(w * 1000, 0)} us (goal 1 ms: ${fmt(1 / w, 1)}x under); ${fmt(w / c, 2)}x the core by name, ${fmt(w / cl, 2)}x the core on the listing file (goal: 1.5x at most); ${fmt(tripsPerCycle, 2)} round trips to a worker per cycle`);
  console.log(`  the floor: a bare round trip to a sleeping worker thread (SharedArrayBuffer, Atomics notify/wait): median ${fmt(median(bare) * 1000, 1)} us`);
  console.log(`    a gated step (GatedWorkers.stepSync, the two threads in turn, 20 us of this thread's work between): median ${fmt(g * 1000, 1)} us`);
  console.log(`    so a workers cycle cannot go under the core's plus one gated step: ${fmt((c + g) * 1000, 0)} us, ${fmt((c + g) / c, 2)}x the core by name`);
}

/**
 * One gated step as the debugger's engine takes it, without the debugger: GatedWorkers.stepSync on
 * the long scenario, the two threads in turn, with ~20 us of this thread's own work between steps.
 */
async function gatedTrip(): Promise<number> {
  const { program } = compileSource(FILE, LONG);
  if (!program) throw new Error('the long scenario does not compile');
  const g = await GatedWorkers.start(program, 'mainline', { limits: { maxSteps: 100000 }, warmUp: true });
  const times: number[] = [];
  try {
    for (let i = 0; i < 3000; i++) {
      const t0 = performance.now();
      g.stepSync(i % 2);
      const t1 = performance.now();
      times.push(t1 - t0);
      while (performance.now() - t1 < 0.02) { /* the debugger's own work between steps */ }
    }
  } finally {
    await g.close();
  }
  return median(times.slice(300));
}

/** The worker's side of the ping-pong: sleep at the cell, answer each request at once. */
const PONG = `const { workerData, parentPort } = require('node:worker_threads');
const a = new Int32Array(workerData);
parentPort.postMessage('ready');
for (;;) {
  const v = Atomics.load(a, 0);
  if (v === 0) { Atomics.wait(a, 0, 0); continue; }
  if (v === 2) break;
  Atomics.store(a, 0, 0);
  Atomics.notify(a, 0);
}`;

/**
 * The floor under any gated step: a bare round trip between this thread and a sleeping worker over
 * a SharedArrayBuffer (notify, wake, answer; this side polls 50 us, then sleeps), with ~20 us of
 * this thread's own work between trips as the debugger's requests are.
 */
async function handoffFloor(): Promise<number> {
  const buf = new SharedArrayBuffer(4);
  const a = new Int32Array(buf);
  const w = new Worker(PONG, { eval: true, workerData: buf });
  await new Promise((resolve) => w.once('message', resolve));
  const times: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const t0 = performance.now();
    Atomics.store(a, 0, 1);
    Atomics.notify(a, 0);
    for (let polls = 1; Atomics.load(a, 0) === 1; polls++) if ((polls & 255) === 0 && performance.now() - t0 > 0.05) break;
    while (Atomics.load(a, 0) === 1) Atomics.wait(a, 0, 1);
    const t1 = performance.now();
    times.push(t1 - t0);
    while (performance.now() - t1 < 0.02) { /* the debugger's own work between steps */ }
  }
  Atomics.store(a, 0, 2);
  Atomics.notify(a, 0);
  await w.terminate();
  return median(times);
}

/** `npm run bench -- debug-travel`: only time travel on each engine. */
export async function benchDebugTravel(): Promise<void> {
  console.log(`debug-travel: time travel on each engine, in-process (load average ${loadavg().map((x) => fmt(x, 1)).join(' ')})`);
  await timeTravel();
}

/** `npm run bench -- debug-engines`: only the step cycle on each engine (for profiling it). */
export async function benchDebugEngines(): Promise<void> {
  console.log('debug-engines: the step cycle on each engine, in-process');
  await cycleMs(false, 300, 'core'); // warm-up
  await cycleMs(false, 300, 'workers');
  await engines();
}

export async function benchDebug(): Promise<void> {
  console.log('debug: adapter costs over the protocol, in-process (inline adapter interface)');
  await cycleMs(false, 300, 'core'); // warm-up
  await cycleMs(false, 300, 'workers');
  await engines();
  const all = await cycleMs(true, 1000);
  console.log(`  step cycle with every scope's variables (Locals, Tasks, Works, last 100 Schedule rows), workers engine: median ${fmt(all * 1000, 0)} us`);
  await timeTravel();
  await cancelLatency();
  await soak();
}
