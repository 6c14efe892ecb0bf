import { readFileSync } from 'node:fs';
import { compileSource } from '../../src/lang';
import { explore } from '../../src/explore';
import * as ex from '../../src/explore/explore';
const p = compileSource('big.tw', readFileSync('/tmp/i12/big2.tw', 'utf8')).program!;
let last = 0;
const origFinish = ex.finish;
(async () => {
  const t0 = Date.now();
  const r = await explore(p, { variant: 'no-run-lock-pair', strategy: 'dfs', workers: Number(process.argv[2]), timeoutMs: 4000 }, { onProgress: () => { last = Date.now() - t0; } });
  console.log('last progress', last, 'total', Date.now() - t0, r.executions, r.stopped, r.violations.map((v) => v.kind));
})();

void origFinish;
