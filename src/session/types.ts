/**
 * The session's contract: its options, the actions and events `drain()` returns, its states and the
 * `GatewaySession` interface. The state machine behind it is ./machine.ts.
 */
import type { IdentifyGate, SendGate, SessionCodec, SessionDecompressor } from './deps.js';
import type { GatewayCompression, GatewayEncoding } from '../protocol/index.js';
import type { ValidateOptions } from '../validate/index.js';
import type { GatewayDispatchEventMap } from '../../generated/events.js';
import type {
  GatewayIdentifyProperties,
  GatewayReadyDispatchData,
} from '../../generated/types.js';
import type { GatewaySessionError } from './errors.js';
import type { SessionCommandMethods } from './commands.js';

/** Discord refuses (closes with 4002) any payload larger than this many bytes. */
export const MAX_SEND_PAYLOAD_BYTES = 4096;

export const GatewaySessionStates = {
  /** Waiting for the caller to open the connection requested by a `connect` output. */
  Connecting: 'connecting',
  /** Socket open, waiting for Hello. */
  WaitingHello: 'waitingHello',
  /** Hello received; Identify pending or sent, waiting for READY. */
  Identifying: 'identifying',
  /** Resume sent, waiting for RESUMED. */
  Resuming: 'resuming',
  /** READY or RESUMED received: commands flow. */
  Ready: 'ready',
  /** The session asked for the socket to close and waits for `closed()`. */
  Closing: 'closing',
  /** Fatal close or `close()`: nothing more happens. */
  Stopped: 'stopped',
} as const;
export type GatewaySessionState = (typeof GatewaySessionStates)[keyof typeof GatewaySessionStates];

/** What a resume needs; also what `resumeInfo()` returns so a session can survive a restart. */
export interface SessionResumeInfo {
  sessionId: string;
  sequence: number;
  resumeGatewayUrl: string;
}

export interface SessionBackoffOptions {
  /** Delay scale of the first reconnect attempt, in ms (default 1000). */
  baseMs?: number;
  /** Cap of the exponential growth, in ms (default 60 000). */
  maxMs?: number;
}

export interface GatewaySessionOptions {
  token: string;
  intents: number;
  /** `[shardId, shardCount]`; omitted means unsharded. */
  shard?: readonly [number, number];
  encoding: GatewayEncoding;
  /** Transport compression, or `null`/omitted for none. */
  compress?: GatewayCompression | null;
  properties: GatewayIdentifyProperties;
  presence?: unknown;
  largeThreshold?: number;
  /** The cached Get Gateway Bot URL (default `wss://gateway.discord.gg`). */
  url?: string;
  /** Gateway API version (default 10). */
  version?: number;
  /** Uniform in [0, 1); injectable so heartbeat jitter and backoff are testable (default Math.random). */
  random?: () => number;
  /** Clock value at creation (default 0); every input may carry a newer one. */
  now?: number;
  /**
   * Shared by every session of a process (or backed by a distributed queue): max_concurrency
   * buckets, 5 s apart. Its clock should be the one this session is driven with (IdentifyScheduler
   * and connectGateway both default to performance.now). A gate with a `now()` (IdentifyScheduler
   * has one) is waited on for the time it meant even when the clocks differ, with an `error` event
   * `SESSION_IDENTIFY_STALLED`; so is a wait over a day. Default: a private scheduler on the session's clock.
   */
  identifyScheduler?: IdentifyGate;
  /** Bucket count for the default identify scheduler (default 1). */
  maxConcurrency?: number;
  /**
   * Per-connection limiter for the 120-per-60-s send limit, built on Hello from the heartbeat
   * interval and the session's clock. Default: gatewire/protocol's SendLimiter.
   */
  createSendLimiter?: (heartbeatIntervalMs: number, clock: () => number) => SendGate;
  /** Start by resuming this session instead of identifying. */
  resume?: SessionResumeInfo;
  backoff?: SessionBackoffOptions;
  /** How long a close handshake may take before the socket is terminated (default 5000 ms). */
  closeTimeoutMs?: number;
  /** Wait before identifying again after op 9 (false), as [min, max] ms (default [1000, 5000]). */
  invalidSessionDelayMs?: readonly [number, number];
  /** How long to wait for Hello after the socket opened (default 20 000 ms). */
  helloTimeoutMs?: number;
  /** How long a requested connection may take to open, after its delay (default 30 000 ms). */
  connectTimeoutMs?: number;
  /**
   * How long to wait for READY after sending Identify, or for RESUMED after sending Resume (default
   * 60 000 ms; Discord answers within seconds). Each replayed dispatch during a resume restarts the
   * wait. On expiry the session reports `SESSION_READY_TIMEOUT`, closes with a code that keeps the
   * Discord session, and reconnects with backoff.
   */
  readyTimeoutMs?: number;
  /**
   * Heartbeat intervals accepted from Hello, as [min, max] ms (default [10, 3 600 000]: 10 ms to an hour; Discord sends
   * about 41 250). Anything outside is a protocol error: the session reports it and reconnects.
   */
  heartbeatIntervalRangeMs?: readonly [number, number];
  /**
   * Validate each received payload through gatewire/validate (`true`, or its options: mode
   * `tolerant` | `strip` | `strict`, engine `compiled` | `zod`), or with a function returning `null`
   * for a valid payload or the error to report. An invalid dispatch is reported as an `error` event
   * and not delivered (its sequence still counts); an invalid control frame (Hello, ACK, op 7/9) is
   * reported and still acted on, since the session checks the fields it reads itself. With `strip`,
   * dispatches are delivered stripped. Off by default.
   */
  validate?: boolean | ValidateOptions | ((payload: unknown) => Error | null) | undefined;
  /**
   * Override the codec (default: gatewire/json, or gatewire/etf with snowflakes normalised to
   * strings as JSON has them, by `encoding`).
   */
  codec?: SessionCodec;
  /** Override the per-connection decompressor factory (default by `compress`). */
  createDecompressor?: () => SessionDecompressor;
}

// ---------------------------------------------------------------------------------------------
// Outputs

/** Open a WebSocket to `url` after `delay` ms, then call `open()` (or `closed()` if it fails). */
export interface SessionConnectAction {
  type: 'connect';
  url: string;
  delay: number;
  /** Absolute time (session clock) at which to connect. */
  at: number;
}
/** Send these bytes on the open socket: a text frame for JSON (`string`), binary for ETF. */
export interface SessionSendAction {
  type: 'send';
  op: number;
  data: string | Uint8Array;
}
/** Start a close handshake with this code; call `closed()` when it completes. */
export interface SessionCloseAction {
  type: 'close';
  code: number;
  reason: string;
}
/** Drop the socket without waiting any more (close handshake timed out); do not call `closed()`. */
export interface SessionTerminateAction {
  type: 'terminate';
}
export type GatewaySessionAction =
  SessionConnectAction | SessionSendAction | SessionCloseAction | SessionTerminateAction;

/**
 * A dispatch of an event this build knows, with `d` typed as Discord documents it. The data is
 * checked only when the session has a `validate` option; otherwise it is what the gateway sent.
 */
export type SessionDispatchEvent = {
  [T in keyof GatewayDispatchEventMap]: { type: 'dispatch'; t: T; s: number; d: GatewayDispatchEventMap[T] };
}[keyof GatewayDispatchEventMap];
/** A dispatch whose `t` this build does not know yet (Discord adds events): delivered untyped. */
export interface SessionUnknownDispatchEvent {
  type: 'unknownDispatch';
  t: string;
  s: number;
  d: unknown;
}
export interface SessionReadyEvent {
  type: 'ready';
  sessionId: string;
  resumeGatewayUrl: string;
  d: GatewayReadyDispatchData;
}
export interface SessionResumedEvent {
  type: 'resumed';
}
export interface SessionReconnectingEvent {
  type: 'reconnecting';
  resume: boolean;
  url: string;
  delay: number;
  reason: string;
}
export interface SessionInvalidSessionEvent {
  type: 'invalidSession';
  resumable: boolean;
}
export interface SessionSequenceGapEvent {
  type: 'sequenceGap';
  expected: number;
  received: number;
}
export interface SessionHeartbeatAckEvent {
  type: 'heartbeatAck';
  latency: number;
}
/** Something went wrong but the session carries on (usually by reconnecting). */
export interface SessionErrorEvent {
  type: 'error';
  error: GatewaySessionError;
}
/** The session stopped: after `close()` (`error` undefined) or a fatal close code. */
export interface SessionStoppedEvent {
  type: 'stopped';
  error?: GatewaySessionError;
}
export type GatewaySessionEvent =
  | SessionDispatchEvent
  | SessionUnknownDispatchEvent
  | SessionReadyEvent
  | SessionResumedEvent
  | SessionReconnectingEvent
  | SessionInvalidSessionEvent
  | SessionSequenceGapEvent
  | SessionHeartbeatAckEvent
  | SessionErrorEvent
  | SessionStoppedEvent;

export type GatewaySessionOutput = GatewaySessionAction | GatewaySessionEvent;

/** The session; its send commands (`updatePresence(d, now?)`, …) come from ./commands.ts. */
export interface GatewaySession extends SessionCommandMethods<[now?: number]> {
  /** Current state (see GatewaySessionStates). */
  readonly state: GatewaySessionState;
  /** Sequence of the last dispatch, or null. */
  readonly sequence: number | null;
  /** Round-trip time of the last acknowledged heartbeat, in ms. */
  readonly latency: number | null;

  /** The socket requested by the last `connect` output is open. */
  open(now?: number): void;
  /** A WebSocket message arrived (text or binary). */
  receive(frame: Uint8Array | ArrayBuffer | string, now?: number): void;
  /** The socket closed (or failed to open); `code` undefined when there was no close frame. */
  closed(code?: number, reason?: string, now?: number): void;
  /** Time passed; call at (or after) `nextDeadline()`. */
  tick(now: number): void;

  /**
   * Stop for good. By default closes with 1000, which ends the Discord session; with
   * `{ keepSession: true }` closes with a code that keeps it, so `resumeInfo()` can resume it later.
   */
  close(options?: { keepSession?: boolean }, now?: number): void;

  /** Everything to do and report since the last call, in order. */
  drain(): GatewaySessionOutput[];
  /** Absolute time at which `tick` must be called next, or null if nothing is timed. */
  nextDeadline(): number | null;
  /** What a later session needs to resume this one, or null. */
  resumeInfo(): SessionResumeInfo | null;
}
