/**
 * A sans-I/O Discord gateway session: heartbeats, identify and resume, reconnects and backoff, as a
 * pure state machine. It opens no socket, starts no timer and reads no clock: the caller feeds it
 * what happened (`open`, `receive`, `closed`, `tick`, commands), each with the current time, and
 * drains what it must do (`drain()`: connect, send, close, terminate, events) and when to call
 * `tick` next (`nextDeadline()`). The adapters in ./ws and ./websocket do exactly that; a driver for
 * another socket library is a `Transport` for `runWithTransport`.
 *
 * ```ts
 * const session = createGatewaySession({ token, intents, encoding: 'json', compress: 'zlib-stream',
 *   properties: { os: 'linux', browser: 'mybot', device: 'mybot' }, now: performance.now() });
 * for (const out of session.drain()) {
 *   switch (out.type) {
 *     case 'connect':   // after out.delay ms: open a WebSocket to out.url; on open call session.open(now)
 *     case 'send':      // socket.send(out.data)  (string → text frame, Uint8Array → binary frame)
 *     case 'close':     // socket.close(out.code, out.reason); on its close event call session.closed(code, reason, now)
 *     case 'terminate': // drop the socket; do not report its close
 *     default:          // an event: dispatch, ready, resumed, reconnecting, invalidSession, error, stopped, ...
 *   }
 * }
 * // then: set one timer for session.nextDeadline() and call session.tick(now) when it fires; after
 * // every input, drain again.
 * ```
 */
export { createGatewaySession } from './machine.js';
export { SessionCommands } from './commands.js';
export type { SessionCommandData, SessionCommandMethod, SessionCommandMethods, SessionCommandName } from './commands.js';
export { MAX_SEND_PAYLOAD_BYTES, GatewaySessionStates } from './types.js';
export type {
  GatewaySessionState,
  SessionResumeInfo,
  SessionBackoffOptions,
  GatewaySessionOptions,
  SessionConnectAction,
  SessionSendAction,
  SessionCloseAction,
  SessionTerminateAction,
  GatewaySessionAction,
  SessionDispatchEvent,
  SessionUnknownDispatchEvent,
  SessionReadyEvent,
  SessionResumedEvent,
  SessionReconnectingEvent,
  SessionInvalidSessionEvent,
  SessionSequenceGapEvent,
  SessionHeartbeatAckEvent,
  SessionErrorEvent,
  SessionStoppedEvent,
  GatewaySessionEvent,
  GatewaySessionOutput,
  GatewaySession,
} from './types.js';
export { GatewaySessionError, GatewaySessionErrorCodes } from './errors.js';
export type { GatewaySessionErrorCode } from './errors.js';
export type { IdentifyGate, SendGate, SessionCodec, SessionDecompressor } from './deps.js';
/** Drive the session over any socket library: gatewire/session/ws and /websocket are two such transports. */
export { runWithTransport } from './runner.js';
export type {
  GatewayConnection,
  RunnerOptions,
  RunnerStats,
  TimerFunctions,
  Transport,
  TransportHandlers,
  TransportSocket,
} from './runner.js';
