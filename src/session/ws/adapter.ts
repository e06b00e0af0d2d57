/**
 * Runs a gateway session over the `ws` package (Node). The adapter owns the socket and the timers;
 * every protocol decision is the session's. `ws` is a peer dependency: install it to use this entry.
 */
import WebSocket from 'ws';
import { createGatewaySession } from '../machine.js';
import type { GatewaySession, GatewaySessionOptions } from '../types.js';
import { type GatewayConnection, type RunnerOptions, type Transport, runWithTransport } from '../runner.js';
import { DEFAULT_USER_AGENT } from '../user-agent.js';

export type { GatewayConnection, RunnerOptions, RunnerStats, TimerFunctions } from '../runner.js';
export { DEFAULT_USER_AGENT } from '../user-agent.js';

export interface WsRunnerOptions extends RunnerOptions {
  /** Extra options for each `ws` client (agent, headers, handshakeTimeout, ...). */
  wsOptions?: WebSocket.ClientOptions;
  /**
   * The User-Agent header of the upgrade request (default `DiscordBot (<gatewire url>, <version>)`,
   * `DEFAULT_USER_AGENT`). A `User-Agent` in `wsOptions.headers` takes precedence.
   */
  userAgent?: string;
}

/**
 * A transport over `ws`: text frames become strings, binary frames Buffers (Uint8Arrays). Sends
 * `userAgent` (default `DEFAULT_USER_AGENT`) unless `wsOptions.headers` has a User-Agent of its own.
 */
export function wsTransport(wsOptions: WebSocket.ClientOptions = {}, userAgent: string = DEFAULT_USER_AGENT): Transport {
  const given = wsOptions.headers ?? {};
  const hasOwn = Object.keys(given).some((name) => name.toLowerCase() === 'user-agent');
  const headers = hasOwn ? given : { 'User-Agent': userAgent, ...given };
  return (url, handlers) => {
    // Discord's transport compression is zlib-stream/zstd-stream; per-message deflate on top would
    // only cost CPU.
    const ws = new WebSocket(url, { perMessageDeflate: false, ...wsOptions, headers });
    ws.binaryType = 'nodebuffer';
    ws.on('open', () => handlers.onOpen());
    ws.on('message', (data, isBinary) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      handlers.onMessage(isBinary ? buf : buf.toString('utf8'));
    });
    // ws reports every failure as 'error' followed by 'close'; the close carries the decision.
    ws.on('error', () => {});
    ws.on('close', (code, reason) => {
      // 1005 (no status) and 1006 (abnormal) mean Discord sent no close code.
      handlers.onClose(code === 1005 || code === 1006 ? undefined : code, reason.toString('utf8'));
    });
    return {
      send: (data) => ws.send(data),
      close: (code, reason) => ws.close(code, reason),
      terminate: () => ws.terminate(),
      isOpen: () => ws.readyState === WebSocket.OPEN,
    };
  };
}

/** Drive an existing session over `ws`. */
export function runGatewaySession(session: GatewaySession, options: WsRunnerOptions = {}): GatewayConnection {
  return runWithTransport(session, wsTransport(options.wsOptions, options.userAgent), options);
}

/** Create a session and run it over `ws`. Options are the session's plus the runner's. */
export function connectGateway(options: Omit<GatewaySessionOptions, 'now'> & WsRunnerOptions): GatewayConnection {
  const now = options.now ?? (() => performance.now());
  const session = createGatewaySession({ ...options, now: now() });
  return runWithTransport(session, wsTransport(options.wsOptions, options.userAgent), { ...options, now });
}
