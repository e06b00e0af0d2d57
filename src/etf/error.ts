import { GatewireError } from '../errors.js';

export type EtfErrorCode =
  /** decode: input is not a Uint8Array/ArrayBuffer. */
  | 'ETF_INPUT_TYPE'
  /** decode: the first byte is not the external-format version 131. */
  | 'ETF_BAD_VERSION'
  /** decode: the input ends inside a term, or a length points past the end. */
  | 'ETF_TRUNCATED'
  /** decode: a tag this decoder does not support (PIDs, ports, references, funs, bit strings, …). */
  | 'ETF_UNSUPPORTED_TAG'
  /** decode: bytes left over after the term. */
  | 'ETF_TRAILING_BYTES'
  /** decode/encode: nesting deeper than `maxDepth`. */
  | 'ETF_DEPTH_EXCEEDED'
  /** decode: a list whose tail is not `[]`. */
  | 'ETF_IMPROPER_LIST'
  /** decode: a malformed term (bad float text, atom over 255 characters, big integer over the size limit, …). */
  | 'ETF_INVALID'
  /** decode: a compressed term (tag 80) that is corrupt, over the size cap, or whose size header is wrong. */
  | 'ETF_COMPRESSED'
  /** encode: a value with no ETF form for Discord (NaN, ±Infinity, function, symbol, Map, typed array, …). */
  | 'ETF_UNSUPPORTED_VALUE'
  /** encode: a cyclic structure. */
  | 'ETF_CYCLE'
  /** decode: the input would build more than `maxTerms` values or convert more than `maxBigIntBytes` of big integers. */
  | 'ETF_LIMIT_EXCEEDED'
  /** decode: an option that is not a usable limit (NaN, negative, not a number). */
  | 'ETF_BAD_OPTION';

/** A term that could not be decoded or a value that could not be encoded. */
export class EtfError extends GatewireError {
  declare readonly code: EtfErrorCode;
  /**
   * decode errors: byte offset into the input (the version byte is offset 0). For a problem inside
   * a compressed term (tag 80) this is where that term starts, and `inflatedOffset` says where in
   * its inflated bytes the problem is.
   */
  readonly offset: number | undefined;
  /** decode errors inside a compressed term: offset into its inflated bytes. */
  readonly inflatedOffset: number | undefined;
  /** encode errors: JSON pointer to the offending value (`""` is the value itself). */
  readonly path: string | undefined;

  constructor(
    code: EtfErrorCode,
    message: string,
    where: { offset?: number; inflatedOffset?: number; path?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.offset = where.offset;
    this.inflatedOffset = where.inflatedOffset;
    this.path = where.path;
  }
}
