/**
 * A loopback Discord gateway for the adapter tests: a `ws` WebSocketServer on 127.0.0.1 (port 0)
 * that speaks enough of the protocol — Hello, heartbeat ACKs, Identify → READY, Resume → replay +
 * RESUMED, op 7, op 9, close codes — with JSON or ETF (erlpack, an independent implementation) and
 * optional zlib-stream compression (node:zlib deflate with Z_SYNC_FLUSH, one context per connection).
 */
import { createRequire } from 'node:module';
import { constants as zconst, createDeflate, type Deflate } from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';

const require = createRequire(import.meta.url);
const erlpack = require('erlpack') as { pack(v: unknown): Buffer; unpack(b: Buffer): unknown };

export interface ServerPayload {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}

export interface ServerSession {
  id: string;
  seq: number;
  /** Every dispatch of this session, in order (what a resume replays from). */
  log: { s: number; t: string; d: unknown }[];
  conn: GatewayConn | null;
}

export interface FakeGatewayOptions {
  heartbeatInterval?: number;
  /** Split every compressed message into this many WebSocket frames (default 1). */
  splitFrames?: number;
}

export class GatewayConn {
  readonly encoding: 'json' | 'etf';
  readonly compress: boolean;
  readonly path: string;
  /** Payloads received from the client, decoded. */
  readonly received: ServerPayload[] = [];
  session: ServerSession | null = null;
  ackHeartbeats = true;
  private deflate: Deflate | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly gateway: FakeGateway,
    readonly ws: WebSocket,
    url: URL,
    /** The upgrade request's headers (User-Agent, …). */
    readonly headers: Readonly<Record<string, string | string[] | undefined>> = {},
  ) {
    this.encoding = url.searchParams.get('encoding') === 'etf' ? 'etf' : 'json';
    this.compress = url.searchParams.get('compress') === 'zlib-stream';
    this.path = url.pathname;
    if (this.compress) this.deflate = createDeflate();
  }

  /** Send a payload; frames go out in order even though deflate is asynchronous. */
  send(payload: ServerPayload): Promise<void> {
    const full = { op: payload.op, d: payload.d ?? null, s: payload.s ?? null, t: payload.t ?? null };
    const body: Buffer | string =
      this.encoding === 'etf' ? erlpack.pack(integerSnowflakes(full)) : JSON.stringify(full);
    this.chain = this.chain.then(async () => {
      if (this.ws.readyState !== this.ws.OPEN) return;
      if (this.deflate === null) {
        this.ws.send(body, { binary: typeof body !== 'string' });
        return;
      }
      const compressed = await deflateSync(this.deflate, Buffer.from(body));
      const parts = this.gateway.splitFrames;
      const size = Math.ceil(compressed.length / parts);
      for (let i = 0; i < compressed.length; i += size) {
        if (this.ws.readyState !== this.ws.OPEN) return;
        this.ws.send(compressed.subarray(i, Math.min(compressed.length, i + size)), { binary: true });
      }
    });
    return this.chain;
  }

  /** Assign the next sequence number in this connection's session and send the dispatch. */
  dispatch(t: string, d: unknown): Promise<void> {
    const session = this.session;
    if (session === null) throw new Error('no session on this connection');
    const s = ++session.seq;
    session.log.push({ s, t, d });
    return this.send({ op: 0, t, s, d });
  }

  reconnect(): Promise<void> {
    return this.send({ op: 7, d: null });
  }

  invalidSession(resumable: boolean): Promise<void> {
    if (!resumable && this.session !== null) this.gateway.sessions.delete(this.session.id);
    return this.send({ op: 9, d: resumable });
  }

  async closeWith(code: number, reason = ''): Promise<void> {
    await this.chain;
    if (code === 4007 || code === 4009 || code === 4003) {
      if (this.session !== null) this.gateway.sessions.delete(this.session.id);
    }
    this.ws.close(code, reason);
  }

  /** Drop the TCP connection without a close frame (the client sees 1006). */
  drop(): void {
    this.ws.terminate();
  }

  onMessage(data: Buffer, isBinary: boolean): void {
    let payload: ServerPayload;
    try {
      payload = (isBinary ? erlpack.unpack(data) : JSON.parse(data.toString('utf8'))) as ServerPayload;
    } catch {
      this.ws.close(4002, 'decode error');
      return;
    }
    if (isBinary !== (this.encoding === 'etf')) {
      this.ws.close(4002, 'wrong frame type for the encoding');
      return;
    }
    this.received.push(payload);
    this.gateway.onPayload?.(this, payload);
    switch (payload.op) {
      case 1:
        if (this.ackHeartbeats) void this.send({ op: 11, d: null });
        break;
      case 2: {
        this.gateway.identifies++;
        const id = `s${++this.gateway.sessionCounter}`;
        const session: ServerSession = { id, seq: 0, log: [], conn: this };
        this.gateway.sessions.set(id, session);
        this.session = session;
        void this.dispatch('READY', {
          v: 10,
          session_id: id,
          resume_gateway_url: `${this.gateway.url}resume`,
          user: { id: '123456789012345678', username: 'bot' },
          guilds: [],
          shard: (payload.d as { shard?: unknown }).shard,
          application: { id: '1', flags: 0 },
        });
        break;
      }
      case 6: {
        this.gateway.resumes++;
        const d = payload.d as { session_id: string; seq: number };
        const session = this.gateway.sessions.get(d.session_id);
        if (session === undefined || d.seq > session.seq) {
          void this.send({ op: 9, d: false });
          break;
        }
        if (session.conn !== null && session.conn !== this) session.conn.session = null;
        session.conn = this;
        this.session = session;
        for (const e of session.log) if (e.s > d.seq) void this.send({ op: 0, t: e.t, s: e.s, d: e.d });
        void this.dispatch('RESUMED', null);
        break;
      }
      default:
        break;
    }
  }
}

/**
 * Discord's ETF carries snowflakes as integers. erlpack can only pack those that fit 32 bits exactly
 * (it has no bigint), so ids up to 2^31 − 1 go out as integers, as the real gateway sends them.
 */
function integerSnowflakes(value: unknown, key = ''): unknown {
  if (
    typeof value === 'string' &&
    (key === 'id' || key.endsWith('_id')) &&
    /^\d{1,10}$/.test(value) &&
    Number(value) < 2 ** 31
  )
    return Number(value);
  if (Array.isArray(value)) return value.map((v) => integerSnowflakes(v));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, integerSnowflakes(v, k)]));
  }
  return value;
}

function deflateSync(deflate: Deflate, input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (c: Buffer) => chunks.push(c);
    deflate.on('data', onData);
    deflate.write(input);
    deflate.flush(zconst.Z_SYNC_FLUSH, () => {
      deflate.off('data', onData);
      const out = Buffer.concat(chunks);
      if (out.length < 4 || out.readUInt32BE(out.length - 4) !== 0x0000ffff)
        reject(new Error('flush did not end with the sync marker'));
      else resolve(out);
    });
  });
}

export class FakeGateway {
  readonly wss: WebSocketServer;
  readonly connections: GatewayConn[] = [];
  readonly sessions = new Map<string, ServerSession>();
  sessionCounter = 0;
  identifies = 0;
  resumes = 0;
  heartbeatInterval: number;
  splitFrames: number;
  onPayload?: (conn: GatewayConn, payload: ServerPayload) => void;
  onConnection?: (conn: GatewayConn) => void;
  /** When false, new connections get no Hello (to test the Hello timeout). */
  sendHello = true;
  url = '';

  private constructor(options: FakeGatewayOptions, wss: WebSocketServer) {
    this.heartbeatInterval = options.heartbeatInterval ?? 41_250;
    this.splitFrames = options.splitFrames ?? 1;
    this.wss = wss;
    wss.on('connection', (ws, req) => {
      const conn = new GatewayConn(this, ws, new URL(req.url ?? '/', 'ws://127.0.0.1'), req.headers);
      this.connections.push(conn);
      ws.on('message', (data, isBinary) =>
        conn.onMessage(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer), isBinary),
      );
      ws.on('error', () => {});
      ws.on('close', () => {
        if (conn.session !== null && conn.session.conn === conn) conn.session.conn = null;
      });
      this.onConnection?.(conn);
      if (this.sendHello) void conn.send({ op: 10, d: { heartbeat_interval: this.heartbeatInterval } });
    });
  }

  static async start(options: FakeGatewayOptions = {}): Promise<FakeGateway> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const gw = new FakeGateway(options, wss);
    const address = wss.address();
    if (typeof address === 'string' || address === null) throw new Error('no port');
    gw.url = `ws://127.0.0.1:${address.port}/`;
    return gw;
  }

  /** Add a dispatch to a session's log and send it if the session has an open connection. */
  dispatchTo(session: ServerSession, t: string, d: unknown): void {
    const conn = session.conn;
    if (conn !== null && conn.ws.readyState === conn.ws.OPEN) {
      void conn.dispatch(t, d);
      return;
    }
    const s = ++session.seq;
    session.log.push({ s, t, d });
  }

  /** Connections whose socket is still open. */
  open(): GatewayConn[] {
    return this.connections.filter((c) => c.ws.readyState === c.ws.OPEN);
  }

  async stop(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** Poll until `check` returns a truthy value (real time, bounded). */
export async function waitFor<T>(
  check: () => T | undefined | null | false,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
