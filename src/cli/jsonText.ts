// JSON for stdout: the data as is, with the characters a terminal must never get raw (C1
// controls, U+2028/U+2029, bidi controls, the BOM) written as \u escapes, so nothing is lost.

/** JSON with every unsafe character (U+2028, bidi controls, ...) written as a \u escape. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
