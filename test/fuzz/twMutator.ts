// A seeded .tw mutator for the fuzz suites: takes the example scenarios and applies one to three
// token-, line- or character-level mutations (deletions, duplications, swaps, splices between
// files, vocabulary tokens, edge-case numbers, long names, control/bidi characters). The same seed
// always gives the same cases, so a failure reproduces from its case number.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../src/core';

export interface FuzzCase {
  /** Position in the seeded sequence: `mutatedCases(seed, n)` reproduces it. */
  index: number;
  /** The example the case started from. */
  base: string;
  /** The mutations applied, in order (for a failure message). */
  how: string[];
  text: string;
}

/** Cases to run: FUZZ_N from the environment when set (for long runs), else the CI default. */
export function fuzzCount(ciDefault: number): number {
  const n = Number(process.env.FUZZ_N);
  return Number.isSafeInteger(n) && n > 0 ? n : ciDefault;
}

const EXAMPLES = join(__dirname, '../../examples');

/** The example scenarios, by file name. */
export function fuzzBases(): [string, string][] {
  return readdirSync(EXAMPLES).filter((f) => f.endsWith('.tw')).sort().map((f) => [f, readFileSync(join(EXAMPLES, f), 'utf8')]);
}

const VOCAB = [
  'task', 'work', 'callback', 'thread', 'setup', 'final', 'schedule', 'expect', 'variant', 'invariant', 'option',
  'let', 'if', 'else', 'while', 'repeat', 'current', 'at', 'T', 'A', 'B', 'fa', 'cb', 'owner', 'canceller',
  'task_work_add', 'task_work_cancel', 'task_work_cancel_func', 'task_work_cancel_match', 'task_work_run', 'do_exit',
  'resume_user_mode_work', 'free', 'alloc', 'assert', 'wait_until', 'runs', 'held', 'queued', 'TWA_RESUME', 'TWA_SIGNAL',
  'TWA_NMI_CURRENT', 'TWA_NONE', 'NULL', 'true', 'false', 'ESRCH', 'work_exited', 'mainline', 'no-run-lock-pair',
  'use-after-free', 'ok', 'deadlock', '(', ')', '{', '}', ';', ',', '=', '==', '!=', '&&', '||', '!', '-', '+', '<',
  '.', '->', '&', '=>', ':', '"', '"t*2 u"', '/*', '*/', '//',
];
const NUMBERS = ['0', '1', '2', '600', '999', '1000', '1001', '2147483647', '2147483648', '99999999999999999999', '-1', '007'];
/** Characters a message must never carry raw, and a few that trouble lexers. */
const ODD = ['\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u2028', '\u2029', '\u202e', '\u2066', '\u200f', '\ufeff',
  '\ufffd', '\ud800', '\u00e9', '\u{1F600}', '\t', '\r', '\r\n', '\\', '@', '#', '$', '`'];

type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/** Token-ish pieces with the separators kept, so joining gives back the text. */
function pieces(text: string): string[] {
  return text.split(/(\s+|[(){};,]|\b)/).filter((p) => p !== '');
}

type Mutation = (text: string, r: Rng, other: string) => string;

const MUTATIONS: [string, Mutation][] = [
  ['delete-token', (t, r) => { const p = pieces(t); p.splice(Math.floor(r() * p.length), 1); return p.join(''); }],
  ['duplicate-token', (t, r) => { const p = pieces(t); const i = Math.floor(r() * p.length); p.splice(i, 0, p[i] ?? ''); return p.join(''); }],
  ['swap-tokens', (t, r) => {
    const p = pieces(t); const i = Math.floor(r() * p.length); const j = Math.floor(r() * p.length);
    [p[i], p[j]] = [p[j] ?? '', p[i] ?? '']; return p.join('');
  }],
  ['vocab-token', (t, r) => { const p = pieces(t); p[Math.floor(r() * p.length)] = ` ${pick(r, VOCAB)} `; return p.join(''); }],
  ['edge-number', (t, r) => {
    const nums = [...t.matchAll(/\b\d+\b/g)];
    const m = nums.length ? pick(r, nums) : undefined;
    return m?.index !== undefined ? t.slice(0, m.index) + pick(r, NUMBERS) + t.slice(m.index + m[0].length) : t;
  }],
  ['long-name', (t, r) => {
    const words = [...t.matchAll(/\b[a-z_][a-z0-9_]{2,}\b/g)];
    const m = words.length ? pick(r, words) : undefined;
    const long = `${m?.[0] ?? 'x'}${'_q'.repeat(1 + Math.floor(r() * 300))}`;
    return m?.index !== undefined ? t.slice(0, m.index) + long + t.slice(m.index + m[0].length) : t;
  }],
  ['odd-char', (t, r) => { const i = Math.floor(r() * (t.length + 1)); return t.slice(0, i) + pick(r, ODD) + t.slice(i); }],
  ['delete-line', (t, r) => { const l = t.split('\n'); l.splice(Math.floor(r() * l.length), 1); return l.join('\n'); }],
  ['duplicate-line', (t, r) => { const l = t.split('\n'); const i = Math.floor(r() * l.length); l.splice(i, 0, l[i] ?? ''); return l.join('\n'); }],
  ['splice-line', (t, r, o) => { const l = t.split('\n'); const ol = o.split('\n'); l.splice(Math.floor(r() * l.length), 0, pick(r, ol)); return l.join('\n'); }],
  ['truncate', (t, r) => t.slice(0, Math.floor(r() * t.length))],
  ['nest-repeat', (t, r) => t.replace(/(\bthread\s+\w+[^{]*\{)/, `$1 repeat (${pick(r, ['2', '600', '1000'])}) { repeat (${pick(r, ['2', '3'])}) { } }`)],
  ['wrap-while', (t, r) => t.replace(/(\bthread\s+\w+[^{]*\{)([^}]*)\}/, `$1 let i = 0; while (i < ${pick(r, ['3', '1000', '1001'])}) { i = i + 1; $2 } }`)],
  ['remove-braces', (t, r) => { const i = t.indexOf(pick(r, ['{', '}']), Math.floor(r() * t.length)); return i < 0 ? t : t.slice(0, i) + t.slice(i + 1); }],
];

/** One case: one to three mutations of a base, picked by r. */
export function mutate(base: string, other: string, r: Rng): { text: string; how: string[] } {
  let text = base;
  const how: string[] = [];
  const n = 1 + Math.floor(r() * r() * 3);
  for (let k = 0; k < n; k++) {
    const [name, f] = pick(r, MUTATIONS);
    text = f(text, r, other);
    how.push(name);
  }
  return { text, how };
}

/** n cases from seed, over every example in turn. */
export function* mutatedCases(seed: number, n: number): Generator<FuzzCase> {
  const bases = fuzzBases();
  const r = seededRandom(seed);
  for (let index = 0; index < n; index++) {
    const [base, text] = bases[index % bases.length] ?? ['', ''];
    const other = pick(r, bases)[1];
    yield { index, base, ...mutate(text, other, r) };
  }
}
