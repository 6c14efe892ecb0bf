// `tw explore`, `tw merge` and `tw stress` in-process: verdicts, exit codes, replay commands that
// really replay, JUnit, shards merged equal to the whole.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tw } from './harness';


const S1 = 'examples/s01-cancel-vs-run.tw';
const dir = mkdtempSync(join(tmpdir(), 'tw-explore-'));

describe('tw explore', () => {
  it('checks every declared verdict of S1 over all interleavings and exits 0', async () => {
    const r = await tw('explore', S1);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /PASS expect mainline: ok: found ok/);
    assert.match(r.out, /PASS expect no-run-lock-pair: use-after-free, run-after-cancel, assertion/);
  });

  it('with --variant, reports each violation with a replay command that reproduces it', async () => {
    const r = await tw('explore', S1, '--variant', 'no-run-lock-pair');
    assert.equal(r.code, 1);
    const m = /replay: tw run (\S+) --variant (\S+) --schedule '([^']+)'/.exec(r.out);
    assert.ok(m, r.out);
    const replay = await tw('run', m[1]!, '--variant', m[2]!, '--schedule', m[3]!);
    assert.equal(replay.code, 1);
    assert.match(replay.out, /use-after-free at step/);
    assert.match(r.out, /race: .+ before .+/);
  });

  it('a file whose declared verdict is wrong fails (exit 1)', async () => {
    const f = join(dir, 'wrong.tw');
    writeFileSync(f, readFileSync(S1, 'utf8').replace('expect mainline: ok;', 'expect mainline: deadlock;'));
    const r = await tw('explore', f);
    assert.equal(r.code, 1);
    assert.match(r.out, /FAIL expect mainline: deadlock: found ok \(deadlock never happens\)/);
  });

  it('--junit writes one testcase per expectation', async () => {
    const junit = join(dir, 'junit.xml');
    const r = await tw('explore', S1, 'examples/s02-exit-vs-add.tw', '--junit', junit);
    assert.equal(r.code, 0, r.err);
    const x = readFileSync(junit, 'utf8');
    assert.equal((x.match(/<testcase /g) ?? []).length, 4);
    assert.equal((x.match(/<failure /g) ?? []).length, 0);
  });

  it('--junit into a directory that does not exist is a usage error, not an internal one', async () => {
    const r = await tw('explore', S1, '--junit', join(dir, 'missing', 'junit.xml'));
    assert.equal(r.code, 2);
    assert.equal(r.err, `tw explore: --junit: cannot write ${join(dir, 'missing', 'junit.xml')}: no such file`);
  });

  it('shards explored apart and merged give the whole result', async () => {
    const files: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await tw('explore', S1, '--variant', 'no-run-lock-pair', '--strategy', 'dpor', '--workers', '1', '--shard', `${i}/3`, '--json');
      const f = join(dir, `shard${i}.json`);
      writeFileSync(f, r.out);
      files.push(f);
    }
    const merged = await tw('merge', ...files, '--json');
    const whole = await tw('explore', S1, '--variant', 'no-run-lock-pair', '--strategy', 'dpor', '--workers', '1', '--json');
    type Out = { results: Record<string, { outcomes: string[]; violations: { kind: string }[] }> }[];
    const a = (JSON.parse(merged.out) as Out)[0]!.results['no-run-lock-pair']!;
    const b = (JSON.parse(whole.out) as Out)[0]!.results['no-run-lock-pair']!;
    assert.deepEqual(a.outcomes, b.outcomes);
    assert.deepEqual(a.violations.map((v) => v.kind).sort(), b.violations.map((v) => v.kind).sort());
  });

  it('bad flags exit 2 naming the flag', async () => {
    assert.match((await tw('explore', S1, '--strategy', 'bfs')).err, /--strategy must be one of stateful, dpor, dfs, random, pct, found 'bfs'/);
    assert.match((await tw('explore', S1, '--shard', '3')).err, /--shard expects i\/n/);
    assert.equal((await tw('merge', join(dir, 'nope.json'))).code, 2);
  });
});

describe('tw stress', () => {
  it('S1 on mainline: only outcomes the explorer predicts, no violation', async function () {
    this.timeout(60000);
    const r = await tw('stress', S1, '--runs', '200');
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /IMPOSSIBLE/);
    assert.match(r.out, /200 runs on worker threads/);
  });
});
