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
export { CompressionError, type CompressionErrorCode } from './errors.js';
export type { StreamDecompressor, StreamDecompressorOptions } from './stream.js';
export { createZlibStreamInflater } from './zlib-stream.js';
export { createZstdStreamDecompressor, hasNativeZstd, type ZstdStreamDecompressorOptions } from './zstd-stream.js';
