/**
 * A cross-process identify queue on Redis: one Identify per rate-limit bucket
 * (`shard_id % max_concurrency`) per window (5 s plus a safety margin) among every process that
 * shares the namespace, waiters of a bucket served in arrival order, and the daily
 * `session_start_limit` spent atomically. Each atomic step is one Lua script; time is Redis's own
 * clock (`TIME`), so processes on machines whose clocks disagree still agree on the window.
 *
 * Nothing can wedge a bucket: a waiter refreshes a liveness key while it waits, and a waiter whose
 * key expired (its process died) is dropped when it reaches the head; a granted slot is only a
 * "not before" time that expires on its own.
 *
 * Its `waitForIdentify(shardId, signal)` has the shape of @discordjs/ws's `IIdentifyThrottler`;
 * gatewire sessions use it through `runShardWithRedis` / `identifyQueueTransport` (./shard.ts).
 */
import { IDENTIFY_INTERVAL, SESSION_START_PERIOD, isTrackableSessionStartLimit, type SessionStartLimit } from '../protocol/identify-scheduler.js';
import { rateLimitKey } from '../protocol/shards.js';
import {
  CommandRunner,
  type CommandRunnerOptions,
  type RedisCommandClient,
  aborted,
  checkNamespace,
  checkPositive,
  luaScript,
  randomToken,
  sleep,
} from './client.js';
import { RedisCoordinationError, RedisCoordinationErrorCodes, SessionStartLimitError } from './errors.js';

/** Added to Discord's 5 s by default: the time between a grant and the Identify frame leaving. */
export const DEFAULT_IDENTIFY_SAFETY_MARGIN = 500;

/** Ticket numbers of priority waiters sit this far below every ordinary ticket. */
const PRIORITY_OFFSET = 1e15;

// Replies: {status, waitMs, now[, resetAt, total]}. status 1 granted, 0 head of its bucket but the
// slot is not open yet (waitMs exact), 2 behind a live waiter, 3 no budget known but one is
// required, -1 budget spent.
const ACQUIRE = luaScript(`
local q, nextKey, budget, seqKey, epochKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local token, alivePrefix = ARGV[1], ARGV[2]
local window, ttl, priority, period, needBudget = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5] == '1', tonumber(ARGV[6]), ARGV[7] == '1'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
-- now is floored to the millisecond, so the true time of this call may be up to 1 ms past it: a
-- slot (or the epoch) opens one millisecond later than now + window so that no two identifies of a
-- bucket are ever less than a full window apart in real time.
local opensAfter = window + 1
-- The epoch key marks that this server has seen the queue before. Without it (first use, or a
-- restart that lost every key) nobody can tell whether some bucket identified in the last window,
-- so every bucket waits one window first.
local epoch = redis.call('GET', epochKey)
if not epoch then
  epoch = tostring(now + opensAfter)
  redis.call('SET', epochKey, epoch)
end
if not redis.call('ZSCORE', q, token) then
  local n = redis.call('INCR', seqKey)
  if priority then n = n - ${PRIORITY_OFFSET} end
  redis.call('ZADD', q, n, token)
end
redis.call('SET', alivePrefix .. token, '1', 'PX', ttl)
redis.call('PEXPIRE', q, ttl * 4)
local nextAt = math.max(tonumber(redis.call('GET', nextKey) or '0'), tonumber(epoch))
while true do
  local head = redis.call('ZRANGE', q, 0, 0)[1]
  if head == token then break end
  if redis.call('EXISTS', alivePrefix .. head) == 1 then
    return {2, math.max(nextAt - now, 0), now}
  end
  redis.call('ZREM', q, head)
end
if nextAt > now then return {0, nextAt - now, now} end
if redis.call('EXISTS', budget) == 1 then
  local total = tonumber(redis.call('HGET', budget, 'total'))
  local remaining = tonumber(redis.call('HGET', budget, 'remaining'))
  local resetAt = tonumber(redis.call('HGET', budget, 'reset_at'))
  if now >= resetAt then
    resetAt = resetAt + (math.floor((now - resetAt) / period) + 1) * period
    remaining = total
    redis.call('HSET', budget, 'remaining', remaining, 'reset_at', resetAt)
  end
  if remaining <= 0 then
    redis.call('ZREM', q, token)
    redis.call('DEL', alivePrefix .. token)
    return {-1, resetAt - now, now, resetAt, total}
  end
  redis.call('HINCRBY', budget, 'remaining', -1)
elseif needBudget then
  return {3, 0, now}
end
redis.call('SET', nextKey, tostring(now + opensAfter), 'PX', opensAfter)
redis.call('ZREM', q, token)
redis.call('DEL', alivePrefix .. token)
return {1, 0, now}
`);

const CANCEL = luaScript(`
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1
`);

// ARGV: total, remaining, reset_after, overwrite. Without overwrite an existing budget wins: it
// already counts what other processes spent since their Get Gateway Bot.
const SEED = luaScript(`
if ARGV[4] ~= '1' and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('HSET', KEYS[1], 'total', ARGV[1], 'remaining', ARGV[2], 'reset_at', tostring(now + tonumber(ARGV[3])))
return 1
`);

const BUDGET = luaScript(`
local v = redis.call('HMGET', KEYS[1], 'total', 'remaining', 'reset_at')
local t = redis.call('TIME')
return {v[1] or false, v[2] or false, v[3] or false, tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)}
`);

export interface RedisIdentifyQueueOptions extends CommandRunnerOptions {
  /** node-redis client (or anything with its `sendCommand`). The queue never closes it. */
  client: RedisCommandClient;
  /** Key prefix shared by every process of one bot (e.g. `mybot`). */
  namespace: string;
  /** `max_concurrency` from Get Gateway Bot. */
  maxConcurrency: number;
  /** Discord's spacing per bucket (default 5000 ms); shorter only for tests against a loopback gateway. */
  intervalMs?: number;
  /** Added to the interval (default 500 ms): covers the time from a grant to the Identify frame leaving. */
  safetyMarginMs?: number;
  /**
   * The daily budget, from Get Gateway Bot's `session_start_limit`. A budget already in Redis (seeded
   * by another process) is kept, since it counts what others spent. Without one, none is enforced
   * unless `fetchSessionStartLimit` is given.
   */
  sessionStartLimit?: Omit<SessionStartLimit, 'max_concurrency'>;
  /** Called when the budget is missing from Redis (first use, or Redis lost its keys): fetch Get Gateway Bot. */
  fetchSessionStartLimit?: () => Promise<Omit<SessionStartLimit, 'max_concurrency'>>;
  /** How often a waiter behind others asks again (default 250 ms). */
  pollIntervalMs?: number;
  /** A waiter not refreshed for this long is dropped (default 5000 ms; kept above 3 × pollIntervalMs). */
  entryTtlMs?: number;
  /**
   * When Redis is unavailable: `retry` (default) waits with exponential backoff until it answers
   * (reporting each failure to `onError`); `throw` rejects the wait with REDIS_UNAVAILABLE.
   */
  whenUnavailable?: 'retry' | 'throw';
  /** Backoff of the `retry` mode: first delay and cap, ms (default 100 and 5000). */
  retryBackoffMs?: readonly [number, number];
  /** Failures the queue recovered from (Redis unavailable); never thrown. */
  onError?: (error: RedisCoordinationError) => void;
}

export interface IdentifyWaitOptions {
  /**
   * Served before every ordinary waiter of its bucket (FIFO among themselves): for a shard that was
   * granted a slot but could not use it in time and must not lose its place.
   */
  priority?: boolean;
}

export interface IdentifyGrant {
  /**
   * `performance.now()` just before the script call that took the slot: Redis granted it no earlier,
   * so `performance.now() - requestedAt` bounds how long ago the slot opened.
   */
  readonly requestedAt: number;
}

export interface RedisIdentifyQueue {
  /**
   * Resolves when `shardId` may send Identify now (its bucket's slot is taken and the daily budget
   * charged), rejects with REDIS_ABORTED when `signal` fires, with SessionStartLimitError when the
   * budget is spent, and (in `throw` mode) with REDIS_UNAVAILABLE. @discordjs/ws's IIdentifyThrottler.
   */
  waitForIdentify(shardId: number, signal?: AbortSignal, options?: IdentifyWaitOptions): Promise<void>;
  /** `waitForIdentify`, saying when (`performance.now()`) the request that won the slot was sent. */
  acquire(shardId: number, signal?: AbortSignal, options?: IdentifyWaitOptions): Promise<IdentifyGrant>;
  /** Overwrite the budget in Redis with a fresh Get Gateway Bot answer. */
  seedSessionStartLimit(limit: Omit<SessionStartLimit, 'max_concurrency'>): Promise<void>;
  /** The budget as Redis holds it now, or null when none is tracked. `resetAt` is Redis's clock. */
  sessionStarts(): Promise<{ total: number; remaining: number; resetAt: number; now: number } | null>;
  readonly maxConcurrency: number;
  /** Interval plus safety margin: the spacing the queue enforces per bucket. */
  readonly windowMs: number;
  /** The spacing Discord requires (the interval without the margin). */
  readonly intervalMs: number;
  readonly safetyMarginMs: number;
}

/**
 * The identify queue shared by every process using `namespace`: one Identify per bucket per
 * `intervalMs + safetyMarginMs`, FIFO per bucket, the daily budget enforced. @discordjs/ws's `IIdentifyThrottler`.
 */
export function createRedisIdentifyQueue(options: RedisIdentifyQueueOptions): RedisIdentifyQueue {
  return new Queue(options);
}

class Queue implements RedisIdentifyQueue {
  readonly maxConcurrency: number;
  readonly windowMs: number;
  readonly intervalMs: number;
  readonly safetyMarginMs: number;
  readonly #redis: CommandRunner;
  readonly #ns: string;
  readonly #poll: number;
  readonly #ttl: number;
  readonly #mode: 'retry' | 'throw';
  readonly #backoff: readonly [number, number];
  readonly #onError: ((error: RedisCoordinationError) => void) | undefined;
  readonly #fetchLimit: RedisIdentifyQueueOptions['fetchSessionStartLimit'];
  #seed: Promise<void> | null = null;
  #pendingLimit: Omit<SessionStartLimit, 'max_concurrency'> | undefined;

  constructor(options: RedisIdentifyQueueOptions) {
    this.#ns = checkNamespace(options.namespace);
    this.#redis = new CommandRunner(options.client, options);
    const mc = options.maxConcurrency;
    if (!Number.isSafeInteger(mc) || mc < 1) {
      throw new RedisCoordinationError(
        RedisCoordinationErrorCodes.BadOption,
        `maxConcurrency must be an integer of at least 1, got ${String(mc)}`,
        { path: '/maxConcurrency' },
      );
    }
    this.maxConcurrency = mc;
    this.intervalMs = checkPositive(options.intervalMs ?? IDENTIFY_INTERVAL, 'intervalMs');
    this.safetyMarginMs = checkPositive(options.safetyMarginMs ?? DEFAULT_IDENTIFY_SAFETY_MARGIN, 'safetyMarginMs', {
      allowZero: true,
    });
    this.windowMs = Math.ceil(this.intervalMs + this.safetyMarginMs);
    this.#poll = checkPositive(options.pollIntervalMs ?? 250, 'pollIntervalMs');
    this.#ttl = checkPositive(options.entryTtlMs ?? Math.max(5000, this.#poll * 4), 'entryTtlMs');
    if (this.#ttl < this.#poll * 3) {
      throw new RedisCoordinationError(
        RedisCoordinationErrorCodes.BadOption,
        `entryTtlMs (${this.#ttl}) must be at least 3 × pollIntervalMs (${this.#poll}), or live waiters would expire`,
        { path: '/entryTtlMs' },
      );
    }
    this.#mode = options.whenUnavailable ?? 'retry';
    this.#backoff = options.retryBackoffMs ?? [100, 5000];
    this.#onError = options.onError;
    this.#fetchLimit = options.fetchSessionStartLimit;
    if (options.sessionStartLimit !== undefined) {
      this.#pendingLimit = checkLimit(options.sessionStartLimit);
    }
  }

  async waitForIdentify(shardId: number, signal?: AbortSignal, options: IdentifyWaitOptions = {}): Promise<void> {
    await this.acquire(shardId, signal, options);
  }

  async acquire(shardId: number, signal?: AbortSignal, options: IdentifyWaitOptions = {}): Promise<IdentifyGrant> {
    if (!Number.isSafeInteger(shardId) || shardId < 0) {
      throw new RedisCoordinationError(
        RedisCoordinationErrorCodes.BadOption,
        `shardId must be a non-negative integer, got ${String(shardId)}`,
        { path: '/shardId' },
      );
    }
    const bucket = rateLimitKey(shardId, this.maxConcurrency);
    const token = `${shardId}:${randomToken()}`;
    const keys = this.#keys(bucket);
    let failures = 0;
    try {
      for (;;) {
        if (signal?.aborted) throw aborted(signal, shardId);
        let reply: number[];
        let requestedAt = 0;
        try {
          if (this.#pendingLimit !== undefined) await this.#seedOnce(this.#pendingLimit, false);
          requestedAt = performance.now();
          reply = parseReply(
            await this.#redis.script(ACQUIRE, keys, [
              token,
              `${this.#ns}:identify:alive:`,
              this.windowMs,
              this.#ttl,
              options.priority === true ? 1 : 0,
              SESSION_START_PERIOD,
              this.#fetchLimit === undefined ? 0 : 1,
            ]),
          );
          failures = 0;
        } catch (error) {
          if (!(error instanceof RedisCoordinationError) || error.code !== RedisCoordinationErrorCodes.Unavailable) {
            throw error;
          }
          if (this.#mode === 'throw') throw withShard(error, shardId);
          this.#report(withShard(error, shardId));
          // Full jitter, so processes that lost Redis together do not come back in lockstep.
          const ceiling = Math.min(this.#backoff[1], this.#backoff[0] * 2 ** Math.min(failures++, 20));
          await sleep(Math.random() * ceiling, signal, shardId);
          continue;
        }
        const [status, waitMs] = reply as [number, number, number];
        if (status === 1) return { requestedAt };
        if (status === -1) throw new SessionStartLimitError(shardId, reply[3]!, waitMs, reply[4]!);
        if (status === 3) {
          await this.#fetchAndSeed();
          continue;
        }
        // Head of the bucket: sleep exactly until the slot opens (but keep the entry alive).
        // Behind others: ask again soon; they may be served or found dead meanwhile.
        const wait = status === 0 ? Math.min(waitMs, this.#ttl / 3) : Math.min(this.#poll, Math.max(waitMs, 1));
        await sleep(Math.max(1, wait), signal, shardId);
      }
    } catch (error) {
      // Give the place up so the next waiter does not wait for this entry to expire.
      this.#redis.script(CANCEL, [keys[0]!, `${this.#ns}:identify:alive:${token}`], [token]).catch(() => {});
      throw error;
    }
  }

  async seedSessionStartLimit(limit: Omit<SessionStartLimit, 'max_concurrency'>): Promise<void> {
    checkLimit(limit);
    await this.#redis.script(SEED, [`${this.#ns}:identify:budget`], [limit.total, limit.remaining, limit.reset_after, 1]);
  }

  async sessionStarts(): Promise<{ total: number; remaining: number; resetAt: number; now: number } | null> {
    const reply = (await this.#redis.script(BUDGET, [`${this.#ns}:identify:budget`], [])) as unknown[];
    if (!Array.isArray(reply) || reply[0] === null || reply[0] === undefined) return null;
    const [total, remaining, resetAt, now] = reply.map(Number) as [number, number, number, number];
    // Report the refill Discord would have done, as the acquire script would.
    if (now >= resetAt) return { total, remaining: total, resetAt: resetAt + (Math.floor((now - resetAt) / SESSION_START_PERIOD) + 1) * SESSION_START_PERIOD, now };
    return { total, remaining, resetAt, now };
  }

  #keys(bucket: number): string[] {
    const ns = this.#ns;
    return [
      `${ns}:identify:queue:${this.maxConcurrency}:${bucket}`,
      `${ns}:identify:next:${this.maxConcurrency}:${bucket}`,
      `${ns}:identify:budget`,
      `${ns}:identify:seq`,
      `${ns}:identify:epoch`,
    ];
  }

  /** Seeds the configured budget once per process (kept if Redis already has one). */
  #seedOnce(limit: Omit<SessionStartLimit, 'max_concurrency'>, overwrite: boolean): Promise<void> {
    this.#seed ??= this.#redis
      .script(SEED, [`${this.#ns}:identify:budget`], [limit.total, limit.remaining, limit.reset_after, overwrite ? 1 : 0])
      .then(() => {
        this.#pendingLimit = undefined;
      })
      .finally(() => {
        this.#seed = null;
      });
    return this.#seed;
  }

  async #fetchAndSeed(): Promise<void> {
    const limit = checkLimit(await this.#fetchLimit!());
    await this.#seedOnce(limit, false);
  }

  #report(error: RedisCoordinationError): void {
    try {
      this.#onError?.(error);
    } catch {
      // A listener's bug must not stop the queue.
    }
  }
}

function withShard(error: RedisCoordinationError, shardId: number): RedisCoordinationError {
  return new RedisCoordinationError(error.code, `shard ${shardId}: ${error.message}`, { shardId, cause: error.cause });
}

function parseReply(reply: unknown): number[] {
  if (!Array.isArray(reply) || reply.length < 3 || reply.some((v) => typeof v !== 'number')) {
    throw new RedisCoordinationError(
      RedisCoordinationErrorCodes.BadReply,
      `the identify script answered ${JSON.stringify(reply)}; is another program using this namespace?`,
    );
  }
  return reply as number[];
}

function checkLimit(limit: Omit<SessionStartLimit, 'max_concurrency'>): Omit<SessionStartLimit, 'max_concurrency'> {
  // On top of what the in-process scheduler checks, the queue refuses `remaining > total` (the
  // scheduler clamps it) and an infinite `reset_after` (the scheduler accepts it).
  if (!isTrackableSessionStartLimit(limit) || limit.remaining > limit.total || !Number.isFinite(limit.reset_after)) {
    throw new RedisCoordinationError(
      RedisCoordinationErrorCodes.BadOption,
      `session_start_limit needs integers 0 ≤ remaining ≤ total and a non-negative reset_after (ms), got ${JSON.stringify(limit)}`,
      { path: '/sessionStartLimit' },
    );
  }
  return limit;
}
