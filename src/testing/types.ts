/**
 * The types the test gateway's modules share (options, scenarios, payloads, sessions' records, the
 * hooks and the server seam), in one module that imports none of them, so that connection.ts,
 * session.ts, hooks.ts, options.ts, scenario.ts and context.ts never import each other in a circle.
 * The hooks and the server seam name the connection and session classes as type parameters;
 * hooks.ts and context.ts fill them in.
 */
import type { IntentName } from '../intents/index.js';
import type { ServerFrame } from './wire.js';

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

export interface TestGatewayServerOptions {
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
}

/** The events a scenario rule can fire on (`scenarioTriggers` in scenario.ts lists them at run time). */
export type ScenarioTrigger = 'connect' | 'identify' | 'ready' | 'resume' | 'resumed' | 'command' | 'close';

export type ScenarioStep =
  | { readonly dispatch: string; readonly data?: unknown; readonly fill?: boolean }
  | { readonly wait: number }
  | { readonly reconnect: true }
  | { readonly invalidSession: boolean }
  | { readonly close: number; readonly reason?: string }
  | { readonly drop: true }
  | { readonly stall: boolean }
  | { readonly requestHeartbeat: true }
  | { readonly delayNext: number }
  | { readonly splitNext: number }
  | { readonly corruptNext: true }
  | {
      readonly raw: {
        readonly op: number;
        readonly d?: unknown;
        readonly s?: number | null;
        readonly t?: string | null;
      };
    };

export interface ScenarioRule {
  readonly on: ScenarioTrigger;
  /** For `command`: only this opcode. */
  readonly op?: number;
  /** Only the nth connection of the server (1-based). */
  readonly connection?: number;
  /** Only connections to this URL path (`/` or `/resume`). */
  readonly path?: string;
  /** Fire at most this many times (default: every time). */
  readonly times?: number;
  /** For `identify`, `resume` and `command`: skip the server's own handling (the steps answer instead). */
  readonly replace?: boolean;
  readonly steps: readonly ScenarioStep[];
}

export interface Scenario {
  /** Server options (what `startTestGateway` takes, without hooks); explicit options win over these. */
  readonly server?: TestGatewayServerOptions;
  readonly rules: readonly ScenarioRule[];
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

/** A command a client sent, as decoded. */
export interface ClientPayload {
  readonly op: number;
  readonly d: unknown;
  readonly [key: string]: unknown;
}

export interface CloseInfo {
  /** The close code, or null when the socket dropped without a close frame. */
  readonly code: number | null;
  readonly reason: string;
  /** Who ended it: the server (a close code or `drop()`), or the client. */
  readonly by: 'server' | 'client';
}

export interface LoggedDispatch {
  readonly s: number;
  readonly t: string;
  readonly d: unknown;
}

/**
 * `active`: a connection carries it. `detached`: its connection dropped; resumable until the
 * session timeout. `timedOut`: Resume gets 4009. `invalidated`: ended (1000/1001 from the client,
 * op 9 false, a close that ends sessions); Resume gets op 9 false.
 */
export type TestGatewaySessionState = 'active' | 'detached' | 'timedOut' | 'invalidated';


export interface DispatchOptions {
  /** The payload was built by the server itself and is known to be valid. */
  readonly skipValidation?: boolean;
  /** Send an event gatewire has no schema for. */
  readonly allowUnknownEvent?: boolean;
}

/**
 * The plugin hook: functions the server calls at each point of a connection's life. Each may
 * return `false` (where noted) to take the event over, so the default handling is skipped; what a
 * hook throws goes to `onError` and never reaches a client or another session.
 */
export interface GatewayHooks<Connection, Session> {
  /** A client connected (after the query was accepted, before Hello). */
  onConnect?(connection: Connection): void;
  /** Identify arrived; return false to handle it yourself (for instance close with a code). */
  onIdentify?(connection: Connection, d: Record<string, unknown>): void | boolean;
  /** A session became READY (its READY is queued, GUILD_CREATEs follow). */
  onReady?(connection: Connection, session: Session): void;
  /** Resume arrived; return false to handle it yourself. */
  onResume?(connection: Connection, d: Record<string, unknown>): void | boolean;
  /** A session was resumed (replay and RESUMED are queued). */
  onResumed?(connection: Connection, session: Session): void;
  /** Every payload a client sends, before the server acts on it; return false to skip the server's handling. */
  onCommand?(connection: Connection, payload: ClientPayload): void | boolean;
  /** Every frame just before it is written (`data` is what goes on the wire after compression). */
  onFrame?(connection: Connection, frame: ServerFrame, data: string | Uint8Array): void;
  /** A connection closed. */
  onClose?(connection: Connection, info: CloseInfo): void;
}

/** What a connection needs from its server. */
export interface ServerContext<Connection, Session> {
  readonly options: ResolvedOptions;
  readonly resumeUrl: string;
  readonly sendOpcodes: ReadonlySet<number>;
  now(): number;
  sleep(ms: number): Promise<void>;
  timer(fn: () => void, ms: number): ReturnType<typeof setTimeout>;
  clearTimer(handle: ReturnType<typeof setTimeout>): void;
  report(error: unknown): void;
  callHook<K extends keyof GatewayHooks<Connection, Session>>(name: K, ...args: Parameters<NonNullable<GatewayHooks<Connection, Session>[K]>>): unknown;
  authenticate(token: unknown): ResolvedToken | null;
  revoke(record: ResolvedToken): void;
  createSession(
    record: ResolvedToken,
    shard: readonly [number, number],
    intents: number,
    connection: Connection,
  ): Session;
  findSession(id: string): Session | undefined;
  attach(session: Session, connection: Connection): void;
  detach(session: Session): void;
  invalidate(session: Session): void;
  dispatchToSession(session: Session, t: string, d: unknown, options?: DispatchOptions): number | null;
  command(connection: Connection, payload: ClientPayload): void;
  connectionClosed(connection: Connection, info: CloseInfo): void;
}
