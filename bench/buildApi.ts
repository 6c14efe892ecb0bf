// What a build offers another build's benchmark (dist/benchApi.js): `npm run bench -- listing`
// with TW_OLD=<checkout> loads the old checkout's copy and alternates old and new in one process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine, Program, Variant, seededRandom } from '../src/core';
import { variantOfListing } from '../src/model';
import { exploreSync } from '../src/explore';
import { loadExamples } from './util';

export interface BuildApi {
  /** The examples of `dir`/examples, compiled by this build. */
  examples(dir: string): { name: string; program: Program }[];
  /** `tw explore` of a program under a variant name, or under the listing `dir`/listings/NAME.c when `listing`. */
  explore(program: Program, variant: string, listing?: { dir: string }): void;
  /**
   * Seeded random steps of a program under a variant name (restarting at each end): the core's step
   * rate; under the listing `dir`/listings/NAME.c when `listing` (a build without the option runs the name).
   */
  churn(program: Program, variant: string, steps: number, seed: number, maxSteps?: number, listing?: { dir: string }): void;
}

const listings = new Map<string, unknown>();

/** The variant of the listing `dir`/listings/NAME.c, compiled once per file. */
function listingOf(dir: string, variant: string): Variant {
  const file = join(dir, 'listings', `${variant}.c`);
  let v = listings.get(file) as Variant | undefined;
  if (!v) {
    v = variantOfListing(variant, `listings/${variant}.c`, readFileSync(file, 'utf8')).variant;
    if (!v) throw new Error(`${file} does not compile`);
    listings.set(file, v);
  }
  return v;
}

export const api: BuildApi = {
  examples: (dir) => loadExamples(join(dir, 'examples')),
  explore(program, variant, listing) {
    if (!listing) { exploreSync(program, { variant }); return; }
    exploreSync(program, { variant: listingOf(listing.dir, variant) });
  },
  churn(program, variant, steps, seed, maxSteps = 2000, listing) {
    const m = new Machine(program, listing ? listingOf(listing.dir, variant) : variant, { maxSteps });
    const rnd = seededRandom(seed);
    let s = m.init().state;
    for (let n = 0; n < steps; n++) {
      const en = m.enabled(s);
      if (s.finished || en.length === 0) { s = m.init().state; continue; }
      m.step(s, en[Math.floor(rnd() * en.length)] ?? 0);
    }
  },
};
