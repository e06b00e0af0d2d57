// gatewire/redis costs, as ratios measured in one process against anchors (npx tsx bench/redis.ts).
//
// Starts its own redis-server (random 127.0.0.1 port, temporary directory, no persistence), so the
// numbers include a real loopback round trip. Contenders run interleaved, round after round; the
// first round is warm-up and discarded; each figure is the median of the remaining rounds.
//
// 1. Identify acquire overhead: one uncontended `acquire` (every call on a fresh bucket, so nothing
//    waits: what is measured is the script round trip) against
//    - gatewire's in-process IdentifyScheduler.reserve (what a single-process bot pays), and
//    - a bare `SET key NX PX 5000` (the hand-written Redis lock other projects use: the floor of any
//      Redis-backed queue, one round trip doing the least possible).
//    Reported as wall time per acquire and client CPU time per acquire.
// 2. Fan-out throughput in dispatches/s, MESSAGE_CREATE (the `d` of test/fixtures/receive/MESSAGE_CREATE.json, about 6 KB of JSON):
//    publish through Redis Streams (XADD, pipelined 100 at a time) and read back through a consumer
//    group (XREADGROUP COUNT 500 + XACK), end to end, against in-process delivery of the same
//    envelope with an EventEmitter, and against an in-process JSON round trip of it (the
//    serialisation any cross-process path pays at least).
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { IdentifyScheduler } from '../src/protocol/index.js';
import {
  createDispatchConsumer,
  createDispatchPublisher,
  createRedisIdentifyQueue,
  schemaSetHash,
  type DispatchEnvelope,
} from '../src/redis/index.js';
import { RedisServer, redisUnavailableReason } from '../test/redis/redis-server.js';

const unavailable = redisUnavailableReason();
if (unavailable !== null) {
  console.log(`skipped: ${unavailable}`);
  process.exit(0);
}

const ROUNDS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const fmt = (x: number, digits = 2) => (x >= 100 ? x.toFixed(0) : x.toFixed(digits));

const server = await RedisServer.start();
const client = await server.client();
const readerClient = await server.client();

try {
  // ---------------------------------------------------------------- identify acquire
  let bucket = 0;
  const queue = createRedisIdentifyQueue({ client, namespace: 'bench', maxConcurrency: 2 ** 31, intervalMs: 1, safetyMarginMs: 0 });
  await queue.acquire(bucket++); // the first one waits out the one-window start-up quarantine
  const scheduler = new IdentifyScheduler({ maxConcurrency: 2 ** 31 });
  let lockKey = 0;
  type Contender = { name: string; run: (n: number) => Promise<void> };
  const contenders: Contender[] = [
    {
      name: 'Redis identify queue acquire',
      run: async (n) => {
        for (let i = 0; i < n; i++) await queue.acquire(bucket++);
      },
    },
    {
      name: 'bare SET NX PX (hand-written lock)',
      run: async (n) => {
        for (let i = 0; i < n; i++) await client.sendCommand(['SET', `bench:lock:${lockKey++}`, '1', 'NX', 'PX', '5000']);
      },
    },
    {
      name: 'in-process IdentifyScheduler.reserve',
      run: async (n) => {
        for (let i = 0; i < n; i++) scheduler.reserve(bucket++);
      },
    },
  ];
  const perOp = new Map(contenders.map((c) => [c.name, { wall: [] as number[], cpu: [] as number[] }]));
  const batch = new Map<string, number>([
    ['Redis identify queue acquire', 400],
    ['bare SET NX PX (hand-written lock)', 400],
    ['in-process IdentifyScheduler.reserve', 200_000],
  ]);
  for (let round = 0; round <= ROUNDS; round++) {
    for (const c of contenders) {
      const n = batch.get(c.name)!;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await c.run(n);
      const wall = ((performance.now() - t0) * 1000) / n;
      const cpuUsed = process.cpuUsage(cpu0);
      const cpu = (cpuUsed.user + cpuUsed.system) / n;
      if (round === 0) continue; // warm-up
      perOp.get(c.name)!.wall.push(wall);
      perOp.get(c.name)!.cpu.push(cpu);
    }
  }
  const acquire = perOp.get('Redis identify queue acquire')!;
  console.log('identify acquire (uncontended), median of %d rounds', ROUNDS);
  console.log('| contender | wall µs/op | client CPU µs/op | acquire ÷ this (wall) | acquire ÷ this (CPU) |');
  console.log('|---|---:|---:|---:|---:|');
  for (const c of contenders) {
    const m = perOp.get(c.name)!;
    const w = median(m.wall);
    const cpu = median(m.cpu);
    console.log(`| ${c.name} | ${fmt(w)} | ${fmt(cpu)} | ${fmt(median(acquire.wall) / w)}× | ${fmt(median(acquire.cpu) / cpu)}× |`);
  }

  // ---------------------------------------------------------------- fan-out
  const fixture = JSON.parse(readFileSync(new URL('../test/fixtures/receive/MESSAGE_CREATE.json', import.meta.url), 'utf8')) as { d: unknown };
  const N = 2000;
  const publisher = createDispatchPublisher({ client, namespace: 'bench', maxLen: 10_000 });
  const consumer = createDispatchConsumer({
    client: readerClient,
    namespace: 'bench',
    group: 'bench',
    consumer: 'c',
    events: ['MESSAGE_CREATE'],
    count: 500,
    blockMs: 0,
  });
  await consumer.ensureGroups();
  let seq = 0;
  const fanOut: { name: string; run: () => Promise<number> }[] = [
    {
      name: 'Redis Streams (XADD → XREADGROUP → XACK)',
      run: async () => {
        for (let i = 0; i < N; i += 100) {
          const writes: Promise<unknown>[] = [];
          for (let j = 0; j < 100; j++) writes.push(publisher.publish({ shard: 0, session_id: 'bench', seq: ++seq, t: 'MESSAGE_CREATE', d: fixture.d }));
          await Promise.all(writes);
        }
        let got = 0;
        while (got < N) {
          const batch = await consumer.read();
          got += batch.length;
          await consumer.ack(batch);
        }
        return got;
      },
    },
    {
      name: 'in-process EventEmitter',
      run: async () => {
        const emitter = new EventEmitter();
        let got = 0;
        emitter.on('MESSAGE_CREATE', (e: DispatchEnvelope) => {
          if (e.seq > 0) got++;
        });
        const schema = schemaSetHash();
        for (let i = 0; i < N; i++) emitter.emit('MESSAGE_CREATE', { shard: 0, session_id: 'bench', seq: ++seq, t: 'MESSAGE_CREATE', d: fixture.d, schema });
        return got;
      },
    },
    {
      name: 'in-process JSON round trip',
      run: async () => {
        let got = 0;
        const schema = schemaSetHash();
        for (let i = 0; i < N; i++) {
          const e = JSON.parse(JSON.stringify({ shard: 0, session_id: 'bench', seq: ++seq, t: 'MESSAGE_CREATE', d: fixture.d, schema })) as DispatchEnvelope;
          if (e.seq > 0) got++;
        }
        return got;
      },
    },
  ];
  const rates = new Map(fanOut.map((c) => [c.name, [] as number[]]));
  for (let round = 0; round <= ROUNDS; round++) {
    for (const c of fanOut) {
      const t0 = performance.now();
      const got = await c.run();
      const dt = performance.now() - t0;
      if (got !== N) throw new Error(`${c.name} delivered ${got} of ${N}`);
      if (round > 0) rates.get(c.name)!.push((N / dt) * 1000);
    }
  }
  const streams = median(rates.get(fanOut[0]!.name)!);
  console.log('\nfan-out of MESSAGE_CREATE (%d bytes of JSON), %d dispatches per run, median of %d rounds', JSON.stringify(fixture.d).length, N, ROUNDS);
  console.log('| path | dispatches/s | this ÷ Streams |');
  console.log('|---|---:|---:|');
  for (const c of fanOut) {
    const r = median(rates.get(c.name)!);
    console.log(`| ${c.name} | ${fmt(r, 0)} | ${fmt(r / streams)}× |`);
  }
} finally {
  client.destroy();
  readerClient.destroy();
  await server.stop();
}
