// The session's breakpoint book: it keeps every breakpoint request (so a restart can rebuild them
// with the same ids against the re-read file), installs the built ones in the debugger, and
// answers breakpointLocations / dataBreakpointInfo.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Machine, VARIANT_NAMES } from '../core';
import { Bp, ExceptionFilterId } from './breakpoints';
import { BpRequest, BpResult, buildDataBp, buildFunctionBp, buildListingBp, buildTwBp, resolveDataId } from './bpBuild';
import { Condition, compileCondition } from './bpParts';
import { Listing, listingFor } from './listing/listing';
import { StatementIndex } from './sourceMap';
import { TraceDebugger } from './traceDebugger';
import { SourceRef, VarRef } from './presenter';
import { EXCEPTION_FILTERS, listingVariantOfPath, listingVariantOfReference, samePath } from './sessionSupport';

export interface BookContext {
  m: Machine;
  listing: Listing;
  statements: StatementIndex;
  dbg: TraceDebugger;
  /** Path of the .tw file. */
  program: string;
  listingSource(l: Listing): SourceRef;
}

interface SourceEntry { source: DebugProtocol.Source; reqs: DebugProtocol.SourceBreakpoint[]; ids: number[] }

let nextId = 1;

function toDap(r: BpResult, source?: DebugProtocol.Source): DebugProtocol.Breakpoint {
  const out: DebugProtocol.Breakpoint = { id: r.id, verified: r.verified };
  if (r.message) out.message = r.message;
  if (r.line !== undefined) out.line = r.line;
  if (r.column !== undefined) out.column = r.column;
  if (source) out.source = source;
  return out;
}

function notStarted(id: number, line?: number): BpResult {
  return { id, verified: false, message: 'the session has not started', line, bp: null };
}

/** The requests built against the session (or all unverified before it starts), ids in order. */
function buildAll<R>(c: BookContext | undefined, reqs: readonly R[], ids: readonly number[],
  build: (c: BookContext, id: number, req: R) => BpResult): BpResult[] {
  return reqs.map((req, i) => (c ? build(c, ids[i] ?? 0, { ...req }) : notStarted(ids[i] ?? 0)));
}

function installed(results: readonly BpResult[]): Bp[] {
  return results.flatMap((r) => (r.bp ? [r.bp] : []));
}

function ids(old: number[], n: number): number[] {
  const out = old.slice(0, n);
  while (out.length < n) out.push(nextId++);
  return out;
}

export class BreakpointBook {
  private readonly sources = new Map<string, SourceEntry>();
  private fnReqs: DebugProtocol.FunctionBreakpoint[] = [];
  private fnIds: number[] = [];
  private dataReqs: DebugProtocol.DataBreakpoint[] = [];
  private dataIds: number[] = [];
  private filterArgs: DebugProtocol.SetExceptionBreakpointsArguments | undefined;
  private readonly where = new Map<number, { source: DebugProtocol.Source; line: number }>();

  locationOf(id: number): { source: DebugProtocol.Source; line: number } | undefined {
    return this.where.get(id);
  }

  private key(src: DebugProtocol.Source): string {
    return src.path ?? `ref:${src.sourceReference ?? 0}`;
  }

  /** The listing a source is (by path `listings/<variant>.c` or by the session's sourceReference). */
  private listingOf(src: DebugProtocol.Source, c: BookContext | undefined): Listing | undefined {
    // The session's own listing when it runs one (a release, the user's file), by its path.
    const own = c?.listing.path !== undefined ? c.listingSource(c.listing).path : undefined;
    if (own && samePath(src.path, own)) return c?.listing;
    const byPath = listingVariantOfPath(src.path, VARIANT_NAMES);
    if (byPath) return listingFor(byPath);
    const v = listingVariantOfReference(src.sourceReference);
    return v ? listingFor(v) : undefined;
  }

  private buildSource(c: BookContext | undefined, e: SourceEntry): DebugProtocol.Breakpoint[] {
    const listing = this.listingOf(e.source, c);
    const isTw = c !== undefined && samePath(e.source.path, c.program);
    const results = e.reqs.map((req, i) => {
      const id = e.ids[i] ?? 0;
      const r: BpRequest & { line: number } = { ...req };
      if (!c) return notStarted(id, req.line);
      if (isTw) return buildTwBp(c, id, r);
      if (listing) return buildListingBp(c, id, listing, r);
      return { id, verified: false, message: 'not the scenario of this session nor a tw model listing', line: req.line, bp: null } as BpResult;
    });
    const bps = installed(results);
    for (const r of results) if (r.bp) this.where.set(r.id, { source: e.source, line: r.line ?? 1 });
    if (c) {
      if (isTw) c.dbg.bps.tw = bps;
      else if (listing) c.dbg.bps.listing.set(this.key(e.source), bps);
      c.dbg.countsValid = false;
    }
    return results.map((r) => toDap(r, e.source));
  }

  setSource(c: BookContext | undefined, args: DebugProtocol.SetBreakpointsArguments): DebugProtocol.Breakpoint[] {
    const key = this.key(args.source);
    const reqs = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    const entry: SourceEntry = { source: args.source, reqs, ids: ids(this.sources.get(key)?.ids ?? [], reqs.length) };
    this.sources.set(key, entry);
    return this.buildSource(c, entry);
  }

  setFunctions(c: BookContext | undefined, reqs: DebugProtocol.FunctionBreakpoint[]): DebugProtocol.Breakpoint[] {
    this.fnReqs = reqs;
    this.fnIds = ids(this.fnIds, reqs.length);
    const results = buildAll(c, reqs, this.fnIds, buildFunctionBp);
    if (c) {
      c.dbg.bps.functions = installed(results);
      c.dbg.countsValid = false;
    }
    return results.map((r) => toDap(r));
  }

  setData(c: BookContext | undefined, reqs: DebugProtocol.DataBreakpoint[]): DebugProtocol.Breakpoint[] {
    this.dataReqs = reqs;
    this.dataIds = ids(this.dataIds, reqs.length);
    const results = buildAll(c, reqs, this.dataIds, buildDataBp);
    if (c) {
      c.dbg.bps.data = installed(results);
      c.dbg.countsValid = false;
    }
    return results.map((r) => toDap(r));
  }

  setFilters(c: BookContext | undefined, args: DebugProtocol.SetExceptionBreakpointsArguments): DebugProtocol.Breakpoint[] {
    this.filterArgs = args;
    const chosen = [...(args.filters ?? []).map((filterId) => ({ filterId, condition: undefined as string | undefined })), ...(args.filterOptions ?? [])];
    const out: DebugProtocol.Breakpoint[] = [];
    const filters = new Map<ExceptionFilterId, Condition | undefined>();
    for (const f of chosen) {
      const known = EXCEPTION_FILTERS.find((x) => x.filter === f.filterId);
      if (!known) { out.push({ verified: false, message: `unknown exception filter '${f.filterId}'` }); continue; }
      if (!f.condition || !c) { filters.set(known.filter, undefined); out.push({ verified: true }); continue; }
      const cond = compileCondition(c.m.program, f.condition);
      if ('error' in cond) { out.push({ verified: false, message: `condition '${f.condition}': ${cond.error}` }); continue; }
      filters.set(known.filter, cond);
      out.push({ verified: true });
    }
    if (c) c.dbg.bps.filters = filters;
    return out;
  }

  /** Re-applies every stored request to a restarted session (same ids); returns them all. */
  rebuild(c: BookContext | undefined): DebugProtocol.Breakpoint[] {
    this.where.clear();
    const out: DebugProtocol.Breakpoint[] = [];
    for (const e of this.sources.values()) out.push(...this.buildSource(c, e));
    out.push(...this.setFunctions(c, this.fnReqs), ...this.setData(c, this.dataReqs));
    if (this.filterArgs) this.setFilters(c, this.filterArgs);
    return out.filter((b) => b.id !== undefined);
  }

  locations(c: BookContext | undefined, args: DebugProtocol.BreakpointLocationsArguments): DebugProtocol.BreakpointLocation[] {
    if (!c) return [];
    const from = args.line;
    const to = args.endLine ?? args.line;
    // Only lines that hold something are visited: an endLine of 2^31 costs nothing more.
    const inRange = (lines: Iterable<number>): number[] => [...lines].filter((l) => l >= from && l <= to).sort((a, b) => a - b);
    if (samePath(args.source.path, c.program)) {
      return inRange(c.statements.lines()).flatMap((line) => c.statements.columns(line).map((column) => ({ line, column })));
    }
    const listing = this.listingOf(args.source, c);
    return listing ? inRange(listing.labelOfLine.keys()).map((line) => ({ line })) : [];
  }

  /** "Break on Value Change" is offered for T.task_works, T.pi_lock and A.next. */
  dataInfo(c: BookContext | undefined, container: VarRef | undefined, name: string): DebugProtocol.DataBreakpointInfoResponse['body'] {
    const none = (why: string): DebugProtocol.DataBreakpointInfoResponse['body'] => ({ dataId: null, description: why });
    if (!c) return none('the session has not started');
    let text = name;
    if (container?.k === 'task') text = `${c.m.program.tasks[container.task]?.name ?? '?'}.${name}`;
    else if (container?.k === 'work') text = `${c.m.program.works[container.id]?.name ?? '?'}.${name}`;
    else if (container) return none(`${name}: only T.task_works, T.pi_lock and a work's next can be watched`);
    const target = resolveDataId(c.m.program, text);
    if ('error' in target) return none(target.error);
    const dataId = text.replace('->', '.').replace(/\s+/g, '');
    return { dataId, description: `${dataId} changes`, accessTypes: ['write'], canPersist: true };
  }
}
