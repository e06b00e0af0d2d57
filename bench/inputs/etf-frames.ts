/**
 * The frames of bench/etf-normalize.ts (and of profiling runs of the same decode): synthetic,
 * Discord-shaped, from a seeded PRNG (no real capture is in the repo), with keys in the order
 * Erlang writes a small map. A tiny HEARTBEAT_ACK, a ~2 KB MESSAGE_CREATE, a >= 500 KB
 * GUILD_CREATE and a 2.8 MB one shaped like a real large guild (more members, presences with
 * activities, channels with overwrites, roles, emojis, stickers, threads).
 */
import { seededRandom } from './random.js';

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
export function messageCreate() {
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
export function guildCreate(size: { roles: number; channels: number; members: number; presences: number; emojis: number; threads: number }) {
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
export const erlangOrder = (f: { op: unknown; d: unknown; s: unknown; t: unknown }) => ({ d: f.d, op: f.op, s: f.s, t: f.t });

/**
 * The bench rows, each a list of distinct frames a contender decodes in turn. MESSAGE_CREATE is
 * 512 different messages (fresh ids everywhere): decoding one frame over and over would let any
 * cache of the decoder's (keys, snowflakes) hit on every value, which no real stream does.
 */
export const payloads: [string, unknown[]][] = (
  [
    ['HEARTBEAT_ACK (tiny)', [{ t: null, s: null, op: 11, d: null }]],
    ['MESSAGE_CREATE (~2 KB, 512 distinct)', Array.from({ length: 512 }, messageCreate)],
    ['GUILD_CREATE (>= 500 KiB)', [guildCreate({ roles: 150, channels: 250, members: 900, presences: 300, emojis: 60, threads: 15 })]],
    ['GUILD_CREATE (2.8 MB, real-shaped)', [guildCreate({ roles: 250, channels: 500, members: 5200, presences: 1800, emojis: 200, threads: 60 })]],
  ] as [string, { op: unknown; d: unknown; s: unknown; t: unknown }[]][]
).map(([label, frames]) => [label, frames.map(erlangOrder)]);
