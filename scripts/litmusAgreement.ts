// Runs every .litmus file given or under the folders given (recursively) and compares each answer with the
// `Result:` its header documents. For checking tw against litmus collections kept outside the
// repository (the kernel's tools/memory-model/litmus-tests, Documentation/litmus-tests):
//   npx tsx scripts/litmusAgreement.ts DIR|FILE... [--markdown]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseLitmus, runLitmus, agreement, LitmusError, formatLitmusError, documentedResult } from '../src/litmus';

function files(dir: string): string[] {
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir).sort().flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : f.endsWith('.litmus') ? [p] : [];
  });
}

/** The documented result as the header words it: Never, Sometimes, Always, DEADLOCK (no execution at all), or Flag name. */
function documented(text: string): string | undefined {
  const d = documentedResult(text);
  return d?.verdict === 'Flag' ? `Flag ${d.flag ?? ''}` : d?.verdict;
}

const args = process.argv.slice(2);
const markdown = args.includes('--markdown');
const rows: string[] = [];
let agree = 0; let total = 0; let slowest = 0;
const start = Date.now();
for (const file of args.filter((a) => !a.startsWith('--')).flatMap(files)) {
  const text = readFileSync(file, 'utf8');
  const want = documented(text);
  try {
    const t0 = Date.now();
    const test = parseLitmus(text);
    const r = runLitmus(test);
    const ms = Date.now() - t0;
    slowest = Math.max(slowest, ms);
    const ours = `${r.positive + r.negative === 0 ? 'DEADLOCK' : r.verdict}${r.flags.map((f) => `, Flag ${f}`).join('')}`;
    const judged = agreement(test, r);
    const same = judged === undefined ? undefined : judged !== 'disagrees';
    total += want === undefined ? 0 : 1;
    agree += same ? 1 : 0;
    rows.push(markdown ? `| ${test.name} | ${want ?? '-'} | ${ours}${r.dataRace ? ' (data race)' : ''} | ${same === undefined ? '-' : judged === 'forgiven' ? 'yes (racy: verdict forgiven)' : same ? 'yes' : '**no**'} |`
      : `${same === false ? 'DISAGREE' : judged === 'forgiven' ? 'forgiven' : 'ok      '} ${test.name}: documented ${want ?? '-'}, tw ${ours} ${r.positive} ${r.negative}${r.dataRace ? ' data-race' : ''} (${ms} ms)`);
  } catch (e) {
    if (!(e instanceof LitmusError)) throw e;
    total += want === undefined ? 0 : 1;
    rows.push(markdown ? `| ${file} | ${want ?? '-'} | error | **no** |` : `ERROR    ${formatLitmusError(file, e)}`);
  }
}
if (markdown) console.log('| Test | Documented | tw | Agrees |\n| --- | --- | --- | --- |');
console.log(rows.join('\n'));
console.log(`${agree} of ${total} agree with their documented result; ${Date.now() - start} ms in all, slowest ${slowest} ms`);
