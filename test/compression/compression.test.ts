import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CompressionError,
  createZlibStreamInflater,
  createZstdStreamDecompressor,
  hasNativeZstd,
  type StreamDecompressor,
} from '../../src/compression/index.js';
import { thrownError } from '../thrown-error.js';
import { recordedFrames, recordedMessages } from './recorded-session.js';


function run(d: StreamDecompressor, input: readonly Uint8Array[]): string[] {
  const decoder = new TextDecoder();
  return input.flatMap((frame) => d.push(frame).map((m) => decoder.decode(m)));
}

/** zlib-stream the way the gateway produces it: one deflate context, Z_SYNC_FLUSH per message. */
async function zlibStream(payloads: readonly Uint8Array[]): Promise<Uint8Array[]> {
  const deflate = zlib.createDeflate();
  const out: Uint8Array[] = [];
  for (const payload of payloads) {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => chunks.push(chunk);
    deflate.on('data', onData);
    deflate.write(payload);
    await new Promise<void>((resolve) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    deflate.off('data', onData);
    out.push(new Uint8Array(Buffer.concat(chunks)));
  }
  deflate.close();
  return out;
}

function expectCode(fn: () => unknown, code: string): CompressionError {
  const error = thrownError(fn, CompressionError);
  expect(error.code).toBe(code);
  return error;
}

describe('zlib-stream', () => {
  const zframes = recordedFrames('session.zlib');

  it('inflates a recorded session (shared context, split frames) to the original messages', () => {
    const inflater = createZlibStreamInflater();
    expect(inflater.engine).toBe('node:zlib');
    expect(zframes.length).toBeGreaterThan(recordedMessages.length); // at least one message spans two frames
    expect(run(inflater, zframes)).toEqual(recordedMessages);
    inflater.end();
    expect(inflater.closed).toBe(true);
  });

  it('buffers a message split at every possible byte into two frames (the marker may straddle them)', () => {
    const first = zframes[0]!;
    for (let cut = 0; cut <= first.length; cut++) {
      const inflater = createZlibStreamInflater();
      expect(inflater.push(first.subarray(0, cut))).toEqual(cut === first.length ? [expect.any(Uint8Array)] : []);
      const rest = cut === first.length ? [] : inflater.push(first.subarray(cut));
      expect(cut === first.length ? 1 : rest.length).toBe(1);
      inflater.close();
    }
  });

  it('returns fresh buffers: a later message never overwrites an earlier one', () => {
    const inflater = createZlibStreamInflater();
    const outputs = zframes.flatMap((f) => inflater.push(f));
    expect(outputs.map((m) => new TextDecoder().decode(m))).toEqual(recordedMessages);
    expect(new Set(outputs.map((m) => m.buffer)).size).toBe(outputs.length);
  });

  /** Index of the frame that completes the first message. */
  const firstMessageEnd = zframes.findIndex((_, i) => run(createZlibStreamInflater(), zframes.slice(0, i + 1)).length === 1);

  it('pushEach lends each message to its callback: the same messages as push, as views of one reused buffer', () => {
    const inflater = createZlibStreamInflater();
    const lent: Uint8Array[] = [];
    const texts = zframes.flatMap((f) =>
      inflater.pushEach(f, (m) => {
        lent.push(m);
        return new TextDecoder().decode(m);
      }),
    );
    expect(texts).toEqual(recordedMessages);
    expect(new Set(lent.map((m) => m.buffer)).size).toBeLessThan(lent.length);
    inflater.close();
  });

  it('pushEach passes on what its callback throws and stays open for the next messages', () => {
    const inflater = createZlibStreamInflater();
    for (const f of zframes.slice(0, firstMessageEnd)) inflater.push(f);
    expect(() =>
      inflater.pushEach(zframes[firstMessageEnd]!, () => {
        throw new Error('decoder failed');
      }),
    ).toThrow('decoder failed');
    expect(inflater.closed).toBe(false);
    expect(run(inflater, zframes.slice(firstMessageEnd + 1))).toEqual(recordedMessages.slice(1));
    inflater.close();
  });

  it('pushEach refuses to be re-entered from its callback (the lent message would be overwritten)', () => {
    const inflater = createZlibStreamInflater();
    const first = firstMessageEnd;
    for (const f of zframes.slice(0, first)) inflater.push(f);
    const error = (() => {
      try {
        inflater.pushEach(zframes[first]!, () => inflater.push(zframes[first + 1]!));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CompressionError);
    expect((error as CompressionError).code).toBe('COMPRESSION_REENTRANT');
    inflater.close();
  });

  it('accepts ArrayBuffer frames', () => {
    const inflater = createZlibStreamInflater();
    const first = zframes[0]!;
    const [message] = inflater.push(first.slice().buffer);
    expect(new TextDecoder().decode(message)).toBe(recordedMessages[0]);
  });

  it('rejects corrupt data with a typed error and closes', () => {
    const inflater = createZlibStreamInflater();
    inflater.push(zframes[0]!);
    const error = expectCode(() => inflater.push(Uint8Array.of(0xff, 0xfe, 0x01, 0x00, 0x00, 0xff, 0xff)), 'COMPRESSION_CORRUPT');
    expect(error.offset).toBe(zframes[0]!.length);
    expect(inflater.closed).toBe(true);
    expectCode(() => inflater.push(zframes[1]!), 'COMPRESSION_CLOSED');
  });

  it('rejects a stream that does not start with a zlib header', () => {
    expectCode(() => createZlibStreamInflater().push(Uint8Array.of(1, 2, 3, 4, 0, 0, 0xff, 0xff)), 'COMPRESSION_CORRUPT');
  });

  it('reports a message left incomplete at end()', () => {
    const inflater = createZlibStreamInflater();
    const first = zframes[0]!;
    inflater.push(first.subarray(0, first.length - 6));
    expectCode(() => inflater.end(), 'COMPRESSION_TRUNCATED');
    const clean = createZlibStreamInflater();
    clean.push(first);
    expect(() => clean.end()).not.toThrow();
  });

  it('caps the size of one inflated message (decompression bombs)', async () => {
    const [bomb] = await zlibStream([new Uint8Array(10 * 1024 * 1024)]);
    expect(bomb!.length).toBeLessThan(20_000);
    const inflater = createZlibStreamInflater({ maxMessageBytes: 1024 * 1024 });
    expectCode(() => inflater.push(bomb!), 'COMPRESSION_MESSAGE_TOO_LARGE');
    expect(inflater.closed).toBe(true);
    // exactly at the cap is fine
    const [exact] = await zlibStream([new Uint8Array(4096)]);
    expect(createZlibStreamInflater({ maxMessageBytes: 4096 }).push(exact!)[0]!.length).toBe(4096);
    expectCode(() => createZlibStreamInflater({ maxMessageBytes: 4095 }).push(exact!), 'COMPRESSION_MESSAGE_TOO_LARGE');
  });

  it('rejects data after the end of a finished zlib stream', () => {
    const finished = zlib.deflateSync(Buffer.from('done'));
    const input = new Uint8Array([...finished, 1, 2, 0, 0, 0xff, 0xff]);
    expectCode(() => createZlibStreamInflater().push(input), 'COMPRESSION_CORRUPT');
  });

  it('round-trips random message sequences split into random frames', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 3000 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        async (payloads, cuts) => {
          const compressed = await zlibStream(payloads);
          const inflater = createZlibStreamInflater();
          const out: Uint8Array[] = [];
          compressed.forEach((bytes, i) => {
            const cut = cuts[i]! % (bytes.length + 1);
            out.push(...inflater.push(bytes.subarray(0, cut)));
            if (cut < bytes.length) out.push(...inflater.push(bytes.subarray(cut)));
          });
          expect(out.map((m) => Buffer.from(m))).toEqual(payloads.map((p) => Buffer.from(p)));
          inflater.end();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('never crashes on random or mutated input: messages or CompressionError only', () => {
    const base = zframes.slice(0, 6);
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: 255 }), fc.uint8Array({ maxLength: 64 }), (position, value, noise) => {
        const mutated = base.map((f) => f.slice());
        const frame = mutated[position % mutated.length]!;
        frame[position % frame.length] = value;
        mutated.push(noise);
        const inflater = createZlibStreamInflater({ maxMessageBytes: 1 << 20 });
        try {
          for (const f of mutated) for (const m of inflater.push(f)) expect(m).toBeInstanceOf(Uint8Array);
        } catch (error) {
          expect(error).toBeInstanceOf(CompressionError);
        }
        inflater.close();
      }),
      { numRuns: 200 },
    );
  });
});

describe('zstd-stream', () => {
  const sframes = recordedFrames('session.zstd');

  it(`uses ${hasNativeZstd() ? 'node:zlib zstd' : 'fzstd'} on Node ${process.versions.node}`, () => {
    const d = createZstdStreamDecompressor();
    expect(d.engine).toBe(hasNativeZstd() ? 'node:zlib-zstd' : 'fzstd');
    d.close();
  });

  for (const implementation of ['auto', 'fzstd'] as const) {
    it(`decompresses a recorded session, one message per frame (${implementation})`, () => {
      const d = createZstdStreamDecompressor({ implementation });
      expect(run(d, sframes)).toEqual(recordedMessages);
      d.end();
    });

    it(`pushEach gives the same messages as push (${implementation})`, () => {
      const d = createZstdStreamDecompressor({ implementation });
      expect(sframes.flatMap((f) => d.pushEach(f, (m) => new TextDecoder().decode(m)))).toEqual(recordedMessages);
      d.end();
    });
  }

  it('returns nothing for a frame with no complete block yet, then the message', () => {
    const d = createZstdStreamDecompressor();
    const first = sframes[0]!;
    const second = sframes[1]!;
    expect(run(d, [first])).toEqual([recordedMessages[0]]);
    const half = second.length >> 1;
    const out = [...d.push(second.subarray(0, 3)), ...d.push(second.subarray(3, half)), ...d.push(second.subarray(half))];
    expect(new TextDecoder().decode(concat(out))).toBe(recordedMessages[1]);
  });

  it('rejects a bad magic number and corrupt blocks with typed errors', () => {
    expectCode(() => createZstdStreamDecompressor().push(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)), 'COMPRESSION_CORRUPT');
    const corrupt = sframes[1]!.slice();
    corrupt[0] = corrupt[0]! | 0x06; // block type 3 is reserved
    const d = createZstdStreamDecompressor();
    d.push(sframes[0]!);
    expectCode(() => d.push(corrupt), 'COMPRESSION_CORRUPT');
    expectCode(() => d.push(sframes[2]!), 'COMPRESSION_CLOSED');
  });

  it('rejects a frame header claiming a window over the limit before allocating it', () => {
    // magic, descriptor 0 (no single segment), window descriptor 0xF8 = 2^41 bytes
    const header = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xf8, 0, 0, 0);
    const error = expectCode(() => createZstdStreamDecompressor().push(header), 'COMPRESSION_CORRUPT');
    expect(error.message).toMatch(/window/);
    // the real session's window fits a 4 MiB limit but not a 1 KiB one
    expect(run(createZstdStreamDecompressor({ maxWindowBytes: 4 << 20, implementation: 'fzstd' }), sframes.slice(0, 2))).toHaveLength(2);
    expectCode(() => createZstdStreamDecompressor({ maxWindowBytes: 1024, implementation: 'fzstd' }).push(sframes[0]!), 'COMPRESSION_CORRUPT');
  });

  it('caps the size of one message', () => {
    const d = createZstdStreamDecompressor({ maxMessageBytes: 1000 });
    d.push(sframes[0]!);
    expectCode(() => d.push(sframes[1]!), 'COMPRESSION_MESSAGE_TOO_LARGE');
  });

  it('never crashes on mutated input: messages or CompressionError only', () => {
    const base = sframes.slice(0, 5);
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: 255 }), (position, value) => {
        const mutated = base.map((f) => f.slice());
        const frame = mutated[position % mutated.length]!;
        frame[(position >> 3) % frame.length] = value;
        const d = createZstdStreamDecompressor({ maxMessageBytes: 1 << 20, maxWindowBytes: 8 << 20 });
        try {
          for (const f of mutated) d.push(f);
        } catch (error) {
          expect(error).toBeInstanceOf(CompressionError);
        }
      }),
      { numRuns: 200 },
    );
  });
});

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}
