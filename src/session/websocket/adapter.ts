/**
 * Runs a gateway session over the standard (WHATWG) WebSocket: browsers, Deno, Bun, and Node 22+
 * where `globalThis.WebSocket` exists. Pass a constructor explicitly elsewhere. The adapter owns the
 * socket and the timers; every protocol decision is the session's.
 */
import { GatewaySessionError, GatewaySessionErrorCodes } from '../errors.js';
import { createGatewaySession } from '../machine.js';
import type { GatewaySession, GatewaySessionOptions } from '../types.js';
import { type GatewayConnection, type RunnerOptions, type Transport, runWithTransport } from '../runner.js';

export type { GatewayConnection, RunnerOptions, RunnerStats, TimerFunctions } from '../runner.js';

/** The part of the standard WebSocket this adapter uses (declared here: the DOM lib is not assumed). */
export interface StandardWebSocket {
  binaryType: string;
  readonly readyState: number;
  send(data: string | ArrayBufferLike | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: never) => void): void;
}
export type StandardWebSocketConstructor = new (url: string) => StandardWebSocket;

export interface WebSocketRunnerOptions extends RunnerOptions {
  /** The WebSocket constructor (default `globalThis.WebSocket`). */
  WebSocket?: StandardWebSocketConstructor;
}

const OPEN = 1;
/** Used to abandon a socket: the standard API has no terminate, and 1000 would end the Discord session. */
const ABANDON_CODE = 3000;

function resolveConstructor(given: StandardWebSocketConstructor | undefined): StandardWebSocketConstructor {
  const ctor = given ?? (globalThis as { WebSocket?: StandardWebSocketConstructor }).WebSocket;
  if (ctor === undefined) {
    throw new GatewaySessionError(
      GatewaySessionErrorCodes.BadOptions,
      'this runtime has no global WebSocket; pass one as the `WebSocket` option or use gatewire/session/ws',
    );
  }
  return ctor;
}

/** A transport over a standard WebSocket: binary messages arrive as ArrayBuffers. */
export function standardWebSocketTransport(WebSocketCtor?: StandardWebSocketConstructor): Transport {
  const Ctor = resolveConstructor(WebSocketCtor);
  return (url, handlers) => {
    const ws = new Ctor(url);
    ws.binaryType = 'arraybuffer';
    let closed = false;
    ws.addEventListener('open', () => handlers.onOpen());
    ws.addEventListener('message', (event: { data: unknown }) => {
      const data = event.data;
      if (typeof data === 'string' || data instanceof ArrayBuffer || data instanceof Uint8Array)
        handlers.onMessage(data);
    });
    ws.addEventListener('error', () => {});
    ws.addEventListener('close', (event: { code: number; reason: string }) => {
      if (closed) return;
      closed = true;
      handlers.onClose(event.code === 1005 || event.code === 1006 ? undefined : event.code, event.reason);
    });
    return {
      send: (data) => ws.send(data),
      close: (code, reason) => ws.close(code, reason),
      terminate: () => {
        try {
          ws.close(ABANDON_CODE, 'abandoned');
        } catch {
          // Already closing or closed.
        }
      },
      isOpen: () => ws.readyState === OPEN,
    };
  };
}

/** Drive an existing session over a standard WebSocket. */
export function runGatewaySession(session: GatewaySession, options: WebSocketRunnerOptions = {}): GatewayConnection {
  return runWithTransport(session, standardWebSocketTransport(options.WebSocket), options);
}

/** Create a session and run it over a standard WebSocket. */
export function connectGateway(
  options: Omit<GatewaySessionOptions, 'now'> & WebSocketRunnerOptions,
): GatewayConnection {
  const transport = standardWebSocketTransport(options.WebSocket);
  const now = options.now ?? (() => performance.now());
  const session = createGatewaySession({ ...options, now: now() });
  return runWithTransport(session, transport, { ...options, now });
}
