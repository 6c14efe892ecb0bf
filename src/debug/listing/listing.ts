// Renders the model listing of one variant from the table: the file text (listings/<variant>.c)
// and the maps between its lines and step labels that frames and breakpoints use.
import { Variant, StepLabel, VARIANTS, findVariant } from '../../core';
import { LISTING_FUNCTIONS, ListingFn } from './table';

export interface Listing {
  variant: string;
  /** The file name inside the listings folder. */
  fileName: string;
  /** A listing variant's own file: absolute (the user's), or under the listings folder (history/v3.7.c). */
  path?: string;
  text: string;
  /** 1-based line of each step label this variant takes. */
  lineOfLabel: ReadonlyMap<StepLabel, number>;
  /** Step label on each 1-based line that holds one. */
  labelOfLine: ReadonlyMap<number, StepLabel>;
  /** 1-based line where each function calls task_work_run() (do_exit, resume_user_mode_work). */
  callLine: ReadonlyMap<ListingFn, number>;
  /** 1-based line of each function's signature. */
  fnLine: ReadonlyMap<ListingFn, number>;
}

/** Labels start at this column (0-based) when the code is shorter, so they line up. */
const LABEL_COLUMN = 68;

function withLabel(text: string, label: StepLabel | undefined, note: string | undefined): string {
  if (!label) return text;
  return `${text.padEnd(LABEL_COLUMN)} // ${label}${note ? `: ${note}` : ''}`;
}

function header(v: Variant): string[] {
  return [
    `// tw model listing for variant '${v.name}': ${v.summary}.`,
    '// Our own pseudo-C of the task_work mechanism as the tw simulator executes it, not kernel source.',
    '// One line per atomic step; the label at the end of a line names the step (traces, schedules and',
    '// function breakpoints use it). A breakpoint on a labelled line stops before that step, in any thread.',
    '// Generated from src/debug/listing/table.ts: do not edit.',
  ];
}

function renderListing(v: Variant): Listing {
  const lines = header(v);
  const lineOfLabel = new Map<StepLabel, number>();
  const labelOfLine = new Map<number, StepLabel>();
  const callLine = new Map<ListingFn, number>();
  const fnLine = new Map<ListingFn, number>();
  for (const f of LISTING_FUNCTIONS) {
    lines.push('', `/* ${f.doc} */`);
    fnLine.set(f.fn, lines.length + 1);
    for (const row of f.rows) {
      if (row.when && !row.when(v)) continue;
      lines.push(withLabel(row.text, row.label, row.note));
      const line = lines.length;
      if (row.label) {
        lineOfLabel.set(row.label, line);
        labelOfLine.set(line, row.label);
      }
      if (row.callsRun) callLine.set(f.fn, line);
    }
  }
  return { variant: v.name, fileName: `${v.name}.c`, text: `${lines.join('\n')}\n`, lineOfLabel, labelOfLine, callLine, fnLine };
}

const cache = new Map<string, Listing>();

/** A listing variant's own text (a user's file, a kernel version): lines and labels from its compiled code. */
function viewOfSource(v: Variant): Listing | undefined {
  const code = v.listing;
  if (!code || v.source === undefined) return undefined;
  const lineOfLabel = new Map<StepLabel, number>();
  const labelOfLine = new Map<number, StepLabel>();
  const callLine = new Map<ListingFn, number>();
  const fnLine = new Map<ListingFn, number>();
  const run = code.byName.get('task_work_run');
  for (const f of code.functions) {
    if (f.prelude) continue;
    if ((LISTING_FUNCTIONS as readonly { fn: string }[]).some((x) => x.fn === f.name)) fnLine.set(f.name as ListingFn, f.line);
    for (const i of f.code) {
      if (i.step && !lineOfLabel.has(i.label as StepLabel)) lineOfLabel.set(i.label as StepLabel, i.line);
      if (i.step && !labelOfLine.has(i.line)) labelOfLine.set(i.line, i.label as StepLabel);
      // Where do_exit and resume_user_mode_work enter the run (through exit_task_work or directly).
      if (i.op === 'call' && (i.target === run || code.functions[i.target]?.name === 'exit_task_work')) callLine.set(f.name as ListingFn, i.line);
    }
  }
  const file = v.file ?? v.name;
  const base = file.split(/[\\/]/).pop() ?? v.name;
  const path = file.startsWith('listings/') ? file.slice('listings/'.length) : file;
  return { variant: v.name, fileName: base, path, text: v.source, lineOfLabel, labelOfLine, callLine, fnLine };
}

/** The listing of a variant by name (cached: listings are immutable), or of a variant that runs a listing. */
export function listingFor(variant: string | Variant): Listing | undefined {
  if (typeof variant !== 'string') return variant.listing ? viewOfSource(variant) : listingFor(variant.name);
  const hit = cache.get(variant);
  if (hit) return hit;
  const v = findVariant(variant);
  if (!v) return undefined;
  const l = renderListing(v);
  cache.set(variant, l);
  return l;
}

export function allListings(): Listing[] {
  return VARIANTS.map((v) => renderListing(v));
}
