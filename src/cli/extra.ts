// Commands backed by the explorer and the worker-thread backend (explore, merge, stress).
import { FlagKind, Parsed } from './args';
import { Io } from './load';

export const COMMANDS_EXTRA: Record<string, { flags: Readonly<Record<string, FlagKind>>; run: (p: Parsed, io: Io) => number | Promise<number>; help: string }> = {};
