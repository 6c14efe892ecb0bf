// Starting (or restarting) a session: validate the launch attributes, compile the scenario, start
// the engine. Everything is created together or not at all, so a session is never half-started.
import { TwLaunchArgs, validateLaunchArgs } from './launchArgs';
import { DebugHost, Loaded, LocatedMessage, loadLaunch } from './launch';
import { Engine, engineFactory, engineNames } from './engine';
import { Emit, TraceDebugger } from './traceDebugger';
import { Listing, listingFor } from './listing/listing';
import { StatementIndex } from './sourceMap';
import { listingVariantFor } from '../model';
import { Variant, findVariant, MemoryModel } from '../core';

/** A started session's parts. */
export interface Live { args: TwLaunchArgs; loaded: Loaded; dbg: TraceDebugger; listing: Listing; statements: StatementIndex }

export type StartOutcome = { live: Live } | { error: string; details: LocatedMessage[]; program?: string };

/** Messages the start produces on the way (warnings), with their location when they have one. */
export type Note = (text: string, where?: { program: string; line?: number; column?: number }) => void;

/**
 * The engine a session runs on. Without an `engine` attribute that is the workers engine, which
 * runs the variant's listing, except for a shipped name the core still runs with its built-in
 * step functions: there the core stays the default, so the debugger shows the same run as
 * `tw run` does. (Once every shipped name runs its listing in the core, this is always 'workers'.)
 * Under `memory lkmm` the default is the core: the execution graph lives in the core's memory only.
 */
function engineFor(raw: unknown, given: string, variant: string | Variant, memory: MemoryModel): string {
  const explicit = typeof raw === 'object' && raw !== null && (raw as { engine?: unknown }).engine !== undefined;
  if (explicit) return given;
  if (memory === 'lkmm') return 'core';
  const v = typeof variant === 'string' ? findVariant(variant) : variant;
  return v && !v.listing ? 'core' : given;
}

export async function startLive(host: DebugHost, raw: unknown, note: Note, emit: Emit): Promise<StartOutcome> {
  const v = validateLaunchArgs(raw, engineNames());
  for (const w of v.warnings) note(w);
  if (!v.args) return { error: v.errors.join('; '), details: v.errors.map((text) => ({ text })) };
  const args = v.args;
  const r = loadLaunch(host, args);
  if ('error' in r) return { error: r.error, details: r.details, program: args.program };
  for (const w of r.ok.warnings) note(w.text, { program: args.program, ...(w.line ? { line: w.line } : {}), ...(w.column ? { column: w.column } : {}) });
  const memory = args.memory ?? r.ok.program.memory ?? 'sc';
  // CPUs (context switches, deferred irq_works) run on the core engine: a step there may give another thread a call.
  const cpus = (r.ok.program.cpus?.length ?? 0) > 0;
  const engineName = cpus && memory === 'sc' ? engineFor(raw, args.engine, r.ok.variant, 'lkmm') : engineFor(raw, args.engine, r.ok.variant, memory);
  const factory = engineFactory(engineName);
  const listing = listingFor(r.ok.variant);
  if (!factory || !listing) return { error: `launch attribute 'engine': '${args.engine}' is not available`, details: [] };
  let engine: Engine | undefined;
  try {
    if (cpus && engineName !== 'core') return { error: `launch attribute 'engine': a scenario with CPUs ('cpu ...;') runs on the core engine, not '${engineName}'`, details: [] };
    if (memory === 'lkmm' && engineName !== 'core') return { error: `launch attribute 'memory': lkmm runs on the core engine, not '${engineName}'`, details: [] };
    const variant = memory === 'lkmm' ? listingVariantFor(r.ok.variant).variant : r.ok.variant;
    if (!variant) return { error: `launch attribute 'memory': lkmm needs a listing, and variant '${String(args.variant)}' has none`, details: [] };
    engine = factory({ program: r.ok.program, variant, limits: { maxSteps: args.maxSteps }, memory });
    const dbg = new TraceDebugger(engine, { scheduler: args.scheduler, seed: args.seed, trace: args.trace }, emit);
    await dbg.start();
    if (engine.reads) engine.reads.pending = r.ok.pins.slice();
    return { live: { args, loaded: r.ok, dbg, listing, statements: new StatementIndex(engine.machine) } };
  } catch (e) {
    // Nothing is kept of a failed start: a workers engine's threads are terminated here.
    await Promise.resolve(engine?.dispose()).catch(() => undefined);
    return { error: `the ${engineName} engine could not start: ${e instanceof Error ? e.message : String(e)}`, details: [] };
  }
}
