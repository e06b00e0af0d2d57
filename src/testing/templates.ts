/**
 * Complete, valid payloads for the dispatches a test most often needs, built from a few values.
 * Each passes gatewire's receive validators in strict mode (test/testing checks every one), so a
 * scenario can say `{"dispatch": "MESSAGE_CREATE", "data": {"content": "hi"}}` and get a message
 * Discord could have sent, with only what it names changed.
 */
import type { GatewayDispatchEventMap } from '../../generated/events.js';

type Json = Record<string, unknown>;

const EPOCH = 1420070400000n;

/** A snowflake for `ms` since the Unix epoch plus a small counter (what Discord's ids look like). */
export function snowflake(ms: number | bigint, increment: number | bigint = 0): string {
  return (((BigInt(ms) - EPOCH) << 22n) | (BigInt(increment) & 0xfffn)).toString();
}

/** A valid user object (`bot` marks a bot account) for dispatches the test gateway sends. */
export function userTemplate(id: string, username: string, bot = false): Json {
  const user: Json = { id, username, discriminator: '0', global_name: null, avatar: null, public_flags: 0 };
  if (bot) user['bot'] = true;
  return user;
}

/** READY's user: the bot itself, with the fields only the current user has. */
export function currentUserTemplate(id: string, username: string): Json {
  return { ...userTemplate(id, username, true), verified: true, mfa_enabled: false, flags: 0 };
}

export function unavailableGuildTemplate(id: string): Json {
  return { id, unavailable: true };
}

/** A small available guild: one @everyone role, one text channel, the bot as its only member. */
export function guildCreateTemplate(
  id: string,
  options: { name?: string; botUser?: Json; joinedAt?: string } = {},
): Json {
  const channelId = (BigInt(id) + 1n).toString();
  const joinedAt = options.joinedAt ?? '2024-01-01T00:00:00.000000+00:00';
  const members =
    options.botUser === undefined
      ? []
      : [{ user: options.botUser, roles: [], joined_at: joinedAt, deaf: false, mute: false, flags: 0 }];
  return {
    id,
    name: options.name ?? `guild ${id}`,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: '80351110224678912',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      {
        id,
        name: '@everyone',
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        position: 0,
        permissions: '1071698660929',
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: channelId,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: joinedAt,
    large: false,
    member_count: members.length,
    voice_states: [],
    members,
    channels: [
      {
        id: channelId,
        type: 0,
        name: 'general',
        position: 0,
        permission_overwrites: [],
        nsfw: false,
        topic: null,
        last_message_id: null,
        parent_id: null,
        rate_limit_per_user: 0,
      },
    ],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** A valid MESSAGE_CREATE `d` (ids, author and content overridable) for dispatches the test gateway sends. */
export function messageTemplate(
  options: { id?: string; channelId?: string; guildId?: string; author?: Json; content?: string } = {},
): Json {
  const id = options.id ?? snowflake(Date.now());
  const message: Json = {
    id,
    channel_id: options.channelId ?? '1125867493288390717',
    author: options.author ?? userTemplate('318947210643685376', 'tester'),
    content: options.content ?? '',
    timestamp: new Date(Number((BigInt(id) >> 22n) + EPOCH)).toISOString().replace('Z', '000+00:00'),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    flags: 0,
    components: [],
  };
  if (options.guildId !== undefined) message['guild_id'] = options.guildId;
  return message;
}

/** Events with a template: `fillDispatch` starts from it and deep-merges what the caller gives. */
export const templatedEvents = [
  'MESSAGE_CREATE',
  'MESSAGE_UPDATE',
  'GUILD_CREATE',
  'MESSAGE_DELETE',
  'TYPING_START',
] as const satisfies readonly (keyof GatewayDispatchEventMap)[];

function isPlainObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `over` merged into `base`: objects key by key, anything else (arrays included) replaced. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

/** The template of `event` with `data` merged in, or `data` itself for events without one. */
export function fillDispatch(event: string, data: unknown, context: { guildId?: string } = {}): unknown {
  const guildId = isPlainObject(data) && typeof data['guild_id'] === 'string' ? data['guild_id'] : context.guildId;
  let base: Json | undefined;
  switch (event) {
    case 'MESSAGE_CREATE':
    case 'MESSAGE_UPDATE':
      base = messageTemplate(guildId === undefined ? {} : { guildId });
      break;
    case 'GUILD_CREATE':
      base = guildCreateTemplate(
        isPlainObject(data) && typeof data['id'] === 'string' ? data['id'] : (guildId ?? '1125867492537622528'),
      );
      break;
    case 'MESSAGE_DELETE':
      base = { id: snowflake(Date.now()), channel_id: '1125867493288390717' };
      if (guildId !== undefined) base['guild_id'] = guildId;
      break;
    case 'TYPING_START':
      base = {
        channel_id: '1125867493288390717',
        user_id: '318947210643685376',
        timestamp: Math.floor(Date.now() / 1000),
      };
      if (guildId !== undefined) base['guild_id'] = guildId;
      break;
    default:
      return data;
  }
  return deepMerge(base, data ?? {});
}
