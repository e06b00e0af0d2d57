/**
 * The options of `startTestGateway`, checked once at start so that a bad value is a typed error
 * naming the option, never a crash later in some connection.
 */
import { intentsFromNames, privilegedIntentsMask, type IntentName } from '../intents/index.js';
import { TestGatewayError } from './errors.js';
import type { Scenario } from './scenario.js';
import type { TestGatewayHooks } from './hooks.js';

export interface TestGatewayTokenOptions {
  /** The bot token (without the `Bot ` prefix; one given with it is accepted too). */
  readonly token: string;
  /** Privileged intents enabled for this application (mask or names); others close with 4014. Default: all three. */
  readonly privilegedIntents?: number | readonly IntentName[];
  /** The guilds the bot is in: a count (ids are generated, spread over shards) or explicit ids. Default 1. */
  readonly guilds?: number | readonly string[];
  /** `session_start_limit.max_concurrency` (identify buckets per 5 s). Default 1. */
  readonly maxConcurrency?: number;
  /** The daily session start budget. Default 1000 total, 1000 remaining, resets after 24 h. */
  readonly sessionStartLimit?: { readonly total?: number; readonly remaining?: number; readonly resetAfterMs?: number };
  /** `shards` in Get Gateway Bot. Default: one per 1000 guilds (at least 1). */
  readonly recommendedShards?: number;
  /** The bot user's and application's id (default a fixed snowflake). */
  readonly applicationId?: string;
  readonly username?: string;
}

export interface TestGatewayOptions {
  /** Where to listen (default `127.0.0.1`). */
  readonly host?: string;
  /** Port (default 0: a free one, see `server.port`). */
  readonly port?: number;
  /** Accepted tokens (others get 4004, and 401 over HTTP). Omitted: any non-empty token is accepted. */
  readonly tokens?: readonly (string | TestGatewayTokenOptions)[];
  /** `heartbeat_interval` sent in Hello (default 41 250 ms, Discord's). */
  readonly heartbeatIntervalMs?: number;
  /**
   * How long the server waits for a heartbeat (from Hello, then from the previous one) before it
   * closes the connection with `heartbeatTimeoutCloseCode` (default interval × 1.5 + 1 s). The session
   * stays resumable.
   */
  readonly heartbeatTimeoutMs?: number;
  /** Close code for a client that stopped heartbeating (default 4000, resumable). */
  readonly heartbeatTimeoutCloseCode?: number;
  /** How long a session whose connection dropped can still be resumed (default 180 000 ms); after it, Resume gets 4009. */
  readonly sessionTimeoutMs?: number;
  /** Identifies per bucket (`shard % max_concurrency`) are allowed once per this many ms (default 5000); faster ones get op 9 false. */
  readonly identifyIntervalMs?: number;
  /** Commands per window before 4008 (default 120 per 60 000 ms, heartbeats included). */
  readonly commandLimit?: { readonly count?: number; readonly windowMs?: number };
  /** Largest payload a client may send (default 4096 bytes; bigger closes 4002). */
  readonly maxPayloadBytes?: number;
  /** Guilds a shard may hold before Identify gets 4011 (default 2500). */
  readonly maxGuildsPerShard?: number;
  /** Accepted `v` query values (default [10]; anything else closes 4012). A missing `v` means 10. */
  readonly versions?: readonly number[];
  /** Dispatches kept per session for Resume to replay (default 10 000); a Resume from before them gets 4007. */
  readonly logLimit?: number;
  /** Send `_trace` in Hello, READY and RESUMED, as Discord does (default true). */
  readonly trace?: boolean;
  /** Send READY's keys Discord sends but does not document (`session_type`, `user_settings`, …; default true). */
  readonly undocumentedFields?: boolean;
  /** How dispatches given to the server are checked: `tolerant` (default) or `strict` (unknown keys rejected too). */
  readonly validateDispatches?: 'tolerant' | 'strict';
  /** Check every command a client sends against gatewire's send validators; one that fails closes 4001 (default true). */
  readonly validateCommands?: boolean;
  /** A scenario to run (see `parseScenario` and the README). */
  readonly scenario?: Scenario | unknown;
  readonly hooks?: TestGatewayHooks;
  /** Errors of hooks and scenario steps (they never reach a client or another session). Default: kept in `server.errors`. */
  readonly onError?: (error: unknown) => void;
}

export interface ResolvedToken {
  readonly token: string;
  readonly privilegedIntents: number;
  readonly guildIds: readonly string[];
  readonly maxConcurrency: number;
  readonly sessionStartLimit: { total: number; remaining: number; resetAt: number };
  readonly recommendedShards: number;
  readonly applicationId: string;
  readonly username: string;
  /** Set once the daily budget ran out: Discord resets the token then, so it authenticates no more. */
  revoked: boolean;
  readonly buckets: Map<number, number>;
}

export interface ResolvedOptions {
  readonly host: string;
  readonly port: number;
  /** null: accept any token. */
  readonly tokens: Map<string, ResolvedToken> | null;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  /** Whether `heartbeatTimeoutMs` was given (otherwise it follows the interval). */
  readonly heartbeatTimeoutExplicit: boolean;
  readonly heartbeatTimeoutCloseCode: number;
  readonly sessionTimeoutMs: number;
  readonly identifyIntervalMs: number;
  readonly commandCount: number;
  readonly commandWindowMs: number;
  readonly maxPayloadBytes: number;
  readonly maxGuildsPerShard: number;
  readonly versions: readonly number[];
  readonly logLimit: number;
  readonly trace: boolean;
  readonly undocumentedFields: boolean;
  readonly validateDispatches: 'tolerant' | 'strict';
  readonly validateCommands: boolean;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

function bad(path: string, message: string): never {
  throw new TestGatewayError('TESTING_BAD_OPTION', message, { path });
}

function int(value: unknown, path: string, fallback: number, min: number, max = MAX_TIMER_MS): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    bad(
      path,
      `${path.slice(1).replace(/\//g, '.')} must be an integer from ${min} to ${max}, got ${typeof value === 'number' ? value : JSON.stringify(value)}`,
    );
  }
  return value;
}

function bool(value: unknown, path: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') bad(path, `${path.slice(1)} must be a boolean`);
  return value;
}

/** How long the server waits for a heartbeat when not told: the interval and a half, plus a second. */
export function defaultHeartbeatTimeout(intervalMs: number): number {
  return Math.min(MAX_TIMER_MS, Math.ceil(intervalMs * 1.5) + 1000);
}

/** @internal Checks one integer option (shared with the server's setters). */
export function checkInteger(value: unknown, path: string, min: number, max = MAX_TIMER_MS): number {
  if (value === undefined) bad(path, `${path.slice(1)} must be an integer from ${min} to ${max}`);
  return int(value, path, min, min, max);
}

export const DEFAULT_APPLICATION_ID = '1108349587126329426';
const SNOWFLAKE = /^[0-9]{1,20}$/;

/**
 * Guild ids for a bot in `count` guilds: consecutive millisecond timestamps, so `(id >> 22) % n`
 * spreads them over shards evenly, as real ids roughly do. Offset per token, so two tokens' guilds differ.
 */
function generatedGuildIds(count: number, tokenIndex: number): string[] {
  const base = 300_000_000_000n + BigInt(tokenIndex) * 10_000_000n;
  return Array.from({ length: count }, (_, i) => ((base + BigInt(i)) << 22n).toString());
}

function resolveToken(input: unknown, index: number): ResolvedToken {
  const path = `/tokens/${index}`;
  const spec: TestGatewayTokenOptions =
    typeof input === 'string'
      ? { token: input }
      : typeof input === 'object' && input !== null
        ? (input as TestGatewayTokenOptions)
        : bad(path, 'a token is a string or an object with a `token`');
  if (typeof spec.token !== 'string' || spec.token.trim() === '')
    bad(`${path}/token`, 'token must be a non-empty string');
  let privileged = privilegedIntentsMask;
  if (spec.privilegedIntents !== undefined) {
    if (typeof spec.privilegedIntents === 'number') {
      privileged = int(spec.privilegedIntents, `${path}/privilegedIntents`, 0, 0, 2 ** 31 - 1);
    } else if (Array.isArray(spec.privilegedIntents)) {
      try {
        privileged = intentsFromNames(spec.privilegedIntents);
      } catch (cause) {
        throw new TestGatewayError('TESTING_BAD_OPTION', `${path}/privilegedIntents: ${(cause as Error).message}`, {
          path: `${path}/privilegedIntents`,
          cause,
        });
      }
    } else bad(`${path}/privilegedIntents`, 'privilegedIntents must be a mask or a list of intent names');
  }
  let guildIds: string[];
  if (spec.guilds === undefined) guildIds = generatedGuildIds(1, index);
  else if (typeof spec.guilds === 'number')
    guildIds = generatedGuildIds(int(spec.guilds, `${path}/guilds`, 1, 0, 1_000_000), index);
  else if (Array.isArray(spec.guilds)) {
    guildIds = spec.guilds.map((g, i) =>
      typeof g === 'string' && SNOWFLAKE.test(g)
        ? g
        : bad(`${path}/guilds/${i}`, 'a guild id must be a snowflake string'),
    );
  } else bad(`${path}/guilds`, 'guilds must be a count or a list of guild ids');
  const limit = spec.sessionStartLimit ?? {};
  if (typeof limit !== 'object' || limit === null)
    bad(`${path}/sessionStartLimit`, 'sessionStartLimit must be an object');
  const total = int(limit.total, `${path}/sessionStartLimit/total`, 1000, 0, 1e9);
  const remaining = int(limit.remaining, `${path}/sessionStartLimit/remaining`, total, 0, 1e9);
  const resetAfterMs = int(limit.resetAfterMs, `${path}/sessionStartLimit/resetAfterMs`, 86_400_000, 0, 1e10);
  const applicationId = spec.applicationId ?? DEFAULT_APPLICATION_ID;
  if (typeof applicationId !== 'string' || !SNOWFLAKE.test(applicationId))
    bad(`${path}/applicationId`, 'applicationId must be a snowflake string');
  const username = spec.username ?? 'gatewire-test-bot';
  if (typeof username !== 'string' || username === '') bad(`${path}/username`, 'username must be a non-empty string');
  return {
    token: spec.token.replace(/^Bot /, ''),
    privilegedIntents: privileged,
    guildIds,
    maxConcurrency: int(spec.maxConcurrency, `${path}/maxConcurrency`, 1, 1, 1 << 16),
    sessionStartLimit: { total, remaining, resetAt: Date.now() + resetAfterMs },
    recommendedShards: int(
      spec.recommendedShards,
      `${path}/recommendedShards`,
      Math.max(1, Math.ceil(guildIds.length / 1000)),
      1,
      1 << 16,
    ),
    applicationId,
    username,
    revoked: false,
    buckets: new Map(),
  };
}

/** A token accepted because no list was given: one guild, everything enabled. */
export function openToken(token: string): ResolvedToken {
  return resolveToken({ token }, 0);
}

export function resolveOptions(options: TestGatewayOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) bad('', 'options must be an object');
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') bad('/host', 'host must be a non-empty string');
  const port = int(options.port, '/port', 0, 0, 65535);
  let tokens: Map<string, ResolvedToken> | null = null;
  if (options.tokens !== undefined) {
    if (!Array.isArray(options.tokens)) bad('/tokens', 'tokens must be a list');
    tokens = new Map();
    (options.tokens as readonly unknown[]).forEach((t, i) => {
      const resolved = resolveToken(t, i);
      tokens!.set(resolved.token, resolved);
    });
  }
  const heartbeatIntervalMs = int(options.heartbeatIntervalMs, '/heartbeatIntervalMs', 41_250, 1);
  const limit = options.commandLimit ?? {};
  if (typeof limit !== 'object' || limit === null) bad('/commandLimit', 'commandLimit must be an object');
  const versions = options.versions ?? [10];
  if (!Array.isArray(versions) || versions.length === 0)
    bad('/versions', 'versions must be a non-empty list of integers');
  versions.forEach((v, i) => int(v, `/versions/${i}`, 10, 1, 1000));
  const mode = options.validateDispatches ?? 'tolerant';
  if (mode !== 'tolerant' && mode !== 'strict')
    bad('/validateDispatches', 'validateDispatches must be "tolerant" or "strict"');
  if (options.onError !== undefined && typeof options.onError !== 'function')
    bad('/onError', 'onError must be a function');
  return {
    host,
    port,
    tokens,
    heartbeatIntervalMs,
    heartbeatTimeoutMs: int(
      options.heartbeatTimeoutMs,
      '/heartbeatTimeoutMs',
      defaultHeartbeatTimeout(heartbeatIntervalMs),
      1,
    ),
    heartbeatTimeoutExplicit: options.heartbeatTimeoutMs !== undefined,
    heartbeatTimeoutCloseCode: int(options.heartbeatTimeoutCloseCode, '/heartbeatTimeoutCloseCode', 4000, 4000, 4999),
    sessionTimeoutMs: int(options.sessionTimeoutMs, '/sessionTimeoutMs', 180_000, 0),
    identifyIntervalMs: int(options.identifyIntervalMs, '/identifyIntervalMs', 5000, 0),
    commandCount: int(limit.count, '/commandLimit/count', 120, 1, 1e9),
    commandWindowMs: int(limit.windowMs, '/commandLimit/windowMs', 60_000, 1),
    maxPayloadBytes: int(options.maxPayloadBytes, '/maxPayloadBytes', 4096, 1, 1 << 30),
    maxGuildsPerShard: int(options.maxGuildsPerShard, '/maxGuildsPerShard', 2500, 1, 1e9),
    versions,
    logLimit: int(options.logLimit, '/logLimit', 10_000, 1, 1e8),
    trace: bool(options.trace, '/trace', true),
    undocumentedFields: bool(options.undocumentedFields, '/undocumentedFields', true),
    validateDispatches: mode,
    validateCommands: bool(options.validateCommands, '/validateCommands', true),
  };
}
