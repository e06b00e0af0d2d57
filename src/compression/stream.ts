/**
 * What every transport decompressor is (`StreamDecompressor`), and the driver of a node:zlib native
 * context that both zlib-stream and node:zlib's zstd run on.
 *
 * Where the engine lets us, the native zlib/zstd context behind `node:zlib` is driven directly through
 * the handle its stream classes wrap (`_handle.writeSync`): node:zlib's public synchronous API is
 * one-shot and cannot keep a context between calls, and its streaming API is asynchronous. That handle
 * is not a documented API, so it is feature-checked at construction (`nativeParts`).
 */
import { CompressionError } from './errors.js';

export interface StreamDecompressorOptions {
  /**
   * Largest decompressed message accepted, in bytes (default 64 MiB: a GUILD_CREATE of a very large
   * guild is a few MiB). A message over it throws `COMPRESSION_MESSAGE_TOO_LARGE` and closes the
   * decompressor, since the shared context cannot skip a message: reconnect.
   */
  readonly maxMessageBytes?: number;
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

export const DEFAULT_MAX_MESSAGE = 64 * 1024 * 1024;
const INITIAL_OUTPUT = 64 * 1024;
/**
 * An output buffer that grew past this for one large message is dropped once the message is copied
 * out: a connection lives for days, and twenty that each saw one 60 MB GUILD_CREATE would otherwise
 * hold 1.28 GB between them. Messages this large are rare enough that regrowing costs nothing.
 */
const RETAIN_OUTPUT = 1024 * 1024;

export function toBytes(frame: Uint8Array | ArrayBuffer): Uint8Array {
  if (frame instanceof Uint8Array) return frame;
  if (frame instanceof ArrayBuffer) return new Uint8Array(frame);
  throw new CompressionError('COMPRESSION_INPUT_TYPE', 'a compressed frame must be a Uint8Array or ArrayBuffer');
}

export function checkLimit(name: string, value: number | undefined, fallback: number): number {
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

export interface NativeStream {
  _handle?: NativeHandle | null;
  _writeState?: Uint32Array;
  close(): void;
}

export function nativeParts(stream: NativeStream): { handle: NativeHandle; state: Uint32Array } | null {
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
export class NativeStreamDecompressor implements StreamDecompressor {
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

