/**
 * What gatewire/redis needs from a Redis client: one method, `sendCommand`, which node-redis
 * (`redis` on npm, v5/v6) has. Raw commands keep every reply in the server's own shape, so the
 * code below does not depend on node-redis's per-command reply transforms, and a test can hand in
 * a wrapped client (slow, failing) without faking the whole client.
 */
import { RedisCoordinationError, RedisCoordinationErrorCodes } from './errors.js';
import { createHash, randomUUID } from 'node:crypto';

export interface RedisCommandClient {
  sendCommand(args: readonly string[], options?: { timeout?: number; abortSignal?: AbortSignal }): Promise<unknown>;
}

export interface CommandRunnerOptions {
  /** How long one command may take before it counts as Redis being unavailable (default 2000 ms). */
  commandTimeoutMs?: number;
}

/** A Lua script sent once by EVALSHA, re-sent by EVAL when the server forgot it (restart, SCRIPT FLUSH). */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

export function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

export class CommandRunner {
  readonly timeoutMs: number;

  constructor(
    private readonly client: RedisCommandClient,
    options: CommandRunnerOptions = {},
  ) {
    this.timeoutMs = options.commandTimeoutMs ?? 2000;
    if (!(this.timeoutMs > 0) || !Number.isFinite(this.timeoutMs)) {
      throw new RedisCoordinationError(
        RedisCoordinationErrorCodes.BadOption,
        `commandTimeoutMs must be a positive number of ms, got ${this.timeoutMs}`,
        { path: '/commandTimeoutMs' },
      );
    }
  }

  /**
   * One command. A timeout, a refused connection or a closed client becomes REDIS_UNAVAILABLE;
   * an error reply from the server (a script's `error_reply`) is rethrown as it is.
   */
  async command(args: readonly string[], timeoutMs = this.timeoutMs): Promise<unknown> {
    try {
      // node-redis drops a command that is still waiting in its offline queue when the timeout fires,
      // so a command that timed out while Redis was down is not run later behind the caller's back.
      return await this.client.sendCommand(args, { timeout: timeoutMs });
    } catch (cause) {
      if (isServerReply(cause)) throw cause;
      throw new RedisCoordinationError(
        RedisCoordinationErrorCodes.Unavailable,
        `Redis did not run ${args[0]}: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
    }
  }

  async script(script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return await this.command(['EVALSHA', script.sha, ...tail]);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.command(['EVAL', script.source, ...tail]);
    }
  }
}

/** An error the server sent back (node-redis's ErrorReply), as opposed to a transport failure. */
function isServerReply(error: unknown): boolean {
  // node-redis's SimpleError and BlobError extend ErrorReply; matched by name so that this module
  // does not import the optional peer dependency.
  for (let proto = error; proto !== null && typeof proto === 'object'; proto = Object.getPrototypeOf(proto)) {
    if ((proto as { constructor?: { name?: string } }).constructor?.name === 'ErrorReply') return true;
  }
  return false;
}

/** Checks a namespace once: it becomes a key prefix, so it must be printable and non-empty. */
export function checkNamespace(namespace: unknown): string {
  if (typeof namespace !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(namespace)) {
    throw new RedisCoordinationError(
      RedisCoordinationErrorCodes.BadOption,
      `namespace must be 1–200 printable ASCII characters without spaces, got ${JSON.stringify(namespace)}`,
      { path: '/namespace' },
    );
  }
  return namespace;
}

export function checkPositive(value: unknown, name: string, { allowZero = false } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new RedisCoordinationError(
      RedisCoordinationErrorCodes.BadOption,
      `${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${String(value)}`,
      { path: `/${name}` },
    );
  }
  return value;
}

/** Resolves after `ms`, or rejects with REDIS_ABORTED when `signal` fires first. Leaves no timer. */
export function sleep(ms: number, signal?: AbortSignal, shardId?: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(aborted(signal, shardId));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted(signal!, shardId));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function aborted(signal: AbortSignal, shardId?: number): RedisCoordinationError {
  return new RedisCoordinationError(
    RedisCoordinationErrorCodes.Aborted,
    shardId === undefined ? 'the wait was aborted' : `shard ${shardId}: the wait was aborted`,
    { cause: signal.reason, ...(shardId === undefined ? {} : { shardId }) },
  );
}

/** A fresh random token (waiter ids, lease owners). */
export function randomToken(): string {
  return randomUUID();
}
