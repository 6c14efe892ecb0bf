// Test helpers: compile a .tw text, run a schedule, and summarise steps compactly
// ("owner run.cas ok") so a table of cases reads like the model listing.
import { Machine, run, RunResult, Program, parseSchedule, expandSchedule, FillPolicy } from '../../src/core';
import { compileSource, formatDiagnostic } from '../../src/lang';

export function compile(src: string, file = 'test.tw'): Program {
  const { program, diagnostics } = compileSource(file, src);
  if (!program) throw new Error(`scenario does not compile:\n${diagnostics.map((d) => formatDiagnostic(file, d)).join('\n')}`);
  return program;
}

export function threadsOf(program: Program, schedule: string): number[] {
  return expandSchedule(parseSchedule(schedule).entries).map((n) => {
    const t = program.threads.findIndex((x) => x.name === n);
    if (t < 0) throw new Error(`no thread ${n}`);
    return t;
  });
}

export function runSchedule(src: string | Program, variant: string, schedule: string, fill: FillPolicy = { kind: 'round-robin' }): { m: Machine; r: RunResult } {
  const program = typeof src === 'string' ? compile(src) : src;
  const m = new Machine(program, variant, { maxSteps: 500 });
  return { m, r: run(m, { prefix: threadsOf(program, schedule), fill, detail: true }) };
}

/** "owner run.cas ok", "canceller cancel.lock", "owner spin@run.lock", with "-> ret" when an op returned. */
export function brief(m: Machine, r: RunResult): string[] {
  return r.steps.map(({ event: e }) => {
    const who = m.program.threads[e.thread]?.name ?? 'setup';
    const label = e.label === 'spin' ? `spin@${e.blockedAt ?? '?'}` : e.label;
    const ok = e.ok === 1 ? ' ok' : e.ok === 0 ? ' fail' : '';
    const ret = e.ret !== undefined ? ` -> ${e.ret}` : '';
    return `${who} ${label}${ok}${ret}`;
  });
}

export function kinds(r: RunResult): string[] {
  return [...new Set(r.state.violations.map((v) => v.kind))].sort();
}
