// The explorer as the Test Explorer uses it: every interleaving of a scenario under one variant.
// Undefined until src/explore offers its in-process entry; the tests then rely on witnesses only.
import type { ExploreFn } from './expectations';

export const exploreForTests: ExploreFn | undefined = undefined;
