/**
 * The adapters' shared runner, driven with a fake transport and fake timers: what it does with
 * sockets that misbehave (a close handshake that never completes, a socket that is no longer OPEN).
 */
import { describe, expect, it } from 'vitest';
import {
  createGatewaySession,
  runWithTransport,
  type TransportHandlers,
  type TransportSocket,
} from '../../src/session/index.js';

class FakeTimers {
  now = 0;
  private next = 1;
  private queue = new Map<number, { at: number; fn: () => void }>();
  readonly fns = {
    setTimeout: (fn: () => void, ms: number): unknown => {
      const id = this.next++;
      this.queue.set(id, { at: this.now + ms, fn });
      return id;
    },
    clearTimeout: (h: unknown): void => {
      this.queue.delete(h as number);
    },
  };
  get pending(): number {
    return this.queue.size;
  }
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      let first: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.queue) if (e[1].at <= end && (first === undefined || e[1].at < first[1].at)) first = e;
      if (first === undefined) break;
      this.queue.delete(first[0]);
      this.now = Math.max(this.now, first[1].at);
      first[1].fn();
    }
    this.now = end;
  }
}

interface FakeSocket extends TransportSocket {
  url: string;
  handlers: TransportHandlers;
  open: boolean;
  sent: unknown[];
  closes: number[];
  terminated: boolean;
}

function setup() {
  const timers = new FakeTimers();
  const sockets: FakeSocket[] = [];
  const transport = (url: string, handlers: TransportHandlers): TransportSocket => {
    const socket: FakeSocket = {
      url,
      handlers,
      open: false,
      sent: [],
      closes: [],
      terminated: false,
      send(data) {
        if (!this.open) throw new Error('send on a socket that is not OPEN');
        this.sent.push(JSON.parse(data as string));
      },
      close(code) {
        this.closes.push(code);
        this.open = false;
      },
      terminate() {
        this.terminated = true;
        this.open = false;
      },
      isOpen() {
        return this.open;
      },
    };
    sockets.push(socket);
    return socket;
  };
  const session = createGatewaySession({
    token: 't',
    intents: 1,
    encoding: 'json',
    properties: { os: 'x', browser: 'y', device: 'z' },
    random: () => 0.5,
    closeTimeoutMs: 2000,
    now: 0,
  });
  const events: string[] = [];
  const conn = runWithTransport(session, transport, {
    now: () => timers.now,
    timers: timers.fns,
    onEvent: (e) => events.push(e.type),
  });
  const serve = (s: FakeSocket, p: object) => s.handlers.onMessage(JSON.stringify({ s: null, t: null, d: null, ...p }));
  const establish = (s: FakeSocket) => {
    s.open = true;
    s.handlers.onOpen();
    serve(s, { op: 10, d: { heartbeat_interval: 1000 } });
    serve(s, { op: 0, s: 1, t: 'READY', d: { session_id: 'a', resume_gateway_url: 'wss://resume.example' } });
  };
  return { timers, sockets, conn, events, serve, establish };
}

describe('runner', () => {
  it('bug #1 (discord.js #7450): a close handshake stuck in CLOSING is terminated and the reconnect still happens', () => {
    const { timers, sockets, serve, establish } = setup();
    expect(sockets).toHaveLength(1);
    establish(sockets[0]!);
    serve(sockets[0]!, { op: 7 });
    expect(sockets[0]!.closes).toEqual([3000]);
    timers.advance(1999);
    expect(sockets[0]!.terminated).toBe(false);
    timers.advance(1);
    expect(sockets[0]!.terminated).toBe(true);
    timers.advance(1000); // backoff
    expect(sockets).toHaveLength(2);
    expect(sockets[1]!.url).toBe('wss://resume.example/?v=10&encoding=json');
    // The old socket's close event, arriving late, is ignored.
    sockets[0]!.handlers.onClose(3000, '');
    timers.advance(10_000);
    expect(sockets).toHaveLength(2);
  });

  it('bug #5: never sends on a socket that is not OPEN, and no timer outlives close()', async () => {
    const { timers, sockets, conn, serve, establish } = setup();
    establish(sockets[0]!);
    serve(sockets[0]!, { op: 11 });
    // The socket stops being OPEN (closing underneath us) before its close event arrives.
    sockets[0]!.open = false;
    expect(() => timers.advance(5000)).not.toThrow();
    expect(sockets[0]!.sent.filter((p) => (p as { op: number }).op === 1)).toEqual([]);
    sockets[0]!.handlers.onClose(undefined, '');
    timers.advance(1000);
    const s = sockets[sockets.length - 1]!;
    establish(s);
    const stopped = conn.close();
    expect(s.closes).toEqual([1000]);
    s.handlers.onClose(1000, '');
    expect((await stopped).error).toBeUndefined();
    expect(conn.stats()).toEqual({ sockets: 0, timers: 0 });
    expect(timers.pending).toBe(0);
  });

  it('a throwing onEvent listener does not stop the batch it was in', async () => {
    const timers = new FakeTimers();
    const sent: unknown[] = [];
    let handlers!: TransportHandlers;
    const session = createGatewaySession({
      token: 't',
      intents: 1,
      encoding: 'json',
      properties: { os: 'x', browser: 'y', device: 'z' },
      random: () => 0,
    });
    const errors: unknown[] = [];
    const onUncaught = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      runWithTransport(
        session,
        (_url, h) => {
          handlers = h;
          return { send: (d) => sent.push(d), close: () => {}, terminate: () => {}, isOpen: () => true };
        },
        {
          now: () => timers.now,
          timers: timers.fns,
          onEvent: (e) => {
            if (e.type === 'heartbeatAck') throw new Error('listener bug');
          },
        },
      );
      handlers.onOpen();
      handlers.onMessage(JSON.stringify({ op: 10, d: { heartbeat_interval: 1000 }, s: null, t: null }));
      // Identify and the first heartbeat (jitter 0) both went out.
      expect(sent.map((d) => JSON.parse(d as string).op).sort()).toEqual([1, 2]);
      handlers.onMessage(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      await new Promise((r) => setTimeout(r, 10));
      expect(errors).toHaveLength(1);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
