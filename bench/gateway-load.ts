// Load on the test gateway (npx tsx bench/gateway-load.ts [N...], default 100 and 1000): N sessions
// of gatewire's own session (ws adapter, JSON, no compression), all in this one process with the
// server, as a test suite would run them.
//
// Measured, per N:
// - READY/s: from the first connect to the last READY (every session a shard [i, N] with one guild,
//   so each also gets its GUILD_CREATE);
// - dispatches/s: M MESSAGE_CREATEs per session queued by the server, until the last one is
//   delivered; every client must have received exactly its own sequence, in order (none lost,
//   none duplicated), or the bench fails.
// Anchor (same process, same N, same message bytes): a bare `ws` server sending the identical
// JSON text to bare `ws` clients that JSON.parse it: the transport floor. The ratio says what the
// gateway protocol (sessions, sequence log, intents, validation of each dispatch, the session's own
// parsing) costs on top of moving the bytes. Rates are wall-clock on a shared 2-core machine, with
// CPU time (user + system, server and clients together) alongside.
import { WebSocketServer, WebSocket } from 'ws';
import { IdentifyScheduler } from '../src/protocol/index.js';
import type { GatewaySessionEvent } from '../src/session/index.js';
import { connectGateway, type GatewayConnection } from '../src/session/ws/index.js';
import { messageTemplate, startTestGateway } from '../src/testing/index.js';

/** The text of a ws message, whichever of its three shapes ws hands over. */
function rawDataText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const NS = sizes.length > 0 ? sizes : [100, 1000];

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

function cpuMs(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
}

interface Result {
  readyPerSec: number;
  readyCpuMs: number;
  dispatchPerSec: number;
  dispatchCpuMs: number;
  delivered: number;
}

async function gatewayRun(n: number, perSession: number): Promise<Result> {
  const server = await startTestGateway({
    heartbeatIntervalMs: 60_000,
    identifyIntervalMs: 0,
    tokens: [{ token: 'load', guilds: n, maxConcurrency: 16, privilegedIntents: ['MessageContent'] }],
    logLimit: perSession + 10,
  });
  const clock = () => performance.now();
  const scheduler = new IdentifyScheduler({ maxConcurrency: 16, interval: 1, clock });
  const received: string[][] = [];
  const conns: GatewayConnection[] = [];
  let ready = 0;
  let delivered = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const mine: string[] = [];
    received.push(mine);
    conns.push(
      connectGateway({
        token: 'load',
        intents: 1 | 512 | (1 << 15),
        shard: [i, n],
        encoding: 'json',
        properties: { os: 'linux', browser: 'bench', device: 'bench' },
        url: server.url,
        identifyScheduler: scheduler,
        now: clock,
        onEvent: (e: GatewaySessionEvent) => {
          if (e.type === 'ready') ready++;
          else if (e.type === 'dispatch' && e.t === 'MESSAGE_CREATE') {
            mine.push((e.d as { content: string }).content);
            delivered++;
          }
        },
      }),
    );
  }
  await waitUntil(() => ready === n, 120_000, `${n} READY`);
  const readyWall = performance.now() - t0;
  const readyCpu = cpuMs(c0);
  const sessions = [...server.sessions.values()];
  if (sessions.length !== n) throw new Error(`expected ${n} sessions, got ${sessions.length}`);
  const guildOf = new Map(
    sessions.map((s) => [
      s,
      s.tokenRecord.guildIds.find((g) => (BigInt(g) >> 22n) % BigInt(n) === BigInt(s.shard[0]))!,
    ]),
  );
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  for (let k = 0; k < perSession; k++) {
    for (const s of sessions)
      server.dispatchTo(s, 'MESSAGE_CREATE', { guild_id: guildOf.get(s)!, content: `${s.shard[0]}:${k}` });
  }
  await waitUntil(() => delivered === n * perSession, 300_000, 'every dispatch delivered');
  const dispatchWall = performance.now() - t1;
  const dispatchCpu = cpuMs(c1);
  // None lost, none duplicated, in order: client i got exactly i:0 .. i:M-1.
  for (let i = 0; i < n; i++) {
    const got = received[i]!;
    if (got.length !== perSession || got.some((c, k) => c !== `${i}:${k}`))
      throw new Error(`client ${i} received ${got.length} messages out of order or lost`);
  }
  await Promise.all(conns.map((c) => c.close()));
  await server.stop();
  return {
    readyPerSec: (n / readyWall) * 1000,
    readyCpuMs: readyCpu,
    dispatchPerSec: ((n * perSession) / dispatchWall) * 1000,
    dispatchCpuMs: dispatchCpu,
    delivered,
  };
}

/** The transport floor: the same connections and message bytes over bare ws, no protocol. */
async function anchorRun(n: number, perSession: number): Promise<{ connectPerSec: number; framesPerSec: number }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  const port = (wss.address() as { port: number }).port;
  const serverSockets: import('ws').WebSocket[] = [];
  wss.on('connection', (ws) => {
    serverSockets.push(ws);
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 60_000 }, s: null, t: null }));
  });
  let hello = 0;
  let frames = 0;
  const clients: WebSocket[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/?v=10&encoding=json`, { perMessageDeflate: false });
    ws.on('message', (data) => {
      const p = JSON.parse(rawDataText(data)) as { op: number };
      if (p.op === 10) hello++;
      else frames++;
    });
    clients.push(ws);
  }
  await waitUntil(() => hello === n, 120_000, 'anchor hellos');
  const connectWall = performance.now() - t0;
  const message = messageTemplate({ content: 'x:0', guildId: '1' });
  const t1 = performance.now();
  let s = 0;
  for (let k = 0; k < perSession; k++) {
    for (const ws of serverSockets)
      ws.send(JSON.stringify({ op: 0, d: { ...message, content: `${k}` }, s: ++s, t: 'MESSAGE_CREATE' }));
  }
  await waitUntil(() => frames === n * perSession, 300_000, 'anchor frames');
  const framesWall = performance.now() - t1;
  for (const ws of clients) ws.terminate();
  await new Promise((r) => wss.close(r));
  return { connectPerSec: (n / connectWall) * 1000, framesPerSec: ((n * perSession) / framesWall) * 1000 };
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(
  `node ${process.version}; gatewire session (ws adapter, JSON) × N against the test gateway, in one process\n`,
);
console.log(
  'N      READY/s   (CPU ms)  dispatches/s  (CPU ms)  delivered  | anchor conn/s  anchor frames/s | READY ratio  dispatch ratio',
);
for (const n of NS) {
  const perSession = n >= 1000 ? 20 : 100;
  // Warm-up: a small run whose numbers are discarded.
  await gatewayRun(10, 10);
  const anchor = await anchorRun(n, perSession);
  const r = await gatewayRun(n, perSession);
  console.log(
    `${String(n).padEnd(6)} ${fmt(r.readyPerSec).padStart(8)} ${fmt(r.readyCpuMs).padStart(10)} ${fmt(r.dispatchPerSec).padStart(13)} ${fmt(r.dispatchCpuMs).padStart(9)} ${String(r.delivered).padStart(10)}  | ${fmt(anchor.connectPerSec).padStart(13)} ${fmt(anchor.framesPerSec).padStart(16)} | ${(r.readyPerSec / anchor.connectPerSec).toFixed(2).padStart(11)} ${(r.dispatchPerSec / anchor.framesPerSec).toFixed(2).padStart(15)}`,
  );
}
console.log(
  '\nratios: gateway rate ÷ bare-ws rate (1.00 = no protocol cost); none lost: every client got exactly its own messages, in order',
);
