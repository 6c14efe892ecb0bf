// Semantic checks of API calls and their arguments: arity (TW208), argument kinds (TW201/203/206/
// 210/213), and where a call may appear (TW209: current-only operations, side effects in pure places).
import { NOTIFY_MODES } from '../core/program';
import { CallNode, ExprNode } from './ast';
import { didYouMean, quote, listOf } from './diagnostics';
import { ApiSpec, ArgKind, ValueType, API_NAMES, CONSTANTS, findApi } from './api';
import { ExprEnv, checkExpr, checkWorkValue, resolve } from './checkExpr';
import { GlobalKind, KIND_WORD } from './symbols';

/** Checks a call; `stmt` when it is a whole statement (its value, if any, is dropped). */
export function checkCall(node: CallNode, env: ExprEnv, stmt: boolean): ValueType {
  const name = node.callee.text;
  const spec = findApi(name);
  if (!spec) {
    env.sink.error('TW207', node.callee.range, `unknown function ${quote(name)}${didYouMean(name, API_NAMES)}`);
    return 'error';
  }
  const value = stmt || spec.result !== 'void';
  if (!value) env.sink.error('TW203', node.range, `${name}() has no value: call it as a statement`);
  if (spec.effect !== 'query' && env.noOps && !(stmt && name === 'assert')) {
    env.sink.error('TW209', node.callee.range, `${name}() is not allowed ${env.noOps}`);
  } else if (spec.needsCurrent) checkCurrent(node, env);
  if (node.args.length !== spec.args.length) {
    const n = spec.args.length;
    const list = n === 0 ? 'no arguments' : `${n} argument${n > 1 ? 's' : ''} (${spec.argNames.join(', ')})`;
    env.sink.error('TW208', node.range, `${name}() expects ${list}, found ${node.args.length}`);
  }
  spec.args.forEach((kind, i) => {
    const a = node.args[i];
    if (a) checkArg(spec, kind, a, node.args, env);
  });
  return value ? spec.result : 'error';
}

function checkCurrent(node: CallNode, env: ExprEnv): void {
  const name = `${node.callee.text}()`;
  if (env.body === 'callback') {
    env.sink.error('TW209', node.callee.range, `${name} cannot be called from a callback: callbacks already run inside task_work_run()`);
  } else if (env.body === 'setup') {
    env.sink.error('TW209', node.callee.range, `${name} cannot be called from setup: setup is not any task's current`);
  } else if ((env.cpu ?? -1) >= 0) {
    env.sink.error('TW209', node.callee.range, `${name} cannot be called from an 'on(CPU)' thread: it stands for an interrupt on that CPU, not for a task (declare 'thread NAME current(TASK)')`);
  } else if (env.current < 0) {
    env.sink.error('TW209', node.callee.range, `${name} must be called by a task's current: declare the thread as 'thread NAME current(TASK)'`);
  }
}

function checkArg(spec: ApiSpec, kind: ArgKind, a: ExprNode, args: readonly ExprNode[], env: ExprEnv): void {
  switch (kind) {
    case 'task': checkGlobalArg(a, env, 'task', spec.effect === 'op'); return;
    case 'cpu': checkGlobalArg(a, env, 'cpu'); return;
    case 'func': checkGlobalArg(a, env, 'func'); return;
    case 'work': checkWorkValue(a, env); return;
    case 'mode': checkMode(a, env, args[0]); return;
    case 'pred': checkPred(a, env); return;
    case 'lock': checkLock(a, env); return;
    case 'allocWork': checkAllocWork(a, env); return;
    case 'value': {
      const wait = spec.name === 'wait_until' && !env.noOps;
      checkExpr(a, wait ? { ...env, noOps: 'in a wait_until condition (it is re-evaluated while the thread waits)' } : env);
    }
  }
}

/** "work 'A'", "local 'x'", "an int": what a name or expression that was not wanted is. */
function describeArg(a: ExprNode, env: ExprEnv): string {
  if (a.kind === 'null') return 'NULL';
  if (a.kind !== 'name') return 'an expression';
  const r = resolve(a.name, env);
  if (r === 'unassigned' || r?.k === 'local') return `local ${quote(a.name)}`;
  if (r && (r.k === 'task' || r.k === 'work' || r.k === 'func' || r.k === 'cpu')) return `${KIND_WORD[r.k]} ${quote(a.name)}`;
  return quote(a.name);
}

/**
 * `current` as an operation's task: the thread's own task (`current(TASK)`), or in an `on(CPU)`
 * thread whatever task the CPU runs when the call starts (resolution id -1).
 */
function checkCurrentArg(a: Extract<ExprNode, { kind: 'name' }>, env: ExprEnv, op: boolean): void {
  if (env.body === 'thread' && env.current >= 0) { a.res = { k: 'task', id: env.current }; return; }
  if (env.body === 'thread' && (env.cpu ?? -1) >= 0 && op) { a.res = { k: 'task', id: -1 }; return; }
  const why = (env.cpu ?? -1) >= 0 ? 'in an on(CPU) thread it names a task only in task_work_* calls (the CPU may switch tasks)'
    : "only a thread declared 'current(TASK)' or 'on(CPU)' has one";
  env.sink.error('TW209', a.range, `'current' is no task here: ${why}`);
}

/** A task or callback argument: must be the declared name itself. */
function checkGlobalArg(a: ExprNode, env: ExprEnv, kind: GlobalKind, op = false): void {
  const word = KIND_WORD[kind];
  if (kind === 'task' && a.kind === 'name' && a.name === 'current' && !env.locals.find(a.name)) return checkCurrentArg(a, env, op);
  if (a.kind === 'name' && !env.locals.find(a.name)) {
    const sym = env.globals.names.get(a.name);
    if (sym?.kind === kind && a.name !== env.cbParam && a.name !== env.predParam) {
      a.res = kind === 'task' ? { k: 'task', id: sym.id } : kind === 'cpu' ? { k: 'cpu', id: sym.id } : { k: 'func', id: sym.id };
      return;
    }
    if (resolve(a.name, env) === undefined) {
      const names = kind === 'task' ? env.globals.tasks : kind === 'cpu' ? env.globals.cpus : env.globals.funcs;
      env.sink.error('TW201', a.range, `unknown ${word} ${quote(a.name)}${didYouMean(a.name, names)}`);
      return;
    }
  }
  env.sink.error('TW203', a.range, `expected a ${word} name, found ${describeArg(a, env)}`);
}

function checkMode(a: ExprNode, env: ExprEnv, task: ExprNode | undefined): void {
  const r = a.kind === 'name' ? resolve(a.name, env) : undefined;
  if (a.kind !== 'name' || !r || r === 'unassigned' || r.k !== 'mode') {
    const found = a.kind === 'name' ? quote(a.name) : 'an expression';
    const hint = a.kind === 'name' ? didYouMean(a.name, NOTIFY_MODES) : '';
    env.sink.error('TW206', a.range, `unknown mode ${found}: expected ${listOf(NOTIFY_MODES)}${hint}`);
    return;
  }
  a.res = r;
  if (r.mode === 'TWA_NMI_CURRENT') checkNmiCurrent(task, a, env);
}

/**
 * TWA_NMI_CURRENT queues only on current; anywhere else the kernel returns -EINVAL. A scenario may
 * want to show that, so it is a warning (TW209), not an error. In a callback the runner is current.
 */
function checkNmiCurrent(task: ExprNode | undefined, a: ExprNode, env: ExprEnv): void {
  if (env.body !== 'thread' && env.body !== 'setup') return;
  if ((env.cpu ?? -1) >= 0) return; // on a CPU, current is whatever the CPU runs when the call starts
  const target = task?.kind === 'name' && task.res?.k === 'task' ? task.res.id : -1;
  if (task?.kind === 'name' && task.name === 'current') return; // current is current
  if (env.current < 0) {
    env.sink.warning('TW209', a.range, "TWA_NMI_CURRENT from a thread that is no task's current: task_work_add returns -EINVAL (declare 'thread NAME current(TASK)')");
  } else if (target >= 0 && target !== env.current) {
    env.sink.warning('TW209', a.range, `TWA_NMI_CURRENT on ${quote(task?.kind === 'name' ? task.name : '')}, which is not this thread's task: task_work_add returns -EINVAL`);
  }
}

/** `(cb) => PRED`: the parameter is the candidate work; no operations inside. */
function checkPred(a: ExprNode, env: ExprEnv): void {
  if (a.kind !== 'lambda') {
    env.sink.error('TW203', a.range, `expected a match predicate such as '(cb) => cb->func == fa', found ${describeArg(a, env)}`);
    return;
  }
  const p = a.param.text;
  const clash = env.locals.find(p) ? 'a local' : env.globals.names.has(p) || CONSTANTS.has(p) ? 'a declared name' : undefined;
  if (clash && p !== env.cbParam) {
    env.sink.error('TW202', a.param.range, `predicate parameter ${quote(p)} hides ${clash}: choose another name, such as 'cb'`);
  }
  checkExpr(a.body, { ...env, predParam: p, noOps: 'in a match predicate' });
}

function checkLock(a: ExprNode, env: ExprEnv): void {
  const task = a.kind === 'field' && a.field.text === 'pi_lock' ? a.obj : a.kind === 'name' ? a : undefined;
  if (task?.kind === 'name') { checkGlobalArg(task, env, 'task'); return; }
  env.sink.error('TW203', a.range, `held() expects a task's lock, such as held(T.pi_lock), found ${describeArg(a, env)}`);
}

/** alloc(W): W must be a work declared `at` another work (its address is reused). */
function checkAllocWork(a: ExprNode, env: ExprEnv): void {
  if (a.kind === 'name' && env.globals.names.get(a.name)?.kind === 'work' && !env.locals.find(a.name)) {
    const sym = env.globals.names.get(a.name);
    if (sym) a.res = { k: 'work', id: sym.id };
    if (!env.globals.atWorks.has(a.name)) {
      env.sink.error('TW213', a.range, `alloc(${a.name}) needs a work declared at another work's address ('work ${a.name} = FUNC at OTHER;'); ${a.name} is allocated from the start`);
    }
    return;
  }
  if (a.kind === 'name' && resolve(a.name, env) === undefined) {
    env.sink.error('TW210', a.range, `work ${quote(a.name)} is not declared${didYouMean(a.name, env.globals.works)}`);
    return;
  }
  env.sink.error('TW203', a.range, `alloc() needs the name of a declared work, found ${describeArg(a, env)}`);
}
