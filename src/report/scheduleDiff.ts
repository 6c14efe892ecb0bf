// Two schedules of one scenario side by side: the steps in parallel columns, the first step where
// they part, and what differs in the state (lists, locks, flags, lives, where each thread is) after
// a chosen step. Both runs are core's `run` (schedule, then round-robin), replayed to the step.
import { Machine, FillPolicy, State, describeFinal, describeViolation, formatSchedule, run } from '../core';

export interface DiffSide {
  /** Thread index of every step (the whole run, the fill included). */
  schedule: number[];
  state: State;
}

export interface ScheduleDiff {
  a: DiffSide;
  b: DiffSide;
  /** Steps both runs take alike (the same thread each time, hence the same steps). */
  common: number;
}

export function diffSchedules(m: Machine, a: readonly number[], b: readonly number[], fill: FillPolicy = { kind: 'round-robin' }): ScheduleDiff {
  const ra = run(m, { prefix: a, fill });
  const rb = run(m, { prefix: b, fill });
  let common = 0;
  while (common < ra.schedule.length && ra.schedule[common] === rb.schedule[common]) common++;
  return { a: { schedule: ra.schedule, state: ra.state }, b: { schedule: rb.schedule, state: rb.state }, common };
}

/** The state after the first `steps` steps of a schedule (the end when it has fewer). */
export function stateAfter(m: Machine, schedule: readonly number[], steps: number): State {
  const { state } = m.init();
  for (const t of schedule.slice(0, steps)) if (!state.finished) m.step(state, t);
  return state;
}

/** Where each thread is: `canceller: next cancel.cas`, `owner: spinning on T.pi_lock ...`, `finished`. */
function threadLines(m: Machine, s: State): string[] {
  return m.program.threads.map((th, t) => {
    const label = m.nextLabel(s, t);
    const why = m.blockedReason(s, t);
    return `thread ${th.name}: ${label === null ? 'finished' : why ? `${why} (at ${label})` : `next ${label}`}`;
  });
}

function kindsLine(s: State): string {
  return `violations: ${[...new Set(s.violations.map((v) => v.kind))].join(', ') || 'none'}`;
}

/** The lines of the state description that differ: `name: A ... | B ...`. */
export function stateDifference(m: Machine, x: State, y: State): string[] {
  const lx = [...describeFinal(m.ctx, x), ...threadLines(m, x), kindsLine(x)];
  const ly = [...describeFinal(m.ctx, y), ...threadLines(m, y), kindsLine(y)];
  const out: string[] = [];
  lx.forEach((line, i) => {
    const other = ly[i] ?? '';
    if (line !== other) out.push(`  A ${line}`, `  B ${other}`);
  });
  return out;
}

function stepText(m: Machine, s: State, t: number): string {
  const width = Math.max(...m.program.threads.map((th) => th.name.length));
  const name = (m.program.threads[t]?.name ?? '?').padEnd(width);
  return `${name} ${m.blockedReason(s, t) ? 'spin' : m.nextLabel(s, t) ?? 'finished'}`;
}

/** The report `tw diff` prints; `at` = after which step the states are compared (default: the end). */
export function diffText(m: Machine, d: ScheduleDiff, at?: number): string[] {
  const names = (p: readonly number[]): string => formatSchedule(p.map((t) => m.program.threads[t]?.name ?? '?')) || '(none)';
  const verdict = (s: State): string => [...new Set(s.violations.map((v) => v.kind))].join(', ') || 'no violation';
  const out = [
    `A: ${names(d.a.schedule)} (${d.a.schedule.length} steps; ${verdict(d.a.state)})`,
    `B: ${names(d.b.schedule)} (${d.b.schedule.length} steps; ${verdict(d.b.state)})`,
  ];
  const same = d.common === d.a.schedule.length && d.common === d.b.schedule.length;
  out.push(same ? 'the two runs are the same interleaving' : `common prefix: ${d.common} step(s)${d.common ? ` (${names(d.a.schedule.slice(0, d.common))})` : ''}; they part at step ${d.common + 1}`);
  out.push('', `${'step'.padStart(5)}  ${'A'.padEnd(30)}B`);
  const sa = m.init().state;
  const sb = m.init().state;
  const n = Math.max(d.a.schedule.length, d.b.schedule.length);
  for (let i = 0; i < n; i++) {
    const ta = d.a.schedule[i];
    const tb = d.b.schedule[i];
    const left = ta === undefined ? '' : stepText(m, sa, ta);
    const right = tb === undefined ? '' : stepText(m, sb, tb);
    out.push(`${String(i + 1).padStart(5)}${i === d.common ? '*' : ' '} ${left.padEnd(30)}${right}`);
    if (ta !== undefined && !sa.finished) m.step(sa, ta);
    if (tb !== undefined && !sb.finished) m.step(sb, tb);
  }
  const step = at ?? n;
  const diff = stateDifference(m, stateAfter(m, d.a.schedule, step), stateAfter(m, d.b.schedule, step));
  out.push('', `state after step ${step}${at === undefined ? ' (the end)' : ''}: ${diff.length ? 'A and B differ in' : 'the same'}`);
  out.push(...diff);
  for (const [side, s] of [['A', d.a.state], ['B', d.b.state]] as const) {
    for (const v of s.violations) out.push(`${side} ${describeViolation(m.ctx, v)}`);
  }
  return out;
}
