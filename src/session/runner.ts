/**
 * The part both adapters share: it owns one socket at a time and the timers, feeds the session
 * what happens, and carries out what the session asks for. The transport (ws, standard WebSocket)
 * is a small function, so the two adapters differ only in how a socket is opened and spoken to.
 */
import type { GatewaySession, GatewaySessionEvent, SessionStoppedEvent } from './types.js';
import { sessionCommandOps, type SessionCommandMethods } from './commands.js';

/** A socket as the runner needs it. */
export interface TransportSocket {
  send(data: string | Uint8Array): void;
  close(code: number, reason: string): void;
  /** Drop the connection now, without a close handshake. */
  terminate(): void;
  isOpen(): boolean;
}

export interface TransportHandlers {
  onOpen(): void;
  onMessage(data: string | Uint8Array | ArrayBuffer): void;
  /** Called exactly once per socket, whether it opened or not. */
  onClose(code: number | undefined, reason: string): void;
}

export type Transport = (url: string, handlers: TransportHandlers) => TransportSocket;

export interface TimerFunctions {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RunnerOptions {
  /**
   * Every session event (dispatches, ready, errors, ...). An exception thrown here does not disturb
   * the session; it is rethrown from a microtask, like an uncaught listener error.
   */
  onEvent?: (event: GatewaySessionEvent) => void;
  /** Monotonic clock in ms (default performance.now). */
  now?: () => number;
  /** Timer functions (default the global ones); injectable so tests can count them. */
  timers?: TimerFunctions;
}

export interface RunnerStats {
  /** Sockets created whose close has not been observed yet. */
  sockets: number;
  /** Timers scheduled and neither fired nor cleared. */
  timers: number;
}

/** A running session; its send commands (`updatePresence(d)`, …) come from ./commands.ts and take effect at once. */
export interface GatewayConnection extends SessionCommandMethods {
  readonly session: GatewaySession;
  /** Settles when the session stops: after `close()` or a fatal close code (see `error`). */
  readonly stopped: Promise<SessionStoppedEvent>;
  /** Stop the session (see GatewaySession.close) and resolve once its socket is closed. */
  close(options?: { keepSession?: boolean }): Promise<SessionStoppedEvent>;
  stats(): RunnerStats;
}

/**
 * The longest delay `setTimeout` takes: Node (and browsers) treat anything longer as 1 ms, and Node
 * prints a TimeoutOverflowWarning each time. A deadline further away is reached in several steps.
 */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

const defaultTimers: TimerFunctions = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
};

/**
 * Runs `session` over a socket library: opens the sockets the session asks for, feeds it frames,
 * closes and timer deadlines, and sends what it drains. `gatewire/session/ws` and
 * `gatewire/session/websocket` are this with the `ws` package and the standard WebSocket. Settles
 * `stopped` once the session stops; leaves no socket or timer behind.
 */
export function runWithTransport(
  session: GatewaySession,
  transport: Transport,
  options: RunnerOptions = {},
): GatewayConnection {
  const now = options.now ?? (() => performance.now());
  const timers = options.timers ?? defaultTimers;
  const onEvent = options.onEvent;

  let socket: TransportSocket | null = null;
  /** Bumped whenever the current socket is abandoned, so its late callbacks are ignored. */
  let generation = 0;
  let liveSockets = 0;
  let liveTimers = 0;
  let tickTimer: unknown = null;
  let tickAt: number | null = null;
  let connectTimer: unknown = null;
  let pumping = false;
  let again = false;
  let done = false;
  let resolveStopped!: (e: SessionStoppedEvent) => void;
  const stopped = new Promise<SessionStoppedEvent>((r) => (resolveStopped = r));
  let finalEvent: SessionStoppedEvent | null = null;

  const setTimer = (fn: () => void, ms: number): unknown => {
    liveTimers++;
    let fired = false;
    const handle = timers.setTimeout(() => {
      fired = true;
      liveTimers--;
      fn();
    }, ms);
    cancelers.set(handle, () => {
      if (!fired) liveTimers--;
      fired = true;
    });
    return handle;
  };
  const cancelers = new Map<unknown, () => void>();
  const clearTimer = (handle: unknown): void => {
    if (handle === null) return;
    timers.clearTimeout(handle);
    cancelers.get(handle)?.();
    cancelers.delete(handle);
  };

  const abandonSocket = (terminate: boolean): void => {
    const s = socket;
    socket = null;
    generation++;
    if (s !== null && terminate) {
      try {
        s.terminate();
      } catch {
        // Already gone.
      }
    }
  };

  const openSocket = (url: string): void => {
    connectTimer = null;
    if (done) return;
    abandonSocket(true);
    const gen = ++generation;
    let closedSeen = false;
    liveSockets++;
    const handlers: TransportHandlers = {
      onOpen() {
        if (gen !== generation) return;
        session.open(now());
        pump();
      },
      onMessage(data) {
        if (gen !== generation) return;
        session.receive(data, now());
        pump();
      },
      onClose(code, reason) {
        if (!closedSeen) {
          closedSeen = true;
          liveSockets--;
        }
        if (gen !== generation) {
          if (done) maybeFinish();
          return;
        }
        socket = null;
        session.closed(code, reason, now());
        pump();
      },
    };
    try {
      socket = transport(url, handlers);
    } catch {
      // A constructor that throws (bad URL, ...) is a failed connection.
      if (!closedSeen) {
        closedSeen = true;
        liveSockets--;
      }
      socket = null;
      session.closed(undefined, 'connection could not be created', now());
      pump();
    }
  };

  /** Resolve `stopped` only once no socket we opened is still alive, so nothing leaks past it. */
  const maybeFinish = (): void => {
    if (finalEvent !== null && socket === null && liveSockets === 0) resolveStopped(finalEvent);
  };

  const schedule = (): void => {
    if (done) return;
    const at = session.nextDeadline();
    if (at === tickAt && tickTimer !== null) return;
    clearTimer(tickTimer);
    tickTimer = null;
    tickAt = at;
    if (at === null) return;
    tickTimer = setTimer(
      () => {
        tickTimer = null;
        tickAt = null;
        session.tick(now());
        pump();
      },
      Math.min(MAX_TIMER_DELAY, Math.max(0, at - now())),
    );
  };

  const pump = (): void => {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        for (const o of session.drain()) {
          switch (o.type) {
            case 'connect':
              clearTimer(connectTimer);
              connectTimer = null;
              abandonSocket(true);
              if (o.delay <= 0) openSocket(o.url);
              else
                connectTimer = setTimer(() => {
                  openSocket(o.url);
                  pump();
                }, Math.min(MAX_TIMER_DELAY, o.delay));
              break;
            case 'send':
              if (socket !== null && socket.isOpen()) socket.send(o.data);
              break;
            case 'close':
              if (socket !== null) {
                try {
                  socket.close(o.code, o.reason);
                } catch {
                  abandonSocket(true);
                  session.closed(undefined, 'close failed', now());
                  again = true;
                }
              }
              break;
            case 'terminate':
              abandonSocket(true);
              break;
            default:
              if (o.type === 'stopped') {
                done = true;
                finalEvent = o;
                clearTimer(tickTimer);
                clearTimer(connectTimer);
                tickTimer = connectTimer = null;
              }
              if (onEvent !== undefined) {
                try {
                  onEvent(o);
                } catch (error) {
                  // The caller's bug must not leave the rest of this batch undone (a send, a
                  // close); rethrown outside the loop, as an EventEmitter listener's would be.
                  queueMicrotask(() => {
                    throw error;
                  });
                }
              }
          }
        }
      } while (again);
    } finally {
      pumping = false;
    }
    schedule();
    if (done) maybeFinish();
  };

  pump();

  const commands = Object.fromEntries(
    sessionCommandOps.map(([method]) => [
      method,
      (d: unknown): void => {
        (session[method] as (d: unknown, now: number) => void).call(session, d, now());
        pump();
      },
    ]),
  ) as unknown as SessionCommandMethods;

  return {
    session,
    stopped,
    ...commands,
    close(opts) {
      session.close(opts, now());
      pump();
      return stopped;
    },
    stats: () => ({ sockets: liveSockets, timers: liveTimers }),
  };
}
