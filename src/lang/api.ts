// The kernel API and the queries a .tw file can call, with their argument kinds and results,
// and the reserved words. One table drives the parser's keyword check, the checker and the compiler.
import type { Builtin } from '../core/program';

/** Static types of .tw values ('null' is NULL before it meets a pointer; 'error' silences cascades). */
export type ValueType = 'int' | 'bool' | 'work' | 'func' | 'null' | 'void' | 'string' | 'error';

/**
 * task: a declared task name; work: any work-valued expression; func: a declared callback name;
 * mode: a TWA_* name; pred: `(cb) => EXPR`; value: any expression; lock: `T.pi_lock` (or `T`);
 * allocWork: a work declared `at` another; cpu: a declared CPU name.
 */
export type ArgKind = 'task' | 'work' | 'func' | 'mode' | 'pred' | 'value' | 'lock' | 'allocWork' | 'cpu';

/**
 * op: an operation of the queue (becomes an op instruction, may store its result);
 * stmt: a statement with no value; query: a read-only builtin, allowed anywhere.
 */
export type ApiEffect = 'op' | 'stmt' | 'query';

export interface ApiSpec {
  name: string;
  args: readonly ArgKind[];
  /** Names of the arguments for "expects 3 arguments (task, work, mode)". */
  argNames: readonly string[];
  result: ValueType;
  effect: ApiEffect;
  /** Only a thread that is some task's `current` may call it (TW209). */
  needsCurrent?: boolean;
  builtin?: Builtin;
}

function api(name: string, args: ArgKind[], argNames: string[], result: ValueType, effect: ApiEffect,
  extra: Partial<ApiSpec> = {}): ApiSpec {
  return { name, args, argNames, result, effect, ...extra };
}

const query = (name: Builtin, arg: ArgKind, result: ValueType): ApiSpec =>
  api(name, [arg], [arg === 'lock' ? 'task.pi_lock' : arg], result, 'query', { builtin: name });

export const APIS: readonly ApiSpec[] = [
  api('task_work_add', ['task', 'work', 'mode'], ['task', 'work', 'mode'], 'int', 'op'),
  api('task_work_cancel_func', ['task', 'func'], ['task', 'func'], 'work', 'op'),
  api('task_work_cancel', ['task', 'work'], ['task', 'work'], 'bool', 'op'),
  api('task_work_cancel_match', ['task', 'pred'], ['task', '(cb) => predicate'], 'work', 'op'),
  api('task_work_run', [], [], 'void', 'stmt', { needsCurrent: true }),
  api('do_exit', [], [], 'void', 'stmt', { needsCurrent: true }),
  api('resume_user_mode_work', [], [], 'void', 'stmt', { needsCurrent: true }),
  api('free', ['work'], ['work'], 'void', 'stmt'),
  api('alloc', ['allocWork'], ['work'], 'void', 'stmt'),
  api('wait_until', ['value'], ['condition'], 'void', 'stmt'),
  api('context_switch', ['cpu', 'task'], ['cpu', 'task'], 'void', 'stmt'),
  api('assert', ['value'], ['condition'], 'void', 'stmt'),
  query('task_work_pending', 'task', 'bool'),
  query('held', 'lock', 'bool'),
  query('exiting', 'task', 'bool'),
  query('notify_resume', 'task', 'bool'),
  query('notify_signal', 'task', 'bool'),
  query('runs', 'work', 'int'),
  query('adds', 'work', 'int'),
  query('cancels', 'work', 'int'),
  query('freed', 'work', 'bool'),
  query('queued', 'work', 'bool'),
];

const BY_NAME = new Map(APIS.map((a) => [a.name, a]));

export function findApi(name: string): ApiSpec | undefined {
  return BY_NAME.get(name);
}

export const API_NAMES: readonly string[] = APIS.map((a) => a.name);

export const DECL_KEYWORDS: readonly string[] = [
  'variant', 'expect', 'task', 'work', 'callback', 'thread', 'setup', 'final', 'invariant', 'schedule', 'option', 'memory', 'cpu',
];

export const STMT_KEYWORDS: readonly string[] = ['let', 'if', 'else', 'repeat', 'while'];

/** Reserved: never a declared name. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  ...DECL_KEYWORDS, ...STMT_KEYWORDS, 'ok', 'current', 'on', 'at', 'NULL', 'true', 'false', ...API_NAMES,
]);

/** Built-in constant names (not keywords, but not declarable either). */
export const CONSTANTS: ReadonlyMap<string, { k: 'int'; v: number } | { k: 'exited' }> = new Map([
  ['ESRCH', { k: 'int', v: 3 } as const],
  ['EINVAL', { k: 'int', v: 22 } as const],
  ['work_exited', { k: 'exited' } as const],
]);

export const OPTIONS: readonly string[] = ['lost-work-at-end'];
/** The memory models a scenario runs under (`memory lkmm;`): sequential consistency or the Linux kernel memory model. */
export const MEMORY_MODELS: readonly string[] = ['sc', 'lkmm'];

/** "an int", "a work": for messages. */
export function describeType(t: ValueType): string {
  switch (t) {
    case 'int': return 'an int';
    case 'bool': return 'a bool';
    case 'work': return 'a work';
    case 'func': return 'a callback';
    case 'null': return 'NULL';
    case 'void': return 'no value';
    case 'string': return 'a string';
    default: return 'an invalid value';
  }
}
