// The Linux kernel memory model (LKMM) checker: execution graphs in, allowed-or-why out.
// Depends on nothing else in tw; the litmus runner, the explorer and the debugger build graphs.
export type { ExecutionGraph, LkmmEvent, Val, AccessTag, FenceTag, LockOp, EventKind } from './graph';
export { GraphBuilder, eventText, accessTagOf } from './graph';
export { checkLkmm, lkmmAllows, judgeExecution, dataRaces } from './check';
export { partlyForbidden } from './partial';
export type { LkmmVerdict, Axiom, DataRace } from './check';
export { Rel, EventSet } from './relation';
export { modelFlags, flagsAnswering } from './flags';
export type { ModelFlag } from './flags';
