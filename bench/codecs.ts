/**
 * Codec and transport-decompression benchmark: `npx tsx bench/codecs.ts [--quick]`.
 *
 * Prints ratios against baselines measured in the same process (the machine is shared and noisy, so
 * absolute numbers mean little): ETF decode/encode vs JSON.parse(TextDecoder) / JSON.stringify +
 * TextEncoder and vs erlpack; zlib-stream inflate vs an async node:zlib stream and vs zlib-sync.
 * Implementations are sampled round-robin so drift in machine load hits all of them alike.
 * Payloads are synthetic but Discord-shaped, from a seeded PRNG, so every run is identical.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as zlib from 'node:zlib';
import { createZlibStreamInflater, createZstdStreamDecompressor } from '../src/compression/index.js';
import { decode as etfDecode, encode as etfEncode } from '../src/etf/index.js';
import { decode as jsonDecode } from '../src/json/index.js';
import { encodeLikeDiscord } from '../test/etf/discord-etf.js';
import { realShapedGuildCreate } from './inputs/payloads.js';
import { seededRandom } from './inputs/random.js';

const require = createRequire(import.meta.url);
const quick = process.argv.includes('--quick');
const SAMPLE_MS = quick ? 40 : 120;
const SAMPLES = quick ? 3 : 7;

interface Erlpack {
  pack(value: unknown): Buffer;
  unpack(data: Uint8Array): unknown;
}
interface ZlibSync {
  Inflate: new (options?: { chunkSize?: number }) => { push(data: Uint8Array, flush?: number): void; result: Buffer | null; err: number; msg: string | null };
  Z_SYNC_FLUSH: number;
}
function optional<T>(name: string): T | null {
  try {
    return require(name) as T;
  } catch {
    return null;
  }
}
const erlpack = optional<Erlpack>('erlpack');
const zlibSync = optional<ZlibSync>('zlib-sync');

// ---------------------------------------------------------------- payloads

const { random, int, pick, snowflake, iso } = seededRandom(0x9e3779b9);
const word = () => pick(['hello', 'gateway', 'payload', 'snowflake', 'guild', 'member', 'thread', 'voice', 'élan', 'naïve', 'über', '数据', 'данные']);
const text = (n: number) => Array.from({ length: n }, word).join(' ');

function user() {
  return { id: snowflake(), username: `${word()}${int(1000)}`, global_name: random() < 0.5 ? null : `${word()} 🎉`, avatar: random() < 0.3 ? null : 'a_' + int(1e9).toString(16).repeat(4), discriminator: '0', public_flags: int(1 << 20), bot: random() < 0.1 };
}
function member() {
  return { user: user(), nick: random() < 0.5 ? null : `Nelly ${pick(['🌸', '✨', 'ß'])}`, roles: Array.from({ length: int(4) }, snowflake), joined_at: iso(), premium_since: null, deaf: false, mute: false, flags: 0, pending: false, avatar: null, communication_disabled_until: null };
}
function messageCreate() {
  return {
    op: 0, s: 42, t: 'MESSAGE_CREATE',
    d: {
      id: snowflake(), channel_id: snowflake(), guild_id: snowflake(), type: 0, tts: false, pinned: false, mention_everyone: false, flags: 0, nonce: snowflake(),
      content: `${text(12)} 🎉 <@${snowflake()}>`, timestamp: iso(), edited_timestamp: null, author: user(), member: { ...member(), user: undefined },
      mentions: [user(), user()], mention_roles: [], attachments: [], components: [],
      embeds: [{ type: 'rich', title: text(4), description: text(20), color: int(0xffffff), fields: [{ name: 'a', value: text(3), inline: true }, { name: 'b', value: text(3), inline: false }] }],
    },
  };
}
function guildCreate() {
  const id = snowflake();
  return {
    op: 0, s: 1, t: 'GUILD_CREATE',
    d: {
      id, name: text(3), icon: null, owner_id: snowflake(), member_count: 900, large: true, unavailable: false, joined_at: iso(), features: ['COMMUNITY', 'NEWS'],
      roles: Array.from({ length: 150 }, (_, i) => ({ id: snowflake(), name: text(2), color: int(0xffffff), hoist: false, position: i, permissions: String(int(2 ** 31)), managed: false, mentionable: true, flags: 0 })),
      channels: Array.from({ length: 250 }, (_, i) => ({ id: snowflake(), type: pick([0, 2, 4, 5]), name: text(2), position: i, parent_id: random() < 0.8 ? snowflake() : null, topic: random() < 0.5 ? text(10) : null, nsfw: false, rate_limit_per_user: 0, version: 1_700_000_000_000 + int(1e9), permission_overwrites: Array.from({ length: int(4) }, () => ({ id: snowflake(), type: int(2), allow: String(int(2 ** 31)), deny: '0' })) })),
      threads: Array.from({ length: 15 }, () => ({ id: snowflake(), parent_id: snowflake(), owner_id: snowflake(), type: 11, name: text(3), message_count: int(100), member_count: int(20), thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: iso(), locked: false } })),
      members: Array.from({ length: 900 }, member),
      presences: Array.from({ length: 300 }, () => ({ user: { id: snowflake() }, status: pick(['online', 'idle', 'dnd']), client_status: { desktop: 'online' }, activities: Array.from({ length: int(3) }, () => ({ name: text(2), type: int(5), created_at: 1_700_000_000_000 + int(1e9), state: random() < 0.5 ? text(4) : null, timestamps: { start: 1_700_000_000_000 + int(1e9) } })) })),
      emojis: Array.from({ length: 60 }, () => ({ id: snowflake(), name: word(), roles: [], require_colons: true, managed: false, animated: random() < 0.2, available: true })),
      voice_states: Array.from({ length: 30 }, () => ({ user_id: snowflake(), channel_id: snowflake(), session_id: Array.from({ length: 4 }, () => int(2 ** 32).toString(16).padStart(8, '0')).join(''), deaf: false, mute: false, self_deaf: false, self_mute: random() < 0.5, self_video: false, suppress: false, request_to_speak_timestamp: null })),
      stickers: [], stage_instances: [], guild_scheduled_events: [],
    },
  };
}

const payloads = {
  'HEARTBEAT_ACK (tiny)': { t: null, s: null, op: 11, d: null },
  'MESSAGE_CREATE (small)': messageCreate(),
  'GUILD_CREATE (large)': guildCreate(),
  // valid v10, grown from the GUILD_CREATE fixture (bench/inputs/payloads.ts) to a large
  // community guild's 2.8 MB; the shape the "real 2.8 MB GUILD_CREATE" row asks for
  'GUILD_CREATE (real-shaped 2.8 MB)': realShapedGuildCreate(),
};
// The issue asks for a GUILD_CREATE of 500 KB or more (read as 500 KiB, the stricter reading).
if (JSON.stringify(payloads['GUILD_CREATE (large)']).length < 500 * 1024) throw new Error('GUILD_CREATE payload is under 500 KiB');

if (process.argv.includes('--payloads')) {
  // For ad-hoc comparisons: the exact payloads, as JSON on stdout.
  process.stdout.write(JSON.stringify(payloads));
  process.exit(0);
}

// ---------------------------------------------------------------- measurement

type Impl = { name: string; run: () => unknown };

/** Median ops/s of each implementation, sampled round-robin. */
function measure(impls: readonly Impl[]): Map<string, number> {
  const samples = new Map<string, number[]>(impls.map((i) => [i.name, []]));
  const batch = new Map<string, number>();
  for (const impl of impls) {
    // warm up and calibrate a batch of ~5 ms
    let count = 1;
    for (;;) {
      const t0 = performance.now();
      for (let i = 0; i < count; i++) impl.run();
      const dt = performance.now() - t0;
      if (dt > 5) break;
      count *= 2;
    }
    batch.set(impl.name, count);
  }
  for (let s = 0; s < SAMPLES; s++) {
    for (const impl of impls) {
      const count = batch.get(impl.name)!;
      let ops = 0;
      const t0 = performance.now();
      let dt = 0;
      do {
        for (let i = 0; i < count; i++) impl.run();
        ops += count;
        dt = performance.now() - t0;
      } while (dt < SAMPLE_MS);
      samples.get(impl.name)!.push((ops / dt) * 1000);
    }
  }
  const result = new Map<string, number>();
  for (const [name, xs] of samples) {
    xs.sort((a, b) => a - b);
    result.set(name, xs[xs.length >> 1]!);
  }
  return result;
}

const rows: string[][] = [];
function row(cells: string[]): void {
  rows.push(cells);
}
const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(2)}x`);

function equalJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------- codecs

const textDecoder = new TextDecoder();
const textEncoder = new TextEncoder();
for (const [label, payload] of Object.entries(payloads)) {
  const plain = JSON.parse(JSON.stringify(payload)) as unknown;
  const jsonBytes = Buffer.from(JSON.stringify(plain));
  const etfBytes = Buffer.from(encodeLikeDiscord(plain));
  // correctness first: our decode of Discord-shaped ETF gives what JSON gives, apart from snowflakes
  // below 2^53 (none here) that only schema normalisation turns back into strings
  // (the fixture-grown guild carries small decimal ids that Discord sends as small integers: only
  // normalisation gives them back as strings)
  const synthetic = !label.includes('real-shaped');
  if (synthetic && !equalJson(etfDecode(etfBytes), plain)) throw new Error(`${label}: ETF decode differs from JSON`);
  if (!equalJson(etfDecode(etfBytes, { normalize: true }), plain)) throw new Error(`${label}: ETF decode with normalize differs from JSON`);
  if (!equalJson(etfDecode(etfEncode(plain)), plain)) throw new Error(`${label}: ETF round trip differs`);

  const dec = measure([
    { name: 'etf', run: () => etfDecode(etfBytes) },
    { name: 'etf normalize', run: () => etfDecode(etfBytes, { normalize: true }) },
    { name: 'json', run: () => JSON.parse(textDecoder.decode(jsonBytes)) },
    { name: 'gatewire/json', run: () => jsonDecode(jsonBytes) },
    ...(erlpack ? [{ name: 'erlpack', run: () => erlpack.unpack(etfBytes) }] : []),
  ]);
  row([`decode ${label}`, `${jsonBytes.length} / ${etfBytes.length}`, fmt(dec.get('etf')!), ratio(dec.get('etf'), dec.get('json')), ratio(dec.get('etf'), dec.get('erlpack')), ratio(dec.get('gatewire/json'), dec.get('json'))]);
  const norm = dec.get('etf normalize')! / dec.get('json')!;
  row([`decode + normalize ${label}`, `${jsonBytes.length} / ${etfBytes.length}`, fmt(dec.get('etf normalize')!), `${ratio(dec.get('etf normalize'), dec.get('json'))} ${norm >= 1.2 ? '✓' : '✗'} (goal ≥ 1.2)`, ratio(dec.get('etf normalize'), dec.get('erlpack')), '']);

  const enc = measure([
    { name: 'etf', run: () => etfEncode(plain) },
    { name: 'json', run: () => textEncoder.encode(JSON.stringify(plain)) },
    ...(erlpack ? [{ name: 'erlpack', run: () => erlpack.pack(plain) }] : []),
  ]);
  row([`encode ${label}`, `${jsonBytes.length} / ${etfEncode(plain).length}`, fmt(enc.get('etf')!), ratio(enc.get('etf'), enc.get('json')), ratio(enc.get('etf'), enc.get('erlpack')), '']);
}

// ---------------------------------------------------------------- transport

/** A session compressed as zlib-stream: HELLO, a big GUILD_CREATE in two frames, MESSAGE_CREATEs, ACKs. */
async function zlibSession(): Promise<{ frames: Buffer[]; messages: number; bytes: number }> {
  const messages = [JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 } }), JSON.stringify(payloads['GUILD_CREATE (large)'])];
  for (let i = 0; i < (quick ? 100 : 400); i++) messages.push(JSON.stringify(messageCreate()), ...(i % 20 === 0 ? [JSON.stringify(payloads['HEARTBEAT_ACK (tiny)'])] : []));
  const deflate = zlib.createDeflate();
  const frames: Buffer[] = [];
  for (const m of messages) {
    const chunks: Buffer[] = [];
    const onData = (c: Buffer) => chunks.push(c);
    deflate.on('data', onData);
    deflate.write(m);
    await new Promise<void>((resolve) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    deflate.off('data', onData);
    const data = Buffer.concat(chunks);
    if (data.length > 65536) frames.push(data.subarray(0, data.length >> 1), data.subarray(data.length >> 1));
    else frames.push(data);
  }
  deflate.close();
  return { frames, messages: messages.length, bytes: messages.reduce((n, m) => n + Buffer.byteLength(m), 0) };
}

const SUFFIX = (f: Uint8Array) => f.length >= 4 && f[f.length - 4] === 0 && f[f.length - 3] === 0 && f[f.length - 2] === 0xff && f[f.length - 1] === 0xff;

async function asyncStreamSession(frames: readonly Buffer[]): Promise<number> {
  // discord.js's ZlibNative approach: one createInflate stream, wait for each message's output.
  const inflate = zlib.createInflate({ chunkSize: 65535 });
  let chunks: Buffer[] = [];
  inflate.on('data', (c: Buffer) => chunks.push(c));
  let n = 0;
  for (const f of frames) {
    inflate.write(f);
    if (SUFFIX(f)) {
      await new Promise<void>((resolve) => inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
      n += Buffer.concat(chunks).length;
      chunks = [];
    }
  }
  inflate.close();
  return n;
}

async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  xs.sort((a, b) => a - b);
  return xs[xs.length >> 1]!;
}

const session = await zlibSession();
{
  const ours = () => {
    const inflater = createZlibStreamInflater();
    let n = 0;
    for (const f of session.frames) for (const m of inflater.push(f)) n += m.length;
    inflater.close();
    if (n !== session.bytes) throw new Error('zlib-stream output size mismatch');
    return n;
  };
  // zlib-sync 0.1.10 corrupts its heap (munmap_chunk abort) when output accumulates across a
  // Z_NO_FLUSH push and a later Z_SYNC_FLUSH push, so frames are joined first and pushed once.
  const viaZlibSync = zlibSync
    ? () => {
        const inflater = new zlibSync.Inflate({ chunkSize: 65535 });
        let n = 0;
        let pending: Buffer[] = [];
        for (const f of session.frames) {
          if (!SUFFIX(f)) {
            pending.push(f);
            continue;
          }
          inflater.push(pending.length === 0 ? f : Buffer.concat([...pending, f]), zlibSync.Z_SYNC_FLUSH);
          pending = [];
          n += inflater.result!.length;
        }
        return n;
      }
    : null;
  const sync = measure([{ name: 'ours', run: ours }, ...(viaZlibSync ? [{ name: 'zlib-sync', run: viaZlibSync }] : [])]);
  const oursMs = 1000 / sync.get('ours')!;
  const asyncMs = await timeAsync(() => asyncStreamSession(session.frames), quick ? 3 : 7);
  const syncMs = sync.has('zlib-sync') ? 1000 / sync.get('zlib-sync')! : undefined;
  row([`zlib-stream inflate, ${session.messages} messages`, `${session.bytes} raw`, `${((oursMs * 1000) / session.messages).toFixed(2)} µs/msg`, `${(asyncMs / oursMs).toFixed(2)}x vs async node:zlib stream`, syncMs === undefined ? 'n/a' : `${(syncMs / oursMs).toFixed(2)}x vs zlib-sync`, '']);
}

{
  // zstd-stream has no goal in the issue; measured for information on the committed test session.
  const raw = readFileSync(new URL('../test/compression/vectors/session.zstd', import.meta.url));
  const frames: Buffer[] = [];
  for (let at = 0; at < raw.length; at += 4 + raw.readUInt32BE(at)) frames.push(raw.subarray(at + 4, at + 4 + raw.readUInt32BE(at)));
  const zstd = measure([
    {
      name: 'zstd',
      run: () => {
        const d = createZstdStreamDecompressor();
        let n = 0;
        for (const f of frames) for (const m of d.push(f)) n += m.length;
        d.close();
        return n;
      },
    },
  ]);
  const ms = 1000 / zstd.get('zstd')!;
  row([`zstd-stream (${createZstdStreamDecompressor().engine}), ${frames.length} messages`, `${raw.length} compressed`, `${((ms * 1000) / frames.length).toFixed(2)} µs/msg`, 'no baseline', '', '']);
}

// ---------------------------------------------------------------- retained heap

// Heap retained by a decoded GUILD_CREATE (issue 14: ETF, with and without normalisation, ≤ 1.05×
// JSON.parse's), each decoder alone in fresh processes (bench/harness/retained-heap.ts), median.
const heapRows: string[] = [];
{
  const dir = new URL('../.tmp/bench-heap/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const heapRuns = quick ? 1 : 3;
  for (const label of ['GUILD_CREATE (large)', 'GUILD_CREATE (real-shaped 2.8 MB)'] as const) {
    const plain = JSON.parse(JSON.stringify(payloads[label])) as unknown;
    const jsonFile = new URL('payload.json', dir);
    const etfFile = new URL('payload.etf', dir);
    writeFileSync(jsonFile, JSON.stringify(plain));
    writeFileSync(etfFile, encodeLikeDiscord(plain));
    const retained = (mode: string, file: URL): number => {
      const xs: number[] = [];
      for (let i = 0; i < heapRuns; i++) {
        const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(new URL('./harness/retained-heap.ts', import.meta.url)), mode, fileURLToPath(file)], { encoding: 'utf8' });
        xs.push(Number(out));
      }
      xs.sort((a, b) => a - b);
      return xs[xs.length >> 1]!;
    };
    const json = retained('json', jsonFile);
    const etf = retained('etf', etfFile);
    const norm = retained('etf-normalize', etfFile);
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(2)} MiB`;
    const r = (n: number) => `${(n / json).toFixed(2)}× ${n / json <= 1.05 ? '✓' : '✗'}`;
    heapRows.push(`| ${label} | ${mib(json)} | ${mib(etf)} (${r(etf)}) | ${mib(norm)} (${r(norm)}) |`);
  }
}

// ---------------------------------------------------------------- table

console.log(`gatewire codecs, Node ${process.versions.node}; ratios > 1 mean gatewire is faster. Medians of ${SAMPLES} samples.`);
console.log(`erlpack: ${erlpack ? 'loaded' : 'not installed'}; zlib-sync: ${zlibSync ? 'loaded' : 'not installed'}; zstd-stream engine: ${createZstdStreamDecompressor().engine}`);
console.log('');
const header = ['case', 'bytes (json / etf)', 'etf ops/s', 'vs JSON baseline', 'vs erlpack', 'gatewire/json vs JSON'];
const table = [header, ...rows];
const widths = header.map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length)));
for (const [i, r] of table.entries()) {
  console.log('| ' + r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ') + ' |');
  if (i === 0) console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
}
console.log('');
console.log(`retained heap per decoded copy (fresh processes, --expose-gc, median; goal ETF ≤ 1.05× JSON.parse):`);
console.log('| payload | JSON.parse(TextDecoder) | ETF decode | ETF decode + normalize |');
console.log('|---|---:|---:|---:|');
for (const r of heapRows) console.log(r);
