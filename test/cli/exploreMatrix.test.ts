// `tw explore FILE... --variant GLOB|LIST`: the version matrix on the command line.
import assert from 'node:assert/strict';
import { tw } from './harness';

describe('cli: tw explore --variant with a glob or a list (the version matrix)', function () {
  this.timeout(60000);

  it("'v3.*' explores every 3.x release: one row, a column per release, where the verdict changes, and a replay", async () => {
    const r = await tw('explore', 'examples/s02-exit-vs-add.tw', '--variant', 'v3.*');
    assert.equal(r.code, 1, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines[0], '| scenario | v3.5 | v3.6 | v3.7-dev | v3.7 | changes at |');
    assert.equal(lines[2], '| s02-exit-vs-add | ok | lost-work | lost-work | ok | v3.6, v3.7 |');
    assert.match(r.out, /s02-exit-vs-add under v3\.6: lost-work; replay: tw run examples\/s02-exit-vs-add\.tw --variant v3\.6 --schedule '/);
  });

  it('a comma list keeps its order and takes kernel releases as uname -r prints them', async () => {
    const r = await tw('explore', 'examples/s10-cancel-in-same-batch.tw', 'examples/s01-cancel-vs-run.tw', '--variant', 'v3.7,4.19.0-21-amd64,mainline');
    assert.equal(r.code, 1, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines[0], '| scenario | v3.7 | v4.14 | mainline | changes at |');
    assert.equal(lines[2], '| s10-cancel-in-same-batch | ok | deadlock | deadlock | v4.14 |');
    assert.equal(lines[3], '| s01-cancel-vs-run | ok | ok | ok | — |');
  });

  it('--json gives each row by version', async () => {
    const r = await tw('explore', 'examples/s01-cancel-vs-run.tw', '--variant', 'v6.1,v6.19', '--json');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), {
      versions: ['v6.1', 'v6.19'],
      rows: [{ file: 'examples/s01-cancel-vs-run.tw', scenario: 's01-cancel-vs-run', verdicts: { 'v6.1': 'ok', 'v6.19': 'ok' }, changesAt: [] }],
    });
  });

  it('a glob that matches nothing, an unknown name and a one-variant flag are exit 2 with one line', async () => {
    const none = await tw('explore', 'examples/s01-cancel-vs-run.tw', '--variant', 'v9*');
    assert.equal(none.code, 2);
    assert.match(none.err, /^tw explore: --variant: 'v9\*' matches no variant \(releases: v3\.5, v3\.6,/);
    const unknown = await tw('explore', 'examples/s01-cancel-vs-run.tw', '--variant', 'v6.1,mainlin');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown variant 'mainlin'.*mainline/);
    const junit = await tw('explore', 'examples/s01-cancel-vs-run.tw', '--variant', 'v6.*', '--junit', '/dev/null');
    assert.equal(junit.code, 2);
    assert.match(junit.err, /--junit report one variant's exploration: give one --variant, not a list or a glob/);
  });
});
