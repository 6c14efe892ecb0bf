// Small pieces the session needs that are not request handlers: capabilities, the exception
// filters, variablesReference handles, path comparison and DAP shapes of presenter objects.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { VARIANT_NAMES } from '../core';
import { VarRef, FrameView, SourceRef } from './presenter';
import { VarView } from './presenterVars';
import type { ExceptionFilterId } from './breakpoints';

export const EXCEPTION_FILTERS: (DebugProtocol.ExceptionBreakpointsFilter & { filter: ExceptionFilterId })[] = [
  { filter: 'violation', label: 'Violations', description: 'Stop when the model reports a violation (use-after-free, run-after-cancel, lost work, ...)', default: true, supportsCondition: true, conditionDescription: 'e.g. thread == "owner"' },
  { filter: 'cas-failure', label: 'CAS failures', description: 'Stop after a try_cmpxchg that failed (add.cas, cancel.cas, run.cas)', default: false, supportsCondition: true, conditionDescription: 'e.g. thread == "adder"' },
  { filter: 'contention', label: 'Lock contention', description: 'Stop when a thread starts spinning on a held pi_lock', default: false, supportsCondition: true },
  { filter: 'esrch', label: '-ESRCH', description: 'Stop when task_work_add returns -ESRCH (the task has exited)', default: false, supportsCondition: true },
];

export function capabilities(): DebugProtocol.Capabilities {
  return {
    supportsConfigurationDoneRequest: true,
    supportsFunctionBreakpoints: true,
    supportsConditionalBreakpoints: true,
    supportsHitConditionalBreakpoints: true,
    supportsLogPoints: true,
    supportsEvaluateForHovers: true,
    supportsStepBack: true,
    supportsRestartRequest: true,
    supportsTerminateRequest: true,
    supportsExceptionInfoRequest: true,
    supportsExceptionFilterOptions: true,
    exceptionBreakpointFilters: EXCEPTION_FILTERS.map(({ filter, label, description, default: d, supportsCondition, conditionDescription }) => ({
      filter, label, description, default: d, supportsCondition, ...(conditionDescription ? { conditionDescription } : {}),
    })),
    supportsDataBreakpoints: true,
    supportsBreakpointLocationsRequest: true,
    supportsSingleThreadExecutionRequests: true,
    supportsCancelRequest: true,
    supportsSetVariable: false,
    supportsGotoTargetsRequest: true,
  };
}

/** variablesReference handles for the current stop (VS Code drops them when execution resumes). */
export class RefRegistry {
  private readonly ids = new Map<string, number>();
  private refs: VarRef[] = [];

  id(ref: VarRef): number {
    const key = JSON.stringify(ref);
    const old = this.ids.get(key);
    if (old !== undefined) return old;
    this.refs.push(ref);
    this.ids.set(key, this.refs.length);
    return this.refs.length;
  }

  get(id: number): VarRef | undefined {
    return this.refs[id - 1];
  }

  reset(): void {
    this.ids.clear();
    this.refs = [];
  }
}

/** Paths compare equal across slash styles and drive-letter case (Windows clients). */
export function samePath(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const norm = (p: string): string => p.replace(/\\/g, '/').replace(/^([a-zA-Z]):/, (_, d: string) => `${d.toLowerCase()}:`);
  return norm(a) === norm(b);
}

/** The variant a listing path names (`.../listings/<variant>.c`), or undefined. */
export function listingVariantOfPath(path: string | undefined, variants: readonly string[]): string | undefined {
  if (!path) return undefined;
  const m = /(?:^|[\\/])listings[\\/]([^\\/]+)\.c$/.exec(path);
  return m && m[1] && variants.includes(m[1]) ? m[1] : undefined;
}

/** Listings with no file on disk are served by sourceReference: this base + the variant's index. */
const LISTING_REF_BASE = 1000;

export function listingSourceReference(variant: string): number {
  return LISTING_REF_BASE + VARIANT_NAMES.indexOf(variant);
}

/** The variant a listing sourceReference names, or undefined. */
export function listingVariantOfReference(ref: number | undefined): string | undefined {
  return ref !== undefined && ref >= LISTING_REF_BASE ? VARIANT_NAMES[ref - LISTING_REF_BASE] : undefined;
}

function dapSource(src: SourceRef | undefined): DebugProtocol.Source | undefined {
  if (!src) return undefined;
  const out: DebugProtocol.Source = { name: src.name };
  if (src.path) out.path = src.path;
  if (src.sourceReference) { out.sourceReference = src.sourceReference; out.origin = 'tw model listing'; }
  return out;
}

export function dapFrame(f: FrameView): DebugProtocol.StackFrame {
  const out: DebugProtocol.StackFrame = { id: f.id, name: f.name, line: f.line, column: f.column };
  const src = dapSource(f.source);
  if (src) out.source = src;
  if (f.presentationHint) out.presentationHint = f.presentationHint;
  return out;
}

export function dapVariable(v: VarView, refs: RefRegistry): DebugProtocol.Variable {
  const out: DebugProtocol.Variable = { name: v.name, value: v.value, variablesReference: v.ref ? refs.id(v.ref) : 0 };
  if (v.type) out.type = v.type;
  if (v.evaluateName) out.evaluateName = v.evaluateName;
  if (v.indexed !== undefined) out.indexedVariables = v.indexed;
  return out;
}

/** Last path segment, for Source names. */
export function baseName(path: string): string {
  return path.replace(/\\/g, '/').split('/').pop() ?? path;
}
