// A seeded DAP fuzzer against the real standalone adapter over stdio: random and malformed
// requests on a launched session, then raw broken frames each followed by a probe request.
// It counts deaths, unanswered requests and stack traces in anything the adapter sends: all 0.
// FUZZ_N=20000 (requests; raw frames are a tenth) and FUZZ_SEED=7 replay or widen a run.
import * as assert from 'node:assert';
import { fixture } from './harness';
import { Msg, StdioAdapter } from './rawAdapter';
import { COMMANDS, Gen, brokenFrame, mutate, plausible, rng } from './fuzzGen';

const N = Number(process.env.FUZZ_N ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 12);
const ANSWER_MS = 5000;
/** Starting a process on a loaded machine is not what is measured: it gets longer. */
const START_MS = 30000;
/** A stack trace, or JavaScript internals leaking into an answer. */
const STACK = /\n\s+at |\bat [^\s()]+ \([^)]*:\d+:\d+\)|\.(?:ts|js):\d+:\d+|\[native code\]|\[object Object\]/;

const PROFILE = new Map<string, number>();
process.on('exit', () => { if (process.env.FUZZ_PROFILE) console.log([...PROFILE].sort((x, y) => y[1] - x[1]).slice(0, 12)); });

interface Tally { inputs: number; deaths: number; unanswered: string[]; stacks: string[] }

/** A fresh adapter with a launched session on the fixture, stopped at entry. */
async function launched(program: string): Promise<StdioAdapter> {
  const a = await StdioAdapter.start();
  await a.request('initialize', { adapterID: 'tw', pathFormat: 'path', linesStartAt1: true, supportsProgressReporting: true }, START_MS);
  await a.request('launch', { program }, START_MS);
  await a.request('configurationDone', {}, START_MS);
  return a;
}

function scanForStacks(messages: readonly Msg[], from: number, tally: Tally): void {
  for (const m of messages.slice(from)) {
    const text = JSON.stringify(m);
    if (STACK.test(text)) tally.stacks.push(text.slice(0, 300));
  }
}

/** A request's answer; an exploration (long by design) is cancelled after 200 ms, as a user would. */
async function answered(a: StdioAdapter, command: unknown, args: unknown): Promise<Msg> {
  if (command !== 'tw/exploreFromHere') return a.request(command, args, ANSWER_MS);
  const r = a.request(command, args, ANSWER_MS + 200);
  const seq = a.lastSeq;
  const early = await Promise.race([r.then(() => true, () => true), new Promise<boolean>((res) => setTimeout(() => res(false), 200))]);
  if (!early) await a.request('cancel', { requestId: seq }, ANSWER_MS);
  return r;
}

/** One request; an adapter that exited is a death unless the request was disconnect. */
async function fuzzOne(a: StdioAdapter, g: Gen, program: string, tally: Tally): Promise<boolean> {
  const command = g.chance(0.97) ? g.pick(COMMANDS) : g.json();
  if (command === 'disconnect' || command === 'terminate') return true;
  const args = mutate(g, plausible(g, String(command), program));
  tally.inputs++;
  const seen = a.messages.length;
  const t0 = Date.now();
  try {
    await answered(a, command, args);
  } catch {
    if (a.alive) tally.unanswered.push(`${JSON.stringify(command)} ${JSON.stringify(args)?.slice(0, 200)}`);
  }
  if (process.env.FUZZ_PROFILE) { const k = String(command); PROFILE.set(k, (PROFILE.get(k) ?? 0) + Date.now() - t0); }
  scanForStacks(a.messages, seen, tally);
  if (a.alive) return true;
  tally.deaths++;
  return false;
}

describe('debug: DAP fuzzer', function () {
  this.timeout(120000 + N * 100);
  const program = fixture('adders.tw');

  it(`answers ${N} random and malformed requests (seed ${SEED}) with no death, hang or stack trace`, async () => {
    const g = new Gen(rng(SEED));
    const tally: Tally = { inputs: 0, deaths: 0, unanswered: [], stacks: [] };
    let a = await launched(program);
    try {
      while (tally.inputs < N) {
        if (!(await fuzzOne(a, g, program, tally))) { await a.kill(); a = await launched(program); }
        if (g.chance(0.004)) { await a.request('disconnect', {}).catch(() => undefined); await a.exited; a = await launched(program); }
      }
    } finally {
      await a.kill();
    }
    console.log(`      DAP fuzz (seed ${SEED}): ${tally.inputs} requests, ${tally.deaths} deaths, ${tally.unanswered.length} unanswered, ${tally.stacks.length} stack traces`);
    assert.deepStrictEqual({ deaths: tally.deaths, unanswered: tally.unanswered.slice(0, 5), stacks: tally.stacks.slice(0, 5) }, { deaths: 0, unanswered: [], stacks: [] });
  });

  it(`serves a probe after each of ${Math.ceil(N / 10)} broken raw frames on stdio`, async () => {
    const g = new Gen(rng(SEED + 1));
    const tally: Tally = { inputs: 0, deaths: 0, unanswered: [], stacks: [] };
    let a = await launched(program);
    try {
      for (let i = 0; i < Math.ceil(N / 10); i++) {
        const seen = a.messages.length;
        const bytes = brokenFrame(g, 90000 + i);
        tally.inputs++;
        a.send(bytes);
        const probe = await a.request('threads', undefined, ANSWER_MS).catch(() => null);
        if (!probe && a.alive) tally.unanswered.push(JSON.stringify(bytes.toString('latin1').slice(0, 200)));
        scanForStacks(a.messages, seen, tally);
        if (!a.alive) { tally.deaths++; a = await launched(program); }
      }
    } finally {
      await a.kill();
    }
    console.log(`      raw frame fuzz (seed ${SEED + 1}): ${tally.inputs} frames, ${tally.deaths} deaths, ${tally.unanswered.length} unanswered probes, ${tally.stacks.length} stack traces`);
    assert.deepStrictEqual({ deaths: tally.deaths, unanswered: tally.unanswered.slice(0, 5), stacks: tally.stacks.slice(0, 5) }, { deaths: 0, unanswered: [], stacks: [] });
  });
});
