// The shapes one thread's run produces: values with the reads they depend on, the thread's
// events (thread-local ids), and the path's end state.
import type { AccessTag, EventKind, FenceTag, LockOp, Val } from '../lkmm';

/** A value with the (thread-local) ids of the reads it was computed from. */
export interface TVal { v: Val; deps: number[] }

/** An event of one thread; dependencies and rmwWrite are indices into the thread's own events. */
export interface PathEvent {
  kind: EventKind; loc?: string; value?: Val; tag?: AccessTag | FenceTag; lock?: LockOp;
  rmwOp?: boolean; rmwWrite?: number; addr: number[]; data: number[]; ctrl: number[]; text: string;
}

export interface ThreadPath { events: PathEvent[]; regs: Map<string, Val> }

/** Picks one of `n` options at each choice point (the path enumerator backtracks over them). */
export type Choose = (n: number) => number;

/** Thrown when a path is impossible (a dereference of a value that is not a pointer). */
export class DeadPath extends Error {}

export function union(a: number[], b: number[]): number[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}
