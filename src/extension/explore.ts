// The explorer as the Test Explorer uses it: every interleaving of a scenario under one variant,
// in-process (the examples take milliseconds each), with traces for the failing schedules.
import { exploreProgramSync } from '../explore';
import { variantByName } from '../model';
import type { ExploreFn } from './expectations';

/** Bounded so that a huge scenario cannot freeze the extension host: the verdict is then inconclusive. */
const EXPLORE_TIMEOUT_MS = 10_000;

export const exploreForTests: ExploreFn = (program, variant, memory) =>
  exploreProgramSync(program, { variant: variantByName(variant), memory, timeoutMs: EXPLORE_TIMEOUT_MS, traces: true });
