/** The typed error of transport decompression (zlib-stream and zstd-stream share it). */
import { ByteOffsetError } from '../errors.js';

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
export class CompressionError extends ByteOffsetError<CompressionErrorCode> {
  /**
   * Byte offset into the connection's compressed stream: where the frame being decompressed began
   * (the engines do not report a finer position).
   */
  declare readonly offset: number | undefined;
}
