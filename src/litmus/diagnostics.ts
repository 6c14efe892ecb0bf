// Errors in a litmus test, printed like every other tw diagnostic: `t.litmus:3:7: error TW601: ...`.
// Codes TW6xx: 601 syntax, 602 unknown primitive or wrong argument count, 603 unknown name,
// 604 a construct tw does not support, 605 an impossible execution step, 606 too many executions.
import type { Pos } from './ast';

export class LitmusError extends Error {
  constructor(readonly code: string, readonly pos: Pos, message: string) { super(message); }
}

export function formatLitmusError(file: string, e: LitmusError): string {
  return `${file}:${e.pos.line}:${e.pos.column}: error ${e.code}: ${e.message}`;
}
