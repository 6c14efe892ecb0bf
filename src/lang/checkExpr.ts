// Semantic checks of expressions: resolves every name (annotating the tree for the compiler),
// infers static types, and reports unknown names, wrong kinds and misplaced calls.
import { NOTIFY_MODES, NotifyMode, LocalType } from '../core/program';
import { ExprNode, BinaryNode, Resolution, OpLocalName } from './ast';
import { DiagnosticSink, didYouMean, quote, listOf } from './diagnostics';
import { ValueType, CONSTANTS, describeType, findApi } from './api';
import { Globals, KIND_WORD } from './symbols';
import { checkCall } from './checkCall';

export type BodyKind = 'thread' | 'callback' | 'setup' | 'final' | 'invariant' | 'debug';

export interface LocalInfo {
  slot: number;
  type: LocalType | undefined;
}

/** The locals visible to an expression (a body's `let`s, or a compiled block's locals). */
export interface LocalScope {
  find(name: string): LocalInfo | undefined;
  /** Definitely assigned at this point of the body. */
  assigned(name: string): boolean;
  names(): string[];
}

export interface ExprEnv {
  globals: Globals;
  sink: DiagnosticSink;
  body: BodyKind;
  /** Task index the thread runs as `current` of, or -1. */
  current: number;
  /** The CPU an `on(CPU)` thread runs on (its current is the CPU's), or -1 / absent. */
  cpu?: number;
  /** The enclosing callback's parameter name (or '' for a callback without one). */
  cbParam?: string;
  /** The candidate's name inside a match predicate. */
  predParam?: string;
  locals: LocalScope;
  /** Set where task_work_* operations and statements cannot appear: "in an invariant", ... */
  noOps?: string;
  /** Debugger expressions: op locals, `thread == "x"`, `step == "x"`. */
  debug?: { stepLabels: readonly string[] };
}

const OP_LOCALS: readonly OpLocalName[] = ['h', 'work', 'pprev', 'next', 'head'];

export function localTypeOf(t: ValueType): LocalType | undefined {
  if (t === 'null') return 'work';
  return t === 'int' || t === 'bool' || t === 'work' || t === 'func' ? t : undefined;
}

const isNumeric = (t: ValueType): boolean => t === 'int' || t === 'bool' || t === 'error';

/** Checks a value-position expression and returns its static type. */
export function checkExpr(e: ExprNode, env: ExprEnv): ValueType {
  switch (e.kind) {
    case 'int': return 'int';
    case 'bool': return 'bool';
    case 'null': return 'null';
    case 'exited': return 'work';
    case 'error': return 'error';
    case 'string':
      env.sink.error('TW101', e.range, env.debug
        ? "a string can only be compared with 'thread' or 'step' (thread == \"owner\")"
        : 'a string is only allowed as the text of a schedule declaration');
      return 'error';
    case 'name': return checkName(e, env);
    case 'field': return checkField(e, env);
    case 'call': return checkCall(e, env, false);
    case 'lambda':
      env.sink.error('TW203', e.range, "a match predicate '(cb) => ...' is only allowed as the second argument of task_work_cancel_match");
      return 'error';
    case 'unary': {
      const t = checkExpr(e.operand, env);
      if (e.op === '!') return 'bool';
      expectNumeric(t, e.operand, "unary '-'", env);
      return 'int';
    }
    case 'binary': return checkBinary(e, env);
  }
}

function expectNumeric(t: ValueType, e: ExprNode, what: string, env: ExprEnv): void {
  if (!isNumeric(t)) env.sink.error('TW203', e.range, `${what} needs a number, found ${describeType(t)}`);
}

function checkBinary(e: BinaryNode, env: ExprEnv): ValueType {
  if (env.debug && (e.op === '==' || e.op === '!=') && checkDebugCompare(e, env)) return 'bool';
  const l = checkExpr(e.left, env);
  const r = checkExpr(e.right, env);
  switch (e.op) {
    case '&&': case '||': return 'bool';
    case '==': case '!=':
      if (!comparable(l, r)) env.sink.error('TW203', e.range, `cannot compare ${describeType(l)} with ${describeType(r)}`);
      return 'bool';
    default:
      expectNumeric(l, e.left, `operator '${e.op}'`, env);
      expectNumeric(r, e.right, `operator '${e.op}'`, env);
      return e.op === '+' || e.op === '-' ? 'int' : 'bool';
  }
}

function comparable(l: ValueType, r: ValueType): boolean {
  if (l === 'error' || r === 'error' || l === 'null' || r === 'null') return true;
  if (isNumeric(l) && isNumeric(r)) return true;
  return l === r && l !== 'void' && l !== 'string';
}

/** `thread == "name"` and `step == "label"` (either order); false if e is not one of them. */
function checkDebugCompare(e: BinaryNode, env: ExprEnv): boolean {
  const [key, str] = e.right.kind === 'string' ? [e.left, e.right] : [e.right, e.left];
  if (key.kind !== 'name' || str.kind !== 'string' || (key.name !== 'thread' && key.name !== 'step')) return false;
  if (key.name === 'step' && env.locals.find('step')) return false; // a user's local named step
  if (key.name === 'thread') {
    const id = env.globals.threads.indexOf(str.value);
    if (id < 0) {
      env.sink.error('TW201', str.range, `unknown thread ${quote(str.value)}${didYouMean(str.value, env.globals.threads)}`);
    }
    e.special = { k: 'thread', id };
    return true;
  }
  const labels = env.debug?.stepLabels ?? [];
  if (!labels.includes(str.value)) {
    env.sink.warning('TW201', str.range, `unknown step label ${quote(str.value)}${didYouMean(str.value, labels)}`);
  }
  e.special = { k: 'step', label: str.value };
  return true;
}

/** Resolves a name in value position; `expected: 'work'` makes an unknown name TW210. */
function checkName(e: Extract<ExprNode, { kind: 'name' }>, env: ExprEnv, expected?: 'work'): ValueType {
  const res = resolve(e.name, env);
  if (res === 'unassigned') {
    env.sink.error('TW214', e.range, `local ${quote(e.name)} is used before it is assigned on every path to here`);
    return env.locals.find(e.name)?.type ?? 'error';
  }
  if (!res) return unknownName(e, env, expected);
  e.res = res;
  switch (res.k) {
    case 'local': return env.locals.find(e.name)?.type ?? 'error';
    case 'task':
      env.sink.error('TW203', e.range, `task ${quote(e.name)} is not a value here (use ${e.name}.task_works or a query such as task_work_pending(${e.name}))`);
      return 'error';
    case 'cpu':
      env.sink.error('TW203', e.range, `CPU ${quote(e.name)} is not a value (it is named only in context_switch(${e.name}, TASK) and in 'thread NAME on(${e.name})')`);
      return 'error';
    case 'mode':
      env.sink.error('TW203', e.range, `mode ${quote(e.name)} is only allowed as the third argument of task_work_add`);
      return 'error';
    case 'func': return 'func';
    case 'int': return 'int';
    case 'opLocal': return res.name === 'pprev' ? 'int' : 'work';
    default: return 'work'; // work, cb, outerCb, exited
  }
}

/** What `name` stands for here; 'unassigned' for a local not yet definitely assigned. */
export function resolve(name: string, env: ExprEnv): Resolution | 'unassigned' | undefined {
  if (env.predParam === name) return { k: 'cb' };
  if (env.cbParam === name && name !== '') return env.predParam !== undefined ? { k: 'outerCb' } : { k: 'cb' };
  const local = env.locals.find(name);
  if (local) return env.locals.assigned(name) ? { k: 'local', slot: local.slot } : 'unassigned';
  const g = env.globals.names.get(name);
  if (g) return { k: g.kind, id: g.id };
  const c = CONSTANTS.get(name);
  if (c) return c;
  if ((NOTIFY_MODES as readonly string[]).includes(name)) return { k: 'mode', mode: name as NotifyMode };
  if (env.debug && (OP_LOCALS as readonly string[]).includes(name)) return { k: 'opLocal', name: name as OpLocalName };
  return undefined;
}

function unknownName(e: Extract<ExprNode, { kind: 'name' }>, env: ExprEnv, expected?: 'work'): ValueType {
  const name = e.name;
  if (name === 'cb' && env.predParam === undefined && env.cbParam !== 'cb') {
    const why = env.cbParam === '' ? ": this callback has no parameter (write 'callback NAME(cb)')"
      : env.cbParam !== undefined ? `: this callback's parameter is named ${quote(env.cbParam)}`
        : ' is only available inside a callback or a match predicate';
    env.sink.error('TW215', e.range, `'cb'${why}`);
    return 'error';
  }
  if (env.debug && (name === 'thread' || name === 'step')) {
    env.sink.error('TW101', e.range, `'${name}' can only be compared with a string: ${name} == "${name === 'thread' ? 'owner' : 'add.cas'}"`);
    return 'error';
  }
  const params = [env.cbParam, env.predParam].filter((p): p is string => !!p);
  if (expected === 'work') {
    const works = [...env.globals.works, ...params, ...env.locals.names().filter((l) => env.locals.find(l)?.type === 'work')];
    env.sink.error('TW210', e.range, `work ${quote(name)} is not declared${didYouMean(name, works)}`);
  } else {
    const all = [...env.locals.names(), ...params, ...env.globals.names.keys(), ...CONSTANTS.keys(), 'NULL', 'true', 'false'];
    const call = findApi(name) ? ` (${name} is a function: call it with '(...)')` : '';
    env.sink.error('TW201', e.range, `unknown name ${quote(name)}${didYouMean(name, all)}${call}`);
  }
  return 'error';
}

const TASK_FIELDS = ['task_works', 'pi_lock'];
const WORK_FIELDS = ['next', 'func'];

function checkField(e: Extract<ExprNode, { kind: 'field' }>, env: ExprEnv): ValueType {
  const obj = e.obj;
  const f = e.field.text;
  const sym = obj.kind === 'name' && !env.locals.find(obj.name) ? env.globals.names.get(obj.name) : undefined;
  if (obj.kind === 'name' && sym?.kind === 'task') {
    obj.res = { k: 'task', id: sym.id };
    if (f === 'task_works') return 'work';
    if (f === 'pi_lock') {
      env.sink.error('TW203', e.range, `${obj.name}.pi_lock is a lock, not a value: use held(${obj.name}.pi_lock)`);
    } else {
      env.sink.error('TW201', e.field.range, `unknown field ${quote(f)} of a task (expected ${listOf(TASK_FIELDS)})${didYouMean(f, TASK_FIELDS)}`);
    }
    return 'error';
  }
  const t = checkWorkValue(obj, env);
  if (f === 'next') return 'work';
  if (f === 'func') return 'func';
  if (t !== 'error') {
    env.sink.error('TW201', e.field.range, `unknown field ${quote(f)} of a work (expected ${listOf(WORK_FIELDS)})${didYouMean(f, WORK_FIELDS)}`);
  }
  return 'error';
}

/** An expression that must be a work (a work name, a local holding one, cb, A.next, ...). */
export function checkWorkValue(e: ExprNode, env: ExprEnv): ValueType {
  const r = e.kind === 'name' ? resolve(e.name, env) : undefined;
  if (e.kind === 'name' && r && r !== 'unassigned' && (r.k === 'task' || r.k === 'mode')) {
    env.sink.error('TW203', e.range, `expected a work, found ${r.k === 'task' ? 'task' : 'mode'} ${quote(e.name)}`);
    return 'error';
  }
  const t = e.kind === 'name' ? checkName(e, env, 'work') : checkExpr(e, env);
  if (t !== 'work' && t !== 'error') {
    const what = e.kind === 'name' && e.res?.k === 'func' ? `${KIND_WORD.func} ${quote(e.name)}` : describeType(t);
    env.sink.error('TW203', e.range, `expected a work, found ${what}`);
    return 'error';
  }
  return t;
}
