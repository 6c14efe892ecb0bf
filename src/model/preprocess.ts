// The listing's preprocessor: #include is noted and dropped, #ifdef/#ifndef/#if/#elif/#else/#endif
// on CONFIG_* options are resolved as a typical x86-64 kernel configures them (overridable); every
// dropped line is blanked, never removed, so line and column numbers stay the file's own.
import { ModelSink, at } from './diagnostics';

/** CONFIG_* options a typical x86-64 distribution kernel sets; anything else counts as unset. */
export const X86_64_CONFIG: Readonly<Record<string, boolean>> = {
  CONFIG_IRQ_WORK: true, CONFIG_SMP: true, CONFIG_X86_64: true, CONFIG_PREEMPT_COUNT: true,
  CONFIG_KASAN: false, CONFIG_PROVE_LOCKING: false, CONFIG_DEBUG_ATOMIC_SLEEP: false,
  CONFIG_GENERIC_ENTRY: true, CONFIG_TASK_WORK: true,
};

/**
 * Macros other than CONFIG_* options that a copy of kernel/task_work.c tests with #ifdef: the thread
 * flags x86-64 defines (3.5 checks TIF_NOTIFY_RESUME, 5.11 TIF_NOTIFY_SIGNAL; the model has both).
 */
export const KNOWN_MACROS: Readonly<Record<string, boolean>> = { TIF_NOTIFY_RESUME: true, TIF_NOTIFY_SIGNAL: true };

interface Cond { active: boolean; taken: boolean }

/** Evaluates `defined(CONFIG_X)`, `CONFIG_X`, `IS_ENABLED(CONFIG_X)`, `defined(TIF_X)`, `!`, `&&`, `||` (left to right). */
function evalCondition(text: string, config: Readonly<Record<string, boolean>>): boolean | undefined {
  const words = text.replace(/\s+/g, '').split(/(&&|\|\|)/);
  let result: boolean | undefined;
  let op = '';
  for (const w of words) {
    if (w === '&&' || w === '||') { op = w; continue; }
    const m = /^(!*)(?:defined\(?|IS_ENABLED\()?(CONFIG_[A-Za-z0-9_]+)\)?$/.exec(w) ?? /^(!*)([01])$/.exec(w)
      ?? /^(!*)defined\(?([A-Za-z_]\w*)\)?$/.exec(w);
    if (!m || m[2] === undefined) return undefined;
    const known = Object.hasOwn(KNOWN_MACROS, m[2]) ? KNOWN_MACROS[m[2]] : undefined;
    if (!m[2].startsWith('CONFIG_') && !/^[01]$/.test(m[2]) && known === undefined) return undefined;
    let v = m[2] === '1' ? true : m[2] === '0' ? false : known ?? config[m[2]] ?? false;
    if ((m[1] ?? '').length % 2) v = !v;
    result = result === undefined ? v : op === '&&' ? result && v : result || v;
  }
  return result;
}

export function preprocess(text: string, sink: ModelSink, config: Readonly<Record<string, boolean>> = X86_64_CONFIG): string {
  const lines = text.split('\n');
  const stack: Cond[] = [];
  const active = (): boolean => stack.every((c) => c.active);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const m = /^(\s*)#\s*(\w*)\s*(.*?)\s*$/.exec(line);
    if (!m) { if (!active()) lines[i] = blank(line); continue; }
    const [, indent = '', directive = '', rest = ''] = m;
    const pos = at(i + 1, indent.length + 1, line.trim().length);
    lines[i] = blank(line);
    const cond = (negate: boolean, text: string): boolean | undefined => {
      const v = evalCondition(text, config);
      if (v === undefined) sink.error('TW302', pos, `cannot resolve '#${directive} ${rest}': only CONFIG_* options, the thread flags TIF_NOTIFY_RESUME and TIF_NOTIFY_SIGNAL (defined), defined(), IS_ENABLED(), !, && and || are understood`);
      return v === undefined ? undefined : negate ? !v : v;
    };
    switch (directive) {
      case 'include':
        if (active()) sink.note('TW301', pos, `'#include ${rest}' ignored: the model knows the kernel types it needs`);
        break;
      case 'ifdef': case 'ifndef': case 'if': {
        const v = directive === 'if' ? cond(false, rest) : cond(directive === 'ifndef', `defined(${rest})`);
        stack.push({ active: v ?? false, taken: v ?? false });
        break;
      }
      case 'elif': {
        const top = stack[stack.length - 1];
        if (!top) { sink.error('TW303', pos, `'#elif' without '#if'`); break; }
        const v = !top.taken && (cond(false, rest) ?? false);
        top.active = v; top.taken = top.taken || v;
        break;
      }
      case 'else': {
        const top = stack[stack.length - 1];
        if (!top) { sink.error('TW303', pos, `'#else' without '#if'`); break; }
        top.active = !top.taken; top.taken = true;
        break;
      }
      case 'endif':
        if (!stack.pop()) sink.error('TW303', pos, `'#endif' without '#if'`);
        break;
      default:
        if (active()) sink.error('TW304', pos, `'#${directive}' is not part of the listing subset (only #include and #ifdef/#ifndef/#if/#else/#endif on CONFIG_* options)`);
    }
  }
  if (stack.length) sink.error('TW303', at(lines.length, 1), `'#if' without '#endif' at the end of the file`);
  return lines.join('\n');
}

/** Keeps the line's length (and so every column after it) but none of its text. */
function blank(line: string): string {
  return line.replace(/[^\r]/g, ' ');
}
