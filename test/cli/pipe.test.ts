// The real `tw` process writing into a pipe whose reader leaves early (`| head -1`): no EPIPE
// stack trace, and the exit code is still the command's own verdict.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

describe('tw: output into a closed pipe', function () {
  this.timeout(60000);

  it('`tw run ... | head -1` prints one line, no stack trace, and exits with the run\'s verdict', function () {
    const cli = resolve('dist/cli.js');
    if (!existsSync(cli)) this.skip(); // `npm test` builds first
    // S4's livelock prints 10,000 trace lines: far more than a pipe holds.
    const cmd = `node "$1" run examples/s04-double-add.tw --schedule twice | head -1; echo "exit \${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', cmd, 'bash', cli], { encoding: 'utf8' });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'scenario examples/s04-double-add.tw, variant mainline, schedule: adder1*5 adder2*5 owner*9990\nexit 1\n');
    const whole = spawnSync('node', [cli, 'run', 'examples/s04-double-add.tw', '--schedule', 'twice'], { encoding: 'utf8' });
    assert.equal(whole.status, 1, 'the same verdict as without the pipe');
  });
});
