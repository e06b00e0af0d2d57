/**
 * A loopback Discord gateway (v10) for testing clients: the WebSocket gateway and the HTTP
 * `GET /api/v10/gateway/bot` on one port, sessions that survive their connections, and the rules
 * Discord enforces. See the README section "Testing your client".
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { GatewayOpcodesTable } from '../../generated/enums.js';
import { shardForGuild } from '../protocol/index.js';
import { isKnownDispatchEvent, safeParseReceive } from '../validate/index.js';
import { createCompressor, type ServerCompression } from './compressors.js';
import { TestGatewayConnection, TestGatewaySession, intentAllows } from './connection.js';
import type { DispatchOptions, ServerContext } from './context.js';
import { TestGatewayError } from './errors.js';
import type { ClientPayload, TestGatewayHooks } from './hooks.js';
import {
  checkInteger,
  defaultHeartbeatTimeout,
  openToken,
  resolveOptions,
  type ResolvedOptions,
  type ResolvedToken,
  type TestGatewayOptions,
} from './options.js';
import { compileScenario, parseScenario } from './scenario.js';
import { fillDispatch } from './templates.js';
import type { ServerEncoding } from './wire.js';

const MESSAGE_CONTENT = 1 << 15;
/** Ended sessions remembered so a late Resume gets the right answer (op 9 or 4009), at most this many. */
const TOMBSTONES = 10_000;

export interface TestGatewayStats {
  connections: number;
  openConnections: number;
  identifies: number;
  resumes: number;
  sessions: number;
  dispatches: number;
}

export interface ServerDispatchOptions {
  /** Only sessions of this token (default: every token). */
  readonly token?: string;
  /** Start from the built-in template of the event and merge `d` into it (default true for templated events). */
  readonly fill?: boolean;
  /** Send an event gatewire has no schema for. */
  readonly allowUnknownEvent?: boolean;
}

export class TestGateway {
  /** Base gateway URL (what Get Gateway Bot returns): `ws://host:port`. */
  readonly url: string;
  /** `resume_gateway_url` in READY: a different path on the same server. */
  readonly resumeUrl: string;
  /** `http://host:port`. */
  readonly httpUrl: string;
  /** What @discordjs/rest takes as its `api` option: `http://host:port/api`. */
  readonly apiUrl: string;
  readonly host: string;
  readonly port: number;
  /** Every connection so far, in order (closed ones included). */
  readonly connections: TestGatewayConnection[] = [];
  /** Live sessions (active or resumable) by id. */
  readonly sessions = new Map<string, TestGatewaySession>();
  /** Errors thrown by hooks and scenario steps (when no `onError` was given), oldest first, at most 100. */
  readonly errors: unknown[] = [];
  /** When false, new connections get no Hello (to test a client's Hello timeout). */
  sendHello = true;

  private readonly ctx: ServerContext;
  private readonly o: ResolvedOptions;
  private readonly hooks: TestGatewayHooks;
  private readonly scenarioHooks: TestGatewayHooks;
  private readonly tombstones = new Map<string, TestGatewaySession>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly onError: ((error: unknown) => void) | undefined;
  private counters = { identifies: 0, resumes: 0, dispatches: 0 };
  /** Tokens met when any token is accepted: each keeps its own buckets and budget. */
  private readonly openTokens = new Map<string, ResolvedToken>();
  private stopped = false;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    options: ResolvedOptions,
    hooks: TestGatewayHooks,
    scenarioHooks: TestGatewayHooks,
    onError: ((error: unknown) => void) | undefined,
  ) {
    this.o = options;
    this.hooks = hooks;
    this.scenarioHooks = scenarioHooks;
    this.onError = onError;
    const address = http.address();
    this.port = typeof address === 'object' && address !== null ? address.port : options.port;
    this.host = options.host;
    const hostPart = this.host.includes(':') ? `[${this.host}]` : this.host;
    this.url = `ws://${hostPart}:${this.port}`;
    this.resumeUrl = `${this.url}/resume`;
    this.httpUrl = `http://${hostPart}:${this.port}`;
    this.apiUrl = `${this.httpUrl}/api`;
    this.ctx = this.context();
    http.on('request', (req, res) => this.onHttp(req, res));
    http.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
  }

  /** @internal */
  static async listen(options: TestGatewayOptions = {}): Promise<TestGateway> {
    const scenario = options.scenario === undefined ? null : parseScenario(options.scenario);
    const resolved = resolveOptions(
      scenario?.server === undefined ? options : { ...scenario.server, ...withoutUndefined(options) },
    );
    const hooks = options.hooks ?? {};
    if (typeof hooks !== 'object' || hooks === null)
      throw new TestGatewayError('TESTING_BAD_OPTION', 'hooks must be an object of functions', { path: '/hooks' });
    for (const [name, fn] of Object.entries(hooks)) {
      if (typeof fn !== 'function')
        throw new TestGatewayError('TESTING_BAD_OPTION', `hooks.${name} must be a function`, {
          path: `/hooks/${name}`,
        });
    }
    const http = createServer();
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1 << 20 });
    await new Promise<void>((resolve, reject) => {
      const onError = (cause: Error): void => {
        reject(
          new TestGatewayError(
            'TESTING_LISTEN_FAILED',
            `cannot listen on ${resolved.host}:${resolved.port}: ${cause.message}`,
            { path: '/port', cause },
          ),
        );
      };
      http.once('error', onError);
      http.listen(resolved.port, resolved.host, () => {
        http.off('error', onError);
        resolve();
      });
    });
    http.on('error', () => {});
    const scenarioHooks: TestGatewayHooks = {};
    const server = new TestGateway(http, wss, resolved, hooks, scenarioHooks, options.onError);
    if (scenario !== null) {
      Object.assign(
        scenarioHooks,
        compileScenario(
          scenario,
          server,
          (ms) => server.ctx.sleep(ms),
          (error) => server.report(error),
        ),
      );
    }
    return server;
  }

  /** `heartbeat_interval` for connections opened from now on (the heartbeat timeout follows it unless it was set). */
  get heartbeatIntervalMs(): number {
    return this.o.heartbeatIntervalMs;
  }
  set heartbeatIntervalMs(ms: number) {
    const value = checkInteger(ms, '/heartbeatIntervalMs', 1);
    this.o.heartbeatIntervalMs = value;
    if (!this.o.heartbeatTimeoutExplicit) this.o.heartbeatTimeoutMs = defaultHeartbeatTimeout(value);
  }

  /** Tokens the server accepts, resolved (null when any token is accepted). */
  get tokens(): ReadonlyMap<string, ResolvedToken> | null {
    return this.o.tokens;
  }

  stats(): TestGatewayStats {
    return {
      connections: this.connections.length,
      openConnections: this.connections.filter((c) => c.open).length,
      identifies: this.counters.identifies,
      resumes: this.counters.resumes,
      sessions: this.sessions.size,
      dispatches: this.counters.dispatches,
    };
  }

  /** Connections whose socket is open. */
  openConnections(): TestGatewayConnection[] {
    return this.connections.filter((c) => c.open);
  }

  /**
   * Sends a dispatch the way Discord routes it: to every session (of `token`, if given) whose shard
   * holds the guild (`d.guild_id`, or `d.id` for GUILD_*), shard 0 for events without a guild, and
   * whose intents allow it. Returns the sessions and the sequence each gave it.
   *
   * @throws {TestGatewayError} `TESTING_INVALID_PAYLOAD`, `TESTING_UNKNOWN_EVENT`, `TESTING_STOPPED`.
   */
  dispatch(t: string, d: unknown, options: ServerDispatchOptions = {}): { session: TestGatewaySession; s: number }[] {
    this.assertRunning();
    const data = options.fill === false ? d : fillDispatch(t, d);
    this.check(t, data, options.allowUnknownEvent === true);
    const guildId = guildOf(t, data);
    const out: { session: TestGatewaySession; s: number }[] = [];
    for (const session of this.sessions.values()) {
      if (options.token !== undefined && session.token !== options.token.replace(/^Bot /, '')) continue;
      const [shardId, shardCount] = session.shard;
      const target = guildId === null ? 0 : shardCount === 1 ? 0 : shardForGuild(guildId, shardCount);
      if (target !== shardId) continue;
      const s = this.deliver(session, t, data);
      if (s !== null) out.push({ session, s });
    }
    return out;
  }

  /**
   * Sends a dispatch to one session (logged and numbered even while it is disconnected, so a Resume
   * replays it). Returns its sequence, or null when the session's intents filter it out.
   *
   * @throws {TestGatewayError} `TESTING_INVALID_PAYLOAD`, `TESTING_UNKNOWN_EVENT`, `TESTING_STOPPED`.
   */
  dispatchTo(
    session: TestGatewaySession | string,
    t: string,
    d: unknown,
    options: Omit<ServerDispatchOptions, 'token'> = {},
  ): number | null {
    this.assertRunning();
    const target = typeof session === 'string' ? this.sessions.get(session) : session;
    if (target === undefined || !(target instanceof TestGatewaySession)) {
      throw new TestGatewayError(
        'TESTING_BAD_OPTION',
        `no live session ${typeof session === 'string' ? JSON.stringify(session) : ''}`.trim(),
        { path: '/session' },
      );
    }
    const data = options.fill === false ? d : fillDispatch(t, d);
    this.check(t, data, options.allowUnknownEvent === true);
    return this.deliver(target, t, data);
  }

  /** Stops listening, closes every connection (1001, or dropped if it does not close in time) and clears every timer. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.connections) if (c.state !== 'closed') c.ws.terminate();
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
    for (const c of this.connections) if (c.state !== 'closed') c.onSocketClose(1006, 'server stopped');
  }

  // -------------------------------------------------------------------------------------------

  private assertRunning(): void {
    if (this.stopped) throw new TestGatewayError('TESTING_STOPPED', 'the test gateway was stopped');
  }

  private check(t: string, d: unknown, allowUnknown: boolean): void {
    if (typeof t !== 'string' || t === '')
      throw new TestGatewayError('TESTING_BAD_OPTION', 'a dispatch needs an event name', { path: '/t' });
    if (!isKnownDispatchEvent(t)) {
      if (allowUnknown) return;
      throw new TestGatewayError(
        'TESTING_UNKNOWN_EVENT',
        `gatewire has no schema for the dispatch ${JSON.stringify(t)}; pass allowUnknownEvent to send it anyway`,
        { path: '/t' },
      );
    }
    const r = safeParseReceive({ op: 0, s: 1, t, d }, { mode: this.o.validateDispatches });
    if (r.kind === 'invalid') {
      const first = r.issues[0]!;
      throw new TestGatewayError(
        'TESTING_INVALID_PAYLOAD',
        `${t} is not valid: ${first.path || '/'} ${first.code} (expected ${first.expected}, got ${first.received})`,
        {
          path: first.path,
          issues: r.issues,
        },
      );
    }
  }

  private deliver(session: TestGatewaySession, t: string, d: unknown): number | null {
    if (session.state === 'invalidated' || session.state === 'timedOut') return null;
    if (!intentAllows(t, d, session.intents)) return null;
    const data = withoutContent(t, d, session);
    const s = session.record(t, data);
    this.counters.dispatches++;
    const conn = session.connection;
    if (conn !== null && conn.open && conn.session === session) void conn.enqueue({ op: 0, d: data, s, t });
    return s;
  }

  private report(error: unknown): void {
    if (this.onError !== undefined) {
      try {
        this.onError(error);
      } catch {
        // an error handler that throws has nowhere left to report to
      }
      return;
    }
    this.errors.push(error);
    if (this.errors.length > 100) this.errors.shift();
  }

  private timer(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
    if (this.stopped) {
      // Nothing runs after stop(): hand back a handle that is already cleared.
      const dead = setTimeout(() => {}, 0);
      clearTimeout(dead);
      return dead;
    }
    const handle = setTimeout(() => {
      this.timers.delete(handle);
      try {
        fn();
      } catch (error) {
        this.report(error);
      }
    }, ms);
    this.timers.add(handle);
    return handle;
  }

  private context(): ServerContext {
    const server = this;
    const sendOpcodes = new Set<number>(
      GatewayOpcodesTable.filter((r) => r.direction !== 'receive').map((r) => r.value),
    );
    let sessionCounter = 0;
    return {
      options: this.o,
      resumeUrl: this.resumeUrl,
      sendOpcodes,
      now: () => performance.now(),
      sleep: (ms) => new Promise((resolve) => server.timer(resolve, ms)),
      timer: (fn, ms) => server.timer(fn, ms),
      clearTimer: (handle) => {
        clearTimeout(handle);
        server.timers.delete(handle);
      },
      report: (error) => server.report(error),
      callHook(name, ...args) {
        let result: unknown;
        for (const hooks of [server.hooks, server.scenarioHooks]) {
          const fn = hooks[name] as ((...a: unknown[]) => unknown) | undefined;
          if (fn === undefined) continue;
          try {
            const r = fn.apply(hooks, args);
            if (r === false) result = false;
            else if (r instanceof Promise) r.catch((error: unknown) => server.report(error));
          } catch (error) {
            server.report(error);
          }
        }
        return result;
      },
      authenticate(token) {
        if (typeof token !== 'string' || token.trim() === '') return null;
        const bare = token.replace(/^Bot /, '');
        let record: ResolvedToken | undefined;
        if (server.o.tokens === null) {
          record = server.openTokens.get(bare);
          if (record === undefined) {
            record = openToken(bare);
            server.openTokens.set(bare, record);
          }
        } else record = server.o.tokens.get(bare);
        return record === undefined || record.revoked ? null : record;
      },
      revoke(record) {
        record.revoked = true;
        for (const session of [...server.sessions.values()]) {
          if (session.tokenRecord !== record) continue;
          const conn = session.connection;
          if (conn !== null) void conn.close(4004, 'token reset');
          server.ctx.invalidate(session);
        }
      },
      createSession(record, shard, intents, connection) {
        server.counters.identifies++;
        const id = `${(++sessionCounter).toString(16).padStart(6, '0')}${randomBytes(13).toString('hex')}`;
        const session = new TestGatewaySession(id, record, shard, intents, connection, server.o.logLimit);
        server.sessions.set(id, session);
        return session;
      },
      findSession(id) {
        return server.sessions.get(id) ?? server.tombstones.get(id);
      },
      attach(session, connection) {
        server.counters.resumes++;
        if (session.timeout !== null) server.ctx.clearTimer(session.timeout);
        session.timeout = null;
        const previous = session.connection;
        // One connection per session: a resume elsewhere ends the old socket (without a close frame).
        if (previous !== null && previous !== connection && previous.open) {
          previous.session = null;
          previous.drop();
        }
        session.connection = connection;
        session.state = 'active';
      },
      detach(session) {
        if (session.state !== 'active') return;
        session.state = 'detached';
        session.connection = null;
        if (session.timeout !== null) server.ctx.clearTimer(session.timeout);
        session.timeout = server.timer(() => {
          session.timeout = null;
          if (session.state !== 'detached') return;
          session.state = 'timedOut';
          session.log.length = 0;
          server.sessions.delete(session.id);
          server.remember(session);
        }, server.o.sessionTimeoutMs);
      },
      invalidate(session) {
        if (session.timeout !== null) server.ctx.clearTimer(session.timeout);
        session.timeout = null;
        if (session.state === 'invalidated') return;
        session.state = 'invalidated';
        session.log.length = 0;
        server.sessions.delete(session.id);
        server.remember(session);
      },
      dispatchToSession(session, t, d, options?: DispatchOptions) {
        if (options?.skipValidation !== true) server.check(t, d, options?.allowUnknownEvent === true);
        return server.deliver(session, t, d);
      },
      command(connection, payload) {
        server.answerCommand(connection, payload);
      },
      connectionClosed(connection, info) {
        server.ctx.callHook('onClose', connection, info);
      },
    };
  }

  private remember(session: TestGatewaySession): void {
    this.tombstones.set(session.id, session);
    if (this.tombstones.size > TOMBSTONES) this.tombstones.delete(this.tombstones.keys().next().value!);
  }

  /** Commands that Discord answers with a dispatch get a minimal, valid answer. */
  private answerCommand(connection: TestGatewayConnection, payload: ClientPayload): void {
    const session = connection.session;
    if (session === null) return;
    const d = (payload.d ?? {}) as Record<string, unknown>;
    if (payload.op === 8 && typeof d['guild_id'] === 'string') {
      const chunk: Record<string, unknown> = { guild_id: d['guild_id'], members: [], chunk_index: 0, chunk_count: 1 };
      if (typeof d['nonce'] === 'string') chunk['nonce'] = d['nonce'];
      this.deliver(session, 'GUILD_MEMBERS_CHUNK', chunk);
    } else if (payload.op === 31 && Array.isArray(d['guild_ids'])) {
      for (const guildId of d['guild_ids'])
        if (typeof guildId === 'string')
          this.deliver(session, 'SOUNDBOARD_SOUNDS', { guild_id: guildId, soundboard_sounds: [] });
    } else if (payload.op === 43 && typeof d['guild_id'] === 'string') {
      this.deliver(session, 'CHANNEL_INFO', { guild_id: d['guild_id'], channels: [] });
    }
  }

  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.httpUrl);
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const match = /^\/api(?:\/v(\d+))?\/gateway(\/bot)?\/?$/.exec(url.pathname);
    if (req.method !== 'GET' || match === null) {
      send(404, { message: '404: Not Found', code: 0 });
      return;
    }
    if (match[1] !== undefined && !this.o.versions.includes(Number(match[1])) && match[1] !== '9') {
      send(400, { message: 'Invalid API version', code: 50041 });
      return;
    }
    if (match[2] === undefined) {
      send(200, { url: this.url });
      return;
    }
    const auth = req.headers.authorization ?? '';
    const record = /^Bot \S/.test(auth) ? this.ctx.authenticate(auth.slice(4)) : null;
    if (record === null) {
      send(401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    const limit = record.sessionStartLimit;
    send(200, {
      url: this.url,
      shards: record.recommendedShards,
      session_start_limit: {
        total: limit.total,
        remaining: limit.remaining,
        reset_after: Math.max(0, Math.round(limit.resetAt - Date.now())),
        max_concurrency: record.maxConcurrency,
      },
    });
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => {});
    if (this.stopped) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', this.url.replace(/^ws/, 'http'));
    const v = url.searchParams.get('v');
    const encodingParam = url.searchParams.get('encoding') ?? 'json';
    const compressParam = url.searchParams.get('compress');
    ws.on('error', () => {});
    const refuse = (code: number, reason: string): void => {
      ws.close(code, reason);
    };
    if (v !== null && !this.o.versions.includes(Number(v))) return refuse(4012, 'invalid API version');
    if (encodingParam !== 'json' && encodingParam !== 'etf')
      return refuse(4002, `unknown encoding ${encodingParam.slice(0, 40)}`);
    if (compressParam !== null && compressParam !== 'zlib-stream' && compressParam !== 'zstd-stream')
      return refuse(4002, `unknown compression ${compressParam.slice(0, 40)}`);
    const encoding: ServerEncoding = encodingParam;
    const compression = compressParam as ServerCompression | null;
    const conn = new TestGatewayConnection(
      this.ctx,
      ws,
      this.connections.length + 1,
      url,
      encoding,
      compression,
      compression === null ? null : createCompressor(compression),
      req.headers,
    );
    this.connections.push(conn);
    ws.on('message', (data, isBinary) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      try {
        conn.onSocketMessage(buf, isBinary);
      } catch (error) {
        // A bug of ours must not take the process (or other sessions) down: report and close this one.
        this.report(error);
        void conn.close(4000, 'internal error');
      }
    });
    ws.on('close', (code, reason) => conn.onSocketClose(code, reason.toString('utf8')));
    this.ctx.callHook('onConnect', conn);
    conn.start(!this.sendHello);
  }
}

/** The guild whose shard gets an event: `guild_id`, or `id` for the events that are the guild. */
function guildOf(t: string, d: unknown): string | null {
  if (typeof d !== 'object' || d === null) return null;
  const obj = d as Record<string, unknown>;
  if (typeof obj['guild_id'] === 'string') return obj['guild_id'];
  if ((t === 'GUILD_CREATE' || t === 'GUILD_UPDATE' || t === 'GUILD_DELETE') && typeof obj['id'] === 'string')
    return obj['id'];
  return null;
}

/**
 * Without the MESSAGE_CONTENT intent, guild messages arrive with their content fields empty, except
 * the bot's own and those that mention it (Discord's rule; DMs always carry content).
 */
function withoutContent(t: string, d: unknown, session: TestGatewaySession): unknown {
  if ((session.intents & MESSAGE_CONTENT) !== 0 || typeof d !== 'object' || d === null) return d;
  const m = d as Record<string, unknown>;
  if (typeof m['guild_id'] !== 'string') return d;
  const botId = session.tokenRecord.applicationId;
  if (t === 'MESSAGE_CREATE' || t === 'MESSAGE_UPDATE') {
    const author = m['author'] as { id?: unknown } | undefined;
    if (author?.id === botId) return d;
    if (Array.isArray(m['mentions']) && m['mentions'].some((u) => (u as { id?: unknown })?.id === botId)) return d;
    const out: Record<string, unknown> = { ...m };
    if ('content' in out) out['content'] = '';
    if ('embeds' in out) out['embeds'] = [];
    if ('attachments' in out) out['attachments'] = [];
    if ('components' in out) out['components'] = [];
    delete out['poll'];
    return out;
  }
  if (t === 'AUTO_MODERATION_ACTION_EXECUTION') {
    const out: Record<string, unknown> = { ...m };
    if ('content' in out) out['content'] = '';
    if ('matched_content' in out) out['matched_content'] = '';
    return out;
  }
  return d;
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Starts a test gateway. Resolves once it listens; `server.url` (gateway), `server.apiUrl` (REST
 * base for Get Gateway Bot) and `server.port` say where.
 *
 * @throws {TestGatewayError} `TESTING_BAD_OPTION` for an invalid option, `TESTING_BAD_SCENARIO`,
 *   `TESTING_LISTEN_FAILED` when the port cannot be bound.
 */
export function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  return TestGateway.listen(options);
}
