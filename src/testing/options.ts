/**
 * The options of `startTestGateway`, checked once at start so that a bad value is a typed error
 * naming the option, never a crash later in some connection.
 */
import { intentsFromNames, privilegedIntentsMask, type IntentName } from '../intents/index.js';
import { TestGatewayError } from './errors.js';
import type { TestGatewayHooks } from './hooks.js';
import type { ResolvedOptions, ResolvedToken, Scenario, TestGatewayServerOptions, TestGatewayTokenOptions } from './types.js';

export type { ResolvedOptions, ResolvedToken, TestGatewayTokenOptions } from './types.js';

/** What `startTestGateway` takes: the server options, and the scenario, hooks and error sink. */
export interface TestGatewayOptions extends TestGatewayServerOptions {
  /** A scenario to run (see `parseScenario` and the README). */
  readonly scenario?: Scenario | unknown;
  readonly hooks?: TestGatewayHooks;
  /** Errors of hooks and scenario steps (they never reach a client or another session). Default: kept in `server.errors`. */
  readonly onError?: (error: unknown) => void;
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
