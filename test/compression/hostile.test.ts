/** Regressions for the hostile-input audit (issue #15) in transport decompression. */
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CompressionError, createZlibStreamInflater, createZstdStreamDecompressor } from '../../src/compression/index.js';
import { runChild } from '../fuzz/child.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CompressionError);
    return (error as CompressionError).code;
  }
  return 'no error';
}

const rle = [0x02, 0x00, 0x10, 0x41]; // RLE block: 128 KiB of 'A', not last
/** A zstd frame, no single segment, with this window descriptor, holding `blocks`. */
const frame = (windowDescriptor: number, blocks: number[]) => [0x28, 0xb5, 0x2f, 0xfd, 0x00, windowDescriptor, ...blocks];
const skippable = (size: number) => [0x50, 0x2a, 0x4d, 0x18, size & 255, (size >> 8) & 255, 0, 0, ...new Array<number>(size).fill(7)];

describe('#15.3 the zstd window cap holds for every frame of the stream (fzstd path)', () => {
  const fzstd = () => createZstdStreamDecompressor({ implementation: 'fzstd', maxWindowBytes: 8 << 20 });

  it('refuses the audit\'s 30-byte push: an empty skippable frame, then a 1.875 GiB window', () => {
    const input = Uint8Array.from([...skippable(0), ...frame(0xa7, [...rle, ...rle, ...rle, ...rle])]);
    expect(input.length).toBe(30);
    expect(codeOf(() => fzstd().push(input))).toBe('COMPRESSION_CORRUPT');
  });

  it('refuses a big window behind a finished small frame, behind a non-empty skippable frame, and split at every byte', () => {
    const small = frame(0x00, [0x03, 0x01, 0x00, 0x42]); // 1 KiB window, one last RLE block of 32 bytes
    const hostile = frame(0xa7, [...rle, ...rle]);
    for (const prefix of [small, skippable(5), [...small, ...skippable(3), ...small]]) {
      const input = Uint8Array.from([...prefix, ...hostile]);
      expect(codeOf(() => fzstd().push(input))).toBe('COMPRESSION_CORRUPT');
      for (let cut = 18; cut < input.length; cut++) {
        const d = fzstd();
        const code = codeOf(() => {
          d.push(input.subarray(0, cut));
          d.push(input.subarray(cut));
        });
        expect(code).toBe('COMPRESSION_CORRUPT');
      }
    }
  });

  it('still decodes several frames whose windows fit, skippable frames between them', () => {
    const d = fzstd();
    const text = (parts: Uint8Array[]) => parts.map((p) => Buffer.from(p).toString('latin1')).join('');
    let out = text(d.push(Uint8Array.from([...frame(0x00, [0x03, 0x01, 0x00, 0x41]), ...skippable(2)])));
    out += text(d.push(Uint8Array.from(frame(0x08, [0x03, 0x01, 0x00, 0x42]))));
    // (fzstd hands out a frame's last block once it sees the bytes after it)
    out += text(d.push(Uint8Array.from(skippable(1))));
    expect(out).toBe('A'.repeat(32) + 'B'.repeat(32));
  });
});

describe('#15.11 a zlib inflater does not keep its largest buffer for the connection\'s life', () => {
  it('drops an output buffer that grew for one large message once the message is out', async () => {
    const big = Buffer.alloc(6 * 2 ** 20, 'x');
    const small = Buffer.from('{"op":11}');
    const frames = await syncFlushed([big, small, small]);
    const inflater = createZlibStreamInflater();
    const r = inflater as unknown as { retainedBytes: number };
    const first = inflater.push(frames[0]!);
    expect(first[0]!.length).toBe(big.length);
    expect(r.retainedBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(Buffer.from(inflater.push(frames[1]!)[0]!).toString()).toBe('{"op":11}');
    expect(Buffer.from(inflater.push(frames[2]!)[0]!).toString()).toBe('{"op":11}');
    expect(r.retainedBytes).toBeLessThanOrEqual(1024 * 1024);
  });

  it('drops it after pushEach too, once the callback has returned', async () => {
    const big = Buffer.alloc(6 * 2 ** 20, 'x');
    const small = Buffer.from('{"op":11}');
    const frames = await syncFlushed([big, small]);
    const inflater = createZlibStreamInflater();
    const r = inflater as unknown as { retainedBytes: number };
    const seen = inflater.pushEach(frames[0]!, (m) => {
      // while lent, the message is the grown buffer itself
      expect(r.retainedBytes).toBeGreaterThanOrEqual(big.length);
      return m.length;
    });
    expect(seen).toEqual([big.length]);
    expect(r.retainedBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(inflater.pushEach(frames[1]!, (m) => Buffer.from(m).toString())).toEqual(['{"op":11}']);
  });

  it('20 connections that each saw one large message hold little memory afterwards', () => {
    const r = runChild(
      `import * as zlib from 'node:zlib';
       import { createZlibStreamInflater } from '$REPO/src/compression/index.js';
       const deflate = zlib.createDeflate();
       const chunks = [];
       deflate.on('data', (c) => chunks.push(c));
       const flushed = (data) => new Promise((resolve) => { deflate.write(data); deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => { const out = Buffer.concat(chunks); chunks.length = 0; resolve(out); }); });
       const bigFrame = await flushed(Buffer.alloc(12 * 2 ** 20, 'y'));
       const smallFrame = await flushed(Buffer.from('{"op":11}'));
       const held = [];
       for (let i = 0; i < 20; i++) {
         const inflater = createZlibStreamInflater();
         inflater.push(bigFrame);
         held.push(inflater);
       }
       // (each inflater is its own context; the small frame continues only the stream it was cut from)
       void smallFrame;
       globalThis.gc(); globalThis.gc();
       console.log(JSON.stringify({ arrayBuffers: process.memoryUsage().arrayBuffers, open: held.filter((d) => !d.closed).length }));`,
      { heapMb: 128, exposeGc: true },
    );
    expect(r.status, r.stderr).toBe(0);
    const report = r.report as { arrayBuffers: number; open: number };
    expect(report.open).toBe(20);
    expect(report.arrayBuffers).toBeLessThan(64 * 2 ** 20);
  });
});

/** zlib-stream frames for `payloads`: one deflate context, a Z_SYNC_FLUSH after each. */
async function syncFlushed(payloads: Uint8Array[]): Promise<Uint8Array[]> {
  const deflate = zlib.createDeflate();
  const chunks: Buffer[] = [];
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const out: Uint8Array[] = [];
  for (const payload of payloads) {
    deflate.write(payload);
    await new Promise<void>((resolve) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    out.push(Buffer.concat(chunks));
    chunks.length = 0;
  }
  deflate.close();
  return out;
}
