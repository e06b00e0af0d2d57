/**
 * The session state machine (see ./index.ts for how to drive it): one class that turns inputs (open,
 * receive, closed, tick, commands) into outputs, and does no I/O.
 */
import { GatewayOpcodes } from '../../generated/enums.js';
import type { IdentifyGate, SendGate, SessionCodec, SessionDecompressor } from './deps.js';
import {
  ClientCloseCodes,
  IdentifyScheduler,
  SendLimiter,
  closeCodeAction,
  gatewayUrl,
  resumeUrl,
} from '../protocol/index.js';
import { decode as etfDecode, encode as etfEncode } from '../etf/index.js';
import { etfShapes } from '../../generated/shapes.js';
import { safeParseReceive } from '../validate/index.js';
import { jsonCodec } from '../json/index.js';
import { describeIntents, isEventEnabled } from '../intents/index.js';
import { GatewayDispatchEvents, type GatewayDispatchEventMap } from '../../generated/events.js';
import type { GatewayReadyDispatchData } from '../../generated/types.js';
import { createZlibStreamInflater, createZstdStreamDecompressor } from '../compression/index.js';
import { GatewaySessionError, GatewaySessionErrorCodes } from './errors.js';
import { scanJsonFrame } from './scan.js';
import { sessionCommandOps, type SessionCommandMethods } from './commands.js';
import {
  GatewaySessionStates,
  MAX_SEND_PAYLOAD_BYTES,
  type GatewaySession,
  type GatewaySessionOptions,
  type GatewaySessionOutput,
  type GatewaySessionState,
  type SessionDispatchEvent,
  type SessionResumeInfo,
} from './types.js';

// Opcodes come from the generated protocol table (schemas/protocol/gateway-opcodes.json).
const Op = GatewayOpcodes;

interface Connection {
  /** Generation number: every connect request gets a new one. */
  id: number;
  url: string;
  resume: boolean;
  open: boolean;
  decompressor: SessionDecompressor | null;
  heartbeatInterval: number | null;
  nextBeatAt: number | null;
  lastBeatAt: number | null;
  acked: boolean;
  identifyAt: number | null;
  sendGate: SendGate | null;
  helloDeadline: number | null;
  /** When READY (after Identify) or RESUMED (after Resume) is overdue. */
  readyDeadline: number | null;
}

type Plan =
  | { kind: 'reconnect'; mode: 'resume' | 'identify'; reason: string; minDelay: number }
  | { kind: 'stop'; error?: GatewaySessionError };

/**
 * The plan for a close that reconnects: resume by default, at once unless `minDelay` says otherwise
 * (the backoff still applies on top).
 */
function reconnectPlan(reason: string, mode: 'resume' | 'identify' = 'resume', minDelay = 0): Plan {
  return { kind: 'reconnect', mode, reason, minDelay };
}

const textDecoder = new TextDecoder();
/**
 * ETF with schema-aware normalisation: Discord's ETF sends snowflakes as integers where JSON has
 * strings, so the session hands out the same objects whichever encoding is configured.
 */
const sessionEtfCodec: SessionCodec = {
  binary: true,
  encode: (value) => etfEncode(value),
  decode: (data) =>
    etfDecode(typeof data === 'string' ? new TextEncoder().encode(data) : data, { normalize: etfShapes }),
};
const knownEvents: ReadonlySet<string> = new Set<string>(Object.values(GatewayDispatchEvents));

/** Names of the privileged intents in `mask`, for explaining a 4014. */
function privilegedNames(mask: number): string[] {
  try {
    return [...describeIntents(mask).privileged];
  } catch {
    return [];
  }
}

function toBytes(frame: Uint8Array | ArrayBuffer): Uint8Array {
  return frame instanceof Uint8Array ? frame : new Uint8Array(frame);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A dispatch sequence: a non-negative safe integer. NaN, Infinity (`"s": 1e400`), fractions and
 * negatives are refused before they become state: NaN made the next Heartbeat unencodable in ETF,
 * and Infinity made every later dispatch look like a replay.
 */
function isSequence(s: unknown): s is number {
  return typeof s === 'number' && Number.isSafeInteger(s) && s >= 0;
}

/** Longer than any wait an identify gate can mean: past the daily session-start window and then some. */
const MAX_IDENTIFY_WAIT_MS = 25 * 60 * 60 * 1000;
/** Clocks of a gate and a session that differ by more than this are not the same clock. */
const CLOCK_TOLERANCE_MS = 1000;

/**
 * Creates a gateway session: the whole connection lifecycle (Hello, Identify or Resume, heartbeats,
 * reconnects, close codes, rate limits) as a state machine that does no I/O and sets no timers. Feed
 * it `open()`, `receive(frame)`, `closed(code, reason)` and `tick(now)`, then act on what `drain()`
 * returns; `gatewire/session/ws` and `gatewire/session/websocket` do that over a real socket.
 *
 * @throws {GatewaySessionError} `BadOptions` when an option is invalid (a shard outside [0, count), …).
 */
export function createGatewaySession(options: GatewaySessionOptions): GatewaySession {
  return new Session(options);
}

// The command methods are declared here and defined in the class's static block.
interface Session extends SessionCommandMethods<[now?: number]> {}

class Session implements GatewaySession {
  state: GatewaySessionState = GatewaySessionStates.Connecting;
  sequence: number | null = null;
  latency: number | null = null;

  private readonly opts: GatewaySessionOptions;
  private readonly random: () => number;
  private readonly codec: SessionCodec;
  /** JSON goes out in text frames (Discord rejects binary JSON), ETF in binary frames. */
  private readonly textFrames: boolean;
  private readonly makeDecompressor: (() => SessionDecompressor) | null;
  private readonly identifyGate: IdentifyGate;
  private readonly makeSendGate: (heartbeatIntervalMs: number, clock: () => number) => SendGate;
  private readonly baseUrl: string;
  private readonly shardId: number;
  private readonly identifyPayload: Uint8Array;
  private readonly closeTimeout: number;
  private readonly helloTimeout: number;
  private readonly connectTimeout: number;
  private readonly readyTimeout: number;
  private readonly minInterval: number;
  private readonly maxInterval: number;
  private readonly backoffBase: number;
  private readonly backoffMax: number;
  private readonly invalidMin: number;
  private readonly invalidMax: number;

  private now: number;
  private out: GatewaySessionOutput[] = [];
  private generation = 0;
  private conn: Connection | null = null;
  private connectDeadline: number | null = null;
  private closeDeadline: number | null = null;
  private plan: Plan | null = null;
  private sessionId: string | null = null;
  private resumeGatewayUrl: string | null = null;
  private attempts = 0;
  private failedResumes = 0;
  private queue: { op: number; bytes: Uint8Array }[] = [];
  private commandRetryAt: number | null = null;

  constructor(options: GatewaySessionOptions) {
    this.opts = options;
    this.now = options.now ?? 0;
    this.random = options.random ?? Math.random;
    this.codec = options.codec ?? (options.encoding === 'etf' ? sessionEtfCodec : jsonCodec);
    this.textFrames = this.codec.binary === undefined ? options.encoding === 'json' : !this.codec.binary;
    const compress = options.compress ?? null;
    this.makeDecompressor =
      options.createDecompressor ??
      (compress === 'zlib-stream'
        ? () => createZlibStreamInflater()
        : compress === 'zstd-stream'
          ? () => createZstdStreamDecompressor()
          : null);
    this.identifyGate =
      options.identifyScheduler ??
      new IdentifyScheduler({ maxConcurrency: options.maxConcurrency ?? 1, clock: () => this.now });
    this.makeSendGate =
      options.createSendLimiter ?? ((heartbeatInterval, clock) => new SendLimiter({ heartbeatInterval, clock }));
    this.closeTimeout = options.closeTimeoutMs ?? 5000;
    this.helloTimeout = options.helloTimeoutMs ?? 20_000;
    this.connectTimeout = options.connectTimeoutMs ?? 30_000;
    this.readyTimeout = options.readyTimeoutMs ?? 60_000;
    [this.minInterval, this.maxInterval] = options.heartbeatIntervalRangeMs ?? [10, 3_600_000];
    this.backoffBase = options.backoff?.baseMs ?? 1000;
    this.backoffMax = options.backoff?.maxMs ?? 60_000;
    [this.invalidMin, this.invalidMax] = options.invalidSessionDelayMs ?? [1000, 5000];

    const [shardId, shardCount] = options.shard ?? [0, 1];
    if (
      !Number.isInteger(shardCount) ||
      shardCount < 1 ||
      !Number.isInteger(shardId) ||
      shardId < 0 ||
      shardId >= shardCount
    ) {
      throw new GatewaySessionError(
        GatewaySessionErrorCodes.BadOptions,
        `shard [${shardId}, ${shardCount}] is invalid: the count must be at least 1 and the id in [0, count)`,
      );
    }
    this.shardId = shardId;
    this.baseUrl = gatewayUrl({
      base: options.url ?? 'wss://gateway.discord.gg',
      version: options.version ?? 10,
      encoding: options.encoding,
      compress,
    });

    const d: Record<string, unknown> = {
      token: options.token,
      properties: options.properties,
      intents: options.intents,
      // Payload compression cannot be combined with transport compression, and the session
      // decompresses only the transport.
      compress: false,
    };
    if (options.shard !== undefined) d['shard'] = [shardId, shardCount];
    if (options.presence !== undefined) d['presence'] = options.presence;
    if (options.largeThreshold !== undefined) d['large_threshold'] = options.largeThreshold;
    // Checked once, here: an Identify that can never be sent is a configuration error.
    this.identifyPayload = this.encodeChecked(Op.Identify, d);

    if (options.resume !== undefined) {
      this.sessionId = options.resume.sessionId;
      this.sequence = options.resume.sequence;
      this.resumeGatewayUrl = options.resume.resumeGatewayUrl;
    }
    this.requestConnect(this.canResume() ? 'resume' : 'identify', 0);
  }

  // ----- inputs ----------------------------------------------------------------------------

  open(now?: number): void {
    this.advance(now);
    const conn = this.conn;
    if (this.state !== GatewaySessionStates.Connecting || conn === null || conn.open) return;
    conn.open = true;
    this.connectDeadline = null;
    // A new connection always gets a new compression context (bug: zlib context reused across reconnects).
    try {
      conn.decompressor = this.makeDecompressor === null ? null : this.makeDecompressor();
    } catch (cause) {
      // No decompressor in this runtime: every connection would fail the same way.
      this.out.push({ type: 'terminate' });
      this.stop(
        new GatewaySessionError(
          GatewaySessionErrorCodes.BadOptions,
          `cannot create a ${this.opts.compress} decompressor here`,
          { cause },
        ),
      );
      return;
    }
    conn.helloDeadline = this.now + this.helloTimeout;
    this.state = GatewaySessionStates.WaitingHello;
  }

  receive(frame: Uint8Array | ArrayBuffer | string, now?: number): void {
    this.advance(now);
    const conn = this.conn;
    // Frames that arrive while closing, or from a socket we no longer track, are dropped.
    if (conn === null || !this.isLive(conn)) return;
    let messages: (Uint8Array | string)[];
    if (conn.decompressor !== null && typeof frame !== 'string') {
      try {
        messages = conn.decompressor.push(toBytes(frame));
      } catch (cause) {
        this.decodeFailure('a frame could not be decompressed', cause);
        return;
      }
    } else {
      messages = [typeof frame === 'string' ? frame : toBytes(frame)];
    }
    for (const message of messages) {
      // Handling one message can close the connection; the rest of the frame is then stale.
      if (!this.isLive(conn)) return;
      this.handleMessage(message);
    }
  }

  closed(code?: number, reason?: string, now?: number): void {
    this.advance(now);
    const conn = this.conn;
    if (this.state === GatewaySessionStates.Stopped) return;
    if (this.state === GatewaySessionStates.Closing) {
      // We initiated this close: our plan decides, never the code we sent coming back.
      this.finishClose();
      return;
    }
    if (conn === null) return;
    if (!conn.open) {
      // The connection never opened. A dead resume URL is dropped with its session (bug: stale resume URL).
      const wasResume = conn.resume;
      if (wasResume) this.clearSession();
      this.dropConnection();
      this.requestConnect('identify', 0, wasResume ? 'resume connection failed' : 'connection failed');
      return;
    }
    this.dropConnection();
    const decision = closeCodeAction(code ?? null, { initiator: 'server' });
    const action = decision.action;
    const label = code === undefined ? 'no close code' : `close code ${code}${reason ? ` (${reason})` : ''}`;
    if (action === 'fatal') {
      const privileged = code === 4014 ? privilegedNames(this.opts.intents) : undefined;
      const error = new GatewaySessionError(
        GatewaySessionErrorCodes.FatalClose,
        code === 4014 && privileged !== undefined && privileged.length > 0
          ? `Discord closed with 4014 (disallowed intents): enable ${privileged.join(', ')} for the application or stop requesting them`
          : `Discord closed with ${label}; reconnecting cannot fix this: ${decision.reason}`,
        { closeCode: code as number, ...(privileged === undefined ? {} : { privilegedIntents: privileged }) },
      );
      this.stop(error);
      return;
    }
    // A close while a resume is still unanswered counts as a failed resume; two in a row give up
    // on the session (bug: resume loops).
    if (this.state === GatewaySessionStates.Resuming && action === 'resume') {
      this.failedResumes++;
      if (this.failedResumes >= 2) {
        this.clearSession();
        this.requestConnect('identify', 0, `${label} during a second resume attempt`);
        return;
      }
    }
    if (action === 'identify') this.clearSession();
    this.requestConnect(action, 0, label);
  }

  tick(now: number): void {
    this.advance(now);
    this.runTimers();
  }

  // ----- commands --------------------------------------------------------------------------

  // The send commands (updatePresence, …) are installed on the prototype from the commands table.
  static {
    for (const [method, op] of sessionCommandOps) {
      Object.defineProperty(Session.prototype, method, {
        value: function (this: Session, d: unknown, now?: number): void {
          this.command(op, d, now);
        },
        writable: true,
        configurable: true,
      });
    }
  }

  close(options?: { keepSession?: boolean }, now?: number): void {
    this.advance(now);
    if (this.state === GatewaySessionStates.Stopped) return;
    const keep = options?.keepSession === true;
    if (!keep) this.clearSession();
    const plan: Plan = { kind: 'stop' };
    const conn = this.conn;
    if (conn !== null && conn.open && this.state !== GatewaySessionStates.Closing) {
      this.beginClose(keep ? ClientCloseCodes.Resumable : ClientCloseCodes.Normal, 'client shutdown', plan);
    } else if (this.state === GatewaySessionStates.Closing) {
      this.plan = plan;
    } else {
      // Not connected (waiting to connect, or the connection is still opening): nothing to close
      // politely; drop whatever is being opened.
      if (conn !== null) this.out.push({ type: 'terminate' });
      this.dropConnection();
      this.stop();
    }
  }

  // ----- outputs ---------------------------------------------------------------------------

  drain(): GatewaySessionOutput[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  nextDeadline(): number | null {
    let at: number | null = null;
    const consider = (t: number | null) => {
      if (t !== null && (at === null || t < at)) at = t;
    };
    consider(this.connectDeadline);
    consider(this.closeDeadline);
    const conn = this.conn;
    if (
      conn !== null &&
      conn.open &&
      this.state !== GatewaySessionStates.Closing &&
      this.state !== GatewaySessionStates.Stopped
    ) {
      consider(conn.helloDeadline);
      consider(conn.readyDeadline);
      consider(conn.nextBeatAt);
      consider(conn.identifyAt);
      if (this.state === GatewaySessionStates.Ready && this.queue.length > 0) consider(this.commandRetryAt);
    }
    return at;
  }

  resumeInfo(): SessionResumeInfo | null {
    if (this.sessionId === null || this.sequence === null || this.resumeGatewayUrl === null) return null;
    return { sessionId: this.sessionId, sequence: this.sequence, resumeGatewayUrl: this.resumeGatewayUrl };
  }

  // ----- internals -------------------------------------------------------------------------

  private advance(now: number | undefined): void {
    if (now !== undefined && now > this.now) this.now = now;
  }

  /** Forget the current connection and release its decompression context. */
  private dropConnection(): void {
    const conn = this.conn;
    this.conn = null;
    if (conn?.decompressor?.close !== undefined) {
      try {
        conn.decompressor.close();
      } catch {
        // Releasing is best effort.
      }
    }
  }

  private isLive(conn: Connection): boolean {
    const state: GatewaySessionState = this.state;
    return (
      this.conn === conn &&
      conn.open &&
      state !== GatewaySessionStates.Closing &&
      state !== GatewaySessionStates.Stopped
    );
  }

  private canResume(): boolean {
    return this.sessionId !== null && this.sequence !== null && this.resumeGatewayUrl !== null;
  }

  private clearSession(): void {
    this.sessionId = null;
    this.sequence = null;
    this.resumeGatewayUrl = null;
    this.failedResumes = 0;
  }

  private backoffDelay(): number {
    // Full jitter: uniform in [0, min(cap, base * 2^attempt)). Attempts reset on READY/RESUMED.
    const ceiling = Math.min(this.backoffMax, this.backoffBase * 2 ** Math.min(this.attempts, 30));
    this.attempts++;
    return Math.floor(ceiling * this.random());
  }

  private requestConnect(mode: 'resume' | 'identify', minDelay: number, reason?: string): void {
    let resume = mode === 'resume' && this.canResume();
    let url = this.baseUrl;
    if (resume) {
      try {
        // The bare resume_gateway_url with the original v/encoding/compress (bug: resume URL without query).
        url = resumeUrl(this.resumeGatewayUrl!, this.baseUrl);
      } catch (cause) {
        this.out.push({
          type: 'error',
          error: new GatewaySessionError(
            GatewaySessionErrorCodes.ProtocolViolation,
            'READY gave a resume_gateway_url that is not a WebSocket URL; identifying instead',
            { cause },
          ),
        });
        this.clearSession();
        resume = false;
      }
    }
    const first = reason === undefined;
    const delay = first ? 0 : Math.max(minDelay, this.backoffDelay());
    this.generation++;
    this.dropConnection();
    this.conn = {
      id: this.generation,
      url,
      resume,
      open: false,
      decompressor: null,
      heartbeatInterval: null,
      nextBeatAt: null,
      lastBeatAt: null,
      acked: true,
      identifyAt: null,
      sendGate: null,
      helloDeadline: null,
      readyDeadline: null,
    };
    this.state = GatewaySessionStates.Connecting;
    this.closeDeadline = null;
    this.connectDeadline = this.now + delay + this.connectTimeout;
    if (!first) this.out.push({ type: 'reconnecting', resume, url, delay, reason: reason! });
    this.out.push({ type: 'connect', url, delay, at: this.now + delay });
  }

  private beginClose(code: number, reason: string, plan: Plan): void {
    this.plan = plan;
    this.state = GatewaySessionStates.Closing;
    this.closeDeadline = this.now + this.closeTimeout;
    this.out.push({ type: 'close', code, reason });
  }

  private finishClose(): void {
    const plan = this.plan;
    this.plan = null;
    this.closeDeadline = null;
    this.dropConnection();
    if (plan === null || plan.kind === 'stop') {
      this.stop(plan?.error);
      return;
    }
    if (plan.mode === 'identify') this.clearSession();
    this.requestConnect(plan.mode, plan.minDelay, plan.reason);
  }

  private stop(error?: GatewaySessionError): void {
    this.state = GatewaySessionStates.Stopped;
    this.dropConnection();
    this.connectDeadline = null;
    this.closeDeadline = null;
    this.queue = [];
    this.out.push(error === undefined ? { type: 'stopped' } : { type: 'stopped', error });
  }

  private runTimers(): void {
    const now = this.now;
    if (this.closeDeadline !== null && now >= this.closeDeadline) {
      // The close handshake never finished (bug: socket stuck in CLOSING): drop it and go on.
      this.out.push({ type: 'terminate' });
      this.finishClose();
      return;
    }
    if (
      this.state === GatewaySessionStates.Connecting &&
      this.connectDeadline !== null &&
      now >= this.connectDeadline
    ) {
      const wasResume = this.conn?.resume === true;
      if (this.conn !== null) this.out.push({ type: 'terminate' });
      this.dropConnection();
      if (wasResume) this.clearSession();
      this.requestConnect('identify', 0, 'connection timed out');
      return;
    }
    const conn = this.conn;
    if (conn === null || !this.isLive(conn)) return;
    if (conn.helloDeadline !== null && now >= conn.helloDeadline) {
      this.beginClose(ClientCloseCodes.Resumable, 'no hello', reconnectPlan('no Hello in time'));
      return;
    }
    if (conn.readyDeadline !== null && now >= conn.readyDeadline) {
      const resuming = this.state === GatewaySessionStates.Resuming;
      const what = resuming ? 'RESUMED' : 'READY';
      this.out.push({
        type: 'error',
        error: new GatewaySessionError(
          GatewaySessionErrorCodes.ReadyTimeout,
          `no ${what} within ${this.readyTimeout} ms of ${resuming ? 'Resume' : 'Identify'}; reconnecting`,
        ),
      });
      // A resume that is never answered counts as a failed one; two in a row give up on the session.
      let mode: 'resume' | 'identify' = 'resume';
      if (resuming && ++this.failedResumes >= 2) mode = 'identify';
      // Reconnecting at once to a server that does not answer would only hammer it.
      this.beginClose(ClientCloseCodes.Resumable, `no ${what}`, reconnectPlan(`no ${what} in time`, mode, Math.min(this.backoffMax, this.backoffBase)));
      return;
    }
    if (conn.nextBeatAt !== null && now >= conn.nextBeatAt) {
      if (!conn.acked) {
        // Zombie: no ACK since the last scheduled beat. Close with a code that keeps the session.
        this.beginClose(ClientCloseCodes.Resumable, 'zombie connection', reconnectPlan('no heartbeat ACK'));
        return;
      }
      this.sendHeartbeat(conn);
      if (!this.isLive(conn)) return;
      conn.acked = false;
      const next = conn.nextBeatAt + conn.heartbeatInterval!;
      conn.nextBeatAt = next > now ? next : now + conn.heartbeatInterval!;
    }
    if (conn.identifyAt !== null && now >= conn.identifyAt) {
      conn.identifyAt = null;
      this.sequence = null;
      // Identify was paced by the identify scheduler; it still counts against the send limit.
      conn.sendGate?.record('command');
      this.sendNow(Op.Identify, this.identifyPayload);
      conn.readyDeadline = now + this.readyTimeout;
    }
    if (this.state === GatewaySessionStates.Ready) this.flushCommands();
  }

  private sendHeartbeat(conn: Connection | null): void {
    let bytes: Uint8Array;
    try {
      bytes = this.codec.encode({ op: Op.Heartbeat, d: this.sequence });
    } catch (cause) {
      // Only a custom codec can fail here (the sequence is always an integer or null); an exception
      // out of tick() would crash an adapter's timer, so it is reported and the connection resumed.
      this.out.push({
        type: 'error',
        error: new GatewaySessionError(GatewaySessionErrorCodes.EncodeFailed, 'a heartbeat could not be encoded; reconnecting to resume', { cause }),
      });
      this.beginClose(ClientCloseCodes.Resumable, 'encode error', reconnectPlan('heartbeat encode failed'));
      return;
    }
    if (conn !== null) {
      conn.lastBeatAt = this.now;
      // Heartbeats never wait, but they count against the connection's 120 per 60 s.
      conn.sendGate?.record('heartbeat');
    }
    this.sendNow(Op.Heartbeat, bytes);
  }

  private sendNow(op: number, bytes: Uint8Array): void {
    this.out.push({ type: 'send', op, data: this.textFrames ? textDecoder.decode(bytes) : bytes });
  }

  private encodeChecked(op: number, d: unknown): Uint8Array {
    const bytes = this.codec.encode({ op, d });
    if (bytes.length > MAX_SEND_PAYLOAD_BYTES) {
      throw new GatewaySessionError(
        GatewaySessionErrorCodes.PayloadTooLarge,
        `op ${op} payload is ${bytes.length} bytes; Discord accepts at most ${MAX_SEND_PAYLOAD_BYTES} and closes with 4002 otherwise`,
      );
    }
    return bytes;
  }

  private command(op: number, d: unknown, now: number | undefined): void {
    this.advance(now);
    if (this.state === GatewaySessionStates.Stopped) {
      throw new GatewaySessionError(GatewaySessionErrorCodes.Stopped, 'the session has stopped; create a new one');
    }
    // Refused before anything is queued, so the caller sees the error where it made the call.
    const bytes = this.encodeChecked(op, d);
    this.queue.push({ op, bytes });
    if (this.state === GatewaySessionStates.Ready) this.flushCommands();
  }

  private flushCommands(): void {
    const conn = this.conn;
    if (conn === null || conn.sendGate === null) return;
    this.commandRetryAt = null;
    while (this.queue.length > 0) {
      const wait = conn.sendGate.delay('command');
      if (wait > 0) {
        this.commandRetryAt = this.now + wait;
        return;
      }
      conn.sendGate.record('command');
      const next = this.queue.shift()!;
      this.sendNow(next.op, next.bytes);
    }
  }

  private decodeFailure(what: string, cause: unknown): void {
    this.out.push({
      type: 'error',
      error: new GatewaySessionError(GatewaySessionErrorCodes.DecodeFailed, `${what}; reconnecting to resume`, {
        cause,
      }),
    });
    this.beginClose(ClientCloseCodes.Resumable, 'decode error', reconnectPlan(what));
  }

  private handleMessage(message: Uint8Array | string): void {
    let payload: unknown;
    let header: ReturnType<typeof scanJsonFrame> = null;
    try {
      if (this.opts.encoding === 'json') {
        const text = typeof message === 'string' ? message : textDecoder.decode(message);
        // Look at op/s/t first: a dispatch the intents did not ask for, or a replay, is dropped
        // before its body is parsed.
        header = scanJsonFrame(text);
        if (
          header !== null &&
          header.op === Op.Dispatch &&
          header.t !== null &&
          isSequence(header.s) &&
          this.state !== GatewaySessionStates.WaitingHello
        ) {
          const last = this.sequence;
          // A replay is dropped unparsed; so is an event the intents did not ask for, whose
          // sequence is recorded from the header (it is never delivered, decoded or not).
          if (last !== null && header.s <= last) return;
          if (!this.wanted(header.t)) {
            this.recordSequence(header.s);
            return;
          }
        }
        // Everything else is parsed first: a sequence is recorded only for a dispatch that decoded,
        // so one with a corrupt body is replayed by the resume that follows (bug: lost on resume).
        payload = this.codec.decode(text);
      } else {
        payload = this.codec.decode(typeof message === 'string' ? new TextEncoder().encode(message) : message);
      }
    } catch (cause) {
      this.decodeFailure(
        header !== null && header.op === Op.Dispatch && header.t !== null && isSequence(header.s)
          ? `a ${header.t} dispatch (s ${header.s}) could not be decoded, so its sequence was not recorded and the resume replays it`
          : 'a message could not be decoded',
        cause,
      );
      return;
    }
    this.handleDecoded(payload);
  }

  /**
   * Sequence bookkeeping and filtering of a dispatch, from its header alone. Returns false when it
   * must not be delivered: a replay of one already seen, or an event the intents did not enable.
   * The sequence is recorded either way, so heartbeats and resumes stay correct.
   */
  private acceptDispatch(t: string, s: number): boolean {
    const last = this.sequence;
    if (last !== null && s <= last) return false;
    this.recordSequence(s);
    return this.wanted(t);
  }

  private recordSequence(s: number): void {
    const last = this.sequence;
    if (last !== null && s > last + 1) this.out.push({ type: 'sequenceGap', expected: last + 1, received: s });
    this.sequence = s;
  }

  private handleDecoded(payload: unknown): void {
    if (!isRecord(payload) || typeof payload['op'] !== 'number') {
      this.protocolError('a message without a numeric op');
      return;
    }
    const op = payload['op'];
    const rawS = payload['s'];
    const s = typeof rawS === 'number' ? rawS : null;
    const t = typeof payload['t'] === 'string' ? payload['t'] : null;
    if (op === Op.Dispatch) {
      if (t === null || s === null) {
        this.protocolError('a dispatch without t or s');
        return;
      }
      if (!isSequence(s)) {
        this.protocolError(`a ${t} dispatch with sequence ${String(s)}; a sequence is a non-negative safe integer (ignored)`);
        return;
      }
      if (this.state === GatewaySessionStates.WaitingHello) {
        this.protocolError(`a ${t} dispatch before Hello (ignored)`);
        return;
      }
      const conn = this.conn;
      // Replayed dispatches are progress of a resume: its timeout starts over.
      if (conn !== null && conn.readyDeadline !== null && this.state === GatewaySessionStates.Resuming) {
        conn.readyDeadline = this.now + this.readyTimeout;
      }
      if (!this.acceptDispatch(t, s)) return;
    }
    let d = payload['d'];
    const validate = this.opts.validate;
    if (validate !== undefined && validate !== false) {
      let error: Error | null = null;
      let path: string | undefined;
      if (typeof validate === 'function') {
        error = validate(payload);
      } else {
        const result = safeParseReceive(payload, validate === true ? undefined : validate);
        if (result.kind === 'invalid') {
          error = result.error;
          path = result.error.path;
        } else if (result.kind === 'payload') {
          d = (result.data as { d?: unknown }).d;
        }
      }
      if (error !== null) {
        this.out.push({
          type: 'error',
          error: new GatewaySessionError(
            GatewaySessionErrorCodes.InvalidPayload,
            `op ${op}${t ? ` ${t}` : ''} failed validation: ${error.message}`,
            {
              cause: error,
              ...(path === undefined ? {} : { path }),
            },
          ),
        });
        // READY and RESUMED are acted on anyway: dropping them would stall the session, and the
        // session checks the two READY fields it needs itself.
        if (op === Op.Dispatch && t !== 'READY' && t !== 'RESUMED') return;
      }
    }
    this.handlePayload(op, s, t, d);
  }

  private wanted(t: string): boolean {
    if (t === 'READY' || t === 'RESUMED') return true;
    // Discord sends GUILD_MEMBER_UPDATE for the bot's own member even without GUILD_MEMBERS
    // (gateway docs, intents caveats), so it is never dropped.
    if (t === 'GUILD_MEMBER_UPDATE') return true;
    return isEventEnabled(t, this.opts.intents);
  }

  private protocolError(what: string): void {
    this.out.push({ type: 'error', error: new GatewaySessionError(GatewaySessionErrorCodes.ProtocolViolation, what) });
  }

  private handlePayload(op: number, s: number | null, t: string | null, d: unknown): void {
    const conn = this.conn!;
    switch (op) {
      case Op.Dispatch: {
        if (t === null || s === null) return;
        if (t === 'READY') {
          if (!isRecord(d) || typeof d['session_id'] !== 'string' || typeof d['resume_gateway_url'] !== 'string') {
            this.protocolError('READY without session_id or resume_gateway_url');
            return;
          }
          conn.readyDeadline = null;
          this.sessionId = d['session_id'];
          this.resumeGatewayUrl = d['resume_gateway_url'];
          this.attempts = 0;
          this.failedResumes = 0;
          this.state = GatewaySessionStates.Ready;
          const ready = d as unknown as GatewayReadyDispatchData;
          this.out.push({
            type: 'ready',
            sessionId: this.sessionId,
            resumeGatewayUrl: this.resumeGatewayUrl,
            d: ready,
          });
          this.out.push({ type: 'dispatch', t: 'READY', s, d: ready });
          this.flushCommands();
          return;
        }
        if (t === 'RESUMED') {
          conn.readyDeadline = null;
          this.attempts = 0;
          this.failedResumes = 0;
          this.state = GatewaySessionStates.Ready;
          this.out.push({ type: 'resumed' });
          this.out.push({ type: 'dispatch', t: 'RESUMED', s, d: d as GatewayDispatchEventMap['RESUMED'] });
          this.flushCommands();
          return;
        }
        this.out.push(
          knownEvents.has(t)
            ? ({ type: 'dispatch', t, s, d } as SessionDispatchEvent)
            : { type: 'unknownDispatch', t, s, d },
        );
        return;
      }
      case Op.Heartbeat:
        // The server asks for a beat: answer at once; this is not a scheduled beat, so the
        // ACK check is untouched (bug: server heartbeat request taken for a zombie).
        this.sendHeartbeat(conn.heartbeatInterval !== null ? conn : null);
        return;
      case Op.HeartbeatAck:
        conn.acked = true;
        if (conn.lastBeatAt !== null) {
          this.latency = this.now - conn.lastBeatAt;
          this.out.push({ type: 'heartbeatAck', latency: this.latency });
        }
        return;
      case Op.Hello:
        this.onHello(conn, d);
        return;
      case Op.Reconnect:
        this.beginClose(ClientCloseCodes.Resumable, 'reconnect requested', reconnectPlan('op 7 Reconnect'));
        return;
      case Op.InvalidSession: {
        const resumable = d === true;
        this.out.push({ type: 'invalidSession', resumable });
        if (resumable) {
          this.beginClose(ClientCloseCodes.Resumable, 'invalid session', reconnectPlan('op 9 Invalid Session (resumable)'));
        } else {
          // The session is gone: forget it, wait 1–5 s, identify at the original URL.
          this.clearSession();
          this.beginClose(ClientCloseCodes.Resumable, 'invalid session', reconnectPlan('op 9 Invalid Session', 'identify', this.invalidMin + Math.floor((this.invalidMax - this.invalidMin) * this.random())));
        }
        return;
      }
      default:
        return;
    }
  }

  private onHello(conn: Connection, d: unknown): void {
    if (this.state !== GatewaySessionStates.WaitingHello) return;
    const interval = isRecord(d) ? d['heartbeat_interval'] : undefined;
    if (typeof interval !== 'number' || !(interval >= this.minInterval && interval <= this.maxInterval)) {
      this.protocolError(
        `Hello with heartbeat_interval ${typeof interval === 'number' ? String(interval) : typeof interval}; expected a number of ms in [${this.minInterval}, ${this.maxInterval}]`,
      );
      this.beginClose(ClientCloseCodes.Resumable, 'bad hello', reconnectPlan('bad Hello'));
      return;
    }
    conn.helloDeadline = null;
    conn.heartbeatInterval = interval;
    conn.acked = true;
    conn.nextBeatAt = this.now + interval * this.random();
    conn.sendGate = this.makeSendGate(interval, () => this.now);
    if (conn.resume && this.canResume()) {
      this.state = GatewaySessionStates.Resuming;
      conn.sendGate.record('command');
      this.sendNow(
        Op.Resume,
        this.codec.encode({
          op: Op.Resume,
          d: { token: this.opts.token, session_id: this.sessionId, seq: this.sequence },
        }),
      );
      conn.readyDeadline = this.now + this.readyTimeout;
    } else {
      this.state = GatewaySessionStates.Identifying;
      this.clearSession();
      conn.identifyAt = this.reserveIdentify();
    }
    this.runTimers();
  }

  /**
   * When to send Identify, on the session's clock. The gate answers on its own clock; a gate whose
   * clock is not the session's (`Date.now` against `performance.now`) would leave the session
   * waiting for a time that never comes, with no Identify and no error (bug: stuck identify with a
   * shared scheduler). So the wait the gate meant is taken relative to its clock when it has one,
   * and a mismatch, or a wait no gate can mean, is reported.
   */
  private reserveIdentify(): number {
    const gate = this.identifyGate;
    const at = gate.reserve(this.shardId);
    const gateNow = typeof gate.now === 'function' ? gate.now() : this.now;
    const wait = at - gateNow;
    if (Math.abs(gateNow - this.now) > CLOCK_TOLERANCE_MS) {
      this.out.push({
        type: 'error',
        error: new GatewaySessionError(
          GatewaySessionErrorCodes.IdentifyStalled,
          `the identify gate's clock reads ${gateNow} where the session's reads ${this.now}: drive both with one clock (performance.now is the default of each); waiting the ${Math.max(0, wait)} ms the gate asked for`,
        ),
      });
    } else if (!(wait <= MAX_IDENTIFY_WAIT_MS)) {
      this.out.push({
        type: 'error',
        error: new GatewaySessionError(
          GatewaySessionErrorCodes.IdentifyStalled,
          `the identify gate asks to wait ${wait} ms before identifying, longer than any rate limit; is its clock the session's?`,
        ),
      });
    }
    return this.now + (Number.isFinite(wait) ? Math.max(0, wait) : MAX_IDENTIFY_WAIT_MS);
  }
}
