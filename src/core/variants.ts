// The variants of the algorithm: mainline and the deliberately broken ones (model.md §3).
// Each is mainline with one safeguard removed; the step functions consult these flags.
// A variant may instead carry a compiled listing (a user's file, a kernel version): then the listing
// is what runs and the flags say nothing.
import type { Listing } from './listingCode';

export interface Variant {
  name: string;
  /** One line: what was changed and what it breaks. */
  summary: string;
  /** task_work_run pairs raw_spin_lock/unlock(pi_lock) after detaching (run.lock, run.unlock). */
  runLockPair: boolean;
  /** do_exit's final run installs &work_exited, and add fails with -ESRCH on it. */
  sentinel: boolean;
  /** task_work_cancel_match walks the list under pi_lock (cancel.lock, cancel.unlock). */
  cancelLocks: boolean;
  /** task_work_run reads work->next before calling work->func. */
  nextBeforeCall: boolean;
  /** A failed cancel.cas re-examines the new value instead of giving up. */
  cancelRetries: boolean;
  /** How task_work_run detaches the list. */
  detach: 'cas' | 'xchg' | 'store';
  /** The exit run installs the sentinel only when it finds the list empty. */
  sentinelOnlyWhenEmpty: boolean;
  /** resume_user_mode_work clears TIF_NOTIFY_RESUME before checking the list. */
  clearThenCheck: boolean;
  /** The compiled listing that runs the API calls, when the variant is a listing. */
  listing?: Listing;
  /** The listing's file as the user named it, and a hash of its text (so a result names what it ran). */
  file?: string;
  hash?: string;
  /** The listing's text: worker threads compile it again (compiled code cannot cross threads). */
  source?: string;
}

const MAINLINE: Variant = {
  name: 'mainline',
  summary: 'Linux 6.1 and later: lock-free push, pi_lock handshake between cancel and run, work_exited at exit',
  runLockPair: true, sentinel: true, cancelLocks: true, nextBeforeCall: true, cancelRetries: true,
  detach: 'cas', sentinelOnlyWhenEmpty: true, clearThenCheck: true,
};

function broken(name: string, summary: string, change: Partial<Variant>): Variant {
  return { ...MAINLINE, ...change, name, summary };
}

export const VARIANTS: readonly Variant[] = [
  MAINLINE,
  broken('no-run-lock-pair', 'run skips the pi_lock lock/unlock pair: a canceller still walking the detached chain can free what run cached as next', { runLockPair: false }),
  broken('no-sentinel', 'no work_exited: an add after the final exit run returns 0 and its work is never run', { sentinel: false }),
  broken('cancel-without-lock', 'cancel walks the list without pi_lock: two cancellers unlink through a node the other just removed', { cancelLocks: false }),
  broken('next-after-call', 'run reads work->next after calling func: a callback that frees its own work makes that a use-after-free', { nextBeforeCall: false }),
  broken('cancel-cas-fail-gives-up', 'cancel treats a failed CAS at the head as "not found": pending work is missed', { cancelRetries: false }),
  broken('xchg-run', 'run detaches with an unconditional xchg (a 2020 proposal): at exit it can swap the sentinel back out', { detach: 'xchg' }),
  broken('store-detach', 'run detaches with a load and a plain store instead of a CAS: a work pushed in between is dropped or resurrected', { detach: 'store' }),
  broken('sentinel-unconditional', 'the exit run installs work_exited even over works queued by its own callbacks: they are lost', { sentinelOnlyWhenEmpty: false }),
  broken('check-then-clear', 'resume_user_mode_work checks the list before clearing TIF_NOTIFY_RESUME: a concurrent add is stranded', { clearThenCheck: false }),
];

/** A variant that runs a compiled listing: its name is what the user gave (a path, a version name). */
export function listingVariant(name: string, listing: Listing, file: string, source: string, hash: string, summary?: string): Variant {
  return { ...MAINLINE, name, summary: summary ?? `the listing ${file} (${hash})`, listing, file, hash, source };
}

export function findVariant(name: string): Variant | undefined {
  return VARIANTS.find((v) => v.name === name);
}

export const VARIANT_NAMES: readonly string[] = VARIANTS.map((v) => v.name);
