/**
 * Transport decompression for `compress=zlib-stream` and `compress=zstd-stream`.
 *
 * Both are one compression context per connection: every message depends on the bytes of the ones
 * before it, so a decompressor must live exactly as long as its WebSocket connection (a resume opens
 * a new connection and needs a new decompressor). Both are synchronous: a gateway client handles one
 * frame at a time, and an async stream costs tens of microseconds per message for nothing.
 *
 * Where the engine lets us, the native zlib/zstd context behind `node:zlib` is driven directly through
 * the handle its stream classes wrap (`_handle.writeSync`): node:zlib's public synchronous API is
 * one-shot and cannot keep a context between calls, and its streaming API is asynchronous. That handle
 * is not a documented API, so it is feature-checked at construction; without it zlib-stream reports
 * `COMPRESSION_UNAVAILABLE` and zstd-stream falls back to the pure-JS decoder.
 */
import { Decompress as FzstdDecompress } from 'fzstd';
import { GatewireError } from '../errors.js';
import { nodeZlib } from '../runtime/node-zlib.js';

export type CompressionErrorCode =
  | 'COMPRESSION_CORRUPT'
  | 'COMPRESSION_TRUNCATED'
  | 'COMPRESSION_MESSAGE_TOO_LARGE'
  | 'COMPRESSION_CLOSED'
  | 'COMPRESSION_UNAVAILABLE'
  | 'COMPRESSION_INPUT_TYPE'
  /** `push` or `pushEach` called from inside a `pushEach` callback. */
  | 'COMPRESSION_REENTRANT'
  /** An option (`maxMessageBytes`, …) is not a positive integer. */
  | 'COMPRESSION_BAD_OPTION';

/** A transport stream that cannot be decompressed. After one, the decompressor is closed. */
export class CompressionError extends GatewireError {
  declare readonly code: CompressionErrorCode;
  /**
   * Byte offset into the connection's compressed stream: where the frame being decompressed began
   * (the engines do not report a finer position).
   */
  readonly offset: number | undefined;

  constructor(code: CompressionErrorCode, message: string, offset?: number, options?: { cause?: unknown }) {
    super(code, message, options);
    this.offset = offset;
  }
}

export interface StreamDecompressorOptions {
  /**
   * Largest decompressed message accepted, in bytes (default 64 MiB: a GUILD_CREATE of a very large
   * guild is a few MiB). A message over it throws `COMPRESSION_MESSAGE_TOO_LARGE` and closes the
   * decompressor, since the shared context cannot skip a message: reconnect.
   */
  readonly maxMessageBytes?: number;
}

export interface ZstdStreamDecompressorOptions extends StreamDecompressorOptions {
  /**
   * Largest zstd window accepted (default 128 MiB, libzstd's own default limit). The window is
   * allocated up front from the frame header, so this bounds memory a hostile stream can claim.
   */
  readonly maxWindowBytes?: number;
  /** Force the pure-JS decoder even where node:zlib has zstd (for tests and comparisons). */
  readonly implementation?: 'auto' | 'node' | 'fzstd';
}

/** One connection's decompression context. */
export interface StreamDecompressor {
  /** Which engine does the work: `node:zlib`, `node:zlib-zstd` or `fzstd`. */
  readonly engine: 'node:zlib' | 'node:zlib-zstd' | 'fzstd';
  /**
   * Feeds one WebSocket binary frame; returns the messages it completes (zero or more), each a fresh
   * `Uint8Array` the caller owns. Throws `CompressionError`; after a throw the decompressor is closed.
   */
  push(frame: Uint8Array | ArrayBuffer): Uint8Array[];
  /**
   * `push`, with each completed message handed to `use` and what it returns collected:
   * `inflater.pushEach(frame, decode)`. The message may be a view of the decompressor's own output
   * buffer rather than a copy, valid only while `use` runs (the next message overwrites it), which
   * saves allocating and filling a fresh buffer per message. `use` must not keep it, nor call
   * `push`/`pushEach` on this decompressor (`COMPRESSION_REENTRANT`). An error `use` throws is
   * passed on and leaves the decompressor open.
   */
  pushEach<T>(frame: Uint8Array | ArrayBuffer, use: (message: Uint8Array) => T): T[];
  /**
   * Declares the stream over. Throws `COMPRESSION_TRUNCATED` when a message was started but never
   * completed; releases the context either way.
   */
  end(): void;
  /** Releases the context without checks. Idempotent. */
  close(): void;
  /** Whether `push` may still be called. */
  readonly closed: boolean;
}

const DEFAULT_MAX_MESSAGE = 64 * 1024 * 1024;
const DEFAULT_MAX_WINDOW = 128 * 1024 * 1024;
const INITIAL_OUTPUT = 64 * 1024;
/**
 * An output buffer that grew past this for one large message is dropped once the message is copied
 * out: a connection lives for days, and twenty that each saw one 60 MB GUILD_CREATE would otherwise
 * hold 1.28 GB between them. Messages this large are rare enough that regrowing costs nothing.
 */
const RETAIN_OUTPUT = 1024 * 1024;

function toBytes(frame: Uint8Array | ArrayBuffer): Uint8Array {
  if (frame instanceof Uint8Array) return frame;
  if (frame instanceof ArrayBuffer) return new Uint8Array(frame);
  throw new CompressionError('COMPRESSION_INPUT_TYPE', 'a compressed frame must be a Uint8Array or ArrayBuffer');
}

function checkLimit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new CompressionError('COMPRESSION_BAD_OPTION', `${name} must be a positive integer`);
  return value;
}

/** The slice of node:zlib's native handle that the synchronous path uses. */
interface NativeHandle {
  writeSync(
    flush: number,
    input: Uint8Array,
    inOff: number,
    inLen: number,
    output: Uint8Array,
    outOff: number,
    outLen: number,
  ): void;
  onerror: (message: string, errno: number, code?: string) => void;
  close(): void;
}

interface NativeStream {
  _handle?: NativeHandle | null;
  _writeState?: Uint32Array;
  close(): void;
}

function nativeParts(stream: NativeStream): { handle: NativeHandle; state: Uint32Array } | null {
  const handle = stream._handle;
  const state = stream._writeState;
  if (!handle || typeof handle.writeSync !== 'function' || !(state instanceof Uint32Array) || state.length < 2) return null;
  return { handle, state };
}

/**
 * Drives a node:zlib native context synchronously. Output of a message accumulates in one growing
 * buffer that is reused between messages; each completed message is copied out, so no caller ever
 * sees bytes of another message.
 */
class NativeStreamDecompressor implements StreamDecompressor {
  readonly engine: 'node:zlib' | 'node:zlib-zstd';
  private stream: NativeStream | null;
  private readonly handle: NativeHandle;
  private readonly state: Uint32Array;
  private readonly flush: number;
  private readonly maxMessage: number;
  private readonly isComplete: (frame: Uint8Array, produced: number) => boolean;
  private out: Uint8Array = new Uint8Array(0);
  private outLen = 0;
  /** Compressed bytes consumed so far, for error offsets. */
  private consumed = 0;
  private failure: { message: string; code: string | undefined } | null = null;
  /** `pushEach` is lending `out` to its callback. */
  private lending = false;

  constructor(
    engine: 'node:zlib' | 'node:zlib-zstd',
    stream: NativeStream,
    parts: { handle: NativeHandle; state: Uint32Array },
    flush: number,
    maxMessage: number,
    isComplete: (frame: Uint8Array, produced: number) => boolean,
  ) {
    this.engine = engine;
    this.stream = stream;
    this.handle = parts.handle;
    this.state = parts.state;
    this.flush = flush;
    this.maxMessage = maxMessage;
    this.isComplete = isComplete;
    // The stream class would destroy itself and emit 'error' on a later tick; we report errors
    // synchronously instead, so take the callback over.
    this.handle.onerror = (message: string, _errno: number, code?: string) => {
      this.failure = { message, code };
    };
  }

  get closed(): boolean {
    return this.stream === null;
  }

  /** Bytes of output buffer held between messages (for tests and diagnostics). */
  get retainedBytes(): number {
    return this.out.length;
  }

  push(frame: Uint8Array | ArrayBuffer): Uint8Array[] {
    if (!this.inflate(frame)) return [];
    const message = this.out.slice(0, this.outLen);
    this.outLen = 0;
    this.release();
    return [message];
  }

  pushEach<T>(frame: Uint8Array | ArrayBuffer, use: (message: Uint8Array) => T): T[] {
    if (!this.inflate(frame)) return [];
    const view = this.out.subarray(0, this.outLen);
    this.outLen = 0;
    this.lending = true;
    try {
      return [use(view)];
    } finally {
      this.lending = false;
      this.release();
    }
  }

  /** Inflates one frame into `out`; whether it completed a message (then `out[0, outLen)` is it). */
  private inflate(frame: Uint8Array | ArrayBuffer): boolean {
    if (this.stream === null) throw new CompressionError('COMPRESSION_CLOSED', 'the decompressor is closed');
    if (this.lending) throw new CompressionError('COMPRESSION_REENTRANT', 'push called from inside pushEach: the message being lent would be overwritten');
    const input = toBytes(frame);
    const start = this.consumed;
    try {
      this.write(input);
    } catch (error) {
      this.close();
      if (error instanceof CompressionError) throw error;
      throw new CompressionError('COMPRESSION_CORRUPT', `corrupt ${this.engine} stream`, start, { cause: error });
    }
    return this.isComplete(input, this.outLen);
  }

  /** Drops an output buffer grown for one large message (see RETAIN_OUTPUT). */
  private release(): void {
    if (this.out.length > RETAIN_OUTPUT) this.out = new Uint8Array(0);
  }

  private write(input: Uint8Array): void {
    let inOff = 0;
    let inLen = input.length;
    const start = this.consumed;
    for (;;) {
      if (this.out.length - this.outLen === 0) this.grow(start);
      const availOut = this.out.length - this.outLen;
      this.handle.writeSync(this.flush, input, inOff, inLen, this.out, this.outLen, availOut);
      if (this.failure !== null) {
        const { message, code } = this.failure;
        throw new CompressionError('COMPRESSION_CORRUPT', `corrupt ${this.engine} stream: ${message}${code ? ` (${code})` : ''}`, start);
      }
      const availOutAfter = this.state[0]!;
      const availInAfter = this.state[1]!;
      this.outLen += availOut - availOutAfter;
      inOff += inLen - availInAfter;
      this.consumed += inLen - availInAfter;
      inLen = availInAfter;
      if (this.outLen > this.maxMessage) {
        throw new CompressionError('COMPRESSION_MESSAGE_TOO_LARGE', `a message inflates to more than ${this.maxMessage} bytes`, start);
      }
      // Output space left over means the engine took everything it could from this input.
      if (availOutAfter !== 0) break;
    }
    if (inLen !== 0) {
      throw new CompressionError('COMPRESSION_CORRUPT', `data after the end of the ${this.engine} stream`, start);
    }
  }

  private grow(start: number): void {
    const capacity = this.out.length;
    if (capacity > this.maxMessage) {
      throw new CompressionError('COMPRESSION_MESSAGE_TOO_LARGE', `a message inflates to more than ${this.maxMessage} bytes`, start);
    }
    // Room for one byte past the cap, so an oversized message is detected rather than truncated.
    const next = Math.min(Math.max(INITIAL_OUTPUT, capacity * 2), this.maxMessage + 1);
    const out = new Uint8Array(next);
    out.set(this.out.subarray(0, this.outLen));
    this.out = out;
  }

  end(): void {
    const pending = this.outLen;
    const wasOpen = this.stream !== null;
    this.close();
    if (wasOpen && pending > 0) {
      throw new CompressionError('COMPRESSION_TRUNCATED', 'the stream ended in the middle of a message', this.consumed);
    }
  }

  close(): void {
    const stream = this.stream;
    if (stream === null) return;
    this.stream = null;
    this.out = new Uint8Array(0);
    this.outLen = 0;
    try {
      stream.close();
    } catch {
      // Closing an already-failed context can throw inside node:zlib; nothing is left to release.
    }
  }
}

/**
 * zlib-stream: a message is complete when the stream so far ends in the Z_SYNC_FLUSH marker
 * `00 00 ff ff`. The marker may straddle frames, so the last four bytes seen are carried along.
 */
function syncFlushDetector(): (frame: Uint8Array) => boolean {
  let last4 = 0xffffffff;
  return (frame) => {
    const n = frame.length;
    if (n >= 4) {
      last4 = ((frame[n - 4]! << 24) | (frame[n - 3]! << 16) | (frame[n - 2]! << 8) | frame[n - 1]!) >>> 0;
    } else {
      for (let i = 0; i < n; i++) last4 = ((last4 << 8) | frame[i]!) >>> 0;
    }
    if (last4 !== 0x0000ffff) return false;
    last4 = 0xffffffff;
    return true;
  };
}

/**
 * Creates the inflater for one `compress=zlib-stream` connection. Frames are inflated as they
 * arrive; a message is complete when a frame ends with the Z_SYNC_FLUSH suffix `00 00 ff ff`, and
 * `push` then returns it. Uses node:zlib's native inflate, no addon.
 */
export function createZlibStreamInflater(options: StreamDecompressorOptions = {}): StreamDecompressor {
  const maxMessage = checkLimit('maxMessageBytes', options.maxMessageBytes, DEFAULT_MAX_MESSAGE);
  const zlib = nodeZlib();
  if (zlib === null) throw new CompressionError('COMPRESSION_UNAVAILABLE', 'zlib-stream needs node:zlib, which this runtime does not have (Node, Deno and Bun do)');
  const stream = zlib.createInflate() as unknown as NativeStream;
  const parts = nativeParts(stream);
  if (parts === null) {
    stream.close();
    throw new CompressionError('COMPRESSION_UNAVAILABLE', 'this runtime does not expose a synchronous node:zlib context');
  }
  return new NativeStreamDecompressor('node:zlib', stream, parts, zlib.constants.Z_SYNC_FLUSH, maxMessage, syncFlushDetector());
}

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
