// The state encoder writes a state without a renaming through its own plain path (stateKey.ts,
// framePlain and shared: one reservation, then plain writes). It must write the very words the
// renaming path writes under the identity, for built-in steps and listing call stacks alike.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine, Program, State, Variant, seededRandom } from '../../src/core';
import { variantOfListing } from '../../src/model';
import { StateEncoder } from '../../src/explore/stateKey';
import { Renaming } from '../../src/explore/symmetry';
import { compile } from '../unit/helpers';

function identity(p: Program, s: State): Renaming {
  const id = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);
  const threads = id(s.threads.length), works = id(s.works.length), slots = id(s.cells.length), blocks = id(p.blocks.length);
  return { thread: threads, threadAt: threads, work: works, workAt: works, slot: slots, slotAt: slots, block: blocks };
}

function words(enc: StateEncoder, s: State, ren: Renaming | undefined): string {
  enc.ren = ren;
  enc.workLocals = [];
  enc.encode(s, 3);
  enc.ren = undefined;
  return `${Array.from(enc.buf.subarray(0, enc.len)).join(',')} | ${enc.ends.join(',')}`;
}

describe('explore: the state encoder without a renaming', () => {
  it('writes what the identity renaming writes, on random runs of every example, by name and by listing', () => {
    const listing = variantOfListing('mainline', 'listings/mainline.c', readFileSync('listings/mainline.c', 'utf8')).variant;
    assert.ok(listing);
    const enc = new StateEncoder();
    let compared = 0;
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.tw'))) {
      const p = compile(readFileSync(join('examples', f), 'utf8'), f);
      const variants: (string | Variant)[] = ['mainline', 'no-run-lock-pair', listing];
      for (const variant of variants) {
        const m: Machine = new Machine(p, variant, { maxSteps: 200 });
        const rnd = seededRandom(11);
        let s: State = m.init().state;
        for (let n = 0; n < 300; n++) {
          assert.equal(words(enc, s, undefined), words(enc, s, identity(p, s)), `${f}, step ${n}`);
          compared++;
          const en = m.enabled(s);
          if (s.finished || en.length === 0) { s = m.init().state; continue; }
          m.step(s, en[Math.floor(rnd() * en.length)] ?? 0);
        }
      }
    }
    assert.ok(compared > 1000);
  });
});
