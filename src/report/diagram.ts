// The race as kernel developers draw it in a commit message: one column per thread, each step as
// the C it stands for, a thread's consecutive steps together, a context switch as a move to another
// column, the violation at the end. Plain ASCII within 72 columns, ready to paste.
import { ScheduleRun, ScheduleStep } from './scheduleSteps';
import { statements } from './labelCode';

export interface DiagramOptions {
  /** Head the columns CPU0, CPU1... instead of the thread names. */
  cpus?: boolean;
  /** Step indices to draw; the others become `...` (all when absent). */
  keep?: ReadonlySet<number>;
  /** A sentence naming the race, printed under the drawing. */
  race?: string;
  /** Draw steps up to this index (inclusive); by default up to the last step that reported a violation. */
  last?: number;
  /** Line width (72: a commit message body). */
  width?: number;
}

/** One line of one thread before layout: its indentation inside the column and its text. */
interface Entry { thread: number; indent: number; text: string }

/** Columns never start closer than this to the one on their left. */
const MIN_GAP = 16;
/** A column may move left of its share by this fraction to fit its longest line. */
const SLACK = 1 / 3;
const CONTINUATION = 4;

export function raceDiagram(r: ScheduleRun, opts: DiagramOptions = {}): string[] {
  const width = opts.width ?? 72;
  const last = opts.last ?? lastShown(r);
  const shown = r.steps.filter((s) => s.index <= last);
  const entries = entriesOf(shown, opts.keep);
  const threads = [...new Set(shown.map((s) => s.thread))].sort((a, b) => a - b);
  const offsets = columnOffsets(threads, entries, width);
  const names = threads.map((t, i) => (opts.cpus ? `CPU${i}` : r.threads[t] ?? '?'));
  const lines = [...wrap(`Initially ${r.initially.join(', ')}.`, 0, width), ''];
  lines.push(headerLine(names, threads.map((t) => offsets.get(t) ?? 0), width, (n) => n));
  lines.push(headerLine(names, threads.map((t) => offsets.get(t) ?? 0), width, (n) => '-'.repeat(n.length)));
  for (const e of entries) lines.push(...wrap(e.text, (offsets.get(e.thread) ?? 0) + e.indent, width, true));
  const toEnd = last >= r.steps.length - 1;
  const violations = r.violations.flatMap((v, i) => ((v.step === 0 && toEnd) || (v.step > 0 && v.step - 1 <= last) ? [r.violationText[i] ?? ''] : []));
  if (violations.length) lines.push('');
  for (const v of violations) lines.push(...wrap(v, 0, width));
  if (opts.race) lines.push(...wrap(`race: ${opts.race}`, 0, width));
  return lines.map((l) => l.trimEnd());
}

/** The last step drawn: the last one that reported a violation, or every step when none did. */
function lastShown(r: ScheduleRun): number {
  const hit = r.steps.filter((s) => s.violations.length > 0);
  const end = r.violations.some((v) => v.step === 0);
  return hit.length && !end ? (hit[hit.length - 1]?.index ?? 0) : r.steps.length - 1;
}

function entriesOf(steps: readonly ScheduleStep[], keep: ReadonlySet<number> | undefined): Entry[] {
  const out: Entry[] = [];
  let elided = false;
  // A thread spinning again, with no step of its own in between, is drawn once.
  const spinning = new Map<number, string>();
  for (const [k, s] of steps.entries()) {
    if (s.event.label === 'spin' && spinning.get(s.thread) === s.code) continue;
    if (s.event.label === 'spin') spinning.set(s.thread, s.code);
    else spinning.delete(s.thread);
    const prev = steps[k - 1];
    if (prev && prev.thread !== s.thread) elided = false;
    if (keep && !keep.has(s.index)) {
      if (s.call !== undefined) { out.push({ thread: s.thread, indent: 2 * Math.max(0, s.depth - 1), text: s.call }); elided = false; }
      if (!elided) out.push({ thread: s.thread, indent: 2 * s.depth, text: '...' });
      elided = true;
      continue;
    }
    elided = false;
    if (s.call !== undefined) out.push({ thread: s.thread, indent: 2 * Math.max(0, s.depth - 1), text: s.call });
    for (const l of statements(s.code)) out.push({ thread: s.thread, indent: 2 * (s.depth + l.level), text: l.text });
    // End-of-execution checks report at the last step but are not its doing.
    const kinds = [...new Set(s.violations.filter((v) => v.step > 0).map((v) => v.kind))];
    if (kinds.length) out.push({ thread: s.thread, indent: 2 * s.depth, text: `// ${kinds.join(', ')}!` });
  }
  return out;
}

/** Each column at its share of the width, moved left when its longest line would not fit. */
function columnOffsets(threads: readonly number[], entries: readonly Entry[], width: number): Map<number, number> {
  const out = new Map<number, number>();
  const share = Math.floor(width / Math.max(1, threads.length));
  let prev = -MIN_GAP;
  threads.forEach((t, i) => {
    const need = Math.max(0, ...entries.filter((e) => e.thread === t).map((e) => e.indent + e.text.length));
    const floor = Math.max(prev + MIN_GAP, Math.ceil(i * share * (1 - SLACK)));
    const at = i === 0 ? 0 : Math.max(floor, Math.min(i * share, width - need));
    out.set(t, at);
    prev = at;
  });
  return out;
}

function headerLine(names: readonly string[], offsets: readonly number[], width: number, show: (n: string) => string): string {
  let line = '';
  names.forEach((n, i) => {
    const room = (offsets[i + 1] ?? width) - (offsets[i] ?? 0) - 1;
    line = line.padEnd(offsets[i] ?? 0) + show(n.slice(0, Math.max(1, room)));
  });
  return line;
}

/** text at column `at`, broken at spaces (continuations indented) so no line passes `width`. */
function wrap(text: string, at: number, width: number, code = false): string[] {
  const lines: string[] = [];
  let rest = text;
  let col = at;
  while (col + rest.length > width) {
    const room = Math.max(8, width - col);
    const cut = breakAt(rest, room, code);
    lines.push(' '.repeat(col) + rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
    col = Math.min(at + CONTINUATION, width - 8);
  }
  lines.push(' '.repeat(col) + rest);
  return lines;
}

/**
 * Where to break: in code after the last `, `, `) ` or `(` that leaves at least a third of the room
 * filled, else at the last space; a cut inside a word only when there is nothing else.
 */
function breakAt(text: string, room: number, code: boolean): number {
  const candidates: number[] = [];
  for (let i = 1; i < Math.min(text.length, room + 1); i++) {
    const c = text[i - 1];
    if (text[i] === ' ' || (code && (c === '(' || (c === ',' && text[i] === ' ')))) candidates.push(i);
  }
  const good = candidates.filter((i) => i >= room / 3);
  return good[good.length - 1] ?? candidates[candidates.length - 1] ?? room;
}
