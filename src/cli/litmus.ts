// `tw litmus FILE... [--json]`: runs herd7 C litmus tests under the Linux kernel memory model and
// answers like herd7 (States, Ok/No, Witnesses, Observation Never|Sometimes|Always). When the
// test's header documents a `Result:`, one more line says whether tw agrees.
// Exit 0 every answer agrees (or nothing is documented), 1 one disagrees, 2 bad input.
import { Parsed, bool } from './args';
import { Io, readInput, fsErrorText } from './load';
import { parseLitmus, runLitmus, resultText, agreement, flagsAnswering, LitmusError, formatLitmusError } from '../litmus';
import type { Agreement, LitmusResult, LitmusTest } from '../litmus';
import { escapeText } from '../lang/diagnostics';

export const LITMUS_USAGE = 'tw litmus FILE.litmus... [--json]';
export const LITMUS_FLAGS = { json: 'bool' } as const;

export interface LitmusOptions { files: string[]; json: boolean }

export function litmusOptions(p: Parsed): LitmusOptions { return { files: p.positional, json: bool(p, 'json') }; }

type Outcome = { file: string; error: string } | { file: string; test: LitmusTest; result: LitmusResult; agrees?: Agreement };

function runOne(file: string, io: Io): Outcome {
  const shown = escapeText(file);
  let text: string;
  try {
    text = readInput(file, io).toString('utf8');
  } catch (e) {
    return { file: shown, error: `tw: cannot read ${shown}: ${fsErrorText(e)}` };
  }
  try {
    const test = parseLitmus(text);
    const result = runLitmus(test);
    return { file: shown, test, result, agrees: agreement(test, result) };
  } catch (e) {
    if (e instanceof LitmusError) return { file: shown, error: formatLitmusError(shown, e) };
    throw e;
  }
}

export function cmdLitmus(o: LitmusOptions, io: Io): number {
  if (o.files.length === 0) { io.err(`usage: ${LITMUS_USAGE}`); return 2; }
  const outcomes = o.files.map((f) => runOne(f, io));
  for (const x of outcomes) if ('error' in x) io.err(x.error);
  if (o.json) io.out(JSON.stringify(outcomes.map(jsonOf), null, 2));
  else for (const x of outcomes) if (!('error' in x)) printOne(x, io);
  if (outcomes.some((x) => 'error' in x)) return 2;
  return outcomes.some((x) => 'agrees' in x && x.agrees === 'disagrees') ? 1 : 0;
}

function printOne(x: Extract<Outcome, { test: LitmusTest }>, io: Io): void {
  for (const line of resultText(x.result, x.test.quantifier === 'exists' ? 'Allowed' : 'Required')) io.out(line);
  const d = x.test.documented;
  if (d) {
    const want = d.verdict === 'Flag' ? `Flag ${d.flag ?? ''}` : `${d.verdict}${d.dataRace ? ' with a data race' : ''}`;
    if (d.verdict === 'Flag') io.out(flagJudgement(want, d.flag ?? '', x.result.flags, x.agrees === 'agrees'));
    else io.out(x.agrees === 'agrees' ? `Agrees with the documented Result: ${want}`
      : x.agrees === 'forgiven' ? `Agrees with the documented Result: ${want} (tw: ${x.result.verdict}; the verdict of a racy test is not judged, as the kernel's judgelitmus.sh forgives it)`
        : `DISAGREES with the documented Result: ${want} (tw: ${x.result.verdict}${x.result.dataRace ? ' with a data race' : ''})`);
  }
  io.out('');
}

/** A `Result: Flag name` judgement, naming the flag tw raised when the header uses an older name. */
function flagJudgement(want: string, name: string, raised: readonly string[], agrees: boolean): string {
  const now = raised.filter((f) => flagsAnswering(name).includes(f));
  if (!agrees) return `DISAGREES with the documented Result: ${want} (tw flags ${raised.length ? raised.join(', ') : 'nothing'})`;
  return now.includes(name) ? `Agrees with the documented Result: ${want}`
    : `Agrees with the documented Result: ${want} (tw flags ${now.join(', ')}: the model's name for it since the check was renamed)`;
}

function jsonOf(x: Outcome): unknown {
  if ('error' in x) return { file: x.file, error: x.error };
  const r = x.result;
  return { file: x.file, name: r.name, verdict: r.verdict, ok: r.ok, positive: r.positive, negative: r.negative, states: r.states,
    dataRace: r.dataRace, flags: r.flags, condition: r.condition, documented: documentedText(x.test.documented), agrees: x.agrees === undefined ? null : x.agrees !== 'disagrees', forgiven: x.agrees === 'forgiven' };
}

function documentedText(d: LitmusTest['documented']): string | null {
  return d === undefined ? null : d.verdict === 'Flag' ? `Flag ${d.flag ?? ''}` : d.verdict;
}
