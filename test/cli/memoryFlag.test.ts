// --memory sc|lkmm on tw run and tw explore, the `memory lkmm;` statement, and a witness's reads
// after '|' in --schedule: what they accept, and the clear error for what they do not.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tw } from './harness';
import { parses, diagnoses } from '../lang/helpers';

const S1 = 'examples/s01-cancel-vs-run.tw';
const WITNESS = 'canceller*9 owner*9 | owner@run.next<-init';

describe('cli: --memory', function () {
  this.timeout(60000);

  it('rejects a memory model it does not know, naming the flag (exit 2)', async () => {
    for (const cmd of ['run', 'explore']) {
      const r = await tw(cmd, S1, '--memory', 'tso');
      assert.equal(r.code, 2);
      assert.match(r.err, /--memory must be 'sc' or 'lkmm', found 'tso'/);
    }
  });

  it('tw run replays a witness under lkmm: the stale read, the use-after-free, the reads line', async () => {
    const r = await tw('run', S1, '--variant', 'listings/no-run-lock-pair.c', '--memory', 'lkmm', '--schedule', WITNESS);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /memory lkmm/);
    assert.match(r.out, /^reads: owner@run\.next<-init$/m);
    assert.match(r.out, /use-after-free at step 15 \(owner, run\.next\)/);
  });

  it('the same schedule without the reads is clean under sc; reads need --memory lkmm', async () => {
    const sc = await tw('run', S1, '--variant', 'listings/no-run-lock-pair.c', '--schedule', 'canceller*9 owner*9');
    assert.equal(sc.code, 0, sc.out);
    const bad = await tw('run', S1, '--schedule', WITNESS);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /need --memory lkmm/);
    const pin = await tw('run', S1, '--memory', 'lkmm', '--schedule', 'owner | ownr@run.next<-init');
    assert.equal(pin.code, 2);
    assert.match(pin.err, /unknown thread 'ownr'/);
  });

  it('tw explore --memory lkmm: the table says lkmm, outcomes are marked, the replay command carries --memory lkmm', async () => {
    const r = await tw('explore', S1, '--memory', 'lkmm', '--variant', 'listings/no-run-lock-pair.c');
    assert.equal(r.code, 1);
    assert.match(r.out, /memory lkmm under .*consistent execution graph\(s\)/);
    assert.match(r.out, /also sc +T = NULL/);
    assert.match(r.out, /replay: tw run .* --memory lkmm --schedule '.*\|.*'/);
    const clean = await tw('explore', S1, '--memory', 'lkmm', '--variant', 'mainline');
    assert.equal(clean.code, 0, clean.out);
  });

  it('the SC strategies\' options are refused under lkmm', async () => {
    const r = await tw('explore', S1, '--memory', 'lkmm', '--strategy', 'dpor');
    assert.equal(r.code, 2);
    assert.match(r.err, /memory lkmm: it has its own search/);
  });

  it('`memory lkmm;` in the file: explore uses the LKMM, --memory sc overrides it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-memory-'));
    const file = join(dir, 's1.tw');
    writeFileSync(file, `memory lkmm;\n${readFileSync(S1, 'utf8')}`);
    const weak = await tw('explore', file, '--variant', 'mainline');
    assert.match(weak.out, /lkmm/);
    const sc = await tw('explore', file, '--variant', 'mainline', '--memory', 'sc');
    assert.doesNotMatch(sc.out, /memory lkmm/);
  });

  it('lang: memory sc|lkmm parses; an unknown model or a second memory statement is an error at its line:column', () => {
    assert.equal(parses('memory lkmm;\nthread t { }\n').memory, 'lkmm');
    assert.equal(parses('memory sc;\nthread t { }\n').memory, undefined);
    diagnoses('thread t { }\nmemory lkm;\n', '2:8 TW218');
    diagnoses('thread t { }\nmemory sc;\nmemory lkmm;\n', '3:1 TW202');
  });
});
