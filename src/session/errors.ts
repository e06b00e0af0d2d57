import { GatewireError } from '../errors.js';

/**
 * Stable codes of the errors the session throws (from commands) or reports (as `error` and
 * `fatal` events). A caller switches on `code`, never on the message.
 */
export const GatewaySessionErrorCodes = {
  /** A command or Identify encodes to more than 4096 bytes; Discord would close with 4002. */
  PayloadTooLarge: 'SESSION_PAYLOAD_TOO_LARGE',
  /** A command was given after the session stopped (fatal close or `close()`). */
  Stopped: 'SESSION_STOPPED',
  /** Options that cannot work (shard out of range, bad heartbeat interval from the server, ...). */
  BadOptions: 'SESSION_BAD_OPTIONS',
  /** Discord closed with a code after which reconnecting cannot help (4004, 4010–4014). */
  FatalClose: 'SESSION_FATAL_CLOSE',
  /** A frame could not be decompressed or decoded; the connection is dropped and resumed. */
  DecodeFailed: 'SESSION_DECODE_FAILED',
  /** A received payload failed validation (only with the `validate` option). */
  InvalidPayload: 'SESSION_INVALID_PAYLOAD',
  /** The server sent something the protocol does not allow (e.g. Hello without an interval). */
  ProtocolViolation: 'SESSION_PROTOCOL_VIOLATION',
  /** No READY after Identify, or no RESUMED after Resume, within `readyTimeoutMs`: the session reconnects. */
  ReadyTimeout: 'SESSION_READY_TIMEOUT',
  /**
   * The identify gate asked this session to wait longer than it plausibly meant: its clock is not
   * the one the session is driven with (say `Date.now` against `performance.now`).
   */
  IdentifyStalled: 'SESSION_IDENTIFY_STALLED',
  /** A heartbeat could not be encoded (a custom codec threw); the connection is dropped and resumed. */
  EncodeFailed: 'SESSION_ENCODE_FAILED',
} as const;
export type GatewaySessionErrorCode = (typeof GatewaySessionErrorCodes)[keyof typeof GatewaySessionErrorCodes];

export class GatewaySessionError extends GatewireError {
  declare readonly code: GatewaySessionErrorCode;
  /** The close code Discord sent, for `SESSION_FATAL_CLOSE`. */
  readonly closeCode?: number;
  /** JSON pointer into the offending payload, where there is one. */
  readonly path?: string;
  /** Privileged intent names that were requested, for a 4014 close. */
  readonly privilegedIntents?: readonly string[];

  constructor(
    code: GatewaySessionErrorCode,
    message: string,
    details: { closeCode?: number; path?: string; privilegedIntents?: readonly string[]; cause?: unknown } = {},
  ) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    if (details.closeCode !== undefined) this.closeCode = details.closeCode;
    if (details.path !== undefined) this.path = details.path;
    if (details.privilegedIntents !== undefined) this.privilegedIntents = details.privilegedIntents;
  }
}
