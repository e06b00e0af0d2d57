/**
 * Per-shard resume state in Redis (`session_id`, `resume_gateway_url`, `seq`, shard count) guarded
 * by an ownership lease with a fencing token:
 *
 * - only the holder of a shard's lease may resume it, so two processes never resume one session;
 *   a lease is a key with a TTL that its holder renews, so a dead holder's lease simply expires;
 * - every lease gets a new, larger token from a per-shard counter; a write carries its token and
 *   is refused once a newer lease exists, so a paused-then-woken stale owner cannot overwrite the
 *   new owner's state;
 * - `seq` only moves forward (compare-and-set in the write script), whatever order writes land in;
 * - writes are batched (one per shard per flush) and flushed on `close()`;
 * - a stored session is offered for resuming a bounded number of times without progress; after
 *   that it is dropped and the shard identifies (through the identify queue).
 *
 * `retrieveSessionInfo` / `updateSessionInfo` have @discordjs/ws's shapes.
 */
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
import { RedisCoordinationError, RedisCoordinationErrorCodes, asRedisError } from './errors.js';

/** What a resume needs, in @discordjs/ws's `SessionInfo` shape. */
export interface StoredSessionInfo {
  resumeURL: string;
  sequence: number;
  sessionId: string;
  shardCount: number;
  shardId: number;
}

/** Proof of ownership of one shard. `signal` aborts when the lease is lost to another process. */
export interface ShardLease {
  readonly shardId: number;
  /** The fencing token: larger than every token handed out for this shard before. */
  readonly token: number;
  readonly owner: string;
  readonly signal: AbortSignal;
}

export interface RedisSessionStoreOptions extends CommandRunnerOptions {
  client: RedisCommandClient;
  namespace: string;
  /** Identifies this process's leases (default a random id). Reusing one after a restart resumes its leases at once. */
  owner?: string;
  /** Lease lifetime; renewed every third of it (default 10 000 ms). A dead holder's shard is taken over after this. */
  leaseMs?: number;
  /** How long updates are gathered before one write per shard (default 1000 ms). */
  flushIntervalMs?: number;
  /** Resume attempts offered for one stored session without progress, then a fresh identify (default 3). */
  maxResumeAttempts?: number;
  /** A lease was lost (another process holds a newer token); stop the shard. */
  onLeaseLost?: (shardId: number, error: RedisCoordinationError) => void;
  /** Failures the store recovered from (a flush that will be retried). */
  onError?: (error: RedisCoordinationError) => void;
}

const LEASE_ACQUIRE = luaScript(`
local current = redis.call('GET', KEYS[1])
if current then
  local owner, token = string.match(current, '^(.*)|(%d+)$')
  if owner == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return {1, tonumber(token)}
  end
  return {0, redis.call('PTTL', KEYS[1])}
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
return {1, token}
`);

const LEASE_RENEW = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
local fence = redis.call('GET', KEYS[2])
if (not fence or tonumber(fence) == tonumber(ARGV[3])) and redis.call('EXISTS', KEYS[1]) == 0 then
  -- Expired (or Redis restarted and lost it) and nobody took over: take it back with the same token.
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  if not fence then redis.call('SET', KEYS[2], ARGV[3]) end
  return 1
end
return 0
`);

const LEASE_RELEASE = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
return 0
`);

// KEYS: session hash, fence counter, lease. ARGV: token, clear, session_id, resume_url, seq,
// shard_count, lease value. -1: refused (a newer lease exists, or another owner holds the lease);
// 0: not newer than what is stored; 1: written.
const SAVE = luaScript(`
local fence = tonumber(redis.call('GET', KEYS[2]) or '0')
local token = tonumber(ARGV[1])
if fence > token then return -1 end
local lease = redis.call('GET', KEYS[3])
-- After Redis lost its keys another process may hold a lease with a smaller token: its state wins.
if lease and lease ~= ARGV[7] then return -1 end
if fence < token then redis.call('SET', KEYS[2], token) end
if ARGV[2] == '1' then redis.call('DEL', KEYS[1]) return 1 end
local seq = tonumber(ARGV[5])
local stored = redis.call('HMGET', KEYS[1], 'session_id', 'seq')
if stored[1] == ARGV[3] and tonumber(stored[2]) ~= nil and tonumber(stored[2]) >= seq then return 0 end
redis.call('HSET', KEYS[1], 'session_id', ARGV[3], 'resume_url', ARGV[4], 'seq', seq, 'shard_count', ARGV[6], 'attempts', 0)
return 1
`);

// Offers the stored session for one more resume attempt, or drops it after ARGV[1] without progress.
const LOAD = luaScript(`
local v = redis.call('HMGET', KEYS[1], 'session_id', 'resume_url', 'seq', 'shard_count', 'attempts')
if not v[1] then return false end
local attempts = tonumber(v[5] or '0') + 1
if attempts > tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[1])
  return {'dropped', tostring(attempts - 1)}
end
redis.call('HSET', KEYS[1], 'attempts', attempts)
return {v[1], v[2], v[3], v[4]}
`);

export interface RedisSessionStore {
  /** Take the shard's lease now, or null when another live process holds it. */
  acquireLease(shardId: number): Promise<ShardLease | null>;
  /**
   * Wait until the shard's lease is free (its holder released it or died) and take it. While Redis is
   * unavailable it keeps trying with backoff (reporting to `onError`).
   */
  waitForLease(shardId: number, signal?: AbortSignal): Promise<ShardLease>;
  /** The lease this store holds for a shard, if any. */
  lease(shardId: number): ShardLease | undefined;
  /** Flush the shard's pending write and give its lease up. */
  releaseLease(shardId: number): Promise<void>;
  /**
   * The stored session for a shard whose lease this store holds, counting one resume attempt; null
   * when there is none, or when the stored session failed to make progress `maxResumeAttempts` times.
   */
  load(shardId: number): Promise<StoredSessionInfo | null>;
  /** Record the latest state (batched); `null` forgets the session (written at the next flush). */
  update(shardId: number, info: StoredSessionInfo | null): void;
  /** Write everything pending now. Rejects with REDIS_LEASE_LOST for a shard taken over meanwhile. */
  flush(): Promise<void>;
  /**
   * @discordjs/ws `retrieveSessionInfo`: the first call takes the shard's lease (waiting for it) and
   * loads (one resume attempt); later calls answer from memory (it asks on every dispatch). After
   * `close()` it answers what it knew, never throws.
   */
  retrieveSessionInfo(shardId: number): Promise<StoredSessionInfo | null>;
  /**
   * @discordjs/ws `updateSessionInfo`: `update` for a shard this store holds. Ignored once the store
   * is closed, so `await store.close(); await manager.destroy()` keeps every session resumable.
   */
  updateSessionInfo(shardId: number, info: StoredSessionInfo | null): Promise<void>;
  /** Flush, stop renewing, release every lease. Idempotent. */
  close(): Promise<void>;
  readonly owner: string;
  readonly leaseMs: number;
}

/**
 * The per-shard resume state of every process using `namespace`, behind leases with fencing tokens.
 * Its `retrieveSessionInfo` / `updateSessionInfo` are @discordjs/ws's.
 */
export function createRedisSessionStore(options: RedisSessionStoreOptions): RedisSessionStore {
  return new Store(options);
}

interface Held {
  lease: ShardLease;
  value: string;
  controller: AbortController;
  timer: ReturnType<typeof setTimeout> | null;
}

class Store implements RedisSessionStore {
  readonly owner: string;
  readonly leaseMs: number;
  readonly #redis: CommandRunner;
  readonly #ns: string;
  readonly #flushMs: number;
  readonly #maxAttempts: number;
  readonly #onLeaseLost: RedisSessionStoreOptions['onLeaseLost'];
  readonly #onError: RedisSessionStoreOptions['onError'];
  readonly #held = new Map<number, Held>();
  /** Per shard: the newest state not written yet (`null`: forget the session). */
  readonly #pending = new Map<number, { token: number; info: StoredSessionInfo | null }>();
  /** Per held shard: the state as this process knows it (loaded, then updated), for retrieveSessionInfo. */
  readonly #known = new Map<number, StoredSessionInfo | null>();
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  #flushing: Promise<void> | null = null;
  #closed = false;

  constructor(options: RedisSessionStoreOptions) {
    this.#ns = checkNamespace(options.namespace);
    this.#redis = new CommandRunner(options.client, options);
    this.owner = options.owner ?? randomToken();
    if (this.owner.includes('|')) {
      throw new RedisCoordinationError(RedisCoordinationErrorCodes.BadOption, 'owner must not contain "|"', {
        path: '/owner',
      });
    }
    this.leaseMs = checkPositive(options.leaseMs ?? 10_000, 'leaseMs');
    this.#flushMs = checkPositive(options.flushIntervalMs ?? 1000, 'flushIntervalMs', { allowZero: true });
    const attempts = options.maxResumeAttempts ?? 3;
    if (!Number.isSafeInteger(attempts) || attempts < 0) {
      throw new RedisCoordinationError(
        RedisCoordinationErrorCodes.BadOption,
        `maxResumeAttempts must be a non-negative integer, got ${String(attempts)}`,
        { path: '/maxResumeAttempts' },
      );
    }
    this.#maxAttempts = attempts;
    this.#onLeaseLost = options.onLeaseLost;
    this.#onError = options.onError;
  }

  async acquireLease(shardId: number): Promise<ShardLease | null> {
    this.#checkOpen();
    checkShard(shardId);
    const existing = this.#held.get(shardId);
    if (existing !== undefined) return existing.lease;
    const reply = await this.#redis.script(LEASE_ACQUIRE, [this.#key('lease', shardId), this.#key('fence', shardId)], [this.owner, this.leaseMs]);
    const [ok, value] = numbers(reply, 2, 'lease');
    if (ok !== 1) return null;
    return this.#hold(shardId, value);
  }

  async waitForLease(shardId: number, signal?: AbortSignal): Promise<ShardLease> {
    let failures = 0;
    for (;;) {
      if (signal?.aborted) throw aborted(signal, shardId);
      this.#checkOpen();
      let reply: unknown;
      try {
        reply = await this.#redis.script(LEASE_ACQUIRE, [this.#key('lease', shardId), this.#key('fence', shardId)], [this.owner, this.leaseMs]);
        failures = 0;
      } catch (error) {
        if (!(error instanceof RedisCoordinationError) || error.code !== RedisCoordinationErrorCodes.Unavailable) throw error;
        // Waiting is this method's job: an unreachable Redis only makes the wait longer.
        this.#report(error);
        await sleep(Math.random() * Math.min(5000, 100 * 2 ** Math.min(failures++, 20)), signal, shardId);
        continue;
      }
      const [ok, value] = numbers(reply, 2, 'lease');
      if (ok === 1) return this.#held.get(shardId)?.lease ?? this.#hold(shardId, value);
      // value is the holder's remaining TTL: ask again when it would have expired (or sooner, in
      // case it is released).
      await sleep(Math.max(5, Math.min(value > 0 ? value + 5 : this.leaseMs, this.leaseMs / 4)), signal, shardId);
    }
  }

  lease(shardId: number): ShardLease | undefined {
    return this.#held.get(shardId)?.lease;
  }

  async releaseLease(shardId: number): Promise<void> {
    const held = this.#held.get(shardId);
    if (held === undefined) return;
    await this.flush().catch(() => {});
    this.#unhold(shardId);
    await this.#redis.script(LEASE_RELEASE, [this.#key('lease', shardId)], [held.value]);
  }

  async load(shardId: number): Promise<StoredSessionInfo | null> {
    this.#checkOpen();
    this.#requireLease(shardId);
    const reply = await this.#redis.script(LOAD, [this.#key('session', shardId)], [this.#maxAttempts]);
    if (reply === null || reply === undefined || reply === false || (Array.isArray(reply) && reply[0] === 'dropped')) {
      this.#known.set(shardId, null);
      return null;
    }
    if (!Array.isArray(reply)) throw badReply('load', reply);
    const [sessionId, resumeURL, seq, shardCount] = reply as string[];
    const sequence = Number(seq);
    const count = Number(shardCount);
    if (typeof sessionId !== 'string' || typeof resumeURL !== 'string' || !Number.isSafeInteger(sequence) || !Number.isSafeInteger(count)) {
      throw badReply('load', reply);
    }
    const info = { sessionId, resumeURL, sequence, shardCount: count, shardId };
    this.#known.set(shardId, { ...info });
    return info;
  }

  update(shardId: number, info: StoredSessionInfo | null): void {
    this.#checkOpen();
    const held = this.#requireLease(shardId);
    if (info !== null) checkInfo(info, shardId);
    const previous = this.#pending.get(shardId);
    // Within one batch the newest sequence of the same session wins, as in the script.
    if (
      previous !== undefined &&
      previous.info !== null &&
      info !== null &&
      previous.info.sessionId === info.sessionId &&
      previous.info.sequence >= info.sequence
    ) {
      return;
    }
    this.#pending.set(shardId, { token: held.lease.token, info: info === null ? null : { ...info } });
    this.#known.set(shardId, info === null ? null : { ...info });
    if (info === null || this.#flushMs === 0) {
      // Forgetting a session is written at once: a resume of a dead session wastes a connection.
      void this.flush().catch(() => {});
    } else {
      this.#flushTimer ??= setTimeout(() => {
        this.#flushTimer = null;
        this.flush().catch(() => {});
      }, this.#flushMs);
    }
  }

  flush(): Promise<void> {
    if (this.#flushTimer !== null) {
      clearTimeout(this.#flushTimer);
      this.#flushTimer = null;
    }
    // One flush at a time, so two batches of one shard never race each other.
    const run = async (): Promise<void> => {
      if (this.#flushing !== null) await this.#flushing.catch(() => {});
      const batch = [...this.#pending];
      this.#pending.clear();
      if (batch.length === 0) return;
      const results = await Promise.allSettled(batch.map(([shardId, entry]) => this.#write(shardId, entry)));
      let firstError: Error | null = null;
      for (const [i, result] of results.entries()) {
        if (result.status === 'fulfilled') continue;
        const [shardId, entry] = batch[i]!;
        const error = result.reason as unknown;
        firstError ??= asRedisError(error);
        if (error instanceof RedisCoordinationError && error.code === RedisCoordinationErrorCodes.LeaseLost) {
          this.#lose(shardId, error);
          continue;
        }
        // Keep it for the next flush unless something newer arrived meanwhile.
        if (!this.#pending.has(shardId)) this.#pending.set(shardId, entry);
        if (error instanceof RedisCoordinationError) this.#report(error);
      }
      if (firstError !== null) throw firstError;
    };
    const promise = run();
    this.#flushing = promise;
    return promise.finally(() => {
      if (this.#flushing === promise) this.#flushing = null;
      // Retry what failed on the next interval (not in a loop: Redis may be down for a while).
      if (this.#pending.size > 0 && !this.#closed && this.#flushTimer === null) {
        this.#flushTimer = setTimeout(() => {
          this.#flushTimer = null;
          this.flush().catch(() => {});
        }, Math.max(this.#flushMs, 100));
        this.#flushTimer.unref?.();
      }
    });
  }

  async retrieveSessionInfo(shardId: number): Promise<StoredSessionInfo | null> {
    // @discordjs/ws asks on every dispatch (to compare sequences), so once the shard is held the
    // answer comes from memory: no round trip, and no resume attempt counted per dispatch.
    const known = this.#known.get(shardId);
    if (this.#closed) return known === undefined || known === null ? null : { ...known };
    if (known !== undefined && this.#held.has(shardId)) return known === null ? null : { ...known };
    await this.waitForLease(shardId);
    return this.load(shardId);
  }

  async updateSessionInfo(shardId: number, info: StoredSessionInfo | null): Promise<void> {
    // @discordjs/ws's manager.destroy() always ends with updateSessionInfo(null). Closing the store
    // first is how a graceful restart keeps the sessions: what comes after close is ignored.
    if (this.#closed) return;
    this.update(shardId, info);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    let flushError: Error | null = null;
    try {
      await this.flush();
    } catch (error) {
      flushError = asRedisError(error);
    }
    this.#closed = true;
    if (this.#flushTimer !== null) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    const held = [...this.#held.values()];
    for (const h of held) this.#unhold(h.lease.shardId);
    await Promise.allSettled(held.map((h) => this.#redis.script(LEASE_RELEASE, [this.#key('lease', h.lease.shardId)], [h.value])));
    if (flushError !== null && !(flushError instanceof RedisCoordinationError && flushError.code === RedisCoordinationErrorCodes.LeaseLost)) {
      throw flushError;
    }
  }

  async #write(shardId: number, entry: { token: number; info: StoredSessionInfo | null }): Promise<void> {
    const info = entry.info;
    const reply = await this.#redis.script(
      SAVE,
      [this.#key('session', shardId), this.#key('fence', shardId), this.#key('lease', shardId)],
      info === null
        ? [entry.token, 1, '', '', 0, 0, `${this.owner}|${entry.token}`]
        : [entry.token, 0, info.sessionId, info.resumeURL, info.sequence, info.shardCount, `${this.owner}|${entry.token}`],
    );
    if (reply === -1) {
      throw new RedisCoordinationError(
        RedisCoordinationErrorCodes.LeaseLost,
        `shard ${shardId}: write refused, another process holds a newer lease than token ${entry.token}`,
        { shardId },
      );
    }
    if (reply !== 0 && reply !== 1) throw badReply('save', reply);
  }

  #hold(shardId: number, token: number): ShardLease {
    const controller = new AbortController();
    const lease: ShardLease = { shardId, token, owner: this.owner, signal: controller.signal };
    const held: Held = { lease, value: `${this.owner}|${token}`, controller, timer: null };
    this.#held.set(shardId, held);
    const renew = (): void => {
      held.timer = setTimeout(() => {
        held.timer = null;
        this.#redis
          .script(LEASE_RENEW, [this.#key('lease', shardId), this.#key('fence', shardId)], [held.value, this.leaseMs, token])
          .then(
            (ok) => {
              if (this.#held.get(shardId) !== held) return;
              if (ok === 1) renew();
              else {
                this.#lose(
                  shardId,
                  new RedisCoordinationError(
                    RedisCoordinationErrorCodes.LeaseLost,
                    `shard ${shardId}: the lease (token ${token}) was taken over by another process`,
                    { shardId },
                  ),
                );
              }
            },
            (error: unknown) => {
              if (this.#held.get(shardId) !== held) return;
              // Redis unavailable: keep trying; if the lease expires meanwhile and someone else takes
              // it, the next renew (or write) learns so through the fencing token.
              if (error instanceof RedisCoordinationError) this.#report(error);
              renew();
            },
          );
      }, this.leaseMs / 3);
      held.timer.unref?.();
    };
    renew();
    return lease;
  }

  #unhold(shardId: number): void {
    const held = this.#held.get(shardId);
    if (held === undefined) return;
    this.#held.delete(shardId);
    if (!this.#closed) this.#known.delete(shardId);
    if (held.timer !== null) clearTimeout(held.timer);
  }

  #lose(shardId: number, error: RedisCoordinationError): void {
    const held = this.#held.get(shardId);
    this.#unhold(shardId);
    this.#pending.delete(shardId);
    if (held === undefined) return;
    held.controller.abort(error);
    try {
      this.#onLeaseLost?.(shardId, error);
    } catch {
      // A listener's bug must not stop the store.
    }
  }

  #requireLease(shardId: number): Held {
    checkShard(shardId);
    const held = this.#held.get(shardId);
    if (held === undefined) {
      throw new RedisCoordinationError(
        RedisCoordinationErrorCodes.LeaseLost,
        `shard ${shardId}: this store holds no lease for it; call acquireLease/waitForLease first`,
        { shardId },
      );
    }
    return held;
  }

  #checkOpen(): void {
    if (this.#closed) throw new RedisCoordinationError(RedisCoordinationErrorCodes.Closed, 'the session store is closed');
  }

  #report(error: RedisCoordinationError): void {
    try {
      this.#onError?.(error);
    } catch {
      // ignored, as above
    }
  }

  #key(kind: 'lease' | 'fence' | 'session', shardId: number): string {
    return `${this.#ns}:${kind}:${shardId}`;
  }
}

function checkShard(shardId: number): void {
  if (!Number.isSafeInteger(shardId) || shardId < 0) {
    throw new RedisCoordinationError(RedisCoordinationErrorCodes.BadOption, `shardId must be a non-negative integer, got ${String(shardId)}`, {
      path: '/shardId',
    });
  }
}

function checkInfo(info: StoredSessionInfo, shardId: number): void {
  const bad = (field: string, why: string) =>
    new RedisCoordinationError(RedisCoordinationErrorCodes.BadOption, `shard ${shardId}: session info ${field} ${why}`, {
      path: `/${field}`,
      shardId,
    });
  if (typeof info.sessionId !== 'string' || info.sessionId.length === 0) throw bad('sessionId', 'must be a non-empty string');
  if (typeof info.resumeURL !== 'string' || info.resumeURL.length === 0) throw bad('resumeURL', 'must be a non-empty string');
  if (!Number.isSafeInteger(info.sequence) || info.sequence < 0) throw bad('sequence', 'must be a non-negative integer');
  if (!Number.isSafeInteger(info.shardCount) || info.shardCount < 1) throw bad('shardCount', 'must be a positive integer');
  if (info.shardId !== shardId) throw bad('shardId', `is ${String(info.shardId)}, not the shard it is stored for`);
}

function numbers(reply: unknown, length: number, what: string): [number, number] {
  if (!Array.isArray(reply) || reply.length !== length || reply.some((v) => typeof v !== 'number')) throw badReply(what, reply);
  return reply as [number, number];
}

function badReply(what: string, reply: unknown): RedisCoordinationError {
  return new RedisCoordinationError(
    RedisCoordinationErrorCodes.BadReply,
    `the ${what} script answered ${JSON.stringify(reply)}; is another program using this namespace?`,
  );
}
