// `tw run FILE`: one interleaving (a schedule, a named schedule, round-robin or seeded random),
// printed as a trace, the final state and the violations. Exit 0 clean, 1 violation.
import { MemoryModel, Machine, run, describeFinal, describeViolation, formatSchedule, chainText, FillPolicy, Program, StepEvent, State } from '../core';
import { Parsed, str, int, bool, maxSteps, UsageError } from './args';
import { runOnWorkers } from '../workers/runOnWorkers';
import { listingFor } from '../debug';
import type { Listing } from '../debug/listing/listing';
import { scheduleRun, raceDiagram, minimalRace, timelineSvg, DiagramOptions } from '../report';
import { Io, loadScenario, scheduleThreads, checkWorkerThreads } from './load';
import { scenarioVariant, variantTitle } from './loadListing';
import { escapeText } from '../lang/diagnostics';
import { jsonText } from './jsonText';
import { memoryFlag, memoryOf, lkmmListing, scheduleAndPins } from './memory';
import { witnessPins } from '../explore';

export const RUN_USAGE = 'tw run FILE [--variant V] [--schedule TEXT|NAME] [--seed N] [--memory sc|lkmm] [--max-steps N] [--engine core|workers] [--json | --format text|json|svg] [--diagram [--cpus] [--minimal]]';
export const RUN_FLAGS = { variant: 'string', schedule: 'string', seed: 'int', json: 'bool', 'max-steps': 'int', engine: 'string', diagram: 'bool', cpus: 'bool', minimal: 'bool', format: 'string', memory: 'string' } as const;

/** What `tw run` does: one file, one interleaving, one output form. */
export interface RunOptions {
  file: string;
  /** Default: the file's own `variant`. */
  variant?: string;
  /** Schedule text or the name of a `schedule` in the file; the rest of the run is filled in. */
  schedule?: string;
  /** Fill the rest with a seeded random scheduler instead of round-robin. */
  seed?: number;
  maxSteps: number;
  engine: 'core' | 'workers';
  json: boolean;
  /** Write the run as an SVG timeline instead of the trace (docs/timeline.md). */
  svg?: boolean;
  /** Draw the run for a commit message instead of the trace (docs/diagram.md). */
  diagram?: { cpus: boolean; minimal: boolean };
  /** Default: the file's own `memory` statement, else sc. */
  memory?: MemoryModel;
}

/** Maps `tw run`'s flags onto RunOptions (undefined: print the usage). */
export function runOptions(p: Parsed): RunOptions | undefined {
  const file = p.positional[0];
  if (file === undefined || p.positional.length > 1) return undefined;
  const engine = str(p, 'engine') ?? 'core';
  if (engine !== 'core' && engine !== 'workers') throw new UsageError(`--engine must be 'core' or 'workers', found '${escapeText(engine)}'`);
  const o: RunOptions = {
    file, variant: str(p, 'variant'), schedule: str(p, 'schedule'), seed: int(p, 'seed'),
    maxSteps: maxSteps(p) ?? 10000, engine, json: bool(p, 'json'),
  };
  const memory = memoryFlag(p);
  if (memory) o.memory = memory;
  const format = str(p, 'format');
  if (format !== undefined) {
    if (format !== 'text' && format !== 'json' && format !== 'svg') throw new UsageError(`--format must be text, json or svg, found '${escapeText(format)}'`);
    if (o.json && format !== 'json') throw new UsageError(`--json and --format ${format} disagree: give one`);
    o.json = format === 'json';
    if (format === 'svg') {
      if (str(p, 'engine') !== undefined || bool(p, 'diagram')) throw new UsageError('--format svg draws the core\'s run: it does not combine with --engine or --diagram');
      o.svg = true;
    }
  }
  if (bool(p, 'diagram')) {
    if (o.json || str(p, 'engine') !== undefined) throw new UsageError('--diagram is a drawing of the core\'s run: it does not combine with --json or --engine');
    o.diagram = { cpus: bool(p, 'cpus'), minimal: bool(p, 'minimal') };
  } else if (bool(p, 'cpus') || bool(p, 'minimal')) throw new UsageError('--cpus and --minimal shape the race diagram: add --diagram');
  return o;
}

export async function cmdRun(o: RunOptions | undefined, io: Io): Promise<number> {
  if (!o) { io.err(`usage: ${RUN_USAGE}`); return 2; }
  const file = escapeText(o.file);
  const program = loadScenario(o.file, io);
  if (!program) return 2;
  const memory = memoryOf(program, o.memory);
  const given = scenarioVariant(program, o.variant, io);
  const variant = memory === 'lkmm' ? lkmmListing(given) : given;
  const title = variantTitle(given);
  const { schedule, pins } = scheduleAndPins(program, o.schedule, memory);
  const prefix = schedule !== undefined ? scheduleThreads(program, schedule, o.maxSteps) : [];
  const fill: FillPolicy = o.seed !== undefined ? { kind: 'random', seed: o.seed } : { kind: 'round-robin' };
  const limits = { maxSteps: o.maxSteps };
  if (memory === 'lkmm' && (o.diagram || o.svg || o.engine === 'workers')) throw new UsageError('--memory lkmm runs on the core engine and prints the trace: leave out --diagram, --format svg and --engine workers');
  const machine = new Machine(program, variant, limits, memory);
  if (o.diagram) return printDiagram(machine, prefix, fill, o.diagram, io);
  if (o.svg) {
    const r = scheduleRun(machine, listingOf(machine), prefix, fill);
    io.out(timelineSvg(r, { file, variant: title, schedule: formatSchedule(r.schedule.map((t) => program.threads[t]?.name ?? '?')) }).trimEnd());
    return r.violations.length ? 1 : 0;
  }
  // The same interleaving on real worker threads over a shared heap gives the same trace.
  if (o.engine === 'workers') checkWorkerThreads(program, '--engine workers');
  const result = o.engine === 'workers'
    ? await runOnWorkers(program, variant, { prefix, fill, detail: true, limits })
    : run(machine, { prefix, fill, detail: true, pins });
  const names = result.schedule.map((t) => program.threads[t]?.name ?? '?');
  const state = result.state;
  if (o.json) {
    io.out(jsonText(runJson(machine, program, title, result.setup, result.steps.map((s) => ({ event: s.event, text: s.text })), state, names)));
  } else {
    io.out(`scenario ${file}, variant ${title}${memory === 'lkmm' ? ', memory lkmm' : ''}, schedule: ${formatSchedule(names) || '(none)'}`);
    if (machine.weak) io.out(`reads: ${readsText(machine)}`);
    if (result.setupText.length) {
      io.out('setup:');
      for (const line of result.setupText) io.out(line);
    }
    io.out('trace:');
    for (const s of result.steps) io.out(s.text);
    io.out('final state:');
    for (const line of describeFinal(machine.ctx, state)) io.out(`  ${line}`);
    io.out(state.violations.length ? 'violations:' : 'no violation');
    for (const v of state.violations) io.out(`  ${describeViolation(machine.ctx, v)}`);
  }
  return state.violations.length ? 1 : 0;
}

/** Under the LKMM: the loads that did not read the newest write, as pins (what a replay gives after '|'). */
function readsText(m: Machine): string {
  const weak = m.weak;
  if (!weak?.g) return '';
  const pins = witnessPins(m, weak.g, [weak.chosen]);
  const text = pins.length ? pins.join(', ') : 'every load read the newest write';
  const n = weak.g.pending.length;
  return n ? `${text} (${n === 1 ? 'a read' : `${n} reads`} of a later write found no write the LKMM lets it read: this run is not an execution the model allows)` : text;
}

function listingOf(m: Machine): Listing {
  const listing = listingFor(m.variant);
  if (!listing) throw new Error(`no listing for variant ${m.variant.name}`); // every variant has one
  return listing;
}

/** `--diagram`: the run drawn for a commit message (docs/diagram.md). */
function printDiagram(m: Machine, prefix: number[], fill: FillPolicy, d: { cpus: boolean; minimal: boolean }, io: Io): number {
  const r = scheduleRun(m, listingOf(m), prefix, fill);
  let opts: DiagramOptions = { cpus: d.cpus };
  if (d.minimal) {
    const race = minimalRace(m, r);
    if (typeof race === 'string') io.err(`tw run: --minimal: ${race}; drawing every step`);
    else opts = { ...opts, keep: race.keep, last: race.last, race: race.text };
  }
  for (const line of raceDiagram(r, opts)) io.out(escapeText(line));
  return r.violations.length ? 1 : 0;
}

interface TraceLine { event: StepEvent; text: string }

function runJson(m: Machine, program: Program, variant: string, setup: StepEvent[], steps: TraceLine[], s: State, names: string[]): unknown {
  const thread = (t: number): string => program.threads[t]?.name ?? 'setup';
  const step = (x: TraceLine) => ({ step: x.event.step, thread: thread(x.event.thread), label: x.event.label, value: x.event.value, ok: x.event.ok, ret: x.event.ret, text: x.text.trim() });
  return {
    file: program.file,
    variant,
    schedule: formatSchedule(names),
    setup: setup.map((e) => ({ step: e.step, label: e.label, value: e.value, ok: e.ok, ret: e.ret })),
    trace: steps.map(step),
    final: {
      tasks: program.tasks.map((t, i) => ({ name: t.name, task_works: chainText(m.ctx, s, s.tasks[i]?.taskWorks ?? 0), pi_lock: s.tasks[i]?.lockHolder ?? -1, exiting: s.tasks[i]?.exiting ?? false })),
      works: program.works.map((w, i) => ({ name: w.name, ...s.works[i] })),
    },
    violations: s.violations.map((v) => ({ kind: v.kind, step: v.step, thread: v.thread >= 0 ? thread(v.thread) : null, label: v.label, message: v.message })),
  };
}
