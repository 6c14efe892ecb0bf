// DAP test harness: the real adapter in-process behind a socket server, a DebugClient per test,
// and waits that each carry their own timeout (DebugClient has none in server mode).
import * as path from 'node:path';
import type * as net from 'node:net';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { serve } from '../../src/debug/standalone';

export const FIXTURES = path.join(__dirname, 'fixtures');
export const fixture = (name: string): string => path.join(FIXTURES, name);
/** Every wait in these tests: long enough for a loaded CI machine, short enough to fail clearly. */
export const WAIT_MS = 5000;

let server: { port: number; server: net.Server } | undefined;

export async function adapterPort(): Promise<number> {
  server ??= await serve(0);
  return server.port;
}

export async function closeAdapter(): Promise<void> {
  const s = server;
  server = undefined;
  if (s) await new Promise<void>((r) => s.server.close(() => r()));
}

/** Rejects with `what` when p does not settle within ms. */
export function within<T>(p: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function newClient(): Promise<DebugClient> {
  const dc = new DebugClient('node', 'unused', 'tw');
  await within(dc.start(await adapterPort()), 'the adapter connection');
  return dc;
}

export async function stopClient(dc: DebugClient): Promise<void> {
  await within(dc.stop(), 'disconnect').catch(() => undefined);
}

export type Stopped = DebugProtocol.StoppedEvent;

/** Starts waiting for the next stop; await the result after sending the request that causes it. */
export function nextStop(dc: DebugClient, what = 'a stopped event'): Promise<Stopped> {
  return within(dc.waitForEvent('stopped') as Promise<Stopped>, what);
}

export interface LaunchSetup {
  breakpoints?: { path: string; lines: number[]; extra?: Partial<DebugProtocol.SourceBreakpoint>[] }[];
  functionBreakpoints?: DebugProtocol.FunctionBreakpoint[];
  filters?: string[];
}

/** initialize, launch, configure, configurationDone; resolves with the first stop. */
export async function launch(dc: DebugClient, args: Record<string, unknown>, setup: LaunchSetup = {}): Promise<Stopped> {
  await within(dc.initializeRequest({ adapterID: 'tw', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true, supportsProgressReporting: true }), 'initialize');
  const initialized = within(dc.waitForEvent('initialized'), 'the initialized event');
  await within(dc.launchRequest(args as DebugProtocol.LaunchRequestArguments), 'launch');
  await initialized;
  for (const b of setup.breakpoints ?? []) {
    await within(dc.setBreakpointsRequest({ source: { path: b.path }, breakpoints: b.lines.map((line, i) => ({ line, ...(b.extra?.[i] ?? {}) })) }), 'setBreakpoints');
  }
  if (setup.functionBreakpoints) await within(dc.setFunctionBreakpointsRequest({ breakpoints: setup.functionBreakpoints }), 'setFunctionBreakpoints');
  await within(dc.setExceptionBreakpointsRequest({ filters: setup.filters ?? ['violation'] }), 'setExceptionBreakpoints');
  const stop = nextStop(dc, 'the first stop');
  await within(dc.configurationDoneRequest(), 'configurationDone');
  return stop;
}

/** Sends an execution request and resolves with the stop it causes. */
export async function act(dc: DebugClient, what: 'stepIn' | 'next' | 'stepOut' | 'continue' | 'stepBack' | 'reverseContinue' | 'pause', threadId: number): Promise<Stopped> {
  const stop = nextStop(dc, `the stop after ${what} on thread ${threadId}`);
  const args = { threadId };
  switch (what) {
    case 'stepIn': await within(dc.stepInRequest(args), what); break;
    case 'next': await within(dc.nextRequest(args), what); break;
    case 'stepOut': await within(dc.stepOutRequest(args), what); break;
    case 'continue': await within(dc.continueRequest(args), what); break;
    case 'stepBack': await within(dc.stepBackRequest(args), what); break;
    case 'reverseContinue': await within(dc.reverseContinueRequest(args), what); break;
    case 'pause': await within(dc.pauseRequest(args), what); break;
  }
  return stop;
}

export async function threadNames(dc: DebugClient): Promise<string[]> {
  const r = await within(dc.threadsRequest(), 'threads');
  return r.body.threads.map((t) => t.name);
}

export async function topFrame(dc: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame> {
  const r = await within(dc.stackTraceRequest({ threadId }), 'stackTrace');
  const f = r.body.stackFrames[0];
  if (!f) throw new Error(`thread ${threadId} has no frame`);
  return f;
}

export async function frames(dc: DebugClient, threadId: number): Promise<string[]> {
  const r = await within(dc.stackTraceRequest({ threadId }), 'stackTrace');
  return r.body.stackFrames.map((f) => `${f.name} @ ${f.source?.name ?? '-'}:${f.line}`);
}

/** Variables of a scope by name, in the top frame of a thread, as `name = value` lines. */
export async function scopeVars(dc: DebugClient, threadId: number, scope: string): Promise<string[]> {
  const f = await topFrame(dc, threadId);
  const scopes = await within(dc.scopesRequest({ frameId: f.id }), 'scopes');
  const s = scopes.body.scopes.find((x) => x.name === scope);
  if (!s) throw new Error(`no scope ${scope}: ${scopes.body.scopes.map((x) => x.name).join(', ')}`);
  const vars = await within(dc.variablesRequest({ variablesReference: s.variablesReference }), 'variables');
  return vars.body.variables.map((v) => `${v.name} = ${v.value}`);
}

/** Collects output events (text without the newline) from now on. */
export function collectOutput(dc: DebugClient): DebugProtocol.OutputEvent[] {
  const seen: DebugProtocol.OutputEvent[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => seen.push(e));
  return seen;
}
