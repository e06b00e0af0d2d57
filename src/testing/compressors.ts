/**
 * Transport compression on the server side: one context per connection, flushed after every
 * message, so each WebSocket message carries one whole gateway message (zlib-stream: ending in the
 * `00 00 ff ff` sync-flush marker; zstd-stream: flushed blocks of one frame that never ends).
 */
import * as zlib from 'node:zlib';

export type ServerCompression = 'zlib-stream' | 'zstd-stream';

export interface MessageCompressor {
  /** What does the work: `node:zlib`, `node:zlib-zstd` or `zstd-raw-blocks` (see {@link createZstdCompressor}). */
  readonly engine: 'node:zlib' | 'node:zlib-zstd' | 'zstd-raw-blocks';
  /** Compresses one message with the connection's shared context. Calls must not overlap. */
  compress(message: Uint8Array): Promise<Uint8Array>;
  close(): void;
}

interface FlushableStream {
  on(event: 'data', fn: (chunk: Buffer) => void): unknown;
  on(event: 'error', fn: (error: Error) => void): unknown;
  off(event: 'data', fn: (chunk: Buffer) => void): unknown;
  write(chunk: Uint8Array): boolean;
  flush(kind: number, callback: () => void): void;
  close(): void;
}

class StreamCompressor implements MessageCompressor {
  private failed: Error | null = null;

  constructor(
    readonly engine: 'node:zlib' | 'node:zlib-zstd',
    private readonly stream: FlushableStream,
    private readonly flushKind: number,
  ) {
    stream.on('error', (error) => {
      this.failed = error;
    });
  }

  compress(message: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      if (this.failed !== null) {
        reject(this.failed);
        return;
      }
      const chunks: Buffer[] = [];
      const onData = (chunk: Buffer): void => {
        chunks.push(chunk);
      };
      this.stream.on('data', onData);
      this.stream.write(message);
      this.stream.flush(this.flushKind, () => {
        this.stream.off('data', onData);
        if (this.failed !== null) reject(this.failed);
        else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
      });
    });
  }

  close(): void {
    try {
      this.stream.close();
    } catch {
      // already closed or failed: nothing left to release
    }
  }
}

export function createZlibCompressor(): MessageCompressor {
  return new StreamCompressor(
    'node:zlib',
    zlib.createDeflate() as unknown as FlushableStream,
    zlib.constants.Z_SYNC_FLUSH,
  );
}

/** Whether this Node can compress zstd itself (node:zlib has zstd from 22.15 / 23.8). */
export function hasNativeZstdCompressor(): boolean {
  return typeof (zlib as unknown as Record<string, unknown>)['createZstdCompress'] === 'function';
}

const ZSTD_HEADER = Uint8Array.of(
  0x28,
  0xb5,
  0x2f,
  0xfd, // magic number, little-endian
  0x00, // frame header descriptor: no content size, not single-segment, no checksum, no dictionary
  0x50, // window descriptor: exponent 10 → 2^(10+10) = 1 MiB window
);
const RAW_BLOCK_MAX = 128 * 1024;

/**
 * zstd framing without compression, for Nodes whose node:zlib has no zstd and where no zstd
 * compressor is installed: one frame per connection, and every message as Raw blocks (block type
 * 0, never the last block). This is a valid zstd stream by RFC 8878, and decoders (libzstd, fzstd)
 * take it exactly as they take a compressed one, so clients' zstd-stream handling (one context,
 * one frame across messages, per-message flush) is exercised; only the ratio is not.
 */
class RawBlockZstdCompressor implements MessageCompressor {
  readonly engine = 'zstd-raw-blocks' as const;
  private started = false;

  compress(message: Uint8Array): Promise<Uint8Array> {
    const blocks = Math.max(1, Math.ceil(message.length / RAW_BLOCK_MAX));
    const header = this.started ? 0 : ZSTD_HEADER.length;
    const out = new Uint8Array(header + blocks * 3 + message.length);
    let at = 0;
    if (!this.started) {
      out.set(ZSTD_HEADER, 0);
      at = header;
      this.started = true;
    }
    for (let i = 0; i < blocks; i++) {
      const part = message.subarray(i * RAW_BLOCK_MAX, Math.min(message.length, (i + 1) * RAW_BLOCK_MAX));
      const word = part.length << 3; // last-block bit 0, block type 0 (Raw), then the size
      out[at++] = word & 0xff;
      out[at++] = (word >>> 8) & 0xff;
      out[at++] = (word >>> 16) & 0xff;
      out.set(part, at);
      at += part.length;
    }
    return Promise.resolve(out);
  }

  close(): void {}
}

/**
 * zstd-stream: node:zlib's zstd compressor (level 3, flushed per message) where the running Node
 * has one; otherwise the raw-block framing above (`engine` says which).
 */
export function createZstdCompressor(
  options: { readonly implementation?: 'auto' | 'raw-blocks' } = {},
): MessageCompressor {
  const api = zlib as unknown as Record<string, unknown>;
  const create = api['createZstdCompress'];
  if (options.implementation !== 'raw-blocks' && typeof create === 'function') {
    const constants = zlib.constants as unknown as Record<string, number | undefined>;
    const level = constants['ZSTD_c_compressionLevel'];
    const params: Record<number, number> = level === undefined ? {} : { [level]: 3 };
    const stream = (create as (o: unknown) => FlushableStream)({ params });
    return new StreamCompressor('node:zlib-zstd', stream, constants['ZSTD_e_flush'] ?? 1);
  }
  return new RawBlockZstdCompressor();
}

export function createCompressor(kind: ServerCompression): MessageCompressor {
  return kind === 'zlib-stream' ? createZlibCompressor() : createZstdCompressor();
}
