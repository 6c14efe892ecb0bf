// Pure: what the end of a run says, in the Debug Console and in the queue picture: the outcome
// reached (the same text the explorer's outcome sets use) and the verdict on the final asserts and
// violations, so a clean run does not end in silence.
import { Machine, State, Violation, outcomeText, threadName } from '../core';

/** Where a violation happened, as people read it: `step 15 (owner, run.next)` or `the end (line 38)`. */
export function violationWhere(m: Machine, v: Violation): string {
  if (v.step > 0) return `step ${v.step} (${threadName(m.ctx, v.thread)}, ${v.label})`;
  const line = v.kind === 'assertion' ? v.works[0] : undefined; // a final assert reports its line there
  return line !== undefined ? `the end (line ${line})` : 'the end';
}

function finalAsserts(m: Machine): number {
  return m.program.blocks[m.program.final]?.instrs.filter((i) => i.op === 'assert').length ?? 0;
}

/** Two lines for a finished run: `outcome: ...` and `verdict: ...`. */
export function endVerdict(m: Machine, s: State): string[] {
  const total = finalAsserts(m);
  const failed = s.violations.filter((v) => v.kind === 'assertion' && v.step === 0).length;
  const asserts = total === 0 ? 'no final asserts'
    : failed ? `${failed} of ${total} final assert${total > 1 ? 's' : ''} failed`
      : `${total === 1 ? 'the final assert' : `all ${total} final asserts`} held`;
  const kinds = [...new Set(s.violations.map((v) => v.kind))];
  const violations = kinds.length ? `${s.violations.length} violation${s.violations.length > 1 ? 's' : ''} (${kinds.join(', ')})` : 'no violation';
  return [`outcome: ${outcomeText(m.ctx, s)}`, `verdict: ${asserts}; ${violations}; ${s.steps} steps`];
}
