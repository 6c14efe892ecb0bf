// Starting (or restarting) a session: validate the launch attributes, compile the scenario, start
// the engine. Everything is created together or not at all, so a session is never half-started.
import { TwLaunchArgs, validateLaunchArgs } from './launchArgs';
import { DebugHost, Loaded, LocatedMessage, loadLaunch } from './launch';
import { engineFactory, engineNames } from './engine';
import { Emit, TraceDebugger } from './traceDebugger';
import { Listing, listingFor } from './listing/listing';
import { StatementIndex } from './sourceMap';
import { listingVariantFor } from '../model';

/** A started session's parts. */
export interface Live { args: TwLaunchArgs; loaded: Loaded; dbg: TraceDebugger; listing: Listing; statements: StatementIndex }

export type StartOutcome = { live: Live } | { error: string; details: LocatedMessage[]; program?: string };

/** Messages the start produces on the way (warnings), with their location when they have one. */
export type Note = (text: string, where?: { program: string; line?: number; column?: number }) => void;

export async function startLive(host: DebugHost, raw: unknown, note: Note, emit: Emit): Promise<StartOutcome> {
  const v = validateLaunchArgs(raw, engineNames());
  for (const w of v.warnings) note(w);
  if (!v.args) return { error: v.errors.join('; '), details: v.errors.map((text) => ({ text })) };
  const args = v.args;
  const r = loadLaunch(host, args);
  if ('error' in r) return { error: r.error, details: r.details, program: args.program };
  for (const w of r.ok.warnings) note(w.text, { program: args.program, ...(w.line ? { line: w.line } : {}), ...(w.column ? { column: w.column } : {}) });
  const factory = engineFactory(args.engine);
  const listing = listingFor(r.ok.variant);
  if (!factory || !listing) return { error: `launch attribute 'engine': '${args.engine}' is not available`, details: [] };
  try {
    const memory = args.memory ?? r.ok.program.memory ?? 'sc';
    if (memory === 'lkmm' && args.engine !== 'core') return { error: `launch attribute 'memory': lkmm runs on the core engine, not '${args.engine}'`, details: [] };
    const variant = memory === 'lkmm' ? listingVariantFor(r.ok.variant).variant : r.ok.variant;
    if (!variant) return { error: `launch attribute 'memory': lkmm needs a listing, and variant '${String(args.variant)}' has none`, details: [] };
    const engine = factory({ program: r.ok.program, variant, limits: { maxSteps: args.maxSteps }, memory });
    const dbg = new TraceDebugger(engine, { scheduler: args.scheduler, seed: args.seed, trace: args.trace }, emit);
    await dbg.start();
    return { live: { args, loaded: r.ok, dbg, listing, statements: new StatementIndex(engine.machine) } };
  } catch (e) {
    return { error: `the ${args.engine} engine could not start: ${e instanceof Error ? e.message : String(e)}`, details: [] };
  }
}
