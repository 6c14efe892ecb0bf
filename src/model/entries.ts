// Which function of a listing an API call of a scenario enters. Releases differ: before 5.12 the only
// cancel is task_work_cancel(task, func), comparing work->func itself; from 5.12 on there is
// task_work_cancel_match(task, match, data), which a scenario's own predicate (by func, by node) can
// drive; task_work_cancel(task, cb) by node comes with 6.11.
import type { Listing } from './listing';

export type ApiCall = 'add' | 'cancel_func' | 'cancel' | 'run' | 'exit' | 'resume';

export interface Entry {
  /** The listing function to start. */
  fn: string;
  /**
   * How a cancel's target is passed: 'match': (task, predicate, data) to task_work_cancel_match;
   * 'direct': (task, func) or (task, cb) to the release's own cancel. Calls other than cancel: 'direct'.
   */
  via: 'match' | 'direct';
}

const FIXED: Readonly<Record<string, string>> = {
  add: 'task_work_add', run: 'task_work_run', exit: 'do_exit', resume: 'resume_user_mode_work',
};

/** The entry for `call`, or undefined when this listing (its release) has no such API. */
export function entryFor(listing: Listing, call: ApiCall): Entry | undefined {
  const fixed = FIXED[call];
  if (fixed) return listing.byName.has(fixed) ? { fn: fixed, via: 'direct' } : undefined;
  if (listing.byName.has('task_work_cancel_match')) return { fn: 'task_work_cancel_match', via: 'match' };
  if (call === 'cancel_func' && listing.byName.has('task_work_cancel_func')) return { fn: 'task_work_cancel_func', via: 'direct' };
  const cancel = listing.functions[listing.byName.get('task_work_cancel') ?? -1];
  // The second parameter tells the two task_work_cancel apart: a callback (old) or a node (6.11).
  const second = cancel && cancel.params >= 2 ? cancel.slots[2]?.kind : undefined;
  if (second === (call === 'cancel_func' ? 'fn' : 'work')) return { fn: 'task_work_cancel', via: 'direct' };
  return undefined;
}

/** Why `call` has no entry: for a message naming the release that added it. */
export function missingEntryText(call: ApiCall): string {
  if (call === 'cancel') return 'this listing has no cancel by node: task_work_cancel(task, cb) came with Linux 6.11 (task_work_cancel_match, 5.12, serves too)';
  if (call === 'cancel_func') return 'this listing defines no task_work_cancel(task, func), task_work_cancel_func or task_work_cancel_match';
  return `this listing defines no ${FIXED[call] ?? call}()`;
}
