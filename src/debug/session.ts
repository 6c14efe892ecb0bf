// The tw debug adapter: thin DAP request handlers over TraceDebugger (behaviour) and the pure
// presenter (what is shown). Runs inline in the extension or standalone (standalone.ts).
import { Event, InitializedEvent, InvalidatedEvent, OutputEvent, StoppedEvent, TerminatedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describeFinal, formatSchedule, threadName } from '../core';
import { STATE_EVENT, SCHEDULE_REQUEST, EXPLORE_REQUEST, TIMELINE_REQUEST, REPLAY_REQUEST, READ_FROM_REQUEST } from '../protocol/messages';
import type { ReplayArgs } from '../protocol/messages';
import { timelineData, travelRequest } from './timelineData';
import { DebugHost, LocatedMessage, isAbsolutePath } from './launch';
import { TraceDebugger } from './traceDebugger';
import { Live, StartOutcome, startLive } from './sessionStart';
import { Bp, StopInfo } from './breakpoints';
import { Listing, listingFor } from './listing/listing';
import { View, SourceRef, stackFrames, scopes, threadOfFrameId, threadTitle, threadWhere } from './presenter';
import { variables } from './presenterVars';
import { readChoices, readFromAnswer, pinText } from './readFrom';
import { staleViews, StaleView } from './staleViews';
import { stateSnapshot } from './snapshot';
import { evaluateText } from './evaluate';
import { BreakpointBook } from './sessionBreakpoints';
import { ExploreJobs } from './exploreJob';
import { endVerdict, violationWhere } from './verdict';
import { GuardedSession } from './guardedSession';
import { RefRegistry, baseName, samePath, capabilities, dapFrame, dapVariable, listingSourceReference, listingVariantOfReference } from './sessionSupport';

export class TwDebugSession extends GuardedSession {
  private live: Live | undefined;
  private rawLaunch: unknown;
  private readonly refs = new RefRegistry();
  private lastStop: StopInfo | null = null;
  private readonly book = new BreakpointBook();
  private readonly explorations = new ExploreJobs();
  private clientProgress = false;
  /** The client redraws Variables on an invalidated event (after tw/readFrom changes a Reads mark). */
  private clientInvalidated = false;
  /** VS Code shows a stop's description as each thread row's badge: it gets one stop per thread. */
  private threadBadges = false;
  /** Violations already sent as output, and whether the end of this run was announced. */
  private violationsSaid = 0;
  private endSaid = false;
  /** A launch was accepted (or is being started): a second one is refused. */
  private launched = false;
  /**
   * The session is over (disconnect, the client's connection closed, or the inline adapter was
   * disposed): its engine was released, and an engine that finishes starting afterwards is released
   * at once. A workers engine holds worker threads that would otherwise outlive the session.
   */
  private ended = false;

  constructor(private readonly host: DebugHost) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  // ---- lifecycle --------------------------------------------------------------------------

  protected initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.clientProgress = args.supportsProgressReporting === true;
    this.clientInvalidated = args.supportsInvalidatedEvent === true;
    this.threadBadges = args.clientID === 'vscode';
    response.body = capabilities();
    this.sendResponse(response);
  }

  protected async launchRequest(response: DebugProtocol.LaunchResponse, raw: DebugProtocol.LaunchRequestArguments): Promise<void> {
    if (this.launched) return this.refuse(response, 'launch: this session is already launched (Restart starts it again)');
    this.launched = true;
    this.rawLaunch = raw;
    const started = await this.startLive(raw);
    if ('error' in started) { this.launched = false; return this.fail(response, started.error, started.details, started.program); }
    if (!(await this.adopt(started.live))) return this.refuse(response, 'launch: the session ended while it was starting');
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  /** Validates, compiles and starts an engine; nothing is kept unless all of it succeeds. */
  private startLive(raw: unknown): Promise<StartOutcome> {
    return startLive(this.host, raw,
      (text, where) => this.say(text, 'console', where ? this.twSource(where.program) : undefined, where?.line, where?.column),
      (text, bp) => this.debuggerOutput(text, bp));
  }

  private fail(response: DebugProtocol.Response, error: string, details: LocatedMessage[], program?: string): void {
    for (const d of details) this.say(d.text, 'stderr', program ? this.twSource(program) : undefined, d.line, d.column);
    this.sendErrorResponse(response, { id: 1001, format: error, showUser: true });
  }

  protected configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    void this.begin();
  }

  /** The first stop of a (re)started session: entry, the replayed schedule, or a first Continue. */
  private async begin(): Promise<void> {
    const live = this.live;
    if (!live) return;
    const { args, loaded, dbg } = live;
    this.say(`tw: ${baseName(args.program)} on variant ${typeof loaded.variant === 'string' ? loaded.variant : `${loaded.variant.name} (listing ${loaded.variant.hash ?? '?'})`}, ${live.dbg.engine.kind} engine, ${args.scheduler}${args.scheduler === 'random' ? ` (seed ${args.seed})` : ''} scheduler; threads: ${loaded.program.threads.map((t) => t.name).join(', ')}`, 'console');
    if (args.noDebug) return this.runToEnd(live);
    const schedule = loaded.schedule;
    const stop = await this.guarded(live, 0, () => {
      if (schedule) return dbg.replay(schedule.threads, schedule.label);
      if (args.stopOnEntry) return { reason: 'entry', thread: 0, description: `before ${dbg.m.nextLabel(dbg.s, 0) ?? 'the end'}` };
      return dbg.continueRun(0);
    });
    if (stop && this.live === live) this.reportStop(stop); // not when restarted meanwhile
  }

  private async runToEnd(live: Live): Promise<void> {
    const { dbg } = live;
    dbg.bps.filters.clear();
    await this.guarded(live, 0, () => dbg.continueRun(0));
    if (this.live !== live) return; // restarted or ended meanwhile
    for (const line of describeFinal(dbg.m.ctx, dbg.s)) this.say(line, 'console');
    this.announce(live);
    this.sendEvent(new TerminatedEvent());
  }

  protected async restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): Promise<void> {
    const raw = (args as { arguments?: unknown } | undefined)?.arguments ?? this.rawLaunch;
    const started = await this.startLive(raw);
    if ('error' in started) return this.fail(response, started.error, started.details, started.program);
    if (!(await this.adopt(started.live))) return this.refuse(response, 'restart: the session ended while it was starting');
    this.rawLaunch = raw;
    this.lastStop = null;
    this.violationsSaid = 0;
    this.endSaid = false;
    for (const b of this.book.rebuild(this.bpContext())) this.sendEvent(new Event('breakpoint', { reason: 'changed', breakpoint: b }));
    this.sendResponse(response);
    await this.begin();
  }

  /**
   * Makes a started session the current one, releasing the one it replaces; when the session has
   * ended meanwhile, releases the new one instead (false). Two starts in flight (a restart during a
   * launch) thus never leave an engine behind.
   */
  private async adopt(live: Live): Promise<boolean> {
    if (this.ended) { await live.dbg.engine.dispose(); return false; }
    const old = this.live;
    this.live = live;
    await old?.dbg.engine.dispose();
    return true;
  }

  /** Ends the session: cancels an exploration and releases the engine (its worker threads). Idempotent. */
  private async end(): Promise<void> {
    this.ended = true;
    this.explorations.cancel();
    const live = this.live;
    this.live = undefined;
    await live?.dbg.engine.dispose();
  }

  protected async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    await this.end();
    this.sendResponse(response);
    this.shutdown(); // the stdio adapter exits (a server or inline session just ends)
  }

  /**
   * The library calls this when the client's connection closes or fails, and disconnect does: a
   * client that goes away without disconnecting leaves no engine running in a server adapter.
   */
  override shutdown(): void {
    void this.end().catch((e: unknown) => this.internalError('ending the session', e));
    super.shutdown();
  }

  /** VS Code disposes an inline adapter when its session ends (with or without disconnect). */
  override dispose(): void {
    void this.end().catch((e: unknown) => this.internalError('ending the session', e));
    super.dispose();
  }

  protected terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  // ---- output and stops -------------------------------------------------------------------

  private twSource(path: string): DebugProtocol.Source {
    return { name: baseName(path), path };
  }

  private say(text: string, category: 'console' | 'stderr' | 'stdout', source?: DebugProtocol.Source, line?: number, column?: number): void {
    const e = new OutputEvent(`${text}\n`, category) as DebugProtocol.OutputEvent;
    if (source) e.body.source = source;
    if (line !== undefined) e.body.line = line;
    if (column !== undefined) e.body.column = column;
    this.sendEvent(e);
  }

  /** Debugger output: logpoint lines carry their breakpoint's location (clickable). */
  private debuggerOutput(text: string, bp?: Bp): void {
    const where = bp ? this.book.locationOf(bp.id) : undefined;
    this.say(text, 'console', where?.source, where?.line);
  }

  /**
   * Every client learns of each violation as an output event (not only from the stop text), and
   * of the end of the run: outcome and verdict. Going back in time un-says what is undone.
   */
  private announce(live: Live): void {
    const { m, s } = live.dbg;
    if (s.violations.length < this.violationsSaid) this.violationsSaid = s.violations.length;
    for (const v of s.violations.slice(this.violationsSaid)) {
      const line = v.step === 0 && v.kind === 'assertion' ? v.works[0] : undefined;
      this.say(`${v.kind} at ${violationWhere(m, v)}: ${v.message}`, 'stderr', line ? this.twSource(live.args.program) : undefined, line);
    }
    this.violationsSaid = s.violations.length;
    if (s.finished && !this.endSaid) for (const text of endVerdict(m, s)) this.say(text, s.violations.length ? 'stderr' : 'console');
    this.endSaid = s.finished;
  }

  private reportStop(stop: StopInfo): void {
    const live = this.live;
    if (!live) return;
    this.announce(live);
    this.refs.reset();
    this.lastStop = stop;
    const thread = stop.thread >= 0 ? stop.thread + 1 : 1;
    const ev = new StoppedEvent(stop.reason, thread) as DebugProtocol.StoppedEvent;
    ev.body.allThreadsStopped = true;
    ev.body.description = stop.description;
    if (stop.text) ev.body.text = stop.text;
    if (stop.hitBreakpointIds) ev.body.hitBreakpointIds = stop.hitBreakpointIds;
    this.sendEvent(ev);
    if (this.threadBadges) this.sendThreadBadges(live, thread);
    this.sendEvent(new Event(STATE_EVENT, stateSnapshot(this.view(live))));
  }

  /**
   * After an all-threads stop VS Code badges every other thread "Paused" (or the reason of its
   * last own stop, e.g. "Paused on step" for a finished thread). A stop per other thread, keeping
   * the focus, makes each badge say where that thread is: `done: returned 0`, `before run.load`.
   * Only for VS Code: other clients may move their focus on every stopped event.
   */
  private sendThreadBadges(live: Live, focused: number): void {
    const v = this.view(live);
    v.m.program.threads.forEach((_, t) => {
      if (t + 1 === focused) return;
      const e = new StoppedEvent('pause', t + 1) as DebugProtocol.StoppedEvent;
      e.body.allThreadsStopped = false;
      e.body.preserveFocusHint = true;
      e.body.description = threadWhere(v, t);
      this.sendEvent(e);
    });
  }

  /** The presenter's input for the current state. */
  private view(live: Live): View {
    const d = live.dbg;
    const rf = d.engine.reads;
    let stale: StaleView[] | undefined; // computed once per view, when the Variables view or the picture asks
    return {
      m: d.m, s: d.s, parked: d.parked, schedule: d.timeline.schedule, events: d.timeline.events,
      program: { name: baseName(live.args.program), path: live.args.program }, listing: live.listing,
      listingSource: this.listingSource(live.listing),
      ...(this.lastStop ? { stop: this.lastStop } : {}),
      ...(rf ? { reads: (t: number) => readChoices(d.m, d.s, rf, t), stale: () => (stale ??= staleViews(d.m, d.s, rf)) } : {}),
    };
  }

  listingSource(l: Listing): SourceRef {
    const dir = this.host.listingsDir;
    if (l.path) return { name: l.fileName, path: dir && !isAbsolutePath(l.path) ? this.host.join(dir, l.path) : l.path };
    if (dir) return { name: l.fileName, path: this.host.join(dir, l.fileName) };
    return { name: l.fileName, sourceReference: listingSourceReference(l.variant) };
  }

  // ---- execution control ------------------------------------------------------------------

  private threadIndex(live: Live, threadId: number): number {
    const t = threadId - 1;
    return t >= 0 && t < live.loaded.program.threads.length ? t : -1;
  }

  /** Common shape of every execution request: validate, answer, act, report the stop. */
  private async control(response: DebugProtocol.Response, threadId: number, allContinued: boolean,
    act: (d: TraceDebugger, t: number) => StopInfo | null | Promise<StopInfo | null>): Promise<void> {
    const live = this.live;
    if (!live) return this.sendErrorResponse(response, { id: 1002, format: 'the session has not started', showUser: false });
    const t = this.threadIndex(live, threadId);
    if (t < 0) return this.sendErrorResponse(response, { id: 1003, format: `no thread with id ${threadId}`, showUser: false });
    if (live.dbg.running) return this.sendErrorResponse(response, { id: 1004, format: 'threads are running: pause first', showUser: true });
    response.body = { allThreadsContinued: allContinued };
    this.sendResponse(response);
    const stop = await this.guarded(live, t, () => act(live.dbg, t));
    if (stop && this.live === live) this.reportStop(stop);
  }

  /**
   * A failure inside an engine is a bug, not the user's: say so and stay stopped where we are.
   * Unless the session was restarted or ended meanwhile: a run that yields (Continue, a long
   * replay) then finds its engine released, which is no error; it just ends.
   */
  private async guarded(live: Live, t: number, run: () => StopInfo | null | Promise<StopInfo | null>): Promise<StopInfo | null> {
    try {
      return await run();
    } catch (e) {
      if (this.live !== live) return null;
      const why = `tw internal error: ${e instanceof Error ? e.message : String(e)}`;
      this.internalError('a step', e);
      return { reason: 'exception', thread: t, description: why, text: why, exceptionId: 'internal-error' };
    }
  }

  protected stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): Promise<void> {
    return this.control(response, args.threadId, false, (d, t) => d.stepIn(t));
  }

  protected nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): Promise<void> {
    return this.control(response, args.threadId, false, (d, t) => d.next(t));
  }

  protected stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): Promise<void> {
    return this.control(response, args.threadId, false, (d, t) => d.stepOut(t));
  }

  protected stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): Promise<void> {
    return this.control(response, args.threadId, false, (d, t) => d.stepBack(t));
  }

  protected reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse, args: DebugProtocol.ReverseContinueArguments): Promise<void> {
    return this.control(response, args.threadId, false, (d, t) => d.reverseContinue(t));
  }

  protected continueRequest(response: DebugProtocol.ContinueResponse, args: DebugProtocol.ContinueArguments): Promise<void> {
    const single = args.singleThread === true;
    return this.control(response, args.threadId, !single, (d, t) => d.continueRun(t, single ? t : undefined));
  }

  /** Jump to Cursor: the past steps where a thread stood at the line (time travel targets). */
  protected gotoTargetsRequest(response: DebugProtocol.GotoTargetsResponse, args: DebugProtocol.GotoTargetsArguments): void {
    const live = this.live;
    if (!live) return this.refuse(response, 'gotoTargets: the session has not started');
    if (live.dbg.running) return this.refuse(response, 'gotoTargets: threads are running: pause first');
    const onTw = samePath(args.source.path, live.args.program);
    const past = onTw ? live.dbg.pastArrivals(args.line) : [];
    response.body = { targets: past.map((p) => ({ id: p.pos + 1, label: `step ${p.pos}: ${live.dbg.name(p.thread)} at line ${args.line}`, line: args.line })) };
    this.sendResponse(response);
  }

  /** goto: back in time to a target of gotoTargets (the steps after it are dropped, as in Reverse Continue). */
  protected gotoRequest(response: DebugProtocol.GotoResponse, args: DebugProtocol.GotoArguments): Promise<void> {
    const pos = args.targetId - 1;
    const position = this.live?.dbg.timeline.position ?? 0;
    if (pos < 0 || pos >= position) return Promise.resolve(this.refuse(response, `goto: no target ${args.targetId} before the current step ${position} (ask gotoTargets again)`));
    return this.control(response, args.threadId, false, (d, t) => d.jumpBack(pos, t));
  }

  protected pauseRequest(response: DebugProtocol.PauseResponse, args: DebugProtocol.PauseArguments): void {
    const live = this.live;
    const t = live ? this.threadIndex(live, args.threadId) : -1;
    if (!live || t < 0) return this.sendErrorResponse(response, { id: 1003, format: `no thread with id ${args.threadId}`, showUser: false });
    const stop = live.dbg.pause(t);
    this.sendResponse(response);
    if (stop) this.reportStop(stop);
  }

  // ---- inspection -------------------------------------------------------------------------

  protected threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const live = this.live;
    const v = live ? this.view(live) : undefined;
    response.body = { threads: v ? v.m.program.threads.map((_, t) => ({ id: t + 1, name: threadTitle(v, t) })) : [] };
    this.sendResponse(response);
  }

  protected stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const live = this.live;
    const t = live ? this.threadIndex(live, args.threadId) : -1;
    if (!live || t < 0) return this.sendErrorResponse(response, { id: 1003, format: `no thread with id ${args.threadId}`, showUser: false });
    const frames = stackFrames(this.view(live), t);
    const start = args.startFrame ?? 0;
    const end = args.levels ? start + args.levels : frames.length;
    response.body = { stackFrames: frames.slice(start, end).map(dapFrame), totalFrames: frames.length };
    this.sendResponse(response);
  }

  /** The frames index (into the thread's frames) of a DAP frame id, or undefined. */
  private frameIndexOf(live: Live, frameId: number): { t: number; fi: number } | undefined {
    const t = threadOfFrameId(frameId);
    if (this.threadIndex(live, t + 1) < 0) return undefined;
    const f = stackFrames(this.view(live), t).find((x) => x.id === frameId);
    return f ? { t, fi: f.frameIndex } : undefined;
  }

  protected scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const live = this.live;
    const at = live ? this.frameIndexOf(live, args.frameId) : undefined;
    if (!live || !at) return this.sendErrorResponse(response, { id: 1005, format: `no frame ${args.frameId}`, showUser: false });
    response.body = {
      scopes: scopes(this.view(live), at.t, at.fi).map((s) => {
        const out: DebugProtocol.Scope = { name: s.name, variablesReference: this.refs.id(s.ref), expensive: s.expensive };
        if (s.indexed !== undefined) out.indexedVariables = s.indexed;
        if (s.named !== undefined) out.namedVariables = s.named;
        return out;
      }),
    };
    this.sendResponse(response);
  }

  protected variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const live = this.live;
    const ref = this.refs.get(args.variablesReference);
    if (!live || !ref) return this.sendErrorResponse(response, { id: 1006, format: 'these variables are no longer valid', showUser: false });
    const rows = variables(this.view(live), ref, args.start ?? 0, args.count || Number.MAX_SAFE_INTEGER);
    response.body = { variables: rows.map((r) => dapVariable(r, this.refs)) };
    this.sendResponse(response);
  }

  protected evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const live = this.live;
    if (!live) return this.sendErrorResponse(response, { id: 1002, format: 'the session has not started', showUser: false });
    const at = args.frameId !== undefined ? this.frameIndexOf(live, args.frameId) : undefined;
    const thread = at?.t ?? Math.max(0, this.lastStop?.thread ?? 0);
    const frameIndex = at?.fi ?? (live.dbg.s.threads[thread]?.frames.length ?? 0) - 1;
    const r = evaluateText(this.view(live), args.expression, { thread, frameIndex });
    if ('error' in r) return this.sendErrorResponse(response, { id: 2001, format: r.error, showUser: false });
    response.body = { result: r.result, variablesReference: r.ref ? this.refs.id(r.ref) : 0 };
    if (r.type) response.body.type = r.type;
    this.sendResponse(response);
  }

  protected exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const stop = this.lastStop;
    const text = stop?.text ?? stop?.description ?? '';
    response.body = { exceptionId: stop?.exceptionId ?? 'none', description: text, breakMode: 'always', details: { message: text, typeName: stop?.exceptionId ?? 'none' } };
    this.sendResponse(response);
  }

  protected sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): void {
    const variant = listingVariantOfReference(args.source?.sourceReference ?? args.sourceReference);
    const l = variant ? listingFor(variant) : undefined;
    if (!l) return this.sendErrorResponse(response, { id: 1007, format: 'unknown source', showUser: false });
    response.body = { content: l.text, mimeType: 'text/x-c' };
    this.sendResponse(response);
  }

  // ---- breakpoints (BreakpointBook keeps the requests, to rebuild them on restart) ----------

  private bpContext(): Parameters<BreakpointBook['rebuild']>[0] {
    const live = this.live;
    return live ? { m: live.dbg.m, listing: live.listing, statements: live.statements, dbg: live.dbg, program: live.args.program, listingSource: (l) => this.listingSource(l) } : undefined;
  }

  protected setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    response.body = { breakpoints: this.book.setSource(this.bpContext(), args) };
    this.sendResponse(response);
  }

  protected breakpointLocationsRequest(response: DebugProtocol.BreakpointLocationsResponse, args: DebugProtocol.BreakpointLocationsArguments): void {
    response.body = { breakpoints: this.book.locations(this.bpContext(), args) };
    this.sendResponse(response);
  }

  protected setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    response.body = { breakpoints: this.book.setFunctions(this.bpContext(), args.breakpoints) };
    this.sendResponse(response);
  }

  protected setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    response.body = { breakpoints: this.book.setFilters(this.bpContext(), args) };
    this.sendResponse(response);
  }

  protected dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    const container = args.variablesReference !== undefined ? this.refs.get(args.variablesReference) : undefined;
    response.body = this.book.dataInfo(this.bpContext(), container, args.name);
    this.sendResponse(response);
  }

  protected setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    response.body = { breakpoints: this.book.setData(this.bpContext(), args.breakpoints) };
    this.sendResponse(response);
  }

  // ---- custom requests --------------------------------------------------------------------

  protected customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    const live = this.live;
    if (command === SCHEDULE_REQUEST && live) {
      const names = live.dbg.timeline.schedule.map((t) => threadName(live.dbg.m.ctx, t));
      // Under the LKMM the picks the steps used go after a '|', as a witness's reads: the saved schedule replays them.
      const pins = live.dbg.timeline.usedPins().map((p) => pinText(live.dbg.m, p));
      response.body = { text: formatSchedule(names) + (pins.length ? ` | ${pins.join(', ')}` : ''), steps: names.length, variant: typeof live.loaded.variant === 'string' ? live.loaded.variant : live.loaded.variant.name, file: live.args.program };
      return this.sendResponse(response);
    }
    if (command === TIMELINE_REQUEST && live) {
      response.body = timelineData(live.dbg);
      return this.sendResponse(response);
    }
    if (command === REPLAY_REQUEST && live) return this.replayRequest(live, response, args as ReplayArgs);
    if (command === READ_FROM_REQUEST && live) return this.readFromRequest(live, response, args as { threadId: number; write?: string });
    if (command === EXPLORE_REQUEST && live) {
      if (live.dbg.running) return this.sendErrorResponse(response, { id: 1004, format: 'threads are running: pause first', showUser: true });
      void this.explorations.run(live.dbg, response, args, this.clientProgress, {
        send: (e) => this.sendEvent(e), respond: (r) => this.sendResponse(r), say: (text) => this.say(text, 'console'),
        fail: (r, msg) => this.sendErrorResponse(r, { id: 3001, format: msg, showUser: true }),
      });
      return;
    }
    this.sendErrorResponse(response, { id: 1008, format: live ? `unknown request '${command}'` : 'the session has not started', showUser: false });
  }

  /** The timeline's travel (the schema checked the arguments' shape). */
  private replayRequest(live: Live, response: DebugProtocol.Response, args: ReplayArgs): void {
    if (live.dbg.running) return this.sendErrorResponse(response, { id: 1004, format: 'threads are running: pause first', showUser: true });
    let done: ReturnType<typeof travelRequest>;
    try {
      done = travelRequest(live.dbg, args);
    } catch (e) {
      this.internalError('tw/replay', e);
      return this.sendErrorResponse(response, { id: 3002, format: `tw internal error: ${e instanceof Error ? e.message : String(e)}`, showUser: true });
    }
    if (typeof done === 'string') return this.sendErrorResponse(response, { id: 1009, format: done, showUser: true });
    response.body = done.outcome;
    this.sendResponse(response);
    this.reportStop(done.stop);
  }

  /** Pins a thread's next read under the LKMM, or without `write` lists its choices (the schema checked the shape). */
  private readFromRequest(live: Live, response: DebugProtocol.Response, args: { threadId: number; write?: string }): void {
    const r = readFromAnswer(live.dbg, this.threadIndex(live, args.threadId), args);
    if ('error' in r) return this.sendErrorResponse(response, { id: 1010, format: r.error, showUser: true });
    response.body = r.body;
    this.sendResponse(response);
    if (!('pin' in r.body)) return;
    this.say(`${r.body.pin}: ${live.dbg.name(args.threadId - 1)}'s next read takes ${args.write ?? '?'}`, 'console');
    if (this.clientInvalidated) this.sendEvent(new InvalidatedEvent(['variables'], args.threadId));
    this.sendEvent(new Event(STATE_EVENT, stateSnapshot(this.view(live)))); // the picture marks the picked read
  }

  protected cancelRequest(response: DebugProtocol.CancelResponse, args: DebugProtocol.CancelArguments): void {
    this.explorations.cancel(args.progressId, args.requestId);
    this.sendResponse(response);
  }
}
