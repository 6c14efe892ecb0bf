// The explorer's public surface: explore (parallel), exploreSync, exploreFrom (the debugger's
// "explore from here"), mergeResults for shards, checkExpectations for declared verdicts.
export * from './types';
export { explore } from './parallel';
export { exploreSync, exploreFrom, validateOptions, DEFAULT_EXPLORE_STEPS, DEFAULT_RUNS } from './explore';
export { mergeResults } from './merge';
export { checkExpectations, expectationsFor } from './expectations';
export type { ExpectationVerdict, VerdictStatus } from './expectations';
export { countInterleavings } from './count';
export { findRace, conflict } from './explain';
export type { Race, RaceEvent } from './explain';
export type { Fp } from './footprints';
export { mergeCoverage } from './coverage';
export type { CoverageData } from './coverage';
export { matrixRow, matrixMarkdown, matrixCell, changesAt, MATRIX_VERSIONS } from './versionMatrix';
export type { MatrixRow } from './versionMatrix';
export { exploreLkmm, searchLkmm, isLkmm, lkmmVariant, exploreProgramSync } from './lkmmSearch';
export { parsePins, splitWitness, witnessPins, explainPins, who as eventName } from './lkmmWitness';
