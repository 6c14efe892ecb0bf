// Seeded generators for the DAP fuzzer: requests that are plausible, then mutated (a field
// dropped, retyped or replaced by random JSON), and raw frames broken the ways a client breaks them.
import { seededRandom } from '../../src/core';
import { frame } from './rawAdapter';

/** The core's seeded generator, so a failing seed replays. */
export const rng = seededRandom;

export class Gen {
  constructor(readonly next: () => number) {}
  int(n: number): number { return Math.floor(this.next() * n); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)] as T; }
  chance(p: number): boolean { return this.next() < p; }

  /** Any JSON value, small, with the awkward ones (null, -0, 1.5, 2^31, huge strings) often. */
  json(depth = 0): unknown {
    const k = this.int(depth > 2 ? 7 : 9);
    switch (k) {
      case 0: return null;
      case 1: return this.pick([true, false]);
      case 2: return this.pick([0, -1, 1, 2, 3, 1.5, -0, 2 ** 31, 2 ** 53, 1e308, 1000, 1001]);
      case 3: return this.pick(['', '1', 'T', 'adder', 'x'.repeat(this.int(5000)), 'T.task_works', '{_stack}', '\u202e', 'violation', '1 +']);
      case 4: return this.int(100000);
      case 5: return undefined;
      case 6: return this.pick(['adders.tw', 'path', 'round-robin']);
      case 7: return Array.from({ length: this.int(4) }, () => this.json(depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        for (let i = this.int(4); i > 0; i--) o[this.pick(FIELDS)] = this.json(depth + 1);
        return o;
      }
    }
  }
}

const FIELDS = ['threadId', 'frameId', 'line', 'source', 'breakpoints', 'filters', 'name', 'expression', 'variablesReference',
  'targetId', 'arguments', 'program', 'count', 'start', 'endLine', 'sourceReference', 'dataId', 'condition', 'path'];

export const COMMANDS = ['initialize', 'launch', 'attach', 'restart', 'terminate', 'configurationDone', 'threads', 'setBreakpoints',
  'setFunctionBreakpoints', 'setExceptionBreakpoints', 'setDataBreakpoints', 'dataBreakpointInfo', 'breakpointLocations',
  'continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'pause', 'goto', 'gotoTargets', 'stackTrace', 'scopes',
  'variables', 'evaluate', 'exceptionInfo', 'source', 'cancel', 'setVariable', 'setExpression', 'completions', 'restartFrame',
  'stepInTargets', 'terminateThreads', 'loadedSources', 'readMemory', 'writeMemory', 'disassemble', 'setInstructionBreakpoints',
  'tw/schedule', 'tw/exploreFromHere', 'tw/readFrom', 'tw/nope', '', 'constructor', '__proto__', 'toString'];

/** Arguments a real client could send for a command (the fuzzer then mutates them). */
export function plausible(g: Gen, command: string, program: string): Record<string, unknown> {
  const src = { path: g.chance(0.8) ? program : '/nowhere/listings/mainline.c' };
  const thread = { threadId: 1 + g.int(4) };
  const line = 1 + g.int(14);
  switch (command) {
    case 'initialize': return { adapterID: 'tw', pathFormat: 'path', linesStartAt1: true };
    case 'launch': case 'attach': return { program, stopOnEntry: g.chance(0.5), maxSteps: 1 + g.int(500) };
    case 'restart': return g.chance(0.5) ? {} : { arguments: { program, schedule: g.pick(['retry', 'adder*2 other', 'x']) } };
    case 'setBreakpoints': return { source: src, breakpoints: [{ line, condition: g.chance(0.3) ? 'thread == "adder"' : undefined, hitCondition: g.chance(0.2) ? '2' : undefined }] };
    case 'setFunctionBreakpoints': return { breakpoints: [{ name: g.pick(['task_work_add', 'fa', 'add.cas', 'nope']) }] };
    case 'setExceptionBreakpoints': return { filters: [g.pick(['violation', 'cas-failure', 'contention', 'esrch', 'bogus'])] };
    case 'setDataBreakpoints': return { breakpoints: [{ dataId: g.pick(['T.task_works', 'T.pi_lock', 'A.next', 'zz']) }] };
    case 'dataBreakpointInfo': return { name: g.pick(['T.task_works', 'x', 'task_works']), variablesReference: g.int(5) };
    case 'breakpointLocations': return { source: src, line, endLine: g.pick([line, line + 3, 1e8, 2 ** 31]) };
    case 'gotoTargets': return { source: src, line };
    case 'goto': return { ...thread, targetId: g.int(40) };
    case 'stackTrace': return { ...thread, startFrame: g.int(3), levels: g.int(3) };
    case 'scopes': return { frameId: g.int(3000) };
    case 'variables': return { variablesReference: 1 + g.int(8), start: g.int(3), count: g.int(5) };
    case 'evaluate': return { expression: g.pick(['T.task_works', 'r', 'A.next', '1 +', 'x', 'T']), context: g.pick(['hover', 'watch', 'repl']) };
    case 'source': return { sourceReference: g.pick([0, 1000, 1001, 5]) };
    case 'tw/exploreFromHere': return { maxExecutions: 1 + g.int(30), strategy: g.pick(['dfs', 'random', 'stateful', 'nope']) };
    case 'tw/readFrom': return { ...thread, write: g.pick(['init', 'owner@run.xchg', 'nope', undefined]) };
    case 'cancel': return { requestId: g.int(100) };
    default: return thread;
  }
}

/** A plausible request, then (most of the time) broken in one way. */
export function mutate(g: Gen, args: Record<string, unknown>): unknown {
  const keys = Object.keys(args);
  switch (g.int(6)) {
    case 0: return args;
    case 1: return g.json();
    case 2: { const copy = { ...args }; delete copy[g.pick(keys) ?? 'x']; return copy; }
    case 3: return { ...args, [g.pick(keys.length ? keys : FIELDS)]: g.json() };
    case 4: return { ...args, [g.pick(FIELDS)]: g.json() };
    default: return g.chance(0.5) ? null : undefined;
  }
}

/** A raw byte sequence: a valid frame broken one way (the fuzzer follows each with a probe). */
export function brokenFrame(g: Gen, seq: number): Buffer {
  const body = JSON.stringify({ seq, type: 'request', command: g.pick(COMMANDS), arguments: { threadId: 1 } });
  const good = Buffer.from(frame(body));
  switch (g.int(9)) {
    case 0: return good.subarray(0, g.int(good.length)); // truncated anywhere
    case 1: return Buffer.from(`Content-Length: ${g.int(body.length)}\r\n\r\n${body}`); // too small
    case 2: return Buffer.from(`Content-Length: ${body.length + 1 + g.int(5000)}\r\n\r\n${body}`); // too large
    case 3: return Buffer.from(`Content-Length: ${g.pick(['', 'x', '-1', '1e3', '0x10', '99999999999999'])}\r\n\r\n${body}`);
    case 4: return Buffer.from(Array.from({ length: g.int(300) }, () => g.int(256))); // garbage
    case 5: { const b = Buffer.from(good); for (let i = g.int(4); i >= 0; i--) b[g.int(b.length)] = g.int(256); return b; } // flipped bytes
    case 6: return Buffer.from(frame(g.pick(['null', '1', '"x"', '[]', '{}', 'true', '{"type":"response","request_seq":1}', '{"type":"request","seq":"1","command":"threads"}'])));
    case 7: return Buffer.from(`${body}\r\n`); // no header at all
    default: return Buffer.from(`Content-Length: ${body.length}\n\n${body}`); // LF only
  }
}
