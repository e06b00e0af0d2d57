import { GatewayOpcodes } from '../../generated/enums.js';
import { ProtocolError } from './errors.js';

/** Milliseconds since some fixed point; `Date.now` or `performance.now`, or a fake in tests. */
export type Clock = () => number;

/**
 * The default clock of the limiters: `performance.now`, monotonic, and the clock `connectGateway`
 * drives sessions with, so a scheduler shared with sessions agrees with them by default.
 */
export const defaultClock: Clock = () => performance.now();

/** Discord's gateway send limit: this many payloads per connection per {@link SEND_LIMIT_PERIOD}. */
export const SEND_LIMIT = 120;
/** The window of the send limit, in milliseconds. */
export const SEND_LIMIT_PERIOD = 60_000;

/**
 * `heartbeat` sends are never held back (a late heartbeat gets the connection closed); they still
 * count against the limit. Every other payload is a `command` and waits for room.
 */
export type SendLane = 'heartbeat' | 'command';

/** The lane of a send opcode: Heartbeat (op 1) is `heartbeat`, everything else `command`. */
export function laneForOpcode(op: number): SendLane {
  return op === GatewayOpcodes.Heartbeat ? 'heartbeat' : 'command';
}

/**
 * How many non-heartbeat payloads fit in one window when heartbeats come every `heartbeatInterval`
 * ms: the limit minus one slot per scheduled beat a window can hold (at least one) minus one for a
 * beat the server requests with op 1. Before Hello (interval unknown) and for a nonsensical interval
 * (0, negative, NaN) it is `limit - 10`, the floor other libraries use. A real but very short
 * interval is not floored: 110 commands next to 60 beats a minute would break the limit.
 *
 * 60 000 ms → 118; 41 250 ms → 117; 29 999 ms → 116; unknown or 0 → 110; 5 000 ms → 107.
 */
export function commandBudget(
  heartbeatInterval: number | null | undefined,
  limits: { readonly limit?: number; readonly period?: number } = {},
): number {
  const limit = limits.limit ?? SEND_LIMIT;
  const period = limits.period ?? SEND_LIMIT_PERIOD;
  if (typeof heartbeatInterval !== 'number' || Number.isNaN(heartbeatInterval) || heartbeatInterval <= 0) {
    return Math.max(limit - 10, 1);
  }
  const scheduledBeats = Math.max(Math.ceil(period / heartbeatInterval), 1);
  return Math.max(limit - (scheduledBeats + 1), 0);
}

export interface SendLimiterOptions {
  /** Default `performance.now`. */
  readonly clock?: Clock;
  /** From Hello; until it is known the budget is the conservative floor. */
  readonly heartbeatInterval?: number | null;
  /** Payloads per window; default 120. */
  readonly limit?: number;
  /** Window length in ms; default 60 000. */
  readonly period?: number;
}

/**
 * The gateway's 120-payloads-per-60-seconds limit as a sliding-window log, so that no 60 s window —
 * not only windows aligned to some reset — ever holds more than the limit. Commands get the budget
 * left after reserving room for heartbeats; heartbeats are always allowed. Pure: it never sleeps or
 * sets timers; it says how long to wait, and the caller waits. One limiter per connection (call
 * {@link SendLimiter.reset} on a new one).
 */
export class SendLimiter {
  readonly #clock: Clock;
  readonly #limit: number;
  readonly #period: number;
  #budget: number;
  /** Send times of commands, oldest first. */
  #commands: number[] = [];
  /** Send times of everything (commands and heartbeats), oldest first. */
  #all: number[] = [];
  #lastNow = -Infinity;

  constructor(options: SendLimiterOptions = {}) {
    this.#clock = options.clock ?? defaultClock;
    this.#limit = options.limit ?? SEND_LIMIT;
    this.#period = options.period ?? SEND_LIMIT_PERIOD;
    if (!Number.isSafeInteger(this.#limit) || this.#limit < 2) {
      throw new ProtocolError(
        'RATE_LIMIT_INVALID_OPTION',
        `limit must be an integer of at least 2, got ${this.#limit}.`,
        { path: '/limit' },
      );
    }
    if (!(this.#period > 0) || !Number.isFinite(this.#period)) {
      throw new ProtocolError(
        'RATE_LIMIT_INVALID_OPTION',
        `period must be a positive number of ms, got ${this.#period}.`,
        { path: '/period' },
      );
    }
    this.#budget = commandBudget(options.heartbeatInterval, { limit: this.#limit, period: this.#period });
  }

  /** Call on Hello: the command budget depends on how often heartbeats go out. */
  setHeartbeatInterval(heartbeatInterval: number): void {
    this.#budget = commandBudget(heartbeatInterval, { limit: this.#limit, period: this.#period });
  }

  /** Commands allowed per window. */
  get budget(): number {
    return this.#budget;
  }

  /** Commands that may be sent right now. */
  get remaining(): number {
    this.#now();
    return Math.max(0, Math.min(this.#budget - this.#commands.length, this.#limit - 1 - this.#all.length));
  }

  /** Payloads of both lanes sent in the current window. */
  get sentInWindow(): number {
    this.#now();
    return this.#all.length;
  }

  /** Milliseconds to wait before a payload of `lane` may go out; 0 means now. Heartbeats never wait. */
  delay(lane: SendLane = 'command'): number {
    const now = this.#now();
    if (lane === 'heartbeat') return 0;
    let until = now;
    // A budget of 0 (heartbeats alone fill the window, or a tiny `limit`) still lets one command per
    // window through, behind the total below; reading the log at index `length - 0` gave NaN, and
    // NaN is never `> 0`, so nothing was limited any more.
    const budget = Math.max(this.#budget, 1);
    if (this.#commands.length >= budget) {
      until = Math.max(until, this.#commands[this.#commands.length - budget]! + this.#period);
    }
    // Heartbeats beyond the reservation (many op 1 requests) eat into the total: respect it too.
    if (this.#all.length >= this.#limit - 1) {
      until = Math.max(until, this.#all[this.#all.length - (this.#limit - 1)]! + this.#period);
    }
    return until - now;
  }

  /** Records a send of `lane` if it may go out now, and says whether it may. */
  tryAcquire(lane: SendLane = 'command'): boolean {
    if (this.delay(lane) > 0) return false;
    this.record(lane);
    return true;
  }

  /** Records a send that happened (call it for every payload written when not using {@link tryAcquire}). */
  record(lane: SendLane = 'command'): void {
    const now = this.#now();
    this.#all.push(now);
    if (lane === 'command') this.#commands.push(now);
  }

  /** Forgets every send: call when a new connection opens (the limit is per connection). */
  reset(): void {
    this.#commands = [];
    this.#all = [];
  }

  /** Reads the clock (never going backwards) and drops sends that left the window. */
  #now(): number {
    const now = Math.max(this.#clock(), this.#lastNow);
    this.#lastNow = now;
    const cutoff = now - this.#period;
    prune(this.#commands, cutoff);
    prune(this.#all, cutoff);
    return now;
  }
}

/** Removes times `<= cutoff` from the front of a sorted list: a send at t leaves the window at t + period. */
function prune(times: number[], cutoff: number): void {
  let drop = 0;
  while (drop < times.length && times[drop]! <= cutoff) drop++;
  if (drop > 0) times.splice(0, drop);
}
