/**
 * The server's zstd-stream: node:zlib's compressor where the Node has one (22.15+), raw-block zstd
 * framing elsewhere. Both must decode message by message with one context per connection, by
 * fzstd and by libzstd (node:zlib) where present.
 */
import { describe, expect, it } from 'vitest';
import { createZstdStreamDecompressor, hasNativeZstd } from '../../src/compression/index.js';
import { createZstdCompressor, hasNativeZstdCompressor } from '../../src/testing/index.js';

const messages = [
  '{"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null}',
  JSON.stringify({ op: 0, s: 1, t: 'MESSAGE_CREATE', d: { content: 'hello '.repeat(50) } }),
  JSON.stringify({
    op: 0,
    s: 2,
    t: 'GUILD_CREATE',
    d: { members: Array.from({ length: 6000 }, (_, i) => ({ id: String(10n ** 17n + BigInt(i)) })) },
  }), // > 128 KiB: several blocks
  '{"op":11,"d":null,"s":null,"t":null}',
].map((m) => new TextEncoder().encode(m));

async function roundTrip(
  implementation: 'auto' | 'raw-blocks',
  decoder: 'fzstd' | 'node',
): Promise<{ sizes: number[] }> {
  const compressor = createZstdCompressor({ implementation });
  const decompressor = createZstdStreamDecompressor({ implementation: decoder });
  const sizes: number[] = [];
  try {
    for (const message of messages) {
      const frame = await compressor.compress(message);
      sizes.push(frame.length);
      const out = decompressor.push(frame);
      expect(out).toHaveLength(1);
      expect(Buffer.from(out[0]!).equals(Buffer.from(message))).toBe(true);
    }
  } finally {
    compressor.close();
    decompressor.close();
  }
  return { sizes };
}

describe('zstd-stream, raw-block framing (every Node)', () => {
  it('decodes message by message with fzstd', async () => {
    const { sizes } = await roundTrip('raw-blocks', 'fzstd');
    expect(sizes[0]).toBe(6 + 3 + messages[0]!.length); // frame header, one block header, the bytes
    expect(sizes[2]).toBeGreaterThan(messages[2]!.length + 3);
  });

  if (hasNativeZstd()) {
    it('decodes message by message with libzstd (node:zlib)', async () => {
      await roundTrip('raw-blocks', 'node');
    });
  } else {
    console.log(
      `[zstd] libzstd decoding of the raw-block framing skipped: node:zlib has no zstd on Node ${process.version} (run under node >= 22.15, e.g. npx -y node@24)`,
    );
    it.skip('decodes message by message with libzstd (node:zlib) — needs node:zlib zstd', () => {});
  }
});

describe('zstd-stream, node:zlib compressor', () => {
  if (!hasNativeZstdCompressor()) {
    console.log(
      `[zstd] the node:zlib zstd compressor tests skipped: Node ${process.version} has no zstd in node:zlib; the server uses raw-block framing here (run under node >= 22.15, e.g. npx -y node@24)`,
    );
    it.skip('compresses per message, flushed, decodable by fzstd and libzstd — needs node:zlib zstd', () => {});
    return;
  }
  it('compresses per message, flushed, decodable by fzstd and by libzstd', async () => {
    expect(createZstdCompressor().engine).toBe('node:zlib-zstd');
    const a = await roundTrip('auto', 'fzstd');
    await roundTrip('auto', 'node');
    // The repetitive messages really shrink (this is compression, not framing).
    expect(a.sizes[1]!).toBeLessThan(messages[1]!.length / 3);
    expect(a.sizes[2]!).toBeLessThan(messages[2]!.length / 3);
  });
});
