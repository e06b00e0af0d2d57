/**
 * `compress=zstd-stream`: node:zlib's zstd where the running Node has it, else fzstd (pure JS).
 *
 * This module is the only one that imports fzstd, which builds its decoding tables when it is
 * loaded (about 2.5 ms): the root entry `gatewire` re-exports zlib-stream but not this, so
 * importing the root stays cheap. It is reached through `gatewire/compression`.
 */
import { Decompress as FzstdDecompress } from 'fzstd';
import { nodeZlib } from '../runtime/node-zlib.js';
import { CompressionError } from './errors.js';
import { checkLimit, DEFAULT_MAX_MESSAGE, NativeStreamDecompressor, nativeParts, toBytes, type NativeStream, type StreamDecompressor, type StreamDecompressorOptions } from './stream.js';

export interface ZstdStreamDecompressorOptions extends StreamDecompressorOptions {
  /**
   * Largest zstd window accepted (default 128 MiB, libzstd's own default limit). The window is
   * allocated up front from the frame header, so this bounds memory a hostile stream can claim.
   */
  readonly maxWindowBytes?: number;
  /** Force the pure-JS decoder even where node:zlib has zstd (for tests and comparisons). */
  readonly implementation?: 'auto' | 'node' | 'fzstd';
}

const DEFAULT_MAX_WINDOW = 128 * 1024 * 1024;

type ZstdFactory = (options: { params: Record<number, number> }) => unknown;

/** node:zlib zstd (Node 22.15+ / 23.8+), or null when the running Node lacks it. */
function nativeZstd(): { create: ZstdFactory; windowLogMax: number | undefined; flush: number } | null {
  const zlib = nodeZlib();
  if (zlib === null) return null;
  const api = zlib as unknown as Record<string, unknown>;
  const create = api['createZstdDecompress'];
  if (typeof create !== 'function') return null;
  const constants = zlib.constants as unknown as Record<string, number | undefined>;
  return {
    create: create as ZstdFactory,
    windowLogMax: constants['ZSTD_d_windowLogMax'],
    flush: constants['ZSTD_e_continue'] ?? 0,
  };
}

/** Whether `createZstdStreamDecompressor` will use node:zlib (true) or fzstd (false) here. */
export function hasNativeZstd(): boolean {
  return nativeZstd() !== null;
}

const ZSTD_MAGIC = 0xfd2fb528;

/**
 * Window size a zstd frame header declares, or undefined when `bytes` does not yet hold the header,
 * or null when it is not a zstd frame header. Skippable frames report 0 (they allocate nothing).
 */
function zstdWindowSize(bytes: Uint8Array): number | null | undefined {
  if (bytes.length < 4) return undefined;
  const magic = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
  if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) return 0;
  if (magic !== ZSTD_MAGIC) return null;
  if (bytes.length < 6) return undefined;
  const descriptor = bytes[4]!;
  const singleSegment = (descriptor >> 5) & 1;
  if (!singleSegment) {
    const windowDescriptor = bytes[5]!;
    const base = 2 ** (10 + (windowDescriptor >> 3));
    return base + (base / 8) * (windowDescriptor & 7);
  }
  // Single segment: the window is the frame content size.
  const dictBytes = [0, 1, 2, 4][descriptor & 3]!;
  const sizeFlag = descriptor >> 6;
  const sizeBytes = sizeFlag === 0 ? 1 : 1 << sizeFlag;
  const at = 5 + dictBytes;
  if (bytes.length < at + sizeBytes) return undefined;
  let size = 0;
  for (let i = sizeBytes - 1; i >= 0; i--) size = size * 256 + bytes[at + i]!;
  return sizeFlag === 1 ? size + 256 : size;
}

/**
 * Follows the frame structure of a zstd stream (RFC 8878 §3.1) without decoding it, so that every
 * frame's header is checked before fzstd sees it: fzstd allocates the window a header declares, and
 * a stream may hold any number of frames (skippable ones included), not only the first.
 */
class ZstdFrameWalker {
  private readonly maxWindow: number;
  /** What the next bytes are. */
  private state: 'magic' | 'skippableSize' | 'skip' | 'descriptor' | 'header' | 'blockHeader' | 'blockBody' | 'checksum' = 'magic';
  /** Bytes of the fixed-size field being collected. */
  private field = new Uint8Array(14);
  private fieldLen = 0;
  /** Size of the field being collected, or bytes left to skip. */
  private need = 4;
  private descriptor = 0;
  private lastBlock = false;
  /** Stream offset of the frame being walked, for errors. */
  private frameAt = 0;
  private offset = 0;

  constructor(maxWindow: number) {
    this.maxWindow = maxWindow;
  }

  feed(bytes: Uint8Array): void {
    let i = 0;
    const n = bytes.length;
    while (i < n) {
      if (this.state === 'skip' || this.state === 'blockBody') {
        const take = Math.min(this.need, n - i);
        this.need -= take;
        i += take;
        this.offset += take;
        if (this.need === 0) this.afterBody();
        continue;
      }
      this.field[this.fieldLen++] = bytes[i++]!;
      this.offset++;
      if (this.fieldLen === this.need) {
        this.fieldLen = 0;
        this.onField();
      }
    }
  }

  private afterBody(): void {
    if (this.state === 'skip') this.expect('magic', 4);
    else if (!this.lastBlock) this.expect('blockHeader', 3);
    else if (this.descriptor & 4) this.expect('checksum', 4);
    else this.expect('magic', 4);
  }

  private expect(state: ZstdFrameWalker['state'], need: number): void {
    this.state = state;
    this.need = need;
    if (state === 'magic') this.frameAt = this.offset;
  }

  private onField(): void {
    const f = this.field;
    switch (this.state) {
      case 'magic': {
        const magic = (f[0]! | (f[1]! << 8) | (f[2]! << 16) | (f[3]! << 24)) >>> 0;
        if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) this.expect('skippableSize', 4);
        else if (magic === ZSTD_MAGIC) this.expect('descriptor', 1);
        else throw new CompressionError('COMPRESSION_CORRUPT', 'not a zstd frame (bad magic number)', this.frameAt);
        return;
      }
      case 'skippableSize': {
        const size = (f[0]! | (f[1]! << 8) | (f[2]! << 16) | (f[3]! << 24)) >>> 0;
        if (size === 0) this.expect('magic', 4);
        else this.expect('skip', size);
        return;
      }
      case 'descriptor': {
        const d = f[0]!;
        this.descriptor = d;
        if (d & 8) throw new CompressionError('COMPRESSION_CORRUPT', 'zstd frame header has its reserved bit set', this.frameAt);
        const singleSegment = (d >> 5) & 1;
        const sizeFlag = d >> 6;
        const rest = (singleSegment ? 0 : 1) + [0, 1, 2, 4][d & 3]! + (sizeFlag === 0 ? singleSegment : 1 << sizeFlag);
        // Keep the descriptor in the field so the header is parsed as one piece.
        if (rest === 0) this.checkHeader(Uint8Array.of(d));
        else {
          this.field[0] = d;
          this.fieldLen = 1;
          this.expect('header', rest + 1);
          return;
        }
        this.expect('blockHeader', 3);
        return;
      }
      case 'header':
        this.checkHeader(f.subarray(0, this.need));
        this.expect('blockHeader', 3);
        return;
      case 'blockHeader': {
        const h = f[0]! | (f[1]! << 8) | (f[2]! << 16);
        this.lastBlock = (h & 1) === 1;
        const type = (h >> 1) & 3;
        const size = h >>> 3;
        if (type === 3) throw new CompressionError('COMPRESSION_CORRUPT', 'zstd block of the reserved type', this.frameAt);
        const body = type === 1 ? 1 : size;
        if (body === 0) {
          this.state = 'blockBody';
          this.need = 0;
          this.afterBody();
        } else this.expect('blockBody', body);
        return;
      }
      case 'checksum':
        this.expect('magic', 4);
        return;
      default:
        return;
    }
  }

  private checkHeader(header: Uint8Array): void {
    const window = zstdWindowSize(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, ...header));
    if (typeof window === 'number' && window > this.maxWindow) {
      throw new CompressionError('COMPRESSION_CORRUPT', `zstd window of ${window} bytes exceeds the ${this.maxWindow}-byte limit`, this.frameAt);
    }
  }
}

/**
 * Pure-JS zstd-stream via fzstd. fzstd emits every block as soon as it is complete, so a message
 * (a run of flushed blocks) comes out during the `push` of its frame.
 */
class FzstdStreamDecompressor implements StreamDecompressor {
  readonly engine = 'fzstd' as const;
  private decoder: FzstdDecompress | null;
  private readonly maxMessage: number;
  private readonly maxWindow: number;
  private chunks: Uint8Array[] = [];
  private size = 0;
  private consumed = 0;
  /** Bytes of the first frame header seen so far, until the window size is known and checked. */
  private header: Uint8Array | null = new Uint8Array(0);
  /** Checks the header of every later frame before fzstd reads it. */
  private readonly frames: ZstdFrameWalker;

  constructor(maxMessage: number, maxWindow: number) {
    this.maxMessage = maxMessage;
    this.maxWindow = maxWindow;
    this.frames = new ZstdFrameWalker(maxWindow);
    this.decoder = new FzstdDecompress((data) => this.collect(data));
  }

  get closed(): boolean {
    return this.decoder === null;
  }

  private collect(data: Uint8Array): void {
    if (data.length === 0) return;
    this.size += data.length;
    if (this.size > this.maxMessage) {
      throw new CompressionError('COMPRESSION_MESSAGE_TOO_LARGE', `a message decompresses to more than ${this.maxMessage} bytes`, this.consumed);
    }
    // fzstd hands out views of its window; copy before the next block overwrites it.
    this.chunks.push(data.slice());
  }

  push(frame: Uint8Array | ArrayBuffer): Uint8Array[] {
    const decoder = this.decoder;
    if (decoder === null) throw new CompressionError('COMPRESSION_CLOSED', 'the decompressor is closed');
    let input = toBytes(frame);
    const start = this.consumed;
    try {
      if (this.header !== null) {
        const seen = new Uint8Array(this.header.length + input.length);
        seen.set(this.header);
        seen.set(input, this.header.length);
        const window = zstdWindowSize(seen);
        if (window === undefined) {
          this.header = seen;
          this.consumed += input.length;
          return [];
        }
        if (window === null) throw new CompressionError('COMPRESSION_CORRUPT', 'not a zstd stream (bad magic number)', 0);
        if (window > this.maxWindow) {
          throw new CompressionError('COMPRESSION_CORRUPT', `zstd window of ${window} bytes exceeds the ${this.maxWindow}-byte limit`, 0);
        }
        this.header = null;
        input = seen;
      }
      this.frames.feed(input);
      this.consumed += input.length;
      decoder.push(input);
    } catch (error) {
      this.close();
      if (error instanceof CompressionError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new CompressionError('COMPRESSION_CORRUPT', `corrupt zstd stream: ${reason}`, start, { cause: error });
    }
    if (this.size === 0) return [];
    const message = this.chunks.length === 1 ? this.chunks[0]! : concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    return [message];
  }

  pushEach<T>(frame: Uint8Array | ArrayBuffer, use: (message: Uint8Array) => T): T[] {
    // fzstd's output is copied out of its window anyway: the messages are already the caller's.
    return this.push(frame).map((message) => use(message));
  }

  end(): void {
    this.close();
  }

  close(): void {
    this.decoder = null;
    this.chunks = [];
    this.size = 0;
  }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * Creates the decompressor for one `compress=zstd-stream` connection: one zstd frame spans the
 * whole connection, and each WebSocket message carries exactly one gateway message's flushed blocks,
 * so `push` returns one message per frame that produced output.
 *
 * Engine: node:zlib's zstd where the running Node has it (22.15+ / 23.8+, where it is still
 * experimental), driven synchronously through its native context; otherwise fzstd (pure JS, so
 * Node 20 works with no native dependency, but it moves its whole window for every block: expect
 * roughly 0.1 ms per message). `engine` on the result says which.
 *
 * Whatever a frame completes is returned as one message, so each WebSocket message must carry one
 * whole gateway message, as Discord's zstd-stream guarantees. The first frame must hold at least
 * the 18 bytes fzstd needs to read the frame header (every real first message does).
 */
export function createZstdStreamDecompressor(options: ZstdStreamDecompressorOptions = {}): StreamDecompressor {
  const maxMessage = checkLimit('maxMessageBytes', options.maxMessageBytes, DEFAULT_MAX_MESSAGE);
  const maxWindow = checkLimit('maxWindowBytes', options.maxWindowBytes, DEFAULT_MAX_WINDOW);
  const choice = options.implementation ?? 'auto';
  const native = choice === 'fzstd' ? null : nativeZstd();
  if (native !== null) {
    const params: Record<number, number> = {};
    if (native.windowLogMax !== undefined) params[native.windowLogMax] = Math.max(10, Math.floor(Math.log2(maxWindow)));
    const stream = native.create({ params }) as NativeStream;
    const parts = nativeParts(stream);
    if (parts !== null) {
      return new NativeStreamDecompressor('node:zlib-zstd', stream, parts, native.flush, maxMessage, (_frame, produced) => produced > 0);
    }
    stream.close();
  }
  if (choice === 'node') {
    throw new CompressionError('COMPRESSION_UNAVAILABLE', 'node:zlib has no usable zstd decompressor in this runtime');
  }
  return new FzstdStreamDecompressor(maxMessage, maxWindow);
}
