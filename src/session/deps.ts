/**
 * What the session needs from the rest of gatewire, as small interfaces. The defaults are the real
 * modules (gatewire/json, /etf, /compression, /protocol); the interfaces let a caller plug in a
 * distributed identify queue or another codec, and let tests drive the machine with fakes.
 */

/**
 * Turns a payload into bytes and bytes (or text) back into a payload (gatewire/json and
 * gatewire/etf codecs have this shape). `binary: false` means payloads travel in text frames.
 */
export interface SessionCodec {
  readonly binary?: boolean;
  encode(value: unknown): Uint8Array;
  decode(data: Uint8Array | string): unknown;
}

/** One per connection: push a WebSocket frame, get back every message it completes. */
export interface SessionDecompressor {
  push(frame: Uint8Array): Uint8Array[];
  /** Releases the context when the connection is over. */
  close?(): void;
}

/**
 * Hands out identify slots (gatewire/protocol's IdentifyScheduler has this shape). `reserve` returns
 * the clock time at which this shard may send Identify; a slot, once reserved, is used or lost. The
 * scheduler reads its own clock, which must be the one the session is driven with.
 */
export interface IdentifyGate {
  reserve(shardId: number): number;
  /**
   * The gate's own clock (IdentifyScheduler has it). When given, the session waits the time the gate
   * asked for (`reserve(...) - now()`) even if the two clocks differ, and reports the difference as
   * an `error` event (`SESSION_IDENTIFY_STALLED`) instead of waiting for a time its clock never reaches.
   */
  now?(): number;
}

/**
 * Per-connection send limiter (gatewire/protocol's SendLimiter has this shape): `delay` says how
 * long a payload of a lane must wait (0 = now), `record` counts one that went out.
 */
export interface SendGate {
  delay(lane: 'heartbeat' | 'command'): number;
  record(lane: 'heartbeat' | 'command'): void;
}
