// Every DAP request's arguments checked against the protocol's schema before a handler sees them
// (@vscode/debugprotocol ships types only, no JSON schema: the fields tw reads are written out here);
// requests tw does not implement are refused with the reason.
import { EXPLORE_REQUEST, REPLAY_REQUEST, SCHEDULE_REQUEST, TIMELINE_REQUEST, READ_FROM_REQUEST } from '../protocol/messages';

/**
 * A value's expected shape: a JSON type, `natural` (an integer >= 0), `text` (a string tw parses,
 * at most MAX_TEXT characters), an array of a shape, or an object.
 */
export type Shape = 'string' | 'text' | 'integer' | 'natural' | 'boolean' | 'object' | { array: Shape } | Fields;
/** An object's fields; a key ending in '?' is optional. Other keys are allowed (clients add their own). */
export interface Fields { [key: string]: Shape }

/** Expressions and conditions are parsed; a longer one would keep the adapter busy for seconds. */
export const MAX_TEXT = 10000;

const SOURCE: Fields = { 'name?': 'string', 'path?': 'string', 'sourceReference?': 'integer', 'presentationHint?': 'string', 'origin?': 'string' };
const THREAD: Fields = { threadId: 'integer', 'singleThread?': 'boolean', 'granularity?': 'string' };
const CONDITIONS: Fields = { 'condition?': 'text', 'hitCondition?': 'text' };

/** Each request's arguments; `null`: no arguments needed (any object or none is accepted). */
const REQUESTS: Readonly<Record<string, Fields | null>> = {
  initialize: { adapterID: 'string', 'linesStartAt1?': 'boolean', 'columnsStartAt1?': 'boolean', 'pathFormat?': 'string', 'supportsProgressReporting?': 'boolean' },
  launch: null, // validateLaunchArgs names each bad launch attribute
  restart: { 'arguments?': 'object' },
  disconnect: { 'restart?': 'boolean', 'terminateDebuggee?': 'boolean', 'suspendDebuggee?': 'boolean' },
  terminate: { 'restart?': 'boolean' },
  configurationDone: null,
  threads: null,
  setBreakpoints: { source: SOURCE, 'breakpoints?': { array: { line: 'integer', 'column?': 'integer', 'logMessage?': 'text', ...CONDITIONS } }, 'lines?': { array: 'integer' }, 'sourceModified?': 'boolean' },
  setFunctionBreakpoints: { breakpoints: { array: { name: 'text', ...CONDITIONS } } },
  setExceptionBreakpoints: { filters: { array: 'string' }, 'filterOptions?': { array: { filterId: 'string', 'condition?': 'text', 'mode?': 'string' } } },
  setDataBreakpoints: { breakpoints: { array: { dataId: 'string', 'accessType?': 'string', ...CONDITIONS } } },
  dataBreakpointInfo: { name: 'text', 'variablesReference?': 'integer', 'frameId?': 'integer' },
  breakpointLocations: { source: SOURCE, line: 'integer', 'column?': 'integer', 'endLine?': 'integer', 'endColumn?': 'integer' },
  continue: THREAD, next: THREAD, stepIn: { ...THREAD, 'targetId?': 'integer' }, stepOut: THREAD, stepBack: THREAD, reverseContinue: THREAD,
  pause: { threadId: 'integer' },
  goto: { threadId: 'integer', targetId: 'integer' },
  gotoTargets: { source: SOURCE, line: 'integer', 'column?': 'integer' },
  stackTrace: { threadId: 'integer', 'startFrame?': 'natural', 'levels?': 'natural', 'format?': 'object' },
  scopes: { frameId: 'integer' },
  variables: { variablesReference: 'integer', 'filter?': 'string', 'start?': 'natural', 'count?': 'natural', 'format?': 'object' },
  evaluate: { expression: 'text', 'frameId?': 'integer', 'context?': 'string', 'format?': 'object' },
  exceptionInfo: { threadId: 'integer' },
  source: { 'source?': SOURCE, sourceReference: 'integer' },
  cancel: { 'requestId?': 'integer', 'progressId?': 'string' },
  [SCHEDULE_REQUEST]: null,
  [TIMELINE_REQUEST]: null,
  [REPLAY_REQUEST]: { plan: { array: { thread: 'natural', label: 'string', ok: 'integer' } }, upTo: 'natural', 'threadId?': 'integer' },
  [READ_FROM_REQUEST]: { threadId: 'integer', 'write?': 'string' },
  [EXPLORE_REQUEST]: { 'strategy?': 'string', 'bound?': 'natural', 'maxExecutions?': 'natural', 'timeoutMs?': 'natural', 'seed?': 'natural', 'maxSteps?': 'natural' },
};

/** Requests the protocol defines that tw does not implement, and why (capabilities say false). */
const REFUSED: Readonly<Record<string, string>> = {
  attach: 'tw cannot attach: it runs the scenario itself, so use a launch configuration',
  setVariable: 'tw does not change values while debugging: the state is what the steps taken made it (Step Back, or edit the scenario and restart)',
  setExpression: 'tw does not change values while debugging: the state is what the steps taken made it (Step Back, or edit the scenario and restart)',
  completions: 'tw offers no completions in the Debug Console',
  restartFrame: 'tw cannot restart a frame: use Step Back or Reverse Continue',
  stepInTargets: 'tw has a single step-in target per step: use Step Into',
  terminateThreads: 'tw cannot terminate a single thread: pause it (Continue then skips it)',
  loadedSources: 'tw does not list loaded sources: the scenario and the model listings are the only ones',
  readMemory: 'tw has no memory to read: inspect the model through Variables',
  writeMemory: 'tw has no memory to write',
  disassemble: 'tw has no machine code: the model listings show the atomic steps',
  setInstructionBreakpoints: 'tw has no instructions: set breakpoints in the model listings',
  locations: 'tw has no location references',
};

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (typeof v === 'object') return 'an object';
  return String(v);
}

const WANTED: Record<string, string> = {
  string: 'a string', text: 'a string', integer: 'an integer', natural: 'an integer >= 0', boolean: 'true or false', object: 'an object',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isArrayShape(shape: Exclude<Shape, string>): shape is { array: Shape } {
  return Object.keys(shape).length === 1 && 'array' in shape;
}

/** What is wrong with `v` at `path` (one sentence), or null. Arrays are checked element by element. */
function check(v: unknown, shape: Shape, path: string): string | null {
  if (shape === 'text' && typeof v === 'string' && v.length > MAX_TEXT) {
    return `argument '${path}' is ${v.length} characters long: tw reads at most ${MAX_TEXT}`;
  }
  if (typeof shape === 'string') {
    const ok = shape === 'string' || shape === 'text' ? typeof v === 'string'
      : shape === 'boolean' ? typeof v === 'boolean'
        : shape === 'object' ? isObject(v)
          : Number.isSafeInteger(v) && (shape === 'integer' || (v as number) >= 0);
    return ok ? null : `argument '${path}' must be ${WANTED[shape]}, got ${typeName(v)}`;
  }
  if (isArrayShape(shape)) {
    const inner = shape.array;
    if (!Array.isArray(v)) return `argument '${path}' must be an array, got ${typeName(v)}`;
    for (let i = 0; i < v.length; i++) {
      const e = check(v[i], inner, `${path}[${i}]`);
      if (e) return e;
    }
    return null;
  }
  if (!isObject(v)) return `argument '${path}' must be an object, got ${typeName(v)}`;
  return checkFields(v, shape, `${path}.`);
}

function checkFields(v: Record<string, unknown>, fields: Fields, prefix: string): string | null {
  for (const [key, shape] of Object.entries(fields)) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    const value = v[name];
    if (value === undefined && optional) continue;
    if (value === undefined) return `argument '${prefix}${name}' is required`;
    const e = check(value, shape, `${prefix}${name}`);
    if (e) return e;
  }
  return null;
}

/**
 * Why a request must be refused before its handler runs (one sentence: the command, then what
 * is wrong), or null when its arguments have the protocol's shape.
 */
export function requestProblem(command: string, args: unknown): string | null {
  // own properties only: a command named 'constructor' or '__proto__' is just unknown
  if (Object.hasOwn(REFUSED, command)) return `${command}: ${REFUSED[command]}`;
  if (!Object.hasOwn(REQUESTS, command)) return null; // unknown commands go to customRequest, which names them
  const fields = REQUESTS[command] ?? null;
  if (fields === null) {
    return args === undefined || isObject(args) ? null : `${command}: the arguments must be an object, got ${typeName(args)}`;
  }
  if (!isObject(args)) {
    const required = Object.keys(fields).filter((k) => !k.endsWith('?'));
    if (args === undefined && required.length === 0) return null;
    return `${command}: the arguments must be an object${required.length ? ` with ${required.map((k) => `'${k}'`).join(', ')}` : ''}, got ${args === undefined ? 'none' : typeName(args)}`;
  }
  const e = checkFields(args, fields, '');
  return e ? `${command}: ${e}` : null;
}
