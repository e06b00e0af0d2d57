/**
 * The base of every error gatewire throws or returns. Each subclass has a stable `code` a caller can
 * switch on; where the problem has a location it carries a JSON pointer (`path`) or a byte offset
 * (`offset`). Library code never prints: errors are the only way it reports a problem.
 *
 * Abstract: every throw names its concern (a subclass), and each subclass narrows `code` to its own
 * union of literals (test/conventions/errors.test.ts checks both).
 */
export abstract class GatewireError extends Error {
  /** Stable, machine-readable identifier such as `ETF_TRUNCATED` or `CODEGEN_BROKEN_REF`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * An error at a byte position in its input, which stays the same class for each concern
 * (CompressionError, JsonCodecError): the concern's code union is `Code`, and each subclass says in
 * its own words what its `offset` counts.
 */
export abstract class ByteOffsetError<Code extends string> extends GatewireError {
  declare readonly code: Code;
  /** Where in the input the problem is, in bytes; `undefined` where no position is known. */
  readonly offset: number | undefined;

  constructor(code: Code, message: string, offset?: number, options?: { cause?: unknown }) {
    super(code, message, options);
    this.offset = offset;
  }
}
