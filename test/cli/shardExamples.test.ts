// The CI matrix and the Kubernetes Indexed Job of docs/explore-shards.md run the right commands:
// their command lines are taken out of the YAML as written, given each index the way GitHub
// Actions (matrix.index) and Kubernetes (JOB_COMPLETION_INDEX) would, and run with the built CLI
// on an example with violations. The merge must give the unsharded search's verdict and exit code.
// (Kubernetes itself does not run here: this checks the shell lines it would run.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const DOC = 'docs/explore-shards.md';
const JOB = 'docs/examples/tw-shards-job.yaml';
const SCENARIO = 'examples/s03-two-cancellers.tw';
const VARIANT = 'no-run-lock-pair';

/** The fenced yaml block of the doc whose first line is `first`. */
function yamlBlock(first: string): string {
  const doc = readFileSync(DOC, 'utf8');
  const at = doc.indexOf('```yaml\n' + first + '\n');
  assert.ok(at >= 0, `${DOC}: no yaml block starting with ${first}`);
  const body = doc.slice(at + '```yaml\n'.length);
  return body.slice(0, body.indexOf('```'));
}

/** The built CLI, the example and a fresh directory in place of the docs' placeholders. */
function localise(line: string, dir: string): string {
  const cli = resolve('dist/cli.js');
  const scenario = `'${resolve(SCENARIO)}' --variant ${VARIANT}`;
  return line.replace(/node dist\/cli\.js/g, `node '${cli}'`).replace(/(scenarios\/)?scenario\.tw/g, scenario)
    .replace(/\/out\//g, `${dir}/`);
}

function sh(shell: string, line: string, dir: string, env: Record<string, string> = {}): { code: number; out: string; err: string } {
  const r = spawnSync(shell, ['-c', line], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** The unsharded search's exit code and violation lines, for the same options as the docs' shards. */
function unsharded(strategy: string): { code: number; kinds: string[] } {
  const r = spawnSync('node', [resolve('dist/cli.js'), 'explore', SCENARIO, '--variant', VARIANT, '--strategy', strategy], { encoding: 'utf8' });
  return { code: r.status ?? -1, kinds: kindsIn(r.stdout) };
}

/** The violation kinds a verdict table names (`KIND under VARIANT: ...` lines). */
function kindsIn(out: string): string[] {
  return [...out.matchAll(new RegExp(`^ {2}([\\w-]+) under ${VARIANT}:`, 'gm'))].map((m) => m[1] as string).sort();
}

describe('docs/explore-shards.md: the CI matrix and the Indexed Job run', function () {
  this.timeout(180000);
  before(function () {
    if (!existsSync('dist/cli.js')) this.skip(); // `npm test` builds first
  });

  it('the GitHub Actions matrix: each index writes its shard, the merge job gives the unsharded verdict', () => {
    const yaml = yamlBlock('# .github/workflows/explore.yml');
    const indices = JSON.parse(/index: (\[[\d, ]+\])/.exec(yaml)?.[1] ?? '[]') as number[];
    const runs = [...yaml.matchAll(/- run: (node dist\/cli\.js .*)$/gm)].map((m) => m[1] as string);
    const shardLine = runs.find((l) => l.includes(' explore ') && l.includes('--shard ${{ matrix.index }}/'));
    const mergeLine = runs.find((l) => l.includes(' merge '));
    assert.ok(shardLine && mergeLine, `${DOC}: the matrix's explore and merge steps`);
    assert.equal(indices.length, Number(/--shard \$\{\{ matrix\.index \}\}\/(\d+)/.exec(shardLine)?.[1]), 'one matrix entry per shard');
    const dir = mkdtempSync(join(tmpdir(), 'tw-matrix-'));
    for (const i of indices) {
      // GitHub Actions runs a `run:` step with bash; the expression is substituted before.
      const r = sh('bash', localise(shardLine.replace(/\$\{\{ matrix\.index \}\}/g, String(i)), dir), dir);
      assert.equal(r.code, 0, `shard ${i}: ${r.err}`);
    }
    assert.deepEqual(readdirSync(dir).sort(), indices.map((i) => `shard-${i}.json`).sort());
    const merged = sh('bash', localise(mergeLine, dir), dir);
    const whole = unsharded(/--strategy (\w+)/.exec(shardLine)?.[1] ?? 'stateful');
    assert.equal(merged.code, whole.code, merged.err);
    assert.ok(whole.kinds.length > 0, 'the example has violations under this variant');
    assert.deepEqual(kindsIn(merged.out), whole.kinds);
    assert.ok(existsSync(join(dir, 'explore.xml')), 'the merge step writes its JUnit file');
  });

  it('the Kubernetes Indexed Job: each JOB_COMPLETION_INDEX writes its shard, the merge Job gives the unsharded verdict', () => {
    const yaml = readFileSync(JOB, 'utf8');
    assert.equal(yamlBlock('# docs/examples/tw-shards-job.yaml'), yaml, `${DOC} shows ${JOB} as it is`);
    // The doc applies the Jobs one after the other by these labels.
    for (const [job, step] of [['tw-explore', 'shards'], ['tw-merge', 'merge']]) {
      assert.match(yaml, new RegExp(`name: ${job}\n {2}labels: \\{ tw-step: ${step} \\}`), `${JOB}: ${job} labelled tw-step=${step}`);
      assert.ok(readFileSync(DOC, 'utf8').includes(`kubectl apply -f ${JOB} -l tw-step=${step}`), `${DOC} applies tw-step=${step}`);
    }
    const completions = Number(/^ {2}completions: (\d+)$/m.exec(yaml)?.[1]);
    // The shard's command: `sh -c` with the folded (>-) argument, its lines joined by spaces.
    const folded = /^( *)- >-\n((?:\1 {2}.*\n)+)/m.exec(yaml);
    assert.ok(folded, `${JOB}: the shard container's folded args`);
    const shardLine = (folded[2] as string).split('\n').map((l) => l.trim()).filter((l) => l).join(' ');
    assert.match(shardLine, new RegExp(`--shard "\\$JOB_COMPLETION_INDEX/${completions}"`), 'the shard count is the completions');
    const mergeCommand = /command: (\["sh", "-c", ".*"\])$/m.exec(yaml);
    assert.ok(mergeCommand, `${JOB}: the merge container's command`);
    const mergeLine = (JSON.parse(mergeCommand[1] as string) as string[])[2] as string;
    const dir = mkdtempSync(join(tmpdir(), 'tw-indexed-'));
    for (let i = 0; i < completions; i++) {
      const r = sh('sh', localise(shardLine, dir), dir, { JOB_COMPLETION_INDEX: String(i) });
      assert.equal(r.code, 0, `index ${i}: ${r.err}`);
    }
    assert.deepEqual(readdirSync(dir).sort(), Array.from({ length: completions }, (_, i) => `shard-${i}.json`).sort());
    const merged = sh('sh', localise(mergeLine, dir), dir);
    const whole = unsharded(/--strategy (\w+)/.exec(shardLine)?.[1] ?? 'stateful');
    assert.equal(merged.code, whole.code, merged.err);
    assert.deepEqual(kindsIn(merged.out), whole.kinds);
  });
});
