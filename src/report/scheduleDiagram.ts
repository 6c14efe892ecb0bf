// The race diagram of a schedule given as text (what the debugger's `tw/schedule` request hands
// back): exactly the steps taken, no fill. For the editor's "Copy race diagram".
import { Machine, Program, resolveSchedule } from '../core';
import { ListingLines } from './labelCode';
import { scheduleRun } from './scheduleSteps';
import { raceDiagram, DiagramOptions } from './diagram';

/** The drawing's lines, or why there is none (a schedule that does not fit the program). */
export function diagramOfSchedule(program: Program, variant: string, listing: ListingLines, text: string, opts: DiagramOptions = {}): string[] | string {
  const r = resolveSchedule(program, text);
  if (r.kind === 'malformed') return `the schedule does not parse: ${r.error.message}`;
  if (r.kind === 'unknown-thread') return `the schedule names '${r.name}', which is no thread of ${program.file}`;
  const run = scheduleRun(new Machine(program, variant), listing, r.threads, { kind: 'none' });
  if (run.steps.length === 0) return 'no step has been taken yet';
  return raceDiagram(run, { last: run.steps.length - 1, ...opts });
}
