// The debug adapter's public surface for the extension and tests.
export { TwDebugSession } from './session';
export type { DebugHost } from './launch';
export { LAUNCH_ATTRIBUTES, validateLaunchArgs } from './launchArgs';
export type { TwLaunchArgs, SchedulerKind } from './launchArgs';
export { registerEngine, engineNames, CoreEngine } from './engine';
export type { Engine, EngineFactory, EngineOptions, EngineCheckpoint } from './engine';
export { listingFor, allListings } from './listing/listing';
export { nodeHost, findListingsDir } from './nodeHost';
