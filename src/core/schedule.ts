// The schedule text format, shared by the CLI, launch.json and `schedule` declarations in .tw files:
// thread names separated by spaces or commas, each with an optional repeat count ("canceller*4 owner").
// Expansion is bounded by the step limit: 1,700 entries of `a*100000` must not be materialised.
import { DEFAULT_LIMITS } from './context';

export interface ScheduleEntry {
  thread: string;
  count: number;
  /** 0-based offset of the entry in the text, for diagnostics. */
  offset: number;
  length: number;
}

export interface ScheduleParseError {
  message: string;
  /** 0-based offset into the text. */
  offset: number;
  length: number;
}

const ENTRY = /^([A-Za-z_][A-Za-z0-9_]*)(?:\*([0-9]+))?$/;
const MAX_REPEAT = 100000;

/** Parses a schedule text; never throws. */
export function parseSchedule(text: string): { entries: ScheduleEntry[]; errors: ScheduleParseError[] } {
  const entries: ScheduleEntry[] = [];
  const errors: ScheduleParseError[] = [];
  const word = /[^\s,]+/g;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    const tok = m[0];
    const parts = ENTRY.exec(tok);
    if (!parts || !parts[1]) {
      errors.push({ message: `expected a thread name with an optional '*count', found '${tok}'`, offset: m.index, length: tok.length });
      continue;
    }
    const count = parts[2] === undefined ? 1 : Number(parts[2]);
    if (count < 1 || count > MAX_REPEAT) {
      errors.push({ message: `repeat count in '${tok}' must be between 1 and ${MAX_REPEAT}`, offset: m.index, length: tok.length });
      continue;
    }
    entries.push({ thread: parts[1], count, offset: m.index, length: tok.length });
  }
  return { entries, errors };
}

/** Expands entries to one thread name per atomic step. */
export function expandSchedule(entries: readonly ScheduleEntry[]): string[] {
  const out: string[] = [];
  for (const e of entries) for (let i = 0; i < e.count; i++) out.push(e.thread);
  return out;
}

/** Formats a step-by-step list of thread names compactly ("a a a b" -> "a*3 b"). */
export function formatSchedule(steps: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < steps.length;) {
    let j = i;
    while (j < steps.length && steps[j] === steps[i]) j++;
    out.push(j - i === 1 ? `${steps[i]}` : `${steps[i]}*${j - i}`);
    i = j;
  }
  return out.join(' ');
}

/** What resolveSchedule found: the steps as thread indices, or what is wrong (callers word the message). */
export type ResolvedSchedule =
  | { kind: 'ok'; threads: number[]; named: string | null }
  | { kind: 'malformed'; error: ScheduleParseError; named: string | null }
  | { kind: 'unknown-thread'; name: string; named: string | null };

/** Whatever the step limit, a schedule is never expanded past this many steps (80 MB of indices). */
const MAX_SCHEDULE_STEPS = 10_000_000;

/** The entry at which the steps so far pass maxSteps, as a parse error on it; null if they never do. */
function tooLong(entries: readonly ScheduleEntry[], maxSteps: number): ScheduleParseError | null {
  const limit = Math.min(maxSteps, MAX_SCHEDULE_STEPS);
  const what = limit === maxSteps ? 'the step limit' : 'the most a schedule may have';
  let total = 0;
  for (const e of entries) {
    total += e.count;
    if (total > limit) {
      return { message: `the schedule has more than ${limit} steps (${what}) from '${e.thread}*${e.count}' on: no run can replay it`, offset: e.offset, length: e.length };
    }
  }
  return null;
}

/**
 * A schedule given as the name of one of the program's `schedule` declarations or as schedule
 * text, as one thread index per step; longer than maxSteps is malformed (never expanded). Never throws.
 */
export function resolveSchedule(program: { threads: readonly { name: string }[]; schedules: readonly { name: string; text: string }[] },
  given: string, maxSteps: number = DEFAULT_LIMITS.maxSteps): ResolvedSchedule {
  const decl = program.schedules.find((s) => s.name === given.trim());
  const named = decl ? decl.name : null;
  const { entries, errors } = parseSchedule(decl ? decl.text : given);
  const first = errors[0] ?? tooLong(entries, maxSteps);
  if (first) return { kind: 'malformed', error: first, named };
  const names = program.threads.map((t) => t.name);
  const threads: number[] = [];
  for (const e of entries) {
    const t = names.indexOf(e.thread);
    if (t < 0) return { kind: 'unknown-thread', name: e.thread, named };
    for (let i = 0; i < e.count; i++) threads.push(t);
  }
  return { kind: 'ok', threads, named };
}
