// The protocol side of never dying nor going deaf: FrameReader reads the frames, each request's
// arguments are checked against the DAP schema before its handler runs, and a handler that throws
// is answered with a clean error and an internal-error line (a client never sees a stack trace).
import { DebugSession, OutputEvent, Response } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { requestProblem } from './dapSchema';
import { FrameReader } from './frameReader';

/** The library's method for each standard request (requests not listed go to customRequest). */
const HANDLERS: Readonly<Record<string, string>> = {
  launch: 'launchRequest', disconnect: 'disconnectRequest', terminate: 'terminateRequest', restart: 'restartRequest',
  setBreakpoints: 'setBreakPointsRequest', setFunctionBreakpoints: 'setFunctionBreakPointsRequest',
  setExceptionBreakpoints: 'setExceptionBreakPointsRequest', configurationDone: 'configurationDoneRequest',
  continue: 'continueRequest', next: 'nextRequest', stepIn: 'stepInRequest', stepOut: 'stepOutRequest', stepBack: 'stepBackRequest',
  reverseContinue: 'reverseContinueRequest', goto: 'gotoRequest', pause: 'pauseRequest', stackTrace: 'stackTraceRequest',
  scopes: 'scopesRequest', variables: 'variablesRequest', source: 'sourceRequest', threads: 'threadsRequest',
  evaluate: 'evaluateRequest', gotoTargets: 'gotoTargetsRequest', exceptionInfo: 'exceptionInfoRequest',
  dataBreakpointInfo: 'dataBreakpointInfoRequest', setDataBreakpoints: 'setDataBreakpointsRequest', cancel: 'cancelRequest',
  breakpointLocations: 'breakpointLocationsRequest',
};

/** Given to the library's reader instead of the real input, which FrameReader reads. */
const SILENT_INPUT = { on: () => SILENT_INPUT, resume: () => SILENT_INPUT } as unknown as NodeJS.ReadableStream;

type Handler = (response: DebugProtocol.Response, args: unknown, request: DebugProtocol.Request) => unknown;

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class GuardedSession extends DebugSession {
  /** Reads `inStream` with FrameReader; the library keeps writing to `outStream`. */
  start(inStream: NodeJS.ReadableStream, outStream: NodeJS.WritableStream): void {
    super.start(SILENT_INPUT, outStream);
    const reader = new FrameReader({
      message: (value) => this.handleMessage(value as DebugProtocol.ProtocolMessage),
      problem: (text, request) => this.badFrame(text, request),
    });
    inStream.on('data', (data: Buffer | string) => {
      try {
        reader.push(typeof data === 'string' ? Buffer.from(data) : data);
      } catch (e) {
        this.internalError('reading a frame', e);
      }
    });
    inStream.on('close', () => this.emit('close'));
    inStream.on('error', (e: Error) => this.internalError('reading the input', e));
  }

  /** Messages from the reader or from an inline client (the extension): anything JSON can be. */
  handleMessage(msg: DebugProtocol.ProtocolMessage): void {
    const m = msg as unknown as Record<string, unknown> | null;
    if (typeof m !== 'object' || m === null || Array.isArray(m)) return this.badFrame(`ignored a message that is not a JSON object (${JSON.stringify(m)?.slice(0, 40)})`);
    if (m.type === 'response') return super.handleMessage(msg);
    if (m.type !== 'request') return this.badFrame(`ignored a message of type ${JSON.stringify(m.type)?.slice(0, 40)}: a client sends requests`);
    if (typeof m.command !== 'string' || !Number.isSafeInteger(m.seq)) {
      const response = new Response({ seq: Number.isSafeInteger(m.seq) ? m.seq as number : 0, type: 'request', command: typeof m.command === 'string' ? m.command : '' });
      return this.refuse(response, `a request needs an integer 'seq' and a string 'command'`);
    }
    this.dispatchRequest(msg as DebugProtocol.Request);
  }

  protected dispatchRequest(request: DebugProtocol.Request): void {
    const response = new Response(request);
    const problem = requestProblem(request.command, request.arguments);
    if (problem) return this.refuse(response, problem);
    if (request.command === 'initialize') return this.initialize(request);
    const name = Object.hasOwn(HANDLERS, request.command) ? HANDLERS[request.command] : undefined;
    const self = this as unknown as Record<string, Handler>;
    try {
      const done = name ? self[name]?.call(this, response, request.arguments, request)
        : this.customRequest(request.command, response, request.arguments, request);
      if (done instanceof Promise) done.catch((e: unknown) => this.crashed(response, e));
    } catch (e) {
      this.crashed(response, e);
    }
  }

  /** The library's initialize (client line/column bases); tw serves native paths only. */
  private initialize(request: DebugProtocol.Request): void {
    const args = request.arguments as DebugProtocol.InitializeRequestArguments;
    if (args.pathFormat !== undefined && args.pathFormat !== 'path') {
      return this.refuse(new Response(request), `initialize: tw only serves native paths (pathFormat 'path'), not '${args.pathFormat}'`);
    }
    super.dispatchRequest({ ...request, arguments: { ...args, pathFormat: 'path' } });
  }

  /**
   * Every error answer's text is taken literally: the library reads `{name}` in a format as a
   * placeholder (and `{_stack}`-like ones made it lose the answer), and our messages quote what the
   * client sent. So a message without variables is passed as one variable of a '{_text}' format.
   */
  protected override sendErrorResponse(response: DebugProtocol.Response, codeOrMessage: number | DebugProtocol.Message, format?: string, variables?: unknown, dest?: number): void {
    if (typeof codeOrMessage === 'object' && codeOrMessage.variables === undefined) {
      codeOrMessage = { ...codeOrMessage, format: '{_text}', variables: { _text: codeOrMessage.format } };
    }
    super.sendErrorResponse(response, codeOrMessage, format, variables, dest);
  }

  protected refuse(response: DebugProtocol.Response, message: string): void {
    // '{_text}' keeps braces in the message from being read as the library's {placeholders}
    this.sendErrorResponse(response, { id: 1100, format: '{_text}', variables: { _text: message }, showUser: false });
  }

  /** A handler threw: a bug in tw, not the client's. Answer (if not yet) and say so; never die. */
  private crashed(response: DebugProtocol.Response, e: unknown): void {
    this.internalError(`'${response.command}'`, e);
    if (response.seq === 0) this.refuse(response, `${response.command}: tw internal error: ${messageOf(e)}`);
  }

  protected internalError(where: string, e: unknown): void {
    console.error(e instanceof Error && e.stack ? e.stack : String(e)); // the adapter's own log, not the client
    this.sendEvent(new OutputEvent(`tw internal error in ${where}: ${messageOf(e)}\n`, 'stderr'));
  }

  /** A frame the reader skipped: answered when it was an identifiable request, reported always. */
  private badFrame(text: string, request?: { seq: number; command: string }): void {
    if (request) this.refuse(new Response({ seq: request.seq, type: 'request', command: request.command }), `${request.command}: ${text}`);
    this.sendEvent(new OutputEvent(`tw debug adapter: ${text}\n`, 'stderr'));
  }
}
