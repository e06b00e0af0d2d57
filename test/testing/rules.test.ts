/**
 * The rules the test gateway enforces, driven by a raw `ws` client so that each client mistake can
 * be made on purpose: the close code must be the one Discord sends. Also the HTTP endpoint, the
 * API's typed errors, and hooks that throw.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encode as etfEncode } from '../../src/etf/index.js';
import {
  startTestGateway,
  TestGatewayError,
  type TestGateway,
  type TestGatewayOptions,
} from '../../src/testing/index.js';
import { strictFrameChecker, waitFor } from './helpers.js';

let gw: TestGateway | null = null;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await gw?.stop();
  gw = null;
});

async function server(options: TestGatewayOptions = {}): Promise<TestGateway> {
  gw = await startTestGateway({ heartbeatIntervalMs: 5000, identifyIntervalMs: 0, tokens: ['tok'], ...options });
  return gw;
}

interface Raw {
  ws: WebSocket;
  frames: { op: number; d: unknown; s: number | null; t: string | null }[];
  closed: Promise<{ code: number; reason: string }>;
  send(p: unknown): void;
}

async function raw(s: TestGateway, query = '?v=10&encoding=json', path = '/'): Promise<Raw> {
  const ws = new WebSocket(`${s.url}${path}${query}`);
  sockets.push(ws);
  const frames: Raw['frames'] = [];
  ws.on('message', (data, isBinary) => {
    // ws hands each whole message over as one Buffer (binaryType 'nodebuffer').
    if (!isBinary) frames.push(JSON.parse((data as Buffer).toString()));
  });
  const closed = new Promise<{ code: number; reason: string }>((r) =>
    ws.on('close', (code, reason) => r({ code, reason: reason.toString() })),
  );
  ws.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames, closed, send: (p) => ws.send(typeof p === 'string' ? p : JSON.stringify(p)) };
}

const identify = (d: Record<string, unknown> = {}) => ({
  op: 2,
  d: { token: 'tok', intents: 513, properties: { os: 'linux', browser: 'raw', device: 'raw' }, ...d },
});

describe('client mistakes get the close code Discord sends', () => {
  it('Hello first, with the configured interval', async () => {
    const s = await server({ heartbeatIntervalMs: 1234 });
    const c = await raw(s);
    await waitFor(() => c.frames.length === 1, 2000, 'Hello');
    expect(c.frames[0]).toMatchObject({ op: 10, d: { heartbeat_interval: 1234 }, s: null, t: null });
  });

  const cases: [string, (c: Raw) => void, number, TestGatewayOptions?][] = [
    ['an unknown opcode → 4001', (c) => c.send({ op: 99, d: null }), 4001],
    ['a receive-only opcode → 4001', (c) => c.send({ op: 11, d: null }), 4001],
    ['a known opcode with an invalid payload → 4001', (c) => c.send({ op: 1, d: 'seq' }), 4001],
    ['undecodable JSON → 4002', (c) => c.send('{"op":'), 4002],
    ['a payload over 4096 bytes → 4002', (c) => c.send({ op: 1, d: null, pad: 'x'.repeat(4100) }), 4002],
    ['a binary frame on a JSON connection → 4002', (c) => c.ws.send(Buffer.from('{"op":1,"d":null}')), 4002],
    [
      'a command before Identify → 4003',
      (c) => c.send({ op: 3, d: { since: null, activities: [], status: 'online', afk: false } }),
      4003,
    ],
    ['a bad token → 4004', (c) => c.send(identify({ token: 'nope' })), 4004],
    ['a second Identify → 4005', (c) => (c.send(identify()), c.send(identify())), 4005],
    [
      'more than 120 payloads in 60 s → 4008',
      (c) => {
        for (let i = 0; i < 121; i++) c.send({ op: 1, d: null });
      },
      4008,
    ],
    ['a shard id not below the count → 4010', (c) => c.send(identify({ shard: [2, 2] })), 4010],
    [
      'too many guilds on one shard → 4011',
      (c) => c.send(identify()),
      4011,
      { tokens: [{ token: 'tok', guilds: 3 }], maxGuildsPerShard: 2 },
    ],
    ['an intent bit that does not exist → 4013', (c) => c.send(identify({ intents: 1 << 18 })), 4013],
    [
      'a privileged intent not enabled → 4014',
      (c) => c.send(identify({ intents: 2 })),
      4014,
      { tokens: [{ token: 'tok', privilegedIntents: [] }] },
    ],
  ];
  for (const [name, act, code, options] of cases) {
    it(name, async () => {
      const s = await server(options);
      const c = await raw(s);
      await waitFor(() => c.frames.length === 1, 2000, 'Hello');
      act(c);
      expect((await c.closed).code).toBe(code);
      expect(s.errors).toEqual([]);
    });
  }

  it('an unsupported version → 4012', async () => {
    const s = await server();
    const c = await raw(s, '?v=6&encoding=json');
    expect((await c.closed).code).toBe(4012);
  });

  it('sharding: each shard gets its own guilds as unavailable stubs, then their GUILD_CREATEs', async () => {
    const s = await server({ tokens: [{ token: 'tok', guilds: 6 }] });
    const c = await raw(s);
    c.send(identify({ shard: [1, 3] }));
    await waitFor(() => c.frames.filter((f) => f.t === 'GUILD_CREATE').length === 2, 2000, 'GUILD_CREATEs');
    const ready = c.frames.find((f) => f.t === 'READY')!.d as {
      guilds: { id: string; unavailable: boolean }[];
      shard: number[];
      resume_gateway_url: string;
    };
    expect(ready.shard).toEqual([1, 3]);
    expect(ready.guilds).toHaveLength(2);
    expect(ready.guilds.every((g) => g.unavailable)).toBe(true);
    expect(ready.resume_gateway_url).toBe(s.resumeUrl);
    const created = c.frames.filter((f) => f.t === 'GUILD_CREATE').map((f) => (f.d as { id: string }).id);
    expect(created).toEqual(ready.guilds.map((g) => g.id));
    expect(c.frames.filter((f) => f.op === 0).map((f) => f.s)).toEqual([1, 2, 3]);
  });

  it('identifies of one bucket faster than the interval get op 9 false; max_concurrency buckets are separate', async () => {
    const s = await server({ identifyIntervalMs: 60_000, tokens: [{ token: 'tok', maxConcurrency: 2, guilds: 4 }] });
    const a = await raw(s);
    a.send(identify({ shard: [0, 4] }));
    const b = await raw(s);
    b.send(identify({ shard: [1, 4] }));
    const c = await raw(s);
    c.send(identify({ shard: [2, 4] })); // bucket 0 again
    await waitFor(
      () => a.frames.some((f) => f.t === 'READY') && b.frames.some((f) => f.t === 'READY'),
      2000,
      'two READYs',
    );
    await waitFor(() => c.frames.some((f) => f.op === 9), 2000, 'op 9');
    expect(c.frames.find((f) => f.op === 9)!.d).toBe(false);
    expect(s.stats().identifies).toBe(2);
  });

  it('Resume: unknown session → op 9 false; RESUMED replays in order; ETF binary frames too', async () => {
    const s = await server();
    const a = await raw(s);
    a.send(identify({ intents: 513 | (1 << 15) }));
    await waitFor(() => a.frames.some((f) => f.t === 'READY'), 2000, 'READY');
    const ready = a.frames.find((f) => f.t === 'READY')!;
    const sessionId = (ready.d as { session_id: string }).session_id;
    a.ws.terminate();
    await waitFor(() => s.sessions.get(sessionId)?.state === 'detached', 2000, 'detached');
    const guildId = s.tokens!.get('tok')!.guildIds[0]!;
    s.dispatch('MESSAGE_CREATE', { guild_id: guildId, content: 'one' });
    s.dispatch('MESSAGE_CREATE', { guild_id: guildId, content: 'two' });
    const unknown = await raw(s, '?v=10&encoding=json', '/resume');
    unknown.send({ op: 6, d: { token: 'tok', session_id: 'nope', seq: 0 } });
    await waitFor(() => unknown.frames.some((f) => f.op === 9), 2000, 'op 9');
    const b = await raw(s, '?v=10&encoding=etf', '/resume');
    b.ws.removeAllListeners('message');
    const got: unknown[] = [];
    const { decode } = await import('../../src/etf/index.js');
    b.ws.on('message', (data: Buffer) => got.push(decode(data, { normalize: true })));
    b.ws.send(etfEncode({ op: 6, d: { token: 'tok', session_id: sessionId, seq: ready.s! + 1 } }));
    await waitFor(() => got.some((f) => (f as { t: string }).t === 'RESUMED'), 2000, 'RESUMED');
    const dispatches = (got as { op: number; t: string; d: { content?: string } }[]).filter((f) => f.op === 0);
    expect(dispatches.map((f) => f.t)).toEqual(['MESSAGE_CREATE', 'MESSAGE_CREATE', 'RESUMED']);
    expect(dispatches.slice(0, 2).map((f) => f.d.content)).toEqual(['one', 'two']);
  });

  it('a client closing with 1000 ends its session: a later Resume gets op 9 false', async () => {
    const s = await server();
    const a = await raw(s);
    a.send(identify());
    await waitFor(() => a.frames.some((f) => f.t === 'READY'), 2000, 'READY');
    const sessionId = (a.frames.find((f) => f.t === 'READY')!.d as { session_id: string }).session_id;
    a.ws.close(1000);
    await a.closed;
    await waitFor(() => !s.sessions.has(sessionId), 2000, 'session ended');
    const b = await raw(s, '?v=10&encoding=json', '/resume');
    b.send({ op: 6, d: { token: 'tok', session_id: sessionId, seq: 1 } });
    await waitFor(() => b.frames.some((f) => f.op === 9 && f.d === false), 2000, 'op 9 false');
  });

  it('Request Guild Members, soundboard and channel info are answered with valid dispatches', async () => {
    const checker = strictFrameChecker();
    const s = await server({ hooks: checker.hooks });
    const c = await raw(s);
    c.send(identify());
    await waitFor(() => c.frames.some((f) => f.t === 'READY'), 2000, 'READY');
    const guildId = s.tokens!.get('tok')!.guildIds[0]!;
    c.send({ op: 8, d: { guild_id: guildId, query: '', limit: 0, nonce: 'n1' } });
    c.send({ op: 31, d: { guild_ids: [guildId] } });
    c.send({ op: 43, d: { guild_id: guildId, fields: ['status'] } });
    await waitFor(
      () => ['GUILD_MEMBERS_CHUNK', 'SOUNDBOARD_SOUNDS', 'CHANNEL_INFO'].every((t) => c.frames.some((f) => f.t === t)),
      2000,
      'answers',
    );
    expect(c.frames.find((f) => f.t === 'GUILD_MEMBERS_CHUNK')!.d).toMatchObject({ guild_id: guildId, nonce: 'n1' });
    expect(checker.report.failures).toEqual([]);
  });
});

describe('HTTP: Get Gateway Bot', () => {
  it('answers with the URL, shards and session_start_limit; 401 without a known token', async () => {
    const s = await server({
      tokens: [{ token: 'tok', guilds: 2500, maxConcurrency: 4, sessionStartLimit: { total: 1000, remaining: 998 } }],
    });
    const res = await fetch(`${s.apiUrl}/v10/gateway/bot`, { headers: { authorization: 'Bot tok' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      url: s.url,
      shards: 3,
      session_start_limit: { total: 1000, remaining: 998, max_concurrency: 4 },
    });
    expect((await fetch(`${s.apiUrl}/v10/gateway/bot`, { headers: { authorization: 'Bot other' } })).status).toBe(401);
    expect((await fetch(`${s.apiUrl}/v10/gateway`)).status).toBe(200);
    expect((await fetch(`${s.httpUrl}/nothing`)).status).toBe(404);
  });
});

describe('misuse of the API gets typed errors', () => {
  const bad: [string, TestGatewayOptions, string, string][] = [
    ['a port out of range', { port: 70000 }, 'TESTING_BAD_OPTION', '/port'],
    ['a port that is not an integer', { port: 1.5 }, 'TESTING_BAD_OPTION', '/port'],
    ['a heartbeat interval of 0', { heartbeatIntervalMs: 0 }, 'TESTING_BAD_OPTION', '/heartbeatIntervalMs'],
    ['an empty token', { tokens: [''] }, 'TESTING_BAD_OPTION', '/tokens/0/token'],
    [
      'an unknown intent name',
      { tokens: [{ token: 't', privilegedIntents: ['Nope' as never] }] },
      'TESTING_BAD_OPTION',
      '/tokens/0/privilegedIntents',
    ],
    ['a hook that is not a function', { hooks: { onConnect: 3 as never } }, 'TESTING_BAD_OPTION', '/hooks/onConnect'],
    [
      'an unknown scenario step',
      { scenario: { rules: [{ on: 'ready', steps: [{ explode: true }] }] } },
      'TESTING_BAD_SCENARIO',
      '/rules/0/steps/0/explode',
    ],
    [
      'a close code that cannot be sent',
      { scenario: { rules: [{ on: 'ready', steps: [{ close: 1005 }] }] } },
      'TESTING_BAD_SCENARIO',
      '/rules/0/steps/0/close',
    ],
    [
      'an unknown trigger',
      { scenario: { rules: [{ on: 'sunrise', steps: [] }] } },
      'TESTING_BAD_SCENARIO',
      '/rules/0/on',
    ],
    [
      'a scenario dispatch that fails the schemas',
      { scenario: { rules: [{ on: 'ready', steps: [{ dispatch: 'MESSAGE_CREATE', data: { tts: 'yes' } }] }] } },
      'TESTING_BAD_SCENARIO',
      '/rules/0/steps/0/data/tts',
    ],
  ];
  for (const [name, options, code, path] of bad) {
    it(name, async () => {
      const error = await startTestGateway(options).then(
        (s) => ((gw = s), null),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TestGatewayError);
      expect(error).toMatchObject({ code, path });
    });
  }

  it('a port in use', async () => {
    const s = await server();
    const error = await startTestGateway({ port: s.port }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TESTING_LISTEN_FAILED', path: '/port' });
  });

  it('dispatches that fail the schemas or are unknown are refused; the server keeps serving', async () => {
    const s = await server();
    const c = await raw(s);
    c.send(identify());
    await waitFor(() => c.frames.some((f) => f.t === 'READY'), 2000, 'READY');
    expect(() => s.dispatch('MESSAGE_CREATE', { id: 42 })).toThrow(
      expect.objectContaining({ code: 'TESTING_INVALID_PAYLOAD', path: '/d/id' }),
    );
    expect(() => s.dispatch('NOT_AN_EVENT', {})).toThrow(expect.objectContaining({ code: 'TESTING_UNKNOWN_EVENT' }));
    const conn = s.connections[0]!;
    expect(() => conn.close(1006)).toThrow(expect.objectContaining({ code: 'TESTING_BAD_OPTION', path: '/code' }));
    expect(() => conn.close(4000, 'x'.repeat(200))).toThrow(
      expect.objectContaining({ code: 'TESTING_BAD_OPTION', path: '/reason' }),
    );
    expect(conn.open).toBe(true);
    expect(() => s.dispatchTo('no-such-session', 'MESSAGE_CREATE', {})).toThrow(
      expect.objectContaining({ code: 'TESTING_BAD_OPTION' }),
    );
    expect(
      s.dispatch('MESSAGE_CREATE', { guild_id: s.tokens!.get('tok')!.guildIds[0]!, content: 'still fine' }),
    ).toHaveLength(1);
    await waitFor(() => c.frames.some((f) => f.t === 'MESSAGE_CREATE'), 2000, 'message');
    await s.stop();
    expect(() => s.dispatch('MESSAGE_CREATE', {})).toThrow(expect.objectContaining({ code: 'TESTING_STOPPED' }));
  });

  it('a hook that throws is reported, not fatal', async () => {
    const s = await server({
      hooks: {
        onCommand() {
          throw new Error('hook bug');
        },
      },
    });
    const c = await raw(s);
    c.send(identify());
    await waitFor(() => c.frames.some((f) => f.t === 'READY'), 2000, 'READY');
    expect(s.errors.map((e) => (e as Error).message)).toEqual(['hook bug']);
  });
});

describe('scenarios', () => {
  it('rules fire on their trigger and run their steps in order', async () => {
    const s = await server({
      scenario: {
        rules: [
          {
            on: 'ready',
            steps: [{ dispatch: 'MESSAGE_CREATE', data: { content: 'welcome' } }, { wait: 20 }, { reconnect: true }],
          },
          { on: 'resumed', times: 1, steps: [{ dispatch: 'TYPING_START', data: {} }] },
          { on: 'command', op: 3, replace: true, steps: [{ close: 4000, reason: 'scripted' }] },
        ],
      },
      tokens: [{ token: 'tok' }],
    });
    const c = await raw(s);
    c.send(identify({ intents: 4096 | 16384 | 1 }));
    await waitFor(() => c.frames.some((f) => f.op === 7), 2000, 'op 7');
    const order = c.frames.map((f) => f.t ?? `op${f.op}`);
    expect(order.slice(order.indexOf('READY'))).toEqual(['READY', 'GUILD_CREATE', 'MESSAGE_CREATE', 'op7']);
    const sessionId = (c.frames.find((f) => f.t === 'READY')!.d as { session_id: string }).session_id;
    const r = await raw(s, '?v=10&encoding=json', '/resume');
    r.send({ op: 6, d: { token: 'tok', session_id: sessionId, seq: 3 } });
    await waitFor(() => r.frames.some((f) => f.t === 'TYPING_START'), 2000, 'TYPING_START after RESUMED');
    r.send({ op: 3, d: { since: null, activities: [], status: 'online', afk: false } });
    expect(await r.closed).toMatchObject({ code: 4000, reason: 'scripted' });
  });
});

describe('stop()', () => {
  it('leaves no timer and no socket behind, even with sessions mid-flight', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const s = await startTestGateway({ tokens: ['tok'], heartbeatIntervalMs: 50, sessionTimeoutMs: 60_000 });
    const c = await raw(s);
    c.send(identify());
    await waitFor(() => c.frames.some((f) => f.t === 'READY'), 2000, 'READY');
    const d = await raw(s);
    void d;
    await s.stop();
    await c.closed;
    await new Promise((r) => setTimeout(r, 20));
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(before);
    expect(s.openConnections()).toEqual([]);
    await expect(fetch(`${s.httpUrl}/api/v10/gateway`)).rejects.toThrow();
  });
});

describe('ETF on the wire', () => {
  it('snowflakes go out as 64-bit integers, other strings as binaries; erlpack reads the frames', async () => {
    const { decode } = await import('../../src/etf/index.js');
    const { createRequire } = await import('node:module');
    let erlpack: { unpack(b: Buffer): unknown } | null = null;
    try {
      erlpack = createRequire(import.meta.url)('erlpack') as { unpack(b: Buffer): unknown };
    } catch {
      console.log(
        `[ETF] the erlpack cross-check is skipped: the erlpack addon does not load on Node ${process.version}`,
      );
    }
    const s = await server();
    const ws = new WebSocket(`${s.url}/?v=10&encoding=etf`);
    sockets.push(ws);
    const frames: Buffer[] = [];
    ws.on('message', (d: Buffer, isBinary) => {
      expect(isBinary).toBe(true);
      frames.push(d);
    });
    await new Promise((r) => ws.once('open', r));
    ws.send(
      etfEncode({
        op: 2,
        d: { token: 'tok', intents: 513 | 32768, properties: { os: 'linux', browser: 'raw', device: 'raw' } },
      }),
    );
    await waitFor(() => frames.length >= 3, 2000, 'Hello, READY, GUILD_CREATE');
    const ready = frames
      .map((f) => decode(f, { bigint: 'bigint' }) as { t: string | null; d: Record<string, any> })
      .find((f) => f.t === 'READY')!;
    expect(typeof ready.d.user.id).toBe('bigint');
    expect(typeof ready.d.application.id).toBe('bigint');
    expect(typeof ready.d.guilds[0].id).toBe('bigint');
    expect(typeof ready.d.session_id).toBe('string');
    expect(typeof ready.d.user.username).toBe('string');
    // Normalised, it is exactly what JSON would carry.
    const normal = decode(
      frames.find((f) => (decode(f) as { t: unknown }).t === 'READY')!,
      { normalize: true },
    ) as { d: { user: { id: unknown } } };
    expect(normal.d.user.id).toBe(s.tokens!.get('tok')!.applicationId);
    // An independent decoder agrees on the structure.
    if (erlpack !== null) {
      const unpack = erlpack.unpack.bind(erlpack);
      const viaErlpack = frames.map((f) => unpack(f) as { t?: unknown }).find((f) => f.t === 'READY') as
        { d: { session_id: unknown } } | undefined;
      expect(viaErlpack?.d.session_id).toBe(ready.d.session_id);
    }
  });
});

describe('ETF from the client', () => {
  it('atoms as map keys → 4002, binaries are fine', async () => {
    const s = await server();
    const ok = new WebSocket(`${s.url}/?v=10&encoding=etf`);
    sockets.push(ok);
    const got: Buffer[] = [];
    ok.on('message', (d: Buffer) => got.push(d));
    await new Promise((r) => ok.once('open', r));
    ok.send(etfEncode({ op: 1, d: null }));
    await waitFor(() => got.length === 2, 2000, 'Hello and ACK');

    const bad = new WebSocket(`${s.url}/?v=10&encoding=etf`);
    sockets.push(bad);
    const closed = new Promise<number>((r) => bad.on('close', (code) => r(code)));
    await new Promise((r) => bad.once('open', r));
    // {op: 1, d: nil} with both keys as SMALL_ATOM_UTF8 (what some hand-written encoders do)
    const atomKeys = Uint8Array.from([
      131, 116, 0, 0, 0, 2, 119, 2, 111, 112, 97, 1, 119, 1, 100, 119, 3, 110, 105, 108,
    ]);
    bad.send(atomKeys);
    expect(await closed).toBe(4002);
  });
});
