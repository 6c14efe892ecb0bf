// The compiled form of a listing is a core type (the core's Machine executes it); the front end
// builds it. Re-exported here so the model's files name it where they build it.
export type { Order, LocalFn, MOp, MInstr, SlotKind, MSlot, MFunction, Listing } from '../core';
export { SHARED_OPS } from '../core';
