/**
 * Real processes: bot processes (child processes running ./shard-worker.ts) share one private
 * redis-server and the project's loopback gateway (gatewire/testing) on 127.0.0.1, which enforces
 * Discord's rules itself: an identify faster than its bucket allows gets op 9. Assertions are on
 * what the gateway saw (identify spacing per bucket, identify vs resume counts, no op 9) and on
 * what reached the streams.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDispatchConsumer, createDispatchDeduplicator } from '../../src/redis/index.js';
import { startTestGateway, type TestGateway, type TestGatewaySession } from '../../src/testing/index.js';
import { waitFor } from '../testing/helpers.js';
import { RedisServer, redisUnavailableReason } from './redis-server.js';
import type { WorkerConfig, WorkerReport } from './shard-worker.js';

const skip = redisUnavailableReason();
if (skip !== null) console.log(`skipping gatewire/redis multi-process tests: ${skip}`);

const WORKER_SOURCE = fileURLToPath(new URL('./shard-worker.ts', import.meta.url));
// Bundled once with esbuild (packages stay external and resolve from the repository), so each child
// starts in a fraction of the time a tsx-transformed start takes on a busy machine.
const BUNDLE_DIR = fileURLToPath(new URL(`./tmp-worker-${process.pid}/`, import.meta.url));
let WORKER = '';

class Worker {
  readonly reports: WorkerReport[] = [];
  readonly child: ChildProcess;
  exited: Promise<number | null>;

  constructor(config: WorkerConfig) {
    this.child = fork(WORKER, [JSON.stringify(config)], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m) => this.reports.push(m as WorkerReport));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  count(type: WorkerReport['type']): number {
    return this.reports.filter((r) => r.type === type).length;
  }

  async shutdown(): Promise<void> {
    this.child.send({ type: 'shutdown' });
    await waitFor(() => this.count('stopped') === 1, 10_000, 'a graceful stop');
    await this.exited;
  }
}

describe.skipIf(skip !== null)('many shards on many processes (real redis-server, child processes)', () => {
  let redis: RedisServer;
  let gateway: TestGateway;
  let workers: Worker[] = [];
  let n = 0;
  const identifies: { shard: number; at: number }[] = [];
  let invalidSessions = 0;

  beforeAll(async () => {
    WORKER = path.join(BUNDLE_DIR, 'shard-worker.mjs');
    await build({ entryPoints: [WORKER_SOURCE], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: WORKER, logLevel: 'silent' });
    redis = await RedisServer.start();
    gateway = await startTestGateway({
      heartbeatIntervalMs: 30_000,
      // The gateway refuses (op 9) an identify that comes sooner than this after its bucket's last.
      identifyIntervalMs: 200,
      tokens: [{ token: 'test-token', maxConcurrency: 4, guilds: 0 }],
      hooks: {
        onIdentify: (_conn, d) => void identifies.push({ shard: (d['shard'] as [number, number])[0], at: performance.now() }),
        onFrame: (_conn, frame) => {
          if (frame.op === 9) invalidSessions++;
        },
      },
    });
  });
  afterEach(() => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    workers = [];
  });
  afterAll(async () => {
    await gateway?.stop();
    await redis?.stop();
    await rm(BUNDLE_DIR, { recursive: true, force: true });
  });

  const config = (shards: number[], extra: Partial<WorkerConfig> = {}): WorkerConfig => ({
    redisUrl: redis.url,
    gatewayUrl: gateway.url,
    namespace: `mp${n}`,
    shards,
    shardCount: 16,
    maxConcurrency: 4,
    intervalMs: 200,
    safetyMarginMs: 100,
    leaseMs: 5000,
    publish: false,
    ...extra,
  });
  const spawn = (c: WorkerConfig) => {
    const w = new Worker(c);
    workers.push(w);
    return w;
  };
  const total = (type: WorkerReport['type']) => workers.reduce((sum, w) => sum + w.count(type), 0);

  it('16 shards over 4 processes, max_concurrency 4: each bucket identifies one at a time, an interval apart', async () => {
    n++;
    identifies.length = 0;
    const before = gateway.stats().identifies;
    // Every process has one shard of every bucket, so each bucket is shared by four processes.
    for (let p = 0; p < 4; p++) spawn(config([4 * p, 4 * p + 1, 4 * p + 2, 4 * p + 3]));
    await waitFor(() => total('ready') === 16, 30_000, '16 READY');
    expect(gateway.stats().identifies - before).toBe(16);
    expect(invalidSessions).toBe(0);
    for (let bucket = 0; bucket < 4; bucket++) {
      const times = identifies
        .filter((i) => i.shard % 4 === bucket)
        .map((i) => i.at)
        .sort((a, b) => a - b);
      expect(times).toHaveLength(4);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, `bucket ${bucket}`).toBeGreaterThanOrEqual(200);
    }
    expect(new Set(identifies.map((i) => i.shard)).size).toBe(16);
    await Promise.all(workers.map((w) => w.shutdown()));
  });

  it('kill -9 of a lease holder: another process takes the shards over after the lease expires and resumes them', async () => {
    n++;
    const leaseMs = 800;
    const a = spawn(config([0, 1], { leaseMs }));
    await waitFor(() => a.count('ready') === 2, 20_000, 'two READY');
    const sessions = [...gateway.sessions.values()].filter((s) => a.reports.some((r) => r.type === 'ready' && r.sessionId === s.id));
    expect(sessions).toHaveLength(2);
    for (const s of sessions) expect(gateway.dispatchTo(s, 'MESSAGE_CREATE', { content: 'before' })).not.toBeNull();
    await new Promise((r) => setTimeout(r, 150)); // the store flushes every 50 ms
    const identifiesBefore = gateway.stats().identifies;
    const resumesBefore = gateway.stats().resumes;
    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = performance.now();
    const b = spawn(config([0, 1], { leaseMs }));
    await waitFor(() => b.count('resumed') === 2, 20_000, 'two RESUMED');
    const tookOver = performance.now() - killedAt;
    const started = b.reports.filter((r) => r.type === 'started');
    expect(started.every((r) => r.type === 'started' && r.resumedFromStore)).toBe(true);
    expect(gateway.stats().resumes - resumesBefore).toBe(2);
    expect(gateway.stats().identifies - identifiesBefore).toBe(0);
    // It had to wait for the dead holder's lease to run out (less the time the new process took to start).
    expect(tookOver).toBeGreaterThanOrEqual(leaseMs / 2);
    const tokens = a.reports.flatMap((r) => (r.type === 'started' ? [r.token] : []));
    for (const r of started) if (r.type === 'started') expect(r.token).toBeGreaterThan(Math.max(...tokens));
    await b.shutdown();
  });

  it('graceful restart: every shard resumes, and no dispatch is lost or published twice', async () => {
    n++;
    const shardsOf = (p: number) => [2 * p, 2 * p + 1];
    const namespace = `mp${n}`;
    for (let p = 0; p < 4; p++) spawn(config(shardsOf(p), { publish: true }));
    await waitFor(() => total('ready') === 8, 30_000, '8 READY');
    const ours = new Set(workers.flatMap((w) => w.reports.flatMap((r) => (r.type === 'ready' ? [r.sessionId] : []))));
    const sessions: TestGatewaySession[] = [...gateway.sessions.values()].filter((s) => ours.has(s.id));
    expect(sessions).toHaveLength(8);
    // A steady flow of dispatches into every session, through the restart.
    let flowing = true;
    let sent = 0;
    const flow = (async () => {
      while (flowing) {
        for (const s of sessions) {
          if (gateway.dispatchTo(s, 'MESSAGE_CREATE', { content: `m${++sent}` }) === null) throw new Error('filtered out');
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    const identifiesBefore = gateway.stats().identifies;
    const resumesBefore = gateway.stats().resumes;
    const old = workers;
    await Promise.all(old.map((w) => w.shutdown()));
    workers = [];
    for (let p = 0; p < 4; p++) spawn(config(shardsOf(p), { publish: true }));
    await waitFor(() => total('resumed') === 8, 30_000, '8 RESUMED');
    await new Promise((r) => setTimeout(r, 200));
    flowing = false;
    await flow;
    expect(gateway.stats().identifies - identifiesBefore).toBe(0);
    expect(gateway.stats().resumes - resumesBefore).toBe(8);
    expect(workers.every((w) => w.reports.every((r) => r.type !== 'started' || r.resumedFromStore))).toBe(true);

    // Everything the gateway sent must reach the stream: read it all through a consumer group.
    const expected = new Set(sessions.flatMap((s) => s.log.filter((e) => e.t === 'MESSAGE_CREATE').map((e) => `${s.id}:${e.s}`)));
    const client = await redis.client();
    const consumer = createDispatchConsumer({ client, namespace, group: 'count', consumer: 'c', events: ['MESSAGE_CREATE'], blockMs: 100, count: 1000 });
    const dedupe = createDispatchDeduplicator();
    let entries = 0;
    const deadline = performance.now() + 10_000;
    while (dedupe.size < expected.size && performance.now() < deadline) {
      const batch = await consumer.read();
      for (const m of batch) {
        entries++;
        dedupe.seen(m.key);
      }
      await consumer.ack(batch);
    }
    const seen = new Set<string>();
    // Rebuild the set of keys read (the deduplicator is write-only): re-read the stream from the start.
    const all = (await client.sendCommand(['XRANGE', `${namespace}:dispatch:MESSAGE_CREATE`, '-', '+'])) as [string, string[]][];
    for (const [, fields] of all) seen.add(fields[fields.indexOf('k') + 1]!);
    client.destroy();
    const missing = [...expected].filter((k) => !seen.has(k));
    expect(missing).toEqual([]);
    expect(seen.size).toBe(expected.size);
    // A graceful restart flushed the last sequence, so nothing was replayed into the stream twice.
    expect(all.length).toBe(expected.size);
    expect(entries).toBe(all.length);
    await Promise.all(workers.map((w) => w.shutdown()));
  });
});
