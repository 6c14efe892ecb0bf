// Editing a schedule by hand (the timeline's drag and drop): move a run of one thread's steps
// before another step, then replay the new order from the last step it shares with the old one.
// A step that can no longer run where it was placed stops the replay, with the reason; a step that
// runs but does something else (a CAS that now fails) is reported as changed.
import type { PlannedStep, ReplayOutcome } from '../protocol/messages';

/** How many leading steps two schedules (thread per step) share. */
export function commonPrefix(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The plan with steps from..from+count-1 moved before step `before` (plan.length: to the end).
 * Refused (a string saying why) unless the moved steps are one thread's and pass no other step of
 * that thread (each keeps its place in its thread's own order).
 */
export function moveRun<T extends { thread: number }>(plan: readonly T[], from: number, count: number, before: number): T[] | string {
  if (!Number.isInteger(from) || !Number.isInteger(count) || !Number.isInteger(before) || count < 1 || from < 0 || from + count > plan.length || before < 0 || before > plan.length) {
    return `no such steps to move (${from}+${count} before ${before} of ${plan.length})`;
  }
  const run = plan.slice(from, from + count);
  const thread = run[0]?.thread;
  if (run.some((s) => s.thread !== thread)) return 'only steps of one thread move together';
  if (before >= from && before <= from + count) return 'the steps are already there';
  // Each step keeps its place among its own thread's steps (what it does depends on them).
  const between = before < from ? plan.slice(before, from) : plan.slice(from + count, before);
  if (between.some((s) => s.thread === thread)) return "a thread's steps keep their order: the move would pass another step of the same thread";
  const rest = [...plan.slice(0, from), ...plan.slice(from + count)];
  const at = before > from ? before - count : before;
  const out = [...rest.slice(0, at), ...run, ...rest.slice(at)];
  return out;
}

/** What the replay needs of the debugger: the engine's state, read and stepped. */
export interface ReplayPort {
  /** Back to position n (0 <= n <= the current position). */
  goTo(n: number): void;
  readonly position: number;
  readonly schedule: readonly number[];
  finished(): boolean;
  /** Why thread t cannot take a step now, or null when it can. */
  blockedReason(t: number): string | null;
  step(t: number): { label: string; ok: number };
}

/**
 * Replays `plan` from the last step it shares with the port's schedule up to `upTo` steps (or
 * back to `upTo` when that is earlier). A planned spin is taken as a spin (it may now run instead:
 * reported as changed); any other step whose thread cannot move stops the replay before it.
 */
export function replayPlan(port: ReplayPort, plan: readonly PlannedStep[], upTo: number): ReplayOutcome {
  const target = Math.max(0, Math.min(upTo, plan.length));
  const common = commonPrefix(port.schedule, plan.map((p) => p.thread));
  const changed: ReplayOutcome['changed'] = [];
  const back = Math.min(common, target);
  if (back < port.position) port.goTo(back);
  for (let i = port.position; i < target; i++) {
    const p = plan[i];
    if (!p) break;
    const end = port.finished();
    const why = end ? 'the execution has finished' : port.blockedReason(p.thread);
    if (why && (end || p.label !== 'spin')) return { common, position: port.position, blocked: { index: i, reason: why }, changed };
    const ev = port.step(p.thread);
    const text = difference(p, ev);
    if (text) changed.push({ index: i, text });
  }
  return { common, position: port.position, changed };
}

function outcome(label: string, ok: number): string {
  if (ok === 1) return label.endsWith('.cas') ? `${label} ok` : `${label} yes`;
  if (ok === 0) return label.endsWith('.cas') ? `${label} FAILED` : `${label} no`;
  return label;
}

/** `now add.cas FAILED (was add.cas ok)`, or '' when the step did what was planned. */
function difference(p: PlannedStep, ev: { label: string; ok: number }): string {
  if (p.label === ev.label && p.ok === ev.ok) return '';
  return `now ${outcome(ev.label, ev.ok)} (was ${outcome(p.label, p.ok)})`;
}
