// FrameReader alone: however the bytes are split into chunks (one byte at a time, random cuts),
// the same messages come out, and every valid frame after a bad one is delivered.
import * as assert from 'node:assert';
import { FrameReader } from '../../src/debug/frameReader';
import { frame } from './rawAdapter';
import { Gen, rng } from './fuzzGen';

function read(chunks: readonly Buffer[], max?: number): { messages: unknown[]; problems: string[] } {
  const messages: unknown[] = [];
  const problems: string[] = [];
  const r = new FrameReader({ message: (v) => messages.push(v), problem: (t) => problems.push(t) }, max);
  for (const c of chunks) r.push(c);
  return { messages, problems };
}

const valid = (seq: number): string => frame({ seq, type: 'request', command: 'threads', arguments: { text: 'é\u2028"Content-Length: 5\\r\\n"' } });
const STREAM = Buffer.from([
  valid(1), 'Content-Length: 5\r\n\r\n{bad}', valid(2), 'garbage\r\n\r\n', valid(3), 'Content-Length: 90\r\n\r\n{"seq":',
  valid(4), 'Content-Length: x\r\n\r\n', valid(5), 'Content-Length: 2000\r\n\r\n', valid(6), 'Content-Length: 12', valid(7),
].join(''));

function split(b: Buffer, g: Gen): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < b.length;) { const n = 1 + g.int(40); out.push(b.subarray(i, i + n)); i += n; }
  return out;
}

describe('debug: FrameReader', () => {
  it('delivers every valid frame after each kind of bad one', () => {
    const r = read([STREAM]);
    assert.deepStrictEqual(r.messages.map((m) => (m as { seq: number }).seq), [1, 2, 3, 4, 5, 6, 7]);
    assert.ok(r.problems.length >= 6, r.problems.join('\n'));
  });

  it('gives the same messages for any chunking, one byte at a time included', () => {
    const whole = read([STREAM]).messages;
    const bytes = [...STREAM].map((x) => Buffer.from([x]));
    assert.deepStrictEqual(read(bytes).messages, whole);
    const g = new Gen(rng(5));
    for (let i = 0; i < 200; i++) assert.deepStrictEqual(read(split(STREAM, g)).messages, whole, `split ${i}`);
  });

  it('refuses a body past the bound without keeping it, identifying the request', () => {
    const requests: unknown[] = [];
    const r = new FrameReader({ message: () => undefined, problem: (_, req) => requests.push(req) }, 100);
    r.push(Buffer.from(frame({ seq: 9, type: 'request', command: 'evaluate', arguments: { expression: 'x'.repeat(200) } })));
    assert.deepStrictEqual(requests, [{ seq: 9, command: 'evaluate' }]);
  });
});
