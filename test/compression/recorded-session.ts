/**
 * The recorded gateway session in test/compression/vectors/, as the compression tests and the
 * compression fuzz test read it: its messages, and its zlib-stream / zstd-stream frames.
 */
import { readFileSync } from 'node:fs';

const vectors = new URL('./vectors/', import.meta.url);

/** The session's messages, in order, as the gateway sent them before compression. */
export const recordedMessages: readonly string[] = JSON.parse(
  readFileSync(new URL('session.json', vectors), 'utf8'),
) as string[];

/** The WebSocket frames of a vector file (`session.zlib`, `session.zstd`): u32-BE-length-prefixed, in order. */
export function recordedFrames(name: 'session.zlib' | 'session.zstd'): Uint8Array[] {
  const bytes = readFileSync(new URL(name, vectors));
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    out.push(new Uint8Array(bytes.subarray(at + 4, at + 4 + length)));
    at += 4 + length;
  }
  return out;
}
