// What a build offers another build's benchmark (dist/benchApi.js): `npm run bench -- listing`
// with TW_OLD=<checkout> loads the old checkout's copy and alternates old and new in one process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine, Program, seededRandom } from '../src/core';
import { variantOfListing } from '../src/model';
import { exploreSync } from '../src/explore';
import { loadExamples } from './util';

export interface BuildApi {
  /** The examples of `dir`/examples, compiled by this build. */
  examples(dir: string): { name: string; program: Program }[];
  /** `tw explore` of a program under a variant name, or under the listing `dir`/listings/NAME.c when `listing`. */
  explore(program: Program, variant: string, listing?: { dir: string }): void;
  /** Seeded random steps of a program under a variant name (restarting at each end): the core's step rate. */
  churn(program: Program, variant: string, steps: number, seed: number, maxSteps?: number): void;
}

const listings = new Map<string, unknown>();

export const api: BuildApi = {
  examples: (dir) => loadExamples(join(dir, 'examples')),
  explore(program, variant, listing) {
    if (!listing) { exploreSync(program, { variant }); return; }
    const file = join(listing.dir, 'listings', `${variant}.c`);
    let v = listings.get(file);
    if (!v) listings.set(file, v = variantOfListing(variant, `listings/${variant}.c`, readFileSync(file, 'utf8')).variant);
    exploreSync(program, { variant: v as Parameters<typeof exploreSync>[1]['variant'] });
  },
  churn(program, variant, steps, seed, maxSteps = 2000) {
    const m = new Machine(program, variant, { maxSteps });
    const rnd = seededRandom(seed);
    let s = m.init().state;
    for (let n = 0; n < steps; n++) {
      const en = m.enabled(s);
      if (s.finished || en.length === 0) { s = m.init().state; continue; }
      m.step(s, en[Math.floor(rnd() * en.length)] ?? 0);
    }
  },
};
