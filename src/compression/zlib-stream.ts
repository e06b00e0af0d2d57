/** `compress=zlib-stream`: one zlib context per connection, a message per Z_SYNC_FLUSH. */
import { nodeZlib } from '../runtime/node-zlib.js';
import { CompressionError } from './errors.js';
import { checkLimit, DEFAULT_MAX_MESSAGE, NativeStreamDecompressor, nativeParts, type NativeStream, type StreamDecompressor, type StreamDecompressorOptions } from './stream.js';

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
