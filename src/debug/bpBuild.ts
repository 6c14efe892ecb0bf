// Turns breakpoint requests into Bp objects, or explains why one cannot stop (unverified with a
// message): a line with no atomic step, a label the variant does not have, a bad condition.
import { Machine, Program, StepLabel } from '../core';
import { didYouMean } from '../lang/diagnostics';
import { Bp, BpLocation, DataTarget, emptyCallback } from './breakpoints';
import { compileCondition, parseHitCondition, parseLogMessage } from './bpParts';
import { Listing } from './listing/listing';
import { StatementIndex } from './sourceMap';
import { OP_API } from './arrival';
import { STEP_LABELS } from '../lang';

/** What a client asked for (the fields shared by source, function and data breakpoints). */
export interface BpRequest { line?: number; column?: number; condition?: string; hitCondition?: string; logMessage?: string }

export interface BpResult {
  id: number;
  verified: boolean;
  message?: string;
  line?: number;
  column?: number;
  /** Null when the breakpoint can never stop. */
  bp: Bp | null;
}

export interface BuildContext { m: Machine; listing: Listing; statements: StatementIndex }

function refuse(id: number, message: string, req: BpRequest): BpResult {
  const r: BpResult = { id, verified: false, message, bp: null };
  if (req.line !== undefined) r.line = req.line;
  if (req.column !== undefined) r.column = req.column;
  return r;
}

/** Adds condition, hit count and log message; a string is the reason it cannot be used. */
function decorate(program: Program, bp: Bp, req: BpRequest, block?: number): string | null {
  if (req.condition && req.condition.trim()) {
    const c = compileCondition(program, req.condition, block);
    if ('error' in c) return `condition '${req.condition}': ${c.error}`;
    bp.condition = c;
  }
  if (req.hitCondition && req.hitCondition.trim()) {
    const h = parseHitCondition(req.hitCondition);
    if ('error' in h) return h.error;
    bp.hit = h;
  }
  if (req.logMessage !== undefined && req.logMessage !== '') {
    const l = parseLogMessage(program, req.logMessage);
    if ('error' in l) return l.error;
    bp.log = l;
  }
  return null;
}

function make(c: BuildContext, id: number, at: BpLocation, req: BpRequest, block?: number): BpResult {
  const bp: Bp = { id, at, hits: 0 };
  const bad = decorate(c.m.program, bp, req, block);
  if (bad) return refuse(id, bad, req);
  const r: BpResult = { id, verified: true, bp };
  if (req.line !== undefined) r.line = req.line;
  if (req.column !== undefined) r.column = req.column;
  return r;
}

/** A line (and optional column) breakpoint in the .tw file: before a thread executes that statement. */
export function buildTwBp(c: BuildContext, id: number, req: BpRequest & { line: number }): BpResult {
  const why = c.statements.whyNot(req.line, req.column);
  if (why) return refuse(id, why, req);
  const st = c.statements.onLine(req.line).find((s) => s.stoppable && (req.column === undefined || s.column === req.column));
  const at: BpLocation = req.column === undefined ? { kind: 'tw', line: req.line } : { kind: 'tw', line: req.line, column: req.column };
  return make(c, id, at, req, st?.block);
}

/** A line breakpoint in a model listing (`fileListing` is the listing of the file it was set in). */
export function buildListingBp(c: BuildContext, id: number, fileListing: Listing, req: BpRequest & { line: number }): BpResult {
  const label = fileListing.labelOfLine.get(req.line);
  if (!label) return refuse(id, `line ${req.line} of ${fileListing.fileName} is not an atomic step: use a line that ends in a step label comment`, req);
  if (!c.listing.lineOfLabel.has(label)) {
    return refuse(id, `${label} is not a step of variant ${c.listing.variant} (this session's variant)`, req);
  }
  const r = make(c, id, { kind: 'listing', label }, req);
  if (r.verified && fileListing.variant !== c.listing.variant) {
    r.message = `listing of variant ${fileListing.variant}: stops before ${label} in this ${c.listing.variant} session`;
  }
  return r;
}

function functionNames(c: BuildContext): string[] {
  return [...c.listing.lineOfLabel.keys(), ...Object.values(OP_API), ...c.m.program.funcs.map((f) => f.name),
    'free', 'alloc', 'assert', 'wait', 'branch', 'set'];
}

/** `add.cas`, `cancel.cas@canceller`, `task_work_run`, `fa` (a callback), each with optional `@thread`. */
export function buildFunctionBp(c: BuildContext, id: number, req: BpRequest & { name: string }): BpResult {
  const [target = '', who, extra] = req.name.trim().split('@').map((x) => x.trim());
  if (extra !== undefined) return refuse(id, `'${req.name}': use NAME or NAME@thread`, req);
  let thread: number | undefined;
  if (who !== undefined) {
    thread = c.m.program.threads.findIndex((t) => t.name === who);
    if (thread < 0) return refuse(id, `no thread '${who}'${didYouMean(who, c.m.program.threads.map((t) => t.name))}`, req);
  }
  const at: BpLocation = { kind: 'function' };
  if ((STEP_LABELS as readonly string[]).includes(target)) {
    const label = target as StepLabel;
    const isOp = /\./.test(label);
    if (isOp && !c.listing.lineOfLabel.has(label)) return refuse(id, `${label} is not a step of variant ${c.listing.variant}`, req);
    at.label = label;
  } else if (functionNames(c).includes(target)) {
    at.fn = target;
  } else {
    return refuse(id, `unknown step label, operation or callback '${target}'${didYouMean(target, functionNames(c))}`, req);
  }
  if (thread !== undefined) at.thread = thread;
  const r = make(c, id, at, req);
  if (r.verified && at.fn && emptyCallback(c.m, at.fn)) r.message = `${at.fn} has an empty body: stops before run.call calls it`;
  return r;
}

/** `T.task_works`, `T.pi_lock` (or `held(T.pi_lock)`), `A.next` (also with `->`). */
export function resolveDataId(program: Program, text: string): DataTarget | { error: string } {
  const m = /^\s*(?:held\(\s*)?([A-Za-z_]\w*)\s*(?:\.|->)\s*(task_works|pi_lock|next)\s*\)?\s*$/.exec(text);
  if (!m || !m[1] || !m[2]) return { error: `'${text}' cannot be watched: use T.task_works, T.pi_lock or A.next` };
  const [, obj, field] = m;
  if (field === 'next') {
    const work = program.works.findIndex((w) => w.name === obj);
    if (work < 0) return { error: `no work '${obj}'${didYouMean(obj, program.works.map((w) => w.name))}` };
    return { k: 'next', work };
  }
  const task = program.tasks.findIndex((t) => t.name === obj);
  if (task < 0) return { error: `no task '${obj}'${didYouMean(obj, program.tasks.map((t) => t.name))}` };
  return field === 'pi_lock' ? { k: 'lock', task } : { k: 'taskWorks', task };
}

export function buildDataBp(c: BuildContext, id: number, req: BpRequest & { dataId: string }): BpResult {
  const target = resolveDataId(c.m.program, req.dataId);
  if ('error' in target) return refuse(id, target.error, req);
  return make(c, id, { kind: 'data', target }, req);
}
