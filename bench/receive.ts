// The full receive path per message (issue 14): zlib-stream inflate → decode → safeParseReceive,
// on a realistic mixed stream (bench/inputs/stream.ts), against @discordjs/ws's own unpack path
// (its WebSocketShard.unpackMessage with zlib-sync, `to: 'string'`, then JSON.parse; no
// validation). `npx tsx bench/receive.ts` (ROUNDS, WARMUP_MS, MESSAGES tune it).
//
// The gatewire rows inflate with `pushEach` (each message lent to the decoder, no copy); one row
// runs the same through `push` (a fresh buffer per message) for the difference, and the
// "inflate only" and "inflate + decode" rows give the split of the full path.
//
// One op = the whole stream through a fresh decompression context. Process CPU time, contenders
// interleaved, median of per-round ratios (bench/harness/cpu.ts). The discord.js contender is its
// real method on a real WebSocketShard, given its zlib-sync inflater as its connect() would.
import { createRequire } from 'node:module';
import { WebSocketShard } from '@discordjs/ws';
import { measureRoundsAsync, speedup, usPerCall } from './harness/cpu.js';
import { compressStream, mixedMessages } from './inputs/stream.js';
import { createZlibStreamInflater } from '../src/compression/index.js';
import { decode as etfDecode } from '../src/etf/index.js';
import { decode as jsonDecode } from '../src/json/index.js';
import { safeParseReceive } from '../src/validate/index.js';
import { encodeLikeDiscord } from '../test/etf/discord-etf.js';

interface ZlibSync {
  Inflate: new (options: { chunkSize: number; to?: 'string' }) => { push(data: Uint8Array, flush: number): void; result: string | Buffer | null; err: number };
  Z_SYNC_FLUSH: number;
}
const zlibSync = createRequire(import.meta.url)('zlib-sync') as ZlibSync;

const COUNT = Number(process.env.MESSAGES ?? 2000);
const options = { rounds: Number(process.env.ROUNDS ?? 15), discard: 2, batchMs: Number(process.env.BATCH_MS ?? 120), warmupMs: Number(process.env.WARMUP_MS ?? 1500) };

const messages = mixedMessages(COUNT);
for (const [i, m] of messages.entries()) if (!safeParseReceive(m).success) throw new Error(`stream message ${i} is not valid`);
const json = await compressStream(messages.map((m) => Buffer.from(JSON.stringify(m))));
const etf = await compressStream(messages.map((m) => encodeLikeDiscord(m)));

// a shard configured as connect() configures it for `compression: ZlibSync` (CompressionMethod 1)
const shard = new WebSocketShard({ options: { compression: 1, encoding: 'json', version: '10', useIdentifyCompression: false } } as never, 0) as unknown as {
  zLibSyncInflate: unknown;
  unpackMessage(data: ArrayBuffer | Buffer, isBinary: boolean): Promise<unknown>;
};

const GOAL = 'gatewire: inflate + decode + safeParseReceive';
// The message handed to pushEach is only lent: decoded (and validated) before the next frame.
const parseMessage = (bytes: Uint8Array): boolean => safeParseReceive(jsonDecode(bytes)).success;
const parseEtfMessage = (bytes: Uint8Array): boolean => safeParseReceive(etfDecode(bytes, { normalize: true })).success;

let sink = 0;
const contenders = {
  'discord.js ws unpack (zlib-sync + JSON.parse)': async () => {
    shard.zLibSyncInflate = new zlibSync.Inflate({ chunkSize: 65535, to: 'string' });
    for (const f of json.frames) if ((await shard.unpackMessage(f, true)) !== null) sink++;
  },
  'floor: zlib-sync + JSON.parse, synchronous': () => {
    const inflate = new zlibSync.Inflate({ chunkSize: 65535, to: 'string' });
    for (const f of json.frames) {
      inflate.push(f, zlibSync.Z_SYNC_FLUSH);
      if (JSON.parse(inflate.result as string) !== null) sink++;
    }
  },
  'gatewire: inflate only (pushEach, nothing decoded)': () => {
    const inflater = createZlibStreamInflater();
    for (const f of json.frames) for (const m of inflater.pushEach(f, (bytes) => bytes.length)) if (m > 0) sink++;
    inflater.close();
  },
  'gatewire: inflate + decode': () => {
    const inflater = createZlibStreamInflater();
    for (const f of json.frames) for (const m of inflater.pushEach(f, jsonDecode)) if (m !== null) sink++;
    inflater.close();
  },
  [GOAL]: () => {
    const inflater = createZlibStreamInflater();
    for (const f of json.frames) for (const ok of inflater.pushEach(f, parseMessage)) if (ok) sink++;
    inflater.close();
  },
  'same, through push (a fresh copy of every message)': () => {
    const inflater = createZlibStreamInflater();
    for (const f of json.frames) for (const m of inflater.push(f)) if (safeParseReceive(jsonDecode(m)).success) sink++;
    inflater.close();
  },
  'gatewire ETF: inflate + decode(normalize) + safeParseReceive': () => {
    const inflater = createZlibStreamInflater();
    for (const f of etf.frames) for (const ok of inflater.pushEach(f, parseEtfMessage)) if (ok) sink++;
    inflater.close();
  },
};
// gate: every path yields every message, and every gatewire path validates all of them
for (const [name, run] of Object.entries(contenders)) {
  sink = 0;
  await run();
  if (sink !== COUNT) throw new Error(`${name}: ${sink} of ${COUNT} messages`);
}

const t = await measureRoundsAsync(contenders, options);
const base = 'discord.js ws unpack (zlib-sync + JSON.parse)';
const out: string[] = [];
out.push(`receive path bench, Node ${process.versions.node}: ${COUNT} messages, ${(json.bytes / 1e6).toFixed(2)} MB JSON (${(json.bytes / COUNT / 1000).toFixed(2)} KB/msg), ${(json.frames.reduce((n, f) => n + f.length, 0) / 1e3).toFixed(0)} KB deflated (ETF ${(etf.frames.reduce((n, f) => n + f.length, 0) / 1e3).toFixed(0)} KB); process CPU time, ${options.rounds} rounds of ≥ ${options.batchMs} ms per contender kept`);
out.push('ratio = speed ÷ discord.js ws unpack (> 1: faster); goal for the full gatewire path: ≥ 1.0 while validating every field');
out.push('');
out.push('| pipeline | µs / message | ratio vs discord.js [min–max] |');
out.push('|---|---:|---|');
for (const name of Object.keys(contenders)) {
  const r = speedup(t, name, base);
  const goal = name === GOAL ? (r.median >= 1 ? ' ✓ (goal ≥ 1.0)' : ' ✗ (goal ≥ 1.0)') : '';
  out.push(`| ${name} | ${(usPerCall(t, name) / COUNT).toFixed(2)} | ${r.median.toFixed(2)}× [${r.min.toFixed(2)}–${r.max.toFixed(2)}]${goal} |`);
}
process.stdout.write(out.join('\n') + '\n');
