/**
 * ETF with normalisation vs JSON (issue #14): `npx tsx bench/etf-normalize.ts [--quick]`.
 *
 * Speed rows: `decode(etf, { normalize: true })` against the anchor `JSON.parse(new
 * TextDecoder().decode(json))` of the same payload, measured in this process: process CPU time
 * (user + system), contenders interleaved round by round, the first rounds discarded as warm-up,
 * and the median of the per-round ratios. The two-pass reference (`normalizeFrame(decode(etf))`,
 * what `normalize: true` did before it was fused into decode) runs in the same rounds for context.
 *
 * Heap row: retained heap of one decoded GUILD_CREATE, ETF + normalize vs JSON.parse, each
 * measured in a fresh child process started with --expose-gc (read bytes, gc, decode and keep the
 * result, gc, heap used after minus before), children alternating, median of several each.
 *
 * Payloads are synthetic, Discord-shaped, from a seeded PRNG (no real capture is in the repo): the
 * ≥ 500 KB GUILD_CREATE and a 2.8 MB one shaped like a real large guild (more members, presences
 * with activities, channels with overwrites, roles, emojis, stickers, threads).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, etfShapes, normalizeFrame } from '../src/etf/index.js';
import { encodeLikeDiscord } from '../test/etf/discord-etf.js';
import { seededRandom } from './inputs/random.js';

const quick = process.argv.includes('--quick');

// ---------------------------------------------------------------- heap child

if (process.argv[2] === '--heap-child') {
  const [, , , kind, file] = process.argv;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the heap child needs --expose-gc');
  const bytes = readFileSync(file!);
  // warm both paths on a small frame first, so code and caches are not counted as retained
  const warm = encodeLikeDiscord({ op: 0, s: 1, t: 'GUILD_CREATE', d: { id: '175928847299117063', name: 'x', members: [] } });
  decode(warm, { normalize: true });
  JSON.parse(new TextDecoder().decode(Buffer.from(JSON.stringify({ a: 1 }))));
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const value = kind === 'etf' ? decode(bytes, { normalize: true }) : JSON.parse(new TextDecoder().decode(bytes));
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  (globalThis as { keep?: unknown }).keep = value;
  process.stdout.write(String(after - before));
  process.exit(0);
}

// ---------------------------------------------------------------- payloads

const { random, int, pick, snowflake, iso } = seededRandom(0x2545f491);
const word = () => pick(['hello', 'gateway', 'payload', 'guild', 'member', 'thread', 'voice', 'élan', 'über', '数据', 'данные', 'ok', 'gg']);
const text = (n: number) => Array.from({ length: n }, word).join(' ');
const hash = () => Array.from({ length: 4 }, () => int(2 ** 32).toString(16).padStart(8, '0')).join('');

function user() {
  return { id: snowflake(), username: `${word()}${int(1000)}`, global_name: random() < 0.5 ? null : `${word()} 🎉`, avatar: random() < 0.3 ? null : hash(), discriminator: '0', public_flags: int(1 << 20), bot: random() < 0.05, avatar_decoration_data: null };
}
function member(roles: readonly string[]) {
  return { user: user(), nick: random() < 0.4 ? null : `${word()} ${pick(['🌸', '✨', 'ß', ''])}`, roles: Array.from({ length: int(5) }, () => pick(roles)), joined_at: iso(), premium_since: random() < 0.1 ? iso() : null, deaf: false, mute: false, flags: 0, pending: false, avatar: null, banner: null, communication_disabled_until: null };
}
function messageCreate() {
  return {
    op: 0, s: 42, t: 'MESSAGE_CREATE',
    d: {
      id: snowflake(), channel_id: snowflake(), guild_id: snowflake(), type: 0, tts: false, pinned: false, mention_everyone: false, flags: 0, nonce: snowflake(),
      content: `${text(14)} 🎉 <@${snowflake()}>`, timestamp: iso(), edited_timestamp: null, author: user(), member: { roles: [snowflake(), snowflake()], joined_at: iso(), deaf: false, mute: false, flags: 0, premium_since: null, nick: null, avatar: null, communication_disabled_until: null, pending: false },
      mentions: [user(), user()], mention_roles: [snowflake()], attachments: [], components: [],
      embeds: [{ type: 'rich', title: text(4), description: text(24), color: int(0xffffff), fields: [{ name: 'a', value: text(3), inline: true }, { name: 'b', value: text(3), inline: false }] }],
    },
  };
}
function guildCreate(size: { roles: number; channels: number; members: number; presences: number; emojis: number; threads: number }) {
  const id = snowflake();
  const roles = Array.from({ length: size.roles }, snowflake);
  return {
    op: 0, s: 1, t: 'GUILD_CREATE',
    d: {
      id, name: text(3), icon: hash(), splash: null, banner: null, description: text(8), owner_id: snowflake(), member_count: size.members, large: true, unavailable: false, joined_at: iso(),
      features: ['COMMUNITY', 'NEWS', 'ANIMATED_ICON', 'INVITE_SPLASH'], verification_level: 2, default_message_notifications: 1, explicit_content_filter: 2, mfa_level: 1, premium_tier: 3, premium_subscription_count: 40, preferred_locale: 'en-US', nsfw_level: 0,
      system_channel_id: snowflake(), rules_channel_id: snowflake(), afk_channel_id: null, afk_timeout: 300, application_id: null, vanity_url_code: null, max_members: 500000, max_video_channel_users: 25,
      roles: roles.map((rid, i) => ({ id: rid, name: text(2), color: int(0xffffff), hoist: random() < 0.2, icon: null, unicode_emoji: null, position: i, permissions: String(int(2 ** 31)), managed: false, mentionable: random() < 0.5, flags: 0, tags: random() < 0.1 ? { bot_id: snowflake() } : undefined })),
      channels: Array.from({ length: size.channels }, (_, i) => ({ id: snowflake(), type: pick([0, 2, 4, 5, 13, 15]), name: text(2), position: i, parent_id: random() < 0.8 ? snowflake() : null, topic: random() < 0.5 ? text(12) : null, nsfw: false, rate_limit_per_user: 0, last_message_id: snowflake(), version: 1_700_000_000_000 + int(1e9), permission_overwrites: Array.from({ length: int(5) }, () => ({ id: pick(roles), type: int(2), allow: String(int(2 ** 31)), deny: '0' })) })),
      threads: Array.from({ length: size.threads }, () => ({ id: snowflake(), guild_id: id, parent_id: snowflake(), owner_id: snowflake(), type: 11, name: text(3), last_message_id: snowflake(), message_count: int(100), member_count: int(20), rate_limit_per_user: 0, flags: 0, total_message_sent: int(100), thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: iso(), locked: false, create_timestamp: iso() } })),
      members: Array.from({ length: size.members }, () => member(roles)),
      presences: Array.from({ length: size.presences }, () => ({ user: { id: snowflake() }, status: pick(['online', 'idle', 'dnd']), client_status: pick([{ desktop: 'online' }, { mobile: 'idle' }, { web: 'dnd', desktop: 'online' }]), activities: Array.from({ length: int(3) }, () => ({ name: text(2), type: int(5), id: hash().slice(0, 16), created_at: 1_700_000_000_000 + int(1e9), state: random() < 0.5 ? text(4) : null, details: random() < 0.3 ? text(3) : null, application_id: random() < 0.3 ? snowflake() : undefined, timestamps: { start: 1_700_000_000_000 + int(1e9) }, assets: random() < 0.3 ? { large_image: hash(), large_text: text(2) } : undefined })) })),
      emojis: Array.from({ length: size.emojis }, () => ({ id: snowflake(), name: word(), roles: [], require_colons: true, managed: false, animated: random() < 0.2, available: true, user: random() < 0.3 ? user() : undefined })),
      stickers: Array.from({ length: 10 }, () => ({ id: snowflake(), name: word(), tags: word(), type: 2, format_type: 1, description: text(3), available: true, guild_id: id })),
      voice_states: Array.from({ length: 40 }, () => ({ user_id: snowflake(), channel_id: snowflake(), session_id: hash(), deaf: false, mute: false, self_deaf: false, self_mute: random() < 0.5, self_video: false, suppress: false, request_to_speak_timestamp: null })),
      stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [], embedded_activities: [],
    },
  };
}

/** A frame's keys as Erlang writes a small map (sorted: d, op, s, t), which is what Discord's ETF gateway sends. */
const erlangOrder = (f: { op: unknown; d: unknown; s: unknown; t: unknown }) => ({ d: f.d, op: f.op, s: f.s, t: f.t });

const payloads: [string, unknown][] = ([
  ['HEARTBEAT_ACK (tiny)', { t: null, s: null, op: 11, d: null }],
  ['MESSAGE_CREATE (~2 KB)', messageCreate()],
  ['GUILD_CREATE (>= 500 KiB)', guildCreate({ roles: 150, channels: 250, members: 900, presences: 300, emojis: 60, threads: 15 })],
  ['GUILD_CREATE (2.8 MB, real-shaped)', guildCreate({ roles: 250, channels: 500, members: 5200, presences: 1800, emojis: 200, threads: 60 })],
] as [string, { op: unknown; d: unknown; s: unknown; t: unknown }][]).map(([label, frame]) => [label, erlangOrder(frame)]);

// ---------------------------------------------------------------- measurement

const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
interface Contender {
  readonly name: string;
  readonly run: () => unknown;
}

/** Median of per-round ratios anchor-time / contender-time, rounds interleaved, warm-up discarded. */
function ratios(anchor: Contender, contenders: readonly Contender[], budgetUs: number): Map<string, number> {
  const all = [anchor, ...contenders];
  // calibrate a batch of about budgetUs CPU per contender per round
  let reps = 1;
  for (;;) {
    const t0 = cpu();
    for (let i = 0; i < reps; i++) anchor.run();
    if (cpu() - t0 > budgetUs / 4 || reps > 1 << 20) break;
    reps *= 2;
  }
  reps *= 4;
  const warm = quick ? 1 : 3;
  const rounds = quick ? 5 : 15;
  const perRound: Map<string, number[]> = new Map(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < warm + rounds; r++) {
    const times = new Map<string, number>();
    // alternate the order each round so neither side always runs right after the other
    const order = r % 2 === 0 ? all : [...all].reverse();
    for (const c of order) {
      const t0 = cpu();
      for (let i = 0; i < reps; i++) c.run();
      times.set(c.name, cpu() - t0);
    }
    if (r < warm) continue;
    for (const c of contenders) perRound.get(c.name)!.push(times.get(anchor.name)! / Math.max(1, times.get(c.name)!));
  }
  const out = new Map<string, number>();
  for (const [name, xs] of perRound) {
    xs.sort((a, b) => a - b);
    out.set(name, xs[xs.length >> 1]!);
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const mib = (x: number) => `${(x / 1048576).toFixed(2)} MiB`;

const rows: string[][] = [['payload', 'bytes (json / etf)', 'ETF+normalize vs JSON', 'two-pass reference vs JSON', 'raw ETF vs JSON']];
const textDecoder = new TextDecoder();
for (const [label, payload] of payloads) {
  const plain = JSON.parse(JSON.stringify(payload)) as unknown;
  const jsonBytes = Buffer.from(JSON.stringify(plain));
  const etfBytes = Buffer.from(encodeLikeDiscord(plain));
  // Fair only if both give the same value: normalised ETF must equal what JSON gives.
  if (JSON.stringify(decode(etfBytes, { normalize: true })) !== JSON.stringify(plain)) throw new Error(`${label}: ETF + normalize differs from JSON`);
  const r = ratios(
    { name: 'json', run: () => JSON.parse(textDecoder.decode(jsonBytes)) },
    [
      { name: 'fused', run: () => decode(etfBytes, { normalize: true }) },
      { name: 'two-pass', run: () => normalizeFrame(decode(etfBytes), etfShapes) },
      { name: 'raw', run: () => decode(etfBytes) },
    ],
    quick ? 20_000 : 60_000,
  );
  const x = (name: string) => `${r.get(name)!.toFixed(2)}x`;
  rows.push([label, `${jsonBytes.length} / ${etfBytes.length}`, x('fused'), x('two-pass'), x('raw')]);
}

// retained heap, in child processes
const dir = mkdtempSync(join(tmpdir(), 'gatewire-etf-heap-'));
const heapRows: string[][] = [['payload', 'JSON.parse retained', 'ETF+normalize retained', 'ratio (goal <= 1.05)']];
try {
  const self = fileURLToPath(import.meta.url);
  for (const [label, payload] of payloads.slice(2)) {
    const plain = JSON.parse(JSON.stringify(payload)) as unknown;
    const jsonFile = join(dir, 'frame.json');
    const etfFile = join(dir, 'frame.etf');
    writeFileSync(jsonFile, JSON.stringify(plain));
    writeFileSync(etfFile, encodeLikeDiscord(plain));
    const got = { json: [] as number[], etf: [] as number[] };
    for (let i = 0; i < (quick ? 3 : 5); i++) {
      for (const kind of i % 2 === 0 ? (['json', 'etf'] as const) : (['etf', 'json'] as const)) {
        const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', self, '--heap-child', kind, kind === 'etf' ? etfFile : jsonFile], { encoding: 'utf8' });
        if (child.status !== 0) throw new Error(`heap child failed: ${child.stderr}`);
        got[kind].push(Number(child.stdout));
      }
    }
    const json = median(got.json);
    const etf = median(got.etf);
    heapRows.push([label, mib(json), mib(etf), `${(etf / json).toFixed(2)}x`]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function print(table: string[][]): void {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  for (const [i, r] of table.entries()) {
    console.log('| ' + r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ') + ' |');
    if (i === 0) console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  }
}
console.log(`ETF + normalize vs JSON.parse(TextDecoder), Node ${process.versions.node}; CPU time, interleaved rounds, median of per-round ratios; > 1 means ETF is faster (goal >= 1.2).`);
console.log('');
print(rows);
console.log('');
console.log('Retained heap of one decoded frame (fresh --expose-gc child each, median):');
console.log('');
print(heapRows);
