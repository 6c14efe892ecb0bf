// The model front end's public surface: kernel-style C listings compiled once into flat code
// that the interpreter runs over a memory port. Depends on src/core only.
export { compileListing, contentHash, REQUIRED_FUNCTIONS } from './compile';
export type { ListingResult, ListingOptions } from './compile';
// The compiled form and its interpreter live in the core (its Machine runs them); re-exported here.
export type { Listing, MFunction, MInstr, MOp, Order, MSlot, SlotKind } from '../core';
export { formatModelDiagnostic } from './diagnostics';
export type { ModelDiagnostic } from './diagnostics';
export { X86_64_CONFIG } from './preprocess';
export { startCall, stepListing as step, settleListing as settle, canStep, nextInstr, newResult, stepAccesses } from '../core';
export type { MThread, MFrame, InterpHost, StepResult, ListingAccess } from '../core';
export { variantOfListing, isListingPath } from './variantOf';
export type { ListingVariantResult } from './variantOf';
export { HISTORY_NAMES, HISTORY_VARIANTS, historyListing, historySummary, historyVariant, historyNameFor, variantByName } from './history';
export { LISTING_TEXTS } from './listingTexts';
export { listingVariantFor } from './lkmmVariant';
