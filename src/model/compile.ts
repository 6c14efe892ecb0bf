// A model listing from text: preprocess, lex, parse, lower every function once into flat code
// (listing.ts). Returns diagnostics for everything outside the subset; never throws on bad input.
import { preprocess, X86_64_CONFIG } from './preprocess';
import { lexC, Lexed } from './cLexer';
import { parseC } from './cParser';
import { CFile, CFunction } from './cAst';
import { ModelSink, ModelDiagnostic, at } from './diagnostics';
import { Emitter } from './emitter';
import { StmtLowerer } from './lowerStmt';
import { lowerCall } from './lowerCall';
import { Listing, MFunction } from './listing';
import { PRELUDE, PRELUDE_FILE } from './prelude';

export interface ListingOptions {
  /** CONFIG_* options that differ from the typical x86-64 configuration. */
  config?: Readonly<Record<string, boolean>>;
}

export interface ListingResult {
  listing?: Listing;
  diagnostics: ModelDiagnostic[];
  /** A content hash of the listing text (FNV-1a, hex), so a result names what it ran. */
  hash: string;
}

/** The functions a scenario calls into: a listing without them cannot be a variant. */
export const REQUIRED_FUNCTIONS = ['task_work_add', 'task_work_run'] as const;

export function compileListing(file: string, text: string, opts: ListingOptions = {}): ListingResult {
  const sink = new ModelSink();
  const config = { ...X86_64_CONFIG, ...opts.config };
  const user = parseFile(text, sink, config);
  const prelude = parseFile(PRELUDE, new ModelSink(), config);
  const hash = contentHash(text);
  checkGlobals(user.file, sink);
  const own = new Set(user.file.functions.map((f) => f.name));
  const sources = [
    ...user.file.functions.map((f) => ({ f, lexed: user.lexed, file })),
    ...prelude.file.functions.filter((f) => !own.has(f.name)).map((f) => ({ f, lexed: prelude.lexed, file: PRELUDE_FILE })),
  ];
  for (const name of REQUIRED_FUNCTIONS) {
    if (!own.has(name)) sink.error('TW350', at(1, 1), `a listing must define ${name}() (it is what scenarios call)`);
  }
  const byName = new Map<string, number>();
  sources.forEach((s, i) => {
    if (byName.has(s.f.name)) sink.error('TW351', at(s.f.line, s.f.column), `function '${s.f.name}' is defined twice`);
    else byName.set(s.f.name, i);
  });
  const labels: string[] = [];
  const irq = new Map(user.file.irqWorks.map((w) => [w.name, w.handler]));
  const functions = sources.map((s) => {
    const fn = lowerFunction(s.f, s.lexed, { all: sources.map((x) => x.f), byName, irq }, config, s.file === file ? sink : new ModelSink(), labels);
    return s.file === file ? fn : { ...fn, prelude: true };
  });
  const diagnostics = sink.list.slice().sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  if (sink.hasErrors()) return { diagnostics, hash };
  return { listing: { file, functions, byName, labels }, diagnostics, hash };
}

function parseFile(text: string, sink: ModelSink, config: Readonly<Record<string, boolean>>): { file: CFile; lexed: Lexed } {
  const lexed = lexC(preprocess(text, sink, config), sink);
  return { file: parseC(lexed.tokens, sink), lexed };
}

function checkGlobals(file: CFile, sink: ModelSink): void {
  for (const g of file.globals) {
    if (g.name === 'work_exited' && g.type.base === 'struct callback_head' && g.type.ptr === 0) continue;
    sink.error('TW343', at(g.line, g.column), `global '${g.name}': the only global a listing may declare is 'static struct callback_head work_exited'`);
  }
}

/** What every function of a file may refer to: the functions, by name, and the per-CPU irq_works' handlers. */
interface FileNames { all: CFunction[]; byName: ReadonlyMap<string, number>; irq: ReadonlyMap<string, string> }

function lowerFunction(f: CFunction, lexed: Lexed, names: FileNames,
  config: Readonly<Record<string, boolean>>, sink: ModelSink, labels: string[]): MFunction {
  const { all, byName, irq } = names;
  const em = new Emitter(f.name, lexed.labels, labels);
  const outer = {
    functionIndex: (name: string) => byName.get(name) ?? -1,
    functionReturns: (i: number) => (all[i]?.ret.base ?? 'void') !== 'void' || (all[i]?.ret.ptr ?? 0) > 0,
    isEnabled: (option: string) => config[option] ?? false,
    irqHandler: (name: string) => byName.get(irq.get(name) ?? '') ?? -1,
  };
  const st = new StmtLowerer(em, sink, outer, lowerCall);
  for (const p of f.params) {
    if (!p.name) { sink.error('TW340', at(p.line, p.column), `parameter ${f.params.indexOf(p) + 1} of '${f.name}' needs a name`); continue; }
    st.declare(p.name, p.type, p);
  }
  st.body(f.body);
  em.emit('ret', f.endLine, 1);
  const liveTemps = [...em.tempRanges].map(([slot, r]) => ({ slot, from: r.from, to: r.to }));
  return { name: f.name, params: f.params.length, slots: em.slots, code: em.code, line: f.line, endLine: f.endLine, returns: outer.functionReturns(byName.get(f.name) ?? -1), liveTemps };
}

/** FNV-1a over the UTF-16 code units, as 8 hex digits: stable, dependency-free, enough to tell files apart. */
export function contentHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h.toString(16).padStart(8, '0');
}
