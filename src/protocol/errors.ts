import { GatewireError } from '../errors.js';

/** Stable codes of {@link ProtocolError}. */
export type ProtocolErrorCode =
  /** A send-command name that is not one (often a dispatch name such as PRESENCE_UPDATE). */
  | 'PROTOCOL_UNKNOWN_COMMAND'
  /** A close code a client may not send (outside 1000 and 3000–4999, or Discord's own 4000–4999 range). */
  | 'PROTOCOL_INVALID_CLOSE_CODE'
  /** `shardCount` is not an integer of at least 1. */
  | 'SHARD_INVALID_COUNT'
  /** `shardId` is not an integer with 0 <= shardId < shardCount. */
  | 'SHARD_OUT_OF_RANGE'
  /** A guild id that is not a snowflake (a decimal string or bigint in 0..2^64-1). */
  | 'SHARD_INVALID_GUILD_ID'
  /** A gateway URL that does not parse. */
  | 'GATEWAY_URL_INVALID'
  /** A gateway URL whose scheme is not ws: or wss:. */
  | 'GATEWAY_URL_SCHEME'
  /** A `v`, `encoding` or `compress` value the gateway does not accept. */
  | 'GATEWAY_URL_INVALID_PARAM'
  /** A limiter or scheduler option out of range (max_concurrency 0, a negative budget, …). */
  | 'RATE_LIMIT_INVALID_OPTION';

/** Errors of the protocol helpers (close codes, shards, URLs, rate limiters). */
export class ProtocolError extends GatewireError {
  declare readonly code: ProtocolErrorCode;
  /** JSON pointer to the offending input (`/shardCount`, `/compress`), when there is one. */
  readonly path: string | undefined;

  constructor(code: ProtocolErrorCode, message: string, details: { path?: string } = {}) {
    super(code, message);
    this.path = details.path;
  }
}
