// The timeline view's model on the editor's side (no vscode here, so it is unit-tested): the plan
// (the steps taken plus those still ahead after travelling back or a move), merged with the steps
// the session reports, and the cells, spans and notes the webview draws. Cell classes and bars
// come from src/report, as in `tw run --format svg`.
import { formatSchedule } from '../core';
import { kindOf, lockSpans, markOf, ownViolations, spinSpans, CellStep } from '../report';
import type { PlannedStep, ReplayOutcome, TimelineCell, TimelineData, TimelineSpan, TimelineStepData, TimelineView } from '../protocol/messages';
import { moveRun } from '../debug/reorder';

export class TimelinePlan {
  /** The steps shown: the session's, then the planned ones not taken yet. */
  private steps: TimelineStepData[] = [];
  private threads: string[] = [];
  private position = 0;
  private finished = false;
  private outcome: ReplayOutcome | undefined;
  private note: string | undefined;
  private selection: { from: number; count: number } | undefined;

  /** The session's steps: the plan keeps its tail while the session follows it, else becomes them. */
  merge(data: TimelineData): void {
    const taken = data.steps;
    const follows = this.threads.join('\n') === data.threads.join('\n') && taken.length <= this.steps.length
      && taken.every((s, i) => this.steps[i]?.thread === s.thread);
    this.steps = follows ? [...taken, ...this.steps.slice(taken.length)] : [...taken];
    if (!follows) { this.outcome = undefined; this.selection = undefined; }
    this.threads = data.threads;
    this.position = taken.length;
    this.finished = data.finished;
  }

  /** What the adapter replays: thread, label and CAS outcome of every step of the plan. */
  planned(): PlannedStep[] {
    return this.steps.map((s) => ({ thread: s.thread, label: s.label, ok: s.ok }));
  }

  get length(): number { return this.steps.length; }

  /**
   * Moves a run of one thread's steps; a refusal becomes the note. True when the plan changed. The
   * planned spins from the first moved place on are dropped: a spin is a thread waiting in the old
   * order, not a step of its code (where the new order makes a thread wait, the replay says so).
   */
  move(from: number, count: number, before: number): boolean {
    const spin = this.steps.slice(from, from + count).some((s) => s.label === 'spin');
    const moved = spin ? 'a spin is a thread waiting, not a step of its own: move the steps around it' : moveRun(this.steps, from, count, before);
    if (typeof moved === 'string') { this.note = `Not moved: ${moved}.`; return false; }
    const start = Math.min(from, before);
    const at = before > from ? before - count : before;
    const kept = (s: TimelineStepData, i: number): boolean => i < start || s.label !== 'spin';
    this.steps = moved.filter(kept);
    this.selection = { from: at - moved.slice(start, at).filter((s) => s.label === 'spin').length, count };
    this.outcome = undefined;
    return true;
  }

  /**
   * The adapter's answer to a replay: marks stay on the cells until the plan changes. A plain
   * travel along the plan says nothing unless a step could not run; a move says where it replayed from.
   */
  replayed(outcome: ReplayOutcome, moved: boolean): void {
    this.outcome = outcome;
    const b = outcome.blocked;
    const who = b ? this.threads[this.steps[b.index]?.thread ?? -1] ?? '?' : '';
    const changed = outcome.changed.length ? `; ${outcome.changed.length} step(s) now do something else` : '';
    this.note = b ? `Replayed from step ${outcome.common}: step ${b.index + 1} cannot run there: ${who} ${b.reason}${changed}.`
      : moved || changed ? `Replayed the new order from step ${outcome.common} to step ${outcome.position}${changed}.` : undefined;
  }

  say(note: string | undefined): void { this.note = note; }

  /** The plan as a schedule string: up to the step that cannot run, when one cannot. */
  scheduleText(): string {
    const end = this.outcome?.blocked ? this.outcome.blocked.index : this.steps.length;
    return formatSchedule(this.steps.slice(0, end).map((s) => this.threads[s.thread] ?? '?'));
  }

  /** The view to draw; a selection (a run just moved) is sent once, then the webview keeps its own. */
  view(file: string, variant: string): TimelineView {
    const selection = this.selection;
    this.selection = undefined;
    const steps: CellStep[] = this.steps.map((s, index) => ({ index, thread: s.thread, event: s, violations: s.violations }));
    const blocked = this.outcome?.blocked;
    const changed = new Map((this.outcome?.changed ?? []).map((c) => [c.index, c.text]));
    const cells = steps.map((s): TimelineCell => {
      const own = ownViolations(s);
      const ahead = s.index >= this.position;
      const cell: TimelineCell = {
        index: s.index, thread: s.thread, label: s.event.label, kind: kindOf(s), mark: markOf(s), violation: own.length > 0 && !ahead, ahead,
        tip: tipOf(this.threads, s, own, ahead),
      };
      if (blocked?.index === s.index) cell.blocked = blocked.reason;
      const c = changed.get(s.index);
      if (c) cell.changed = c;
      return cell;
    });
    const taken = steps.slice(0, this.position);
    const spans: TimelineSpan[] = [
      ...lockSpans(taken).map((x) => ({ thread: x.t, from: x.from, to: x.to, kind: 'lock' as const })),
      ...spinSpans(taken).map((x) => ({ thread: x.t, from: x.from, to: x.to, kind: 'spin' as const })),
    ];
    return {
      file, variant, threads: this.threads, cells, spans, position: this.position, schedule: this.scheduleText(), finished: this.finished,
      ...(this.note ? { note: this.note } : {}), ...(selection ? { selection } : {}),
    };
  }
}

function tipOf(threads: readonly string[], s: CellStep, own: CellStep['violations'], ahead: boolean): string {
  const mark = markOf(s);
  const head = `step ${s.index + 1}: ${threads[s.thread] ?? '?'} ${s.event.label}${mark ? ` (${mark})` : ''}`;
  return [ahead ? `${head} — planned, not taken yet` : head, ...own.map((v) => `${v.kind}: ${v.message}`)].join('\n');
}
