/**
 * One client connection: the gateway's side of the protocol (Hello, heartbeat watch, Identify and
 * its checks, Resume and replay, the client mistakes Discord closes for) and the fault-injection
 * controls a test drives it with. Frames leave in order through one queue, because compression is
 * asynchronous and one shared context must see the messages in the order they were sent.
 */
import { deflateSync } from 'node:zlib';
import type { WebSocket } from 'ws';
import { GatewayCloseCodes, GatewayOpcodes } from '../../generated/enums.js';
import { eventIntents } from '../intents/table.js';
import { validIntentsMask } from '../intents/index.js';
import { isValidShard, shardForGuild } from '../protocol/index.js';
import { safeParseSend } from '../validate/index.js';
import type { MessageCompressor, ServerCompression } from './compressors.js';
import { SessionRecord } from './session.js';
import {
  currentUserTemplate,
  fillDispatch,
  guildCreateTemplate,
  unavailableGuildTemplate,
  userTemplate,
} from './templates.js';
import { findAtomKey } from './etf-keys.js';
import { decodeClientFrame, encodeFrame, type ServerEncoding, type ServerFrame } from './wire.js';
import type { ClientPayload, CloseInfo, ResolvedToken, ServerContext as ServerContextOf } from './types.js';
import { TestGatewayError } from './errors.js';

export type TestGatewayConnectionState = 'waiting' | 'identified' | 'resumed' | 'closed';

const ALWAYS_ALLOWED = new Set<number>([GatewayOpcodes.Heartbeat, GatewayOpcodes.Identify, GatewayOpcodes.Resume]);
/** Closes after which the session is gone (the client must identify) or the connection was refused. */
const SESSION_ENDING_CLOSES = new Set<number>([4003, 4004, 4005, 4007, 4009, 4010, 4011, 4012, 4013, 4014]);
const RECEIVED_KEPT = 1000;

/** What a trace looks like; the content is opaque to clients. */
export function traceOf(name: string): string[] {
  return [JSON.stringify([`gatewire-test-${name}`, { micros: 0, calls: [] }])];
}

/** What a connection needs from its server (see context.ts), over this file's two classes. */
type ServerContext = ServerContextOf<TestGatewayConnection, TestGatewaySession>;

export class TestGatewayConnection {
  readonly id: number;
  /** The URL path the client connected to (`/` or `/resume`). */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The upgrade request's headers, lower-cased as Node gives them (a client's User-Agent, …). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly encoding: ServerEncoding;
  readonly compression: ServerCompression | null;
  state: TestGatewayConnectionState = 'waiting';
  session: TestGatewaySession | null = null;
  /** The latest payloads the client sent (at most 1000), decoded. */
  readonly received: ClientPayload[] = [];
  /** Frames written, by opcode (dispatches under 0). */
  readonly sentCount = new Map<number, number>();
  /** The `d` of the client's last heartbeat (its last sequence). */
  lastHeartbeatSeq: number | null = null;
  /**
   * Whether payloads go out zlib-compressed one by one (Identify asked for `compress: true` on a
   * JSON connection without transport compression; Discord does not combine the two).
   */
  payloadCompression = false;
  /** Heartbeats are acknowledged unless `stall()` was called. */
  acking = true;
  /** Settles once with how the connection ended. */
  readonly closed: Promise<CloseInfo>;

  private readonly compressor: MessageCompressor | null;
  private chain: Promise<void> = Promise.resolve();
  private heartbeatTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly commandTimes: number[] = [];
  private closing: { code: number | null; reason: string } | null = null;
  private resolveClosed!: (info: CloseInfo) => void;
  private nextDelayMs = 0;
  private nextSplit = 1;
  private splitFrames = 0;
  private nextCorrupt = false;

  /** @internal */
  constructor(
    private readonly ctx: ServerContext,
    readonly ws: WebSocket,
    id: number,
    url: URL,
    encoding: ServerEncoding,
    compression: ServerCompression | null,
    compressor: MessageCompressor | null,
    headers: Readonly<Record<string, string | string[] | undefined>> = {},
  ) {
    this.id = id;
    this.headers = headers;
    this.path = url.pathname;
    this.query = url.searchParams;
    this.encoding = encoding;
    this.compression = compression;
    this.compressor = compressor;
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
  }

  /** Whether the socket is open (frames can still be sent). */
  get open(): boolean {
    return this.state !== 'closed' && this.ws.readyState === this.ws.OPEN;
  }

  // -------------------------------------------------------------------------------------------
  // Controls (fault injection). Each returns false when the connection is already closed.

  /** Sends a frame as given, unchecked (`s`/`t` default to null). Resolves once written. */
  sendRaw(frame: { op: number; d?: unknown; s?: number | null; t?: string | null }): Promise<boolean> {
    return this.enqueue({ op: frame.op, d: frame.d ?? null, s: frame.s ?? null, t: frame.t ?? null });
  }

  /** op 7 Reconnect. */
  reconnect(): Promise<boolean> {
    return this.enqueue({ op: GatewayOpcodes.Reconnect, d: null, s: null, t: null });
  }

  /**
   * op 9 Invalid Session; `false` also ends the session, as Discord does. Either way the
   * connection may then send Identify or Resume again (Discord allows either on the same socket).
   */
  invalidSession(resumable: boolean): Promise<boolean> {
    if (this.state === 'closed') return Promise.resolve(false);
    if (!resumable && this.session !== null) {
      this.ctx.invalidate(this.session);
      this.session = null;
    }
    this.state = 'waiting';
    return this.enqueue({ op: GatewayOpcodes.InvalidSession, d: resumable, s: null, t: null });
  }

  /** op 1 from the server: the client must heartbeat at once. */
  requestHeartbeat(): Promise<boolean> {
    return this.enqueue({ op: GatewayOpcodes.Heartbeat, d: null, s: null, t: null });
  }

  /** Stop (or resume) acknowledging heartbeats: the client should see a zombie connection. */
  stall(on = true): void {
    this.acking = !on;
  }

  /** Hold the next frame back this long. */
  delayNext(ms: number): void {
    this.nextDelayMs = Math.max(0, ms);
  }

  /** Split the next `frames` compressed frames (default 1; `Infinity`: all) over `parts` WebSocket messages each. */
  splitNext(parts: number, frames = 1): void {
    this.nextSplit = Number.isFinite(parts) ? Math.max(1, Math.floor(parts)) : 1;
    this.splitFrames = frames >= 1 ? frames : 1;
  }

  /** Flip bits in the next frame (after compression), so the client's decoder must fail. */
  corruptNext(): void {
    this.nextCorrupt = true;
  }

  /**
   * Closes with a code once the frames queued before it are written. Codes that end a session on
   * Discord (4003–4005, 4007, 4009–4014) end this one too.
   */
  close(code: number, reason = ''): Promise<boolean> {
    assertSendableCloseCode(code);
    if (typeof reason !== 'string' || Buffer.byteLength(reason) > 123) {
      throw new TestGatewayError('TESTING_BAD_OPTION', 'a close reason is a string of at most 123 bytes', {
        path: '/reason',
      });
    }
    if (this.state === 'closed' || this.closing !== null) return Promise.resolve(false);
    this.closing = { code, reason };
    if (SESSION_ENDING_CLOSES.has(code) && this.session !== null) this.ctx.invalidate(this.session);
    const done = this.chain.then(() => {
      this.stopHeartbeatWatch();
      if (this.ws.readyState === this.ws.OPEN) this.ws.close(code, reason);
      return true;
    });
    this.chain = done.then(() => undefined);
    return done;
  }

  /** Drops the TCP connection without a close frame (the client sees 1006); the session stays resumable. */
  drop(): boolean {
    if (this.state === 'closed') return false;
    this.closing ??= { code: null, reason: 'dropped' };
    this.stopHeartbeatWatch();
    this.ws.terminate();
    return true;
  }

  /**
   * Sends a dispatch on this connection's session (logged, numbered, filtered by its intents; a
   * templated event is filled in as `server.dispatchTo` does). Null without a session or when its
   * intents filter the event out.
   *
   * @throws {TestGatewayError} `TESTING_INVALID_PAYLOAD`, `TESTING_UNKNOWN_EVENT`.
   */
  dispatch(t: string, d: unknown, options: { fill?: boolean; allowUnknownEvent?: boolean } = {}): number | null {
    if (this.session === null) return null;
    return this.ctx.dispatchToSession(this.session, t, options.fill === false ? d : fillDispatch(t, d), options);
  }

  // -------------------------------------------------------------------------------------------
  // Internals

  /** @internal */
  start(helloDelayed: boolean): void {
    this.watchHeartbeat();
    if (!helloDelayed) this.sendHello();
  }

  /** @internal */
  sendHello(): void {
    const d: Record<string, unknown> = { heartbeat_interval: this.ctx.options.heartbeatIntervalMs };
    if (this.ctx.options.trace) d['_trace'] = traceOf('hello');
    void this.enqueue({ op: GatewayOpcodes.Hello, d, s: null, t: null });
  }

  /** @internal Queue a frame; resolves true once written, false if the socket closed first. */
  enqueue(frame: ServerFrame): Promise<boolean> {
    if (this.state === 'closed') return Promise.resolve(false);
    const delay = this.nextDelayMs;
    const split = this.nextSplit;
    const corrupt = this.nextCorrupt;
    this.nextDelayMs = 0;
    if (--this.splitFrames <= 0) this.nextSplit = 1;
    this.nextCorrupt = false;
    const written = this.chain.then(async () => {
      if (delay > 0) await this.ctx.sleep(delay);
      if (!this.open) return false;
      let data: string | Uint8Array = encodeFrame(frame, this.encoding);
      if (this.payloadCompression && typeof data === 'string') {
        // Identify's `compress: true`: each JSON payload zlib-compressed on its own, in a binary frame.
        data = deflateSync(data);
      } else if (this.compressor !== null) {
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        data = await this.compressor.compress(bytes);
      }
      if (corrupt) data = corrupted(data);
      if (!this.open) return false;
      this.ctx.callHook('onFrame', this, frame, data);
      this.sentCount.set(frame.op, (this.sentCount.get(frame.op) ?? 0) + 1);
      if (typeof data !== 'string' && split > 1) {
        const size = Math.ceil(data.length / split);
        for (let i = 0; i < data.length; i += size)
          this.ws.send(data.subarray(i, Math.min(data.length, i + size)), { binary: true });
      } else this.ws.send(data, { binary: typeof data !== 'string' });
      return true;
    });
    this.chain = written.then(
      () => undefined,
      (error: unknown) => {
        // A compressor that failed cannot continue the shared context: the connection is unusable.
        this.ctx.report(error);
        this.drop();
      },
    );
    return written.catch(() => false);
  }

  private watchHeartbeat(): void {
    this.stopHeartbeatWatch();
    this.heartbeatTimer = this.ctx.timer(() => {
      this.heartbeatTimer = null;
      void this.close(this.ctx.options.heartbeatTimeoutCloseCode, 'heartbeat timeout');
    }, this.ctx.options.heartbeatTimeoutMs);
  }

  private stopHeartbeatWatch(): void {
    if (this.heartbeatTimer !== null) this.ctx.clearTimer(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  /** @internal The socket closed (either side). */
  onSocketClose(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.stopHeartbeatWatch();
    this.compressor?.close();
    const byServer = this.closing !== null;
    const info: CloseInfo = byServer
      ? { code: this.closing!.code, reason: this.closing!.reason, by: 'server' }
      : { code: code === 1005 || code === 1006 ? null : code, reason, by: 'client' };
    const session = this.session;
    if (session !== null && session.connection === this) {
      // A client closing with 1000/1001 ends its session (the bot goes offline); anything else keeps it.
      if (!byServer && (code === 1000 || code === 1001)) this.ctx.invalidate(session);
      else this.ctx.detach(session);
    }
    this.ctx.connectionClosed(this, info);
    this.resolveClosed(info);
  }

  /** @internal One WebSocket message from the client. */
  onSocketMessage(data: Buffer, isBinary: boolean): void {
    if (this.state === 'closed' || this.closing !== null) return;
    const o = this.ctx.options;
    if (data.length > o.maxPayloadBytes) {
      void this.close(GatewayCloseCodes.DecodeError, `payload over ${o.maxPayloadBytes} bytes`);
      return;
    }
    let payload: unknown;
    try {
      payload = decodeClientFrame(data, isBinary, this.encoding);
    } catch {
      void this.close(GatewayCloseCodes.DecodeError, 'error while decoding payload');
      return;
    }
    if (this.encoding === 'etf') {
      const at = findAtomKey(data);
      if (at !== null) {
        void this.close(GatewayCloseCodes.DecodeError, `atom used as a map key at byte ${at}`);
        return;
      }
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      void this.close(GatewayCloseCodes.DecodeError, 'payload is not an object');
      return;
    }
    const p = payload as ClientPayload;
    this.received.push(p);
    if (this.received.length > RECEIVED_KEPT) this.received.splice(0, this.received.length - RECEIVED_KEPT);

    // Rate limit: every payload counts, heartbeats included.
    const now = this.ctx.now();
    this.commandTimes.push(now);
    while (this.commandTimes.length > 0 && this.commandTimes[0]! <= now - o.commandWindowMs) this.commandTimes.shift();
    if (this.commandTimes.length > o.commandCount) {
      void this.close(GatewayCloseCodes.RateLimited, 'you are being rate limited');
      return;
    }

    if (this.ctx.callHook('onCommand', this, p) === false) return;

    const op = p.op;
    if (typeof op !== 'number' || !this.ctx.sendOpcodes.has(op)) {
      void this.close(GatewayCloseCodes.UnknownOpcode, `unknown opcode ${String(op)}`);
      return;
    }
    if (this.state === 'waiting' && !ALWAYS_ALLOWED.has(op)) {
      void this.close(GatewayCloseCodes.NotAuthenticated, 'not authenticated');
      return;
    }
    if ((op === GatewayOpcodes.Identify || op === GatewayOpcodes.Resume) && this.state !== 'waiting') {
      void this.close(GatewayCloseCodes.AlreadyAuthenticated, 'already authenticated');
      return;
    }
    if (o.validateCommands) {
      const checked = safeParseSend(p);
      if (!checked.success) {
        const first = checked.issues[0];
        void this.close(
          GatewayCloseCodes.UnknownOpcode,
          `invalid payload for opcode ${op}${first ? ` at ${first.path || '/'}` : ''}`.slice(0, 120),
        );
        return;
      }
    }
    switch (op) {
      case GatewayOpcodes.Heartbeat:
        this.lastHeartbeatSeq = typeof p.d === 'number' ? p.d : null;
        this.watchHeartbeat();
        if (this.acking) void this.enqueue({ op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
        return;
      case GatewayOpcodes.Identify:
        this.identify((p.d ?? {}) as Record<string, unknown>);
        return;
      case GatewayOpcodes.Resume:
        this.resume((p.d ?? {}) as Record<string, unknown>);
        return;
      default:
        this.ctx.command(this, p);
    }
  }

  private identify(d: Record<string, unknown>): void {
    if (this.ctx.callHook('onIdentify', this, d) === false) return;
    const o = this.ctx.options;
    const record = this.ctx.authenticate(d['token']);
    if (record === null) {
      void this.close(GatewayCloseCodes.AuthenticationFailed, 'authentication failed');
      return;
    }
    const intents = d['intents'];
    if (
      typeof intents !== 'number' ||
      !Number.isSafeInteger(intents) ||
      intents < 0 ||
      (intents & ~validIntentsMask) !== 0 ||
      intents > 2 ** 31 - 1
    ) {
      void this.close(GatewayCloseCodes.InvalidIntents, 'invalid intent(s)');
      return;
    }
    if ((intents & 0x8102 & ~record.privilegedIntents) !== 0) {
      void this.close(GatewayCloseCodes.DisallowedIntents, 'disallowed intent(s)');
      return;
    }
    let shard: [number, number] = [0, 1];
    if (d['shard'] !== undefined) {
      const s = d['shard'];
      if (!Array.isArray(s) || s.length !== 2 || !isValidShard(s[0] as number, s[1] as number)) {
        void this.close(GatewayCloseCodes.InvalidShard, 'invalid shard');
        return;
      }
      shard = [s[0] as number, s[1] as number];
    }
    const guilds = record.guildIds.filter((g) => shard[1] === 1 || shardForGuild(g, shard[1]) === shard[0]);
    if (guilds.length > o.maxGuildsPerShard) {
      void this.close(GatewayCloseCodes.ShardingRequired, 'sharding required');
      return;
    }
    // max_concurrency buckets: one identify per bucket per interval; a faster one is refused with op 9.
    const now = this.ctx.now();
    const bucket = shard[0] % record.maxConcurrency;
    const last = record.buckets.get(bucket);
    if (last !== undefined && now - last < o.identifyIntervalMs) {
      void this.enqueue({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return;
    }
    const limit = record.sessionStartLimit;
    if (Date.now() >= limit.resetAt) {
      limit.remaining = limit.total;
      limit.resetAt = Date.now() + 86_400_000;
    }
    if (limit.remaining <= 0) {
      // Discord terminates every session of the bot and resets its token.
      this.ctx.revoke(record);
      void this.close(GatewayCloseCodes.AuthenticationFailed, 'session start limit reached; token reset');
      return;
    }
    limit.remaining--;
    record.buckets.set(bucket, now);
    this.state = 'identified';
    this.payloadCompression = d['compress'] === true && this.encoding === 'json' && this.compression === null;
    const session = this.ctx.createSession(record, shard, intents, this);
    this.session = session;
    this.sendReady(session, record, guilds);
    const botUser = userTemplate(record.applicationId, record.username, true);
    for (const guildId of guilds) {
      this.ctx.dispatchToSession(session, 'GUILD_CREATE', guildCreateTemplate(guildId, { botUser }), {
        skipValidation: true,
      });
    }
    this.ctx.callHook('onReady', this, session);
  }

  private sendReady(session: TestGatewaySession, record: ResolvedToken, guilds: readonly string[]): void {
    const o = this.ctx.options;
    const d: Record<string, unknown> = {
      v: 10,
      user: currentUserTemplate(record.applicationId, record.username),
      guilds: guilds.map(unavailableGuildTemplate),
      session_id: session.id,
      resume_gateway_url: this.ctx.resumeUrl,
      shard: [...session.shard],
      application: { id: record.applicationId, flags: 0 },
    };
    if (o.undocumentedFields) {
      Object.assign(d, {
        user_settings: {},
        session_type: 'normal',
        relationships: [],
        private_channels: [],
        presences: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: ['local'],
        game_relationships: [],
        auth: {},
      });
    }
    if (o.trace) d['_trace'] = traceOf('ready');
    const s = session.record('READY', d, false);
    void this.enqueue({ op: 0, d, s, t: 'READY' });
  }

  private resume(d: Record<string, unknown>): void {
    if (this.ctx.callHook('onResume', this, d) === false) return;
    const record = this.ctx.authenticate(d['token']);
    if (record === null) {
      void this.close(GatewayCloseCodes.AuthenticationFailed, 'authentication failed');
      return;
    }
    const session = typeof d['session_id'] === 'string' ? this.ctx.findSession(d['session_id']) : undefined;
    if (session === undefined || session.state === 'invalidated' || session.tokenRecord !== record) {
      void this.enqueue({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return;
    }
    if (session.state === 'timedOut') {
      void this.close(GatewayCloseCodes.SessionTimedOut, 'session timed out');
      return;
    }
    const seq = d['seq'];
    if (typeof seq !== 'number' || !session.canReplayFrom(seq)) {
      this.session = session;
      void this.close(GatewayCloseCodes.InvalidSeq, 'invalid seq');
      return;
    }
    this.ctx.attach(session, this);
    this.session = session;
    this.state = 'resumed';
    for (const e of session.since(seq)) void this.enqueue({ op: 0, d: e.d, s: e.s, t: e.t });
    const resumed: Record<string, unknown> = {};
    if (this.ctx.options.trace) resumed['_trace'] = traceOf('resumed');
    void this.enqueue({ op: 0, d: resumed, s: session.record('RESUMED', resumed, false), t: 'RESUMED' });
    this.ctx.callHook('onResumed', this, session);
  }
}

/**
 * Throws unless a server may send `code` in a close frame (RFC 6455: 1000–1003, 1007–1014, or
 * 3000–4999; 1005, 1006 and 1015 never go on the wire).
 */
export function assertSendableCloseCode(code: unknown): asserts code is number {
  const ok =
    typeof code === 'number' &&
    Number.isInteger(code) &&
    ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999));
  if (!ok) {
    throw new TestGatewayError(
      'TESTING_BAD_OPTION',
      `${String(code)} cannot be sent as a close code (1000–1003, 1007–1014 or 3000–4999; Discord's are 4000–4014)`,
      { path: '/code' },
    );
  }
}

/** The same bytes with a stretch in the middle inverted (any decoder must reject or misread them). */
function corrupted(data: string | Uint8Array): string | Uint8Array {
  if (typeof data === 'string')
    return `${data.slice(0, Math.floor(data.length / 2))}\u0000\u00ff${data.slice(Math.floor(data.length / 2))}`;
  const out = Uint8Array.from(data);
  const from = Math.min(2, out.length);
  const to = Math.max(from, out.length - 4);
  for (let i = from; i < to; i++) out[i] = out[i]! ^ 0xa5;
  return out;
}

/** Whether `event` reaches a session with `intents`; the scope is the guild's when `d` has a `guild_id`. */
export function intentAllows(event: string, d: unknown, intents: number): boolean {
  const entry = eventIntents.get(event);
  if (entry === undefined) return true;
  const inGuild = typeof d === 'object' && d !== null && typeof (d as Record<string, unknown>)['guild_id'] === 'string';
  // GUILD_CREATE and other guild-structure events carry their guild as `id`, not `guild_id`.
  const rows = inGuild
    ? entry.guild
    : entry.dm.length > 0 && entry.guild.length > 0
      ? entry.dm
      : [...entry.guild, ...entry.dm];
  return rows.some((row) => (intents & row.value) !== 0);
}

/**
 * A Discord session as the gateway holds it: who it is (token, shard, intents), its sequence and a
 * bounded log of its dispatches, which survive the connection so a Resume can replay them. Declared
 * here, beside the connection it points to, so neither file imports the other (session.ts holds the
 * logic, over the connection type).
 */
export class TestGatewaySession extends SessionRecord<TestGatewayConnection> {}
