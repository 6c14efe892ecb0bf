// `tw explore FILE... --variant 'v*'` (a glob, or a comma list of names and kernel releases): every
// file explored under every matching version, printed as one table, example x version -> verdict,
// with the versions where a row's verdict changes (src/explore/versionMatrix.ts builds the rows).
import { basename } from 'node:path';
import { Program, Variant, VARIANT_NAMES, findVariant } from '../core';
import { ExploreOptions, ExploreResult, MatrixRow, matrixCell, matrixMarkdown, changesAt, validateOptions } from '../explore';
import { HISTORY_NAMES, historyNameFor, isListingPath } from '../model';
import { UsageError } from './args';
import { Io, loadScenario, checkVariant } from './load';
import { variantArg } from './loadListing';
import { incompleteText, replayCommand, cutShort, EXIT_INCOMPLETE } from './exploreReport';
import { jsonText } from './jsonText';
import { escapeText } from '../lang/diagnostics';

/** A --variant that asks for a matrix: a glob character or a list. */
export function isMatrixSpec(spec: string | undefined): spec is string {
  return spec !== undefined && /[*?,]/.test(spec);
}

/** The names a glob is matched against: the releases oldest first, then the shipped variants. */
const MATRIX_POOL: readonly string[] = [...HISTORY_NAMES, ...VARIANT_NAMES];

function globRegExp(glob: string): RegExp {
  const body = glob.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`);
}

/** One item of the list: a glob (its matches, pool order), a name or listing file, or a kernel release ('5.10.13' -> v5.10). */
function expandItem(item: string): string[] {
  if (/[*?]/.test(item)) {
    const re = globRegExp(item);
    const hits = MATRIX_POOL.filter((n) => re.test(n));
    if (!hits.length) throw new UsageError(`--variant: '${escapeText(item)}' matches no variant (releases: ${HISTORY_NAMES.join(', ')}; variants: ${VARIANT_NAMES.join(', ')})`);
    return hits;
  }
  if (HISTORY_NAMES.includes(item) || findVariant(item) || isListingPath(item)) return [item];
  const release = /^v?\d+\.\d+/.test(item) ? historyNameFor(item) : undefined;
  return [release ?? checkVariant(item, HISTORY_NAMES)];
}

/** The versions of a matrix --variant, each once, in the order given (a glob's matches oldest first). */
export function matrixVersions(spec: string): string[] {
  const items = spec.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UsageError(`--variant '${escapeText(spec)}': an empty name in the list`);
  return [...new Set(items.flatMap(expandItem))];
}

/** Explores one program under one variant (the caller's progress and interruption in place). */
export type ExploreFn = (program: Program, o: ExploreOptions) => Promise<ExploreResult>;

/** What a matrix run prints and how it ends. */
interface MatrixFile { file: string; row: MatrixRow; results: ExploreResult[] }

/** The flags that make no sense over a matrix: they report one variant's tree. */
function refuseFlags(o: ExploreOptions, extra: { junit?: string; coverage: boolean; lcov?: string }): void {
  const bad = [o.shard && '--shard', extra.junit !== undefined && '--junit', extra.coverage && '--coverage', extra.lcov !== undefined && '--lcov', o.traces && '--traces'].filter(Boolean);
  if (bad.length) throw new UsageError(`${bad.join(', ')} report one variant's exploration: give one --variant, not a list or a glob`);
}

/** A row's name: the file's base name, or the path as given when two files share it. */
function rowNames(files: readonly string[]): string[] {
  const base = files.map((f) => basename(f).replace(/\.tw$/, ''));
  return base.map((b, i) => (base.indexOf(b) !== base.lastIndexOf(b) ? (files[i] as string).replace(/\.tw$/, '') : b));
}

async function matrixFile(file: string, scenario: string, versions: readonly string[], variants: (string | Variant)[], o: ExploreOptions, io: Io, run: ExploreFn, stopped: () => boolean): Promise<MatrixFile | undefined> {
  const program = loadScenario(file, io);
  if (!program) return undefined;
  const results: ExploreResult[] = [];
  for (const variant of variants) {
    const opts = { ...o, variant };
    const errs = validateOptions(program, opts);
    if (errs.length > 0) throw new UsageError(errs.join('; '));
    if (stopped()) break;
    results.push(await run(program, opts));
  }
  return { file, row: { scenario, versions, verdicts: results.map(matrixCell) }, results };
}

/** Under the table: for each run of one violation verdict, its first version and the command that replays it; and each cut-short cell. */
function notes(f: MatrixFile): string[] {
  const lines: string[] = [];
  f.results.forEach((x, i) => {
    const version = f.row.versions[i] as string;
    const v = x.violations[0];
    if (v && f.row.verdicts[i] !== f.row.verdicts[i - 1]) lines.push(`  ${f.row.scenario} under ${version}: ${f.row.verdicts[i]}; replay: ${replayCommand(escapeText(f.file), version, v, x)}`);
    if (!x.violations.length && !x.complete) lines.push(`  ${f.row.scenario} under ${version}:${incompleteText(x).replace(/^,/, '')}`);
  });
  return lines;
}

/**
 * `tw explore FILE... --variant SPEC` with a glob or a list: prints the table (or its JSON), and
 * exits 1 when any cell found a violation (as explore does for one variant), 4 when a cell was cut
 * short with nothing found, 2 when a file did not compile.
 */
export async function exploreMatrix(files: readonly string[], spec: string, o: ExploreOptions, out: { json: boolean; junit?: string; coverage: boolean; lcov?: string }, io: Io, run: ExploreFn, stopped: () => boolean): Promise<number> {
  refuseFlags(o, out);
  const versions = matrixVersions(spec);
  const variants = versions.map((n) => variantArg(n, io));
  const names = rowNames(files);
  const done: MatrixFile[] = [];
  let bad = false;
  for (const [i, file] of files.entries()) {
    if (stopped()) break;
    const f = await matrixFile(file, names[i] as string, versions, variants, o, io, run, stopped);
    if (f) done.push(f); else bad = true;
  }
  if (out.json) {
    io.out(jsonText({ versions, rows: done.map((f) => ({ file: escapeText(f.file), scenario: f.row.scenario, verdicts: Object.fromEntries(f.row.verdicts.map((v, i) => [versions[i], v])), changesAt: changesAt(f.row) })) }));
  } else if (done.length) {
    io.out(matrixMarkdown(done.map((f) => f.row)));
    for (const f of done) for (const l of notes(f)) io.out(l);
  }
  if (bad) return 2;
  if (done.some((f) => f.results.some((x) => x.violations.length > 0))) return 1;
  return done.some((f) => f.results.some(cutShort)) ? EXIT_INCOMPLETE : 0;
}
