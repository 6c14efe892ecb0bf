// The bytes of a .tw file to text: UTF-8 (a leading byte-order mark is dropped). Anything else
// (UTF-16 or UTF-32 with or without a byte-order mark, Latin-1, binary) is ONE diagnostic that
// names the encoding, not one unexpected-character error per byte.
import type { Diagnostic } from './diagnostics';

export type Decoded = { text: string; diagnostic?: undefined } | { text?: undefined; diagnostic: Diagnostic };

const BOMS: [number[], string][] = [
  [[0x00, 0x00, 0xfe, 0xff], 'UTF-32BE'], [[0xff, 0xfe, 0x00, 0x00], 'UTF-32LE'],
  [[0xfe, 0xff], 'UTF-16BE'], [[0xff, 0xfe], 'UTF-16LE'],
];

function startsWith(b: Uint8Array, prefix: number[]): boolean {
  return prefix.every((x, i) => b[i] === x);
}

/** UTF-16 without a byte-order mark: ASCII text has a NUL in every other byte. */
function nulPattern(b: Uint8Array): string | undefined {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) if (b[i] === 0) { if (i % 2 === 0) even++; else odd++; }
  if (odd > n / 4 && even < n / 40) return 'UTF-16LE';
  if (even > n / 4 && odd < n / 40) return 'UTF-16BE';
  return undefined;
}

function refuse(line: number, column: number, message: string): Decoded {
  return { diagnostic: { code: 'TW003', severity: 'error', message, range: { line, column, endLine: line, endColumn: column + 1 } } };
}

export function decodeSource(bytes: Uint8Array): Decoded {
  for (const [bom, name] of BOMS) {
    if (startsWith(bytes, bom)) return refuse(1, 1, `this file is ${name} (it starts with a ${name} byte-order mark); tw reads UTF-8 only: save it as UTF-8`);
  }
  const guess = nulPattern(bytes);
  if (guess) return refuse(1, 1, `this file looks like ${guess} (a NUL byte in every other byte); tw reads UTF-8 only: save it as UTF-8`);
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    return badByte(body);
  }
}

/** The first byte that is not UTF-8, by line and column (columns of the valid text before it). */
function badByte(b: Uint8Array): Decoded {
  const text = new TextDecoder('utf-8').decode(b);
  const at = text.indexOf('\uFFFD');
  const before = text.slice(0, Math.max(at, 0));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const prefix = Buffer.byteLength(before, 'utf8');
  const byte = (b[prefix] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return refuse(line, column, `this file is not UTF-8 text (byte 0x${byte} cannot start or continue a UTF-8 character; Latin-1 or binary?); tw reads UTF-8 only: save it as UTF-8`);
}
