// The model front end's public surface: kernel-style C listings compiled once into flat code
// that the interpreter runs over a memory port. Depends on src/core only.
export { compileListing, contentHash, REQUIRED_FUNCTIONS } from './compile';
export type { ListingResult, ListingOptions } from './compile';
export type { Listing, MFunction, MInstr, MOp, Order, MSlot, SlotKind } from './listing';
export { formatModelDiagnostic } from './diagnostics';
export type { ModelDiagnostic } from './diagnostics';
export { X86_64_CONFIG } from './preprocess';
export { startCall, step, settle, canStep, nextInstr, newResult } from './interp';
export type { MThread, MFrame, InterpHost, StepResult } from './interp';
export { stepAccesses } from './accesses';
export type { ListingAccess } from './accesses';
export { entryFor, missingEntryText } from './entries';
export type { ApiCall, Entry } from './entries';
export { HISTORY_NAMES, historyListing, historySummary } from './history';
export { LISTING_TEXTS } from './listingTexts';
