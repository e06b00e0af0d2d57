import { ProtocolError } from './errors.js';
import { defaultClock, type Clock } from './send-limiter.js';
import { rateLimitKey } from './shards.js';

/** Discord allows one Identify per rate-limit key every this many milliseconds. */
export const IDENTIFY_INTERVAL = 5_000;
/** The length of the daily session start window once `reset_after` has run out. */
export const SESSION_START_PERIOD = 24 * 60 * 60 * 1000;

/** `session_start_limit` of Get Gateway Bot, as Discord sends it. */
export interface SessionStartLimit {
  readonly total: number;
  readonly remaining: number;
  /** Milliseconds until `remaining` resets to `total`. */
  readonly reset_after: number;
  readonly max_concurrency: number;
}

/**
 * Whether a budget can be tracked: `total` and `remaining` non-negative safe integers and
 * `reset_after` a non-negative number of milliseconds. The scheduler and the Redis identify queue
 * both check this before trusting a budget (the queue checks more: see its `checkLimit`).
 */
export function isTrackableSessionStartLimit(limit: Omit<SessionStartLimit, 'max_concurrency'>): boolean {
  const { total, remaining, reset_after: resetAfter } = limit;
  return Number.isSafeInteger(total) && total >= 0 && Number.isSafeInteger(remaining) && remaining >= 0 && resetAfter >= 0;
}

export interface IdentifySchedulerOptions {
  /** `max_concurrency`: how many rate-limit keys (buckets) identify in parallel. */
  readonly maxConcurrency: number;
  /** The daily budget; without it the scheduler tracks none (and never blocks on it). */
  readonly sessionStartLimit?: Omit<SessionStartLimit, 'max_concurrency'>;
  /** Default `performance.now`: the clock `connectGateway` drives sessions with, so one scheduler can be shared with them. */
  readonly clock?: Clock;
  /** Spacing of identifies with the same key; default 5000 ms. */
  readonly interval?: number;
}

export interface IdentifyPoll {
  /** Shards that may send Identify now, lowest first. Each has been charged to its bucket and the daily budget. */
  readonly ready: readonly number[];
  /** When to poll again (clock time), or null when nothing is waiting. */
  readonly wakeAt: number | null;
  /** What the remaining shards wait for: a bucket's 5 s spacing, the daily budget, or nothing. */
  readonly waitingFor: 'bucket' | 'session-start-limit' | null;
}

/**
 * Decides when each shard may identify: one Identify per rate-limit key (`shard % max_concurrency`)
 * per 5 s, lower shard ids first within a key (so shards start bucket by bucket, in order), and
 * never more than the daily `session_start_limit` — exceeding it makes Discord reset the bot's
 * token. Pure and clock-injected: {@link IdentifyScheduler.poll} releases what may go now and says
 * when to ask again; the caller owns the timer. Resumes do not count and do not go through here.
 */
export class IdentifyScheduler {
  readonly #clock: Clock;
  readonly #interval: number;
  #maxConcurrency: number;
  /** Per key: waiting shard ids, ascending. */
  #queues = new Map<number, number[]>();
  /** Per key: the earliest time its next identify may go. */
  #nextAt = new Map<number, number>();
  #total = Infinity;
  #remaining = Infinity;
  #resetAt = Infinity;
  /** Session starts {@link reserve} promised out of windows after the current one. */
  #borrowed = 0;

  constructor(options: IdentifySchedulerOptions) {
    this.#clock = options.clock ?? defaultClock;
    this.#interval = options.interval ?? IDENTIFY_INTERVAL;
    if (!(this.#interval >= 0) || !Number.isFinite(this.#interval)) {
      throw new ProtocolError(
        'RATE_LIMIT_INVALID_OPTION',
        `interval must be a non-negative number of ms, got ${this.#interval}.`,
        {
          path: '/interval',
        },
      );
    }
    this.#maxConcurrency = checkMaxConcurrency(options.maxConcurrency);
    if (options.sessionStartLimit !== undefined) this.#setLimit(options.sessionStartLimit);
  }

  /** Applies a fresh Get Gateway Bot answer: the daily budget and, if it changed, max_concurrency. */
  update(limit: SessionStartLimit): void {
    this.#setLimit(limit);
    const maxConcurrency = checkMaxConcurrency(limit.max_concurrency);
    if (maxConcurrency !== this.#maxConcurrency) this.#rebucket(maxConcurrency);
  }

  /** Puts a shard in line to identify. Idempotent while it waits. */
  enqueue(shardId: number): void {
    const key = rateLimitKey(shardId, this.#maxConcurrency);
    const queue = this.#queues.get(key) ?? [];
    if (queue.includes(shardId)) return;
    let at = queue.length;
    while (at > 0 && queue[at - 1]! > shardId) at--;
    queue.splice(at, 0, shardId);
    this.#queues.set(key, queue);
  }

  /** Takes a waiting shard out of line (it closed, or gave up). Returns whether it was waiting. */
  cancel(shardId: number): boolean {
    for (const queue of this.#queues.values()) {
      const at = queue.indexOf(shardId);
      if (at >= 0) {
        queue.splice(at, 1);
        return true;
      }
    }
    return false;
  }

  /** Releases every shard that may identify now and says when the next one may. */
  poll(): IdentifyPoll {
    const now = this.#clock();
    this.#refill(now);
    const ready: number[] = [];
    const keys = [...this.#queues.keys()].sort((a, b) => a - b);
    for (const key of keys) {
      const queue = this.#queues.get(key)!;
      if (queue.length === 0 || this.#remaining <= 0) continue;
      if ((this.#nextAt.get(key) ?? -Infinity) > now) continue;
      ready.push(queue.shift()!);
      this.#nextAt.set(key, now + this.#interval);
      this.#remaining--;
    }
    let wakeAt: number | null = null;
    let waitingFor: IdentifyPoll['waitingFor'] = null;
    for (const [key, queue] of this.#queues) {
      if (queue.length === 0) continue;
      const bucketAt = this.#nextAt.get(key) ?? now;
      const at = this.#remaining > 0 ? bucketAt : Math.max(bucketAt, this.#resetAt);
      if (wakeAt === null || at < wakeAt) {
        wakeAt = at;
        waitingFor = this.#remaining > 0 ? 'bucket' : 'session-start-limit';
      }
    }
    ready.sort((a, b) => a - b);
    return { ready, wakeAt: wakeAt === Infinity ? null : wakeAt, waitingFor };
  }

  /**
   * The direct form, for a caller with one shard or its own queue: charges the shard's bucket and
   * the daily budget now and returns the clock time at which it may send Identify (now, or later).
   * Reservations are served in call order, so call in shard order to start buckets in order. Shards
   * queued with {@link enqueue} share the same buckets and budget.
   */
  reserve(shardId: number): number {
    const now = this.#clock();
    this.#refill(now);
    const key = rateLimitKey(shardId, this.#maxConcurrency);
    let at = Math.max(now, this.#nextAt.get(key) ?? now);
    if (this.#remaining > 0) {
      this.#remaining--;
    } else {
      // Out of today's budget: take a slot from a later window rather than overspend (Discord resets the token).
      const window = this.#total > 0 ? Math.floor(this.#borrowed / this.#total) : Infinity;
      at = Math.max(at, this.#resetAt + window * SESSION_START_PERIOD);
      this.#borrowed++;
    }
    this.#nextAt.set(key, at + this.#interval);
    return at;
  }

  /**
   * The scheduler's clock now: what `reserve` and `poll` answer relative to. A session uses it to
   * wait what the scheduler meant even when the clock it is driven with differs.
   */
  now(): number {
    return this.#clock();
  }

  /** Shards waiting, lowest first. */
  get pending(): number[] {
    return [...this.#queues.values()].flat().sort((a, b) => a - b);
  }

  /** The daily budget as tracked now (`Infinity` when none was given). */
  get sessionStarts(): { readonly total: number; readonly remaining: number; readonly resetAt: number } {
    this.#refill(this.#clock());
    return { total: this.#total, remaining: this.#remaining, resetAt: this.#resetAt };
  }

  get maxConcurrency(): number {
    return this.#maxConcurrency;
  }

  #setLimit(limit: Omit<SessionStartLimit, 'max_concurrency'>): void {
    if (!isTrackableSessionStartLimit(limit)) {
      throw new ProtocolError(
        'RATE_LIMIT_INVALID_OPTION',
        `session_start_limit needs non-negative integers total and remaining and a non-negative reset_after, got ${JSON.stringify(limit)}.`,
        { path: '/sessionStartLimit' },
      );
    }
    this.#total = limit.total;
    this.#remaining = Math.min(limit.remaining, limit.total);
    this.#borrowed = 0;
    this.#resetAt = this.#clock() + limit.reset_after;
  }

  #refill(now: number): void {
    if (now < this.#resetAt) return;
    // Discord's next window starts when this one ends; skip whole windows if nobody polled for days.
    const windows = Math.floor((now - this.#resetAt) / SESSION_START_PERIOD) + 1;
    this.#resetAt += windows * SESSION_START_PERIOD;
    // Reservations made against later windows spend those windows' budgets first.
    this.#borrowed = Math.max(0, this.#borrowed - this.#total * (windows - 1));
    const spent = Math.min(this.#borrowed, this.#total);
    this.#borrowed -= spent;
    this.#remaining = this.#total - spent;
  }

  /** Re-keys waiting shards for a new max_concurrency; no new key may identify before the busiest old one. */
  #rebucket(maxConcurrency: number): void {
    const waiting = this.pending;
    const latest = Math.max(-Infinity, ...this.#nextAt.values());
    this.#maxConcurrency = maxConcurrency;
    this.#queues = new Map();
    this.#nextAt = new Map();
    if (latest > -Infinity) for (let key = 0; key < maxConcurrency; key++) this.#nextAt.set(key, latest);
    for (const shardId of waiting) this.enqueue(shardId);
  }
}

function checkMaxConcurrency(value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ProtocolError(
      'RATE_LIMIT_INVALID_OPTION',
      `max_concurrency must be an integer of at least 1, got ${value}.`,
      {
        path: '/maxConcurrency',
      },
    );
  }
  return value;
}
