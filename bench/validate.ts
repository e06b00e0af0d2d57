// Validation speed, as ratios measured in one process (npx tsx bench/validate.ts).
//
// Inputs: MESSAGE_CREATE (test/fixtures, 9.7 KB: valid; invalid deep = a select option's `value`
// missing at depth 7; invalid early = `author.id` a number) and a GUILD_CREATE of 500 KB or more,
// built from the fixture by repeating members, presences, channels, roles and voice states.
//
// Contenders:
// - generated zod (generated/zod.ts, as shipped: structured schemas accept through the compiled
//   validators first, see setCompiledFastPath) and `generated zod alone` (the same schemas with the
//   fast path off, i.e. zod's parser only) vs a hand-written zod schema of the same frames, and vs a
//   second hand-written zod schema, `hand zod (same fields)`, that checks every field the generated
//   one checks (gated to agree with it on the fixtures, their mutations and thousands of broken
//   copies), so `gen/hand zod (same fields)` is the like-for-like ratio;
// - compiled validators (generated/validators.ts) vs a hand-written Ajv schema (draft-07,
//   allErrors: false), both as boolean checks, and through `safeParseReceive` (which also
//   collects issues and builds the result);
// - reject vs accept: the cost of rejecting an invalid payload relative to accepting a valid one.
// The first hand-written schemas (zod and Ajv) cover the fields the fixtures carry, allow unknown keys, check integers
// as integers, snowflakes against ^[0-9]+$ (as the project's schema does) and dispatch tagged unions
// with discriminatedUnion / if-then-else.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { z } from 'zod';
import { GatewayDispatchValidators, Validators } from '../generated/validators.js';
import * as zodSchemas from '../generated/zod.js';
import { GatewayGuildCreateDispatchSchema, GatewayMessageCreateDispatchSchema, setCompiledFastPath } from '../generated/zod.js';
import { safeParseReceive } from '../src/validate/index.js';
import { applyMutation, loadFixtures, loadMutations } from '../test/fixtures/index.js';

// ---------------------------------------------------------------------------------------------
// Inputs

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../test/fixtures/receive/${name}.json`, import.meta.url), 'utf8'));

type Json = Record<string, any>;
const message = fixture('MESSAGE_CREATE') as Json;
const deep = structuredClone(message);
delete deep.d.components[1].components[0].options[1].value;
const early = structuredClone(message);
early.d.author.id = 318947210643685376;

function bigGuild(): Json {
  const g = structuredClone(fixture('GUILD_CREATE')) as Json;
  const d = g.d;
  const grow = (list: Json[], n: number, fix: (x: Json, i: number) => void): Json[] => {
    const out: Json[] = [];
    for (let i = 0; i < n; i++) {
      const x = structuredClone(list[i % list.length]!);
      fix(x, i);
      out.push(x);
    }
    return out;
  };
  const id = (i: number): string => String(1200000000000000000n + BigInt(i));
  d.members = grow(d.members, 560, (m, i) => (m.user.id = id(i)));
  d.presences = grow(d.presences, 260, (p, i) => (p.user.id = id(i)));
  d.channels = grow(d.channels, 150, (c, i) => (c.id = id(100000 + i)));
  d.roles = grow(d.roles, 100, (r, i) => (r.id = id(200000 + i)));
  d.voice_states = grow(d.voice_states, 100, (v, i) => (v.user_id = id(i)));
  d.member_count = d.members.length;
  return g;
}
const guild = bigGuild();
const guildBytes = JSON.stringify(guild).length;

// ---------------------------------------------------------------------------------------------
// Hand-written zod

const snow = z.string().regex(/^[0-9]+$/);
const int = z.int();
const str = z.string();
const bool = z.boolean();
const nstr = str.nullable();
const zAvatarDecoration = z.looseObject({ asset: str, sku_id: snow });
const zUser = z.looseObject({
  id: snow,
  username: str,
  discriminator: str,
  global_name: nstr,
  avatar: nstr,
  bot: bool.optional(),
  public_flags: int.optional(),
  banner: nstr.optional(),
  accent_color: int.nullable().optional(),
  avatar_decoration_data: zAvatarDecoration.nullable().optional(),
  collectibles: z.looseObject({ nameplate: z.looseObject({ sku_id: snow, asset: str, label: str, palette: str }).optional() }).nullable().optional(),
  primary_guild: z
    .looseObject({ identity_guild_id: snow.nullable(), identity_enabled: bool.nullable(), tag: nstr, badge: nstr })
    .nullable()
    .optional(),
});
const zMemberFields = {
  nick: nstr.optional(),
  avatar: nstr.optional(),
  banner: nstr.optional(),
  roles: z.array(snow),
  joined_at: str,
  premium_since: nstr.optional(),
  deaf: bool,
  mute: bool,
  flags: int,
  pending: bool.optional(),
  communication_disabled_until: nstr.optional(),
  avatar_decoration_data: zAvatarDecoration.nullable().optional(),
};
const zPartialMember = z.looseObject({ ...zMemberFields, deaf: bool.optional(), mute: bool.optional() });
const zMember = z.looseObject({ ...zMemberFields, user: zUser });
const zEmoji = z.looseObject({ id: snow.nullable(), name: nstr, animated: bool.optional() });
const zAttachment = z.looseObject({
  id: snow,
  filename: str,
  title: str.optional(),
  description: str.optional(),
  content_type: str.optional(),
  size: int,
  url: str,
  proxy_url: str,
  height: int.nullable().optional(),
  width: int.nullable().optional(),
  placeholder: str.optional(),
  placeholder_version: int.optional(),
  flags: int.optional(),
});
const zMedia = z.looseObject({ url: str, proxy_url: str.optional(), width: int.optional(), height: int.optional(), flags: int.optional() });
const zEmbed = z.looseObject({
  type: str.optional(),
  title: str.optional(),
  description: str.optional(),
  url: str.optional(),
  timestamp: str.optional(),
  color: int.optional(),
  footer: z.looseObject({ text: str, icon_url: str.optional(), proxy_icon_url: str.optional() }).optional(),
  image: zMedia.optional(),
  thumbnail: zMedia.optional(),
  author: z.looseObject({ name: str, url: str.optional(), icon_url: str.optional(), proxy_icon_url: str.optional() }).optional(),
  provider: z.looseObject({ name: str.optional(), url: str.optional() }).optional(),
  fields: z.array(z.looseObject({ name: str, value: str, inline: bool.optional() })).optional(),
});
const zButton = z.looseObject({
  type: z.literal(2),
  id: int.optional(),
  style: int,
  label: str.optional(),
  emoji: zEmoji.optional(),
  custom_id: str.optional(),
  url: str.optional(),
  disabled: bool.optional(),
});
const zSelect = z.looseObject({
  type: z.literal(3),
  id: int.optional(),
  custom_id: str,
  placeholder: str.optional(),
  min_values: int.optional(),
  max_values: int.optional(),
  disabled: bool.optional(),
  options: z.array(z.looseObject({ label: str, value: str, description: str.optional(), emoji: zEmoji.optional(), default: bool.optional() })),
});
const zActionRow = z.looseObject({ type: z.literal(1), id: int.optional(), components: z.array(z.discriminatedUnion('type', [zButton, zSelect])) });
const zReaction = z.looseObject({
  count: int,
  count_details: z.looseObject({ burst: int, normal: int }),
  me: bool,
  me_burst: bool,
  emoji: zEmoji,
  burst_colors: z.array(str),
});
const zMessageFields = {
  id: snow,
  channel_id: snow,
  author: zUser,
  content: str,
  timestamp: str,
  edited_timestamp: nstr,
  tts: bool,
  mention_everyone: bool,
  mentions: z.array(zUser.extend({ member: zPartialMember.optional() })),
  mention_roles: z.array(snow),
  attachments: z.array(zAttachment),
  embeds: z.array(zEmbed),
  pinned: bool,
  type: int,
  flags: int.optional(),
  components: z.array(zActionRow).optional(),
  reactions: z.array(zReaction).optional(),
  nonce: z.union([str, int]).optional(),
  sticker_items: z.array(z.looseObject({ id: snow, name: str, format_type: int })).optional(),
  message_reference: z.looseObject({ type: int.optional(), message_id: snow.optional(), channel_id: snow.optional(), guild_id: snow.optional() }).optional(),
  guild_id: snow.optional(),
  member: zPartialMember.optional(),
  channel_type: int.optional(),
};
const zMessage = z.looseObject({ ...zMessageFields, referenced_message: z.looseObject(zMessageFields).nullable().optional() });
const zMessageCreate = z.looseObject({ op: z.literal(0), s: int, t: z.literal('MESSAGE_CREATE'), d: zMessage });

const zOverwrite = z.looseObject({ id: snow, type: int, allow: str, deny: str });
const zChannel = z.looseObject({
  id: snow,
  type: int,
  name: nstr.optional(),
  position: int.optional(),
  flags: int.optional(),
  parent_id: snow.nullable().optional(),
  topic: nstr.optional(),
  nsfw: bool.optional(),
  last_message_id: snow.nullable().optional(),
  rate_limit_per_user: int.optional(),
  bitrate: int.optional(),
  user_limit: int.optional(),
  rtc_region: nstr.optional(),
  permission_overwrites: z.array(zOverwrite).optional(),
});
const zRole = z.looseObject({
  id: snow,
  name: str,
  color: int,
  colors: z.looseObject({ primary_color: int, secondary_color: int.nullable(), tertiary_color: int.nullable() }).optional(),
  hoist: bool,
  icon: nstr.optional(),
  unicode_emoji: nstr.optional(),
  position: int,
  permissions: z.string().regex(/^[0-9]+$/),
  managed: bool,
  mentionable: bool,
  flags: int,
  tags: z.looseObject({}).optional(),
});
const zActivity = z.looseObject({
  name: str,
  type: int,
  url: nstr.optional(),
  created_at: int,
  timestamps: z.looseObject({ start: int.optional(), end: int.optional() }).optional(),
  application_id: snow.optional(),
  details: nstr.optional(),
  state: nstr.optional(),
  emoji: z.looseObject({ name: str, id: snow.optional(), animated: bool.optional() }).nullable().optional(),
  party: z.looseObject({ id: str.optional(), size: z.tuple([int, int]).optional() }).optional(),
  assets: z.looseObject({ large_image: str.optional(), large_text: str.optional(), small_image: str.optional(), small_text: str.optional() }).optional(),
  instance: bool.optional(),
  flags: int.optional(),
  buttons: z.array(str).optional(),
});
const zPresence = z.looseObject({
  user: z.looseObject({ id: snow }),
  status: z.enum(['online', 'idle', 'dnd', 'offline']),
  activities: z.array(zActivity),
  client_status: z.looseObject({ desktop: str.optional(), mobile: str.optional(), web: str.optional() }),
});
const zVoiceState = z.looseObject({
  channel_id: snow.nullable(),
  user_id: snow,
  session_id: str,
  deaf: bool,
  mute: bool,
  self_deaf: bool,
  self_mute: bool,
  self_stream: bool.optional(),
  self_video: bool,
  suppress: bool,
  request_to_speak_timestamp: nstr,
});
const zThread = z.looseObject({
  id: snow,
  type: int,
  guild_id: snow.optional(),
  parent_id: snow.nullable().optional(),
  owner_id: snow.optional(),
  name: str,
  last_message_id: snow.nullable().optional(),
  message_count: int.optional(),
  member_count: int.optional(),
  rate_limit_per_user: int.optional(),
  flags: int.optional(),
  total_message_sent: int.optional(),
  thread_metadata: z.looseObject({
    archived: bool,
    auto_archive_duration: int,
    archive_timestamp: str,
    locked: bool,
    create_timestamp: nstr.optional(),
  }),
});
const zGuild = z.looseObject({
  id: snow,
  name: str,
  icon: nstr,
  splash: nstr,
  discovery_splash: nstr,
  owner_id: snow,
  afk_channel_id: snow.nullable(),
  afk_timeout: int,
  verification_level: int,
  default_message_notifications: int,
  explicit_content_filter: int,
  roles: z.array(zRole),
  emojis: z.array(z.looseObject({ id: snow, name: str, roles: z.array(snow), user: zUser.optional(), require_colons: bool, managed: bool, animated: bool, available: bool })),
  features: z.array(str),
  mfa_level: int,
  application_id: snow.nullable(),
  system_channel_id: snow.nullable(),
  system_channel_flags: int,
  rules_channel_id: snow.nullable(),
  max_members: int.optional(),
  vanity_url_code: nstr,
  description: nstr,
  banner: nstr,
  premium_tier: int,
  premium_subscription_count: int.optional(),
  preferred_locale: str,
  public_updates_channel_id: snow.nullable(),
  nsfw_level: int,
  stickers: z.array(z.looseObject({ id: snow, name: str, description: nstr, tags: str, type: int, format_type: int, available: bool.optional(), guild_id: snow.optional(), user: zUser.optional() })),
  premium_progress_bar_enabled: bool,
  joined_at: str,
  large: bool,
  unavailable: bool.optional(),
  member_count: int,
  voice_states: z.array(zVoiceState),
  members: z.array(zMember),
  channels: z.array(zChannel),
  threads: z.array(zThread),
  presences: z.array(zPresence),
  stage_instances: z.array(z.looseObject({ id: snow, guild_id: snow, channel_id: snow, topic: str, privacy_level: int, discoverable_disabled: bool })),
  guild_scheduled_events: z.array(z.looseObject({ id: snow, guild_id: snow, channel_id: snow.nullable(), name: str, scheduled_start_time: str, privacy_level: int, status: int, entity_type: int })),
  soundboard_sounds: z.array(z.looseObject({ name: str, sound_id: snow, volume: z.number(), emoji_id: snow.nullable(), emoji_name: nstr, available: bool })),
});
const zGuildCreate = z.looseObject({ op: z.literal(0), s: int, t: z.literal('GUILD_CREATE'), d: zGuild });

// ---------------------------------------------------------------------------------------------
// Hand-written zod, same fields: what a careful person writes by hand to check every documented
// field of the two frames with the rigour of generated/zod.ts (same required/optional/nullable,
// closed enums as literals, open ones as plain ints/strings, snowflakes and bitfield strings
// against ^[0-9]+$, non-negative flag ints), so that `gen/hand zod (same fields)` compares equal
// work. Shared sub-objects are consts, partials are `.partial()`, tagged unions are
// discriminatedUnion, and recursion (referenced_message, resolved.messages) uses a getter / z.lazy.

function sameFieldSchemas() {
  const snow = z.string().regex(/^[0-9]+$/);
  const bits = z.string().regex(/^[0-9]+$/); // permission bitfields as decimal strings
  const int = z.int();
  const flags = z.int().nonnegative();
  const str = z.string();
  const bool = z.boolean();
  const nstr = str.nullable();
  const nsnow = snow.nullable();
  const strs = z.array(str);
  const snows = z.array(snow);

  // Users and members
  const avatarDecoration = z.looseObject({ asset: str, sku_id: snow });
  const collectibles = z.looseObject({ nameplate: z.looseObject({ sku_id: snow, asset: str, label: str, palette: str }).optional() });
  const user = z.looseObject({
    id: snow,
    username: str,
    discriminator: str,
    global_name: nstr,
    avatar: nstr,
    bot: bool.optional(),
    system: bool.optional(),
    mfa_enabled: bool.optional(),
    banner: nstr.optional(),
    accent_color: int.nullable().optional(),
    locale: str.optional(),
    verified: bool.optional(),
    email: nstr.optional(),
    flags: flags.optional(),
    premium_type: z.literal([0, 1, 2, 3]).optional(),
    public_flags: flags.optional(),
    avatar_decoration_data: avatarDecoration.nullable().optional(),
    collectibles: collectibles.nullable().optional(),
    primary_guild: z.looseObject({ identity_guild_id: nsnow, identity_enabled: bool.nullable(), tag: nstr, badge: nstr }).nullable().optional(),
    clan: z.looseObject({ identity_guild_id: nsnow, identity_enabled: bool.nullable(), tag: nstr, badge: nstr }).nullable().optional(),
  });
  const partialUser = user.partial();
  const author = user.extend({ discriminator: str.optional(), global_name: nstr.optional() });
  const member = z.looseObject({
    user: user.optional(),
    nick: nstr.optional(),
    avatar: nstr.optional(),
    banner: nstr.optional(),
    roles: snows,
    joined_at: nstr,
    premium_since: nstr.optional(),
    deaf: bool,
    mute: bool,
    flags,
    pending: bool.optional(),
    permissions: bits.optional(),
    communication_disabled_until: nstr.optional(),
    avatar_decoration_data: avatarDecoration.nullable().optional(),
    collectibles: collectibles.nullable().optional(),
    hoisted_role: nsnow.optional(),
  });
  const partialMember = member.partial();

  // Guild pieces
  const role = z.looseObject({
    id: snow,
    name: str,
    color: int,
    colors: z.looseObject({ primary_color: int, secondary_color: int.nullable(), tertiary_color: int.nullable() }),
    hoist: bool,
    icon: nstr.optional(),
    unicode_emoji: nstr.optional(),
    position: int,
    permissions: bits,
    managed: bool,
    mentionable: bool,
    tags: z
      .looseObject({
        bot_id: snow.optional(),
        integration_id: snow.optional(),
        premium_subscriber: z.null().optional(),
        subscription_listing_id: snow.optional(),
        available_for_purchase: z.null().optional(),
        guild_connections: z.null().optional(),
      })
      .optional(),
    flags,
  });
  const emoji = z.looseObject({
    id: nsnow,
    name: nstr,
    roles: snows.optional(),
    user: user.optional(),
    require_colons: bool.optional(),
    managed: bool.optional(),
    animated: bool.optional(),
    available: bool.optional(),
  });
  const stickerFormat = z.literal([1, 2, 3, 4]);
  const sticker = z.looseObject({
    id: snow,
    pack_id: snow.optional(),
    name: str,
    description: nstr,
    tags: str,
    type: z.literal([1, 2]),
    format_type: stickerFormat,
    available: bool.optional(),
    guild_id: snow.optional(),
    user: user.optional(),
    sort_value: int.optional(),
  });
  const guild = z.looseObject({
    id: snow,
    name: str,
    icon: nstr,
    icon_hash: nstr.optional(),
    splash: nstr,
    discovery_splash: nstr,
    owner: bool.optional(),
    owner_id: snow,
    permissions: bits.optional(),
    region: nstr.optional(),
    afk_channel_id: nsnow,
    afk_timeout: int,
    widget_enabled: bool.optional(),
    widget_channel_id: nsnow.optional(),
    verification_level: z.literal([0, 1, 2, 3, 4]),
    default_message_notifications: z.literal([0, 1]),
    explicit_content_filter: z.literal([0, 1, 2]),
    roles: z.array(role),
    emojis: z.array(emoji),
    features: strs,
    mfa_level: z.literal([0, 1]),
    application_id: nsnow,
    system_channel_id: nsnow,
    system_channel_flags: flags,
    rules_channel_id: nsnow,
    max_presences: int.nullable().optional(),
    max_members: int.optional(),
    vanity_url_code: nstr,
    description: nstr,
    banner: nstr,
    premium_tier: z.literal([0, 1, 2, 3]),
    premium_subscription_count: int.optional(),
    preferred_locale: str,
    public_updates_channel_id: nsnow,
    max_video_channel_users: int.optional(),
    max_stage_video_channel_users: int.optional(),
    approximate_member_count: int.optional(),
    approximate_presence_count: int.optional(),
    welcome_screen: z
      .looseObject({
        description: nstr,
        welcome_channels: z.array(z.looseObject({ channel_id: snow, description: str, emoji_id: nsnow, emoji_name: nstr })),
      })
      .optional(),
    nsfw_level: z.literal([0, 1, 2, 3]),
    stickers: z.array(sticker).optional(),
    premium_progress_bar_enabled: bool,
    safety_alerts_channel_id: nsnow,
    incidents_data: z
      .looseObject({ invites_disabled_until: nstr, dms_disabled_until: nstr, dm_spam_detected_at: nstr.optional(), raid_detected_at: nstr.optional() })
      .nullable(),
  });

  // Applications
  const installParams = z.looseObject({ scopes: strs, permissions: bits });
  const integrationTypeConfig = z.looseObject({ oauth2_install_params: installParams.optional() });
  const application = z.looseObject({
    id: snow,
    name: str,
    icon: nstr,
    description: str,
    rpc_origins: strs.optional(),
    bot_public: bool,
    bot_require_code_grant: bool,
    bot: partialUser.optional(),
    terms_of_service_url: str.optional(),
    privacy_policy_url: str.optional(),
    owner: partialUser.optional(),
    verify_key: str,
    team: z
      .looseObject({
        icon: nstr,
        id: snow,
        members: z.array(
          z.looseObject({
            membership_state: z.literal([1, 2]),
            team_id: snow,
            user: user.extend({ global_name: nstr.optional() }),
            role: z.enum(['admin', 'developer', 'read_only']),
          }),
        ),
        name: str,
        owner_user_id: snow,
      })
      .nullable(),
    guild_id: snow.optional(),
    guild: guild.partial().optional(),
    primary_sku_id: snow.optional(),
    slug: str.optional(),
    cover_image: str.optional(),
    flags: flags.optional(),
    flags_new: bits.optional(),
    approximate_guild_count: int.optional(),
    approximate_user_install_count: int.optional(),
    approximate_user_authorization_count: int.optional(),
    redirect_uris: strs.optional(),
    interactions_endpoint_url: nstr.optional(),
    role_connections_verification_url: nstr.optional(),
    event_webhooks_url: nstr.optional(),
    event_webhooks_status: z.literal([1, 2, 3]).optional(),
    event_webhooks_types: strs.optional(),
    tags: strs.optional(),
    install_params: installParams.optional(),
    integration_types_config: z.looseObject({ '0': integrationTypeConfig.optional(), '1': integrationTypeConfig.optional() }).optional(),
    custom_install_url: str.optional(),
  });

  // Channels
  const overwrite = z.looseObject({ id: snow, type: z.literal([0, 1]), allow: bits, deny: bits });
  const autoArchive = z.literal([60, 1440, 4320, 10080]);
  const channelTail = { flags: flags.optional(), permissions: bits.optional(), app_permissions: bits.optional() };
  const inGuild = {
    guild_id: snow.optional(),
    name: nstr.optional(),
    position: int.optional(),
    permission_overwrites: z.array(overwrite).optional(),
    parent_id: nsnow.optional(),
    nsfw: bool.optional(),
  };
  const lastMessage = { last_message_id: nsnow.optional(), last_pin_timestamp: nstr.optional(), rate_limit_per_user: int.optional() };
  const textLike = {
    ...inGuild,
    topic: nstr.optional(),
    ...lastMessage,
    default_auto_archive_duration: autoArchive.optional(),
    default_thread_rate_limit_per_user: int.optional(),
    ...channelTail,
  };
  const voiceLike = {
    ...inGuild,
    ...lastMessage,
    bitrate: int.optional(),
    user_limit: int.optional(),
    rtc_region: nstr.optional(),
    video_quality_mode: z.literal([1, 2]).optional(),
    ...channelTail,
  };
  const threadMetadata = z.looseObject({
    archived: bool,
    auto_archive_duration: autoArchive,
    archive_timestamp: str,
    locked: bool,
    invitable: bool.optional(),
    create_timestamp: nstr.optional(),
  });
  const threadMember = z.looseObject({ id: snow.optional(), user_id: snow.optional(), join_timestamp: str, flags: int, member: member.optional() });
  const thread = {
    guild_id: snow.optional(),
    name: nstr.optional(),
    parent_id: nsnow.optional(),
    nsfw: bool.optional(),
    owner_id: snow.optional(),
    ...lastMessage,
    message_count: int.optional(),
    member_count: int.optional(),
    thread_metadata: threadMetadata.optional(),
    member: threadMember.optional(),
    total_message_sent: int.optional(),
    applied_tags: snows.optional(),
    ...channelTail,
  };
  const forumTag = z.looseObject({ id: snow, name: str, moderated: bool, emoji_id: nsnow, emoji_name: nstr });
  const defaultReaction = z.looseObject({ emoji_id: nsnow, emoji_name: nstr });
  const forumLike = {
    ...textLike,
    available_tags: z.array(forumTag).optional(),
    default_reaction_emoji: defaultReaction.nullable().optional(),
    default_sort_order: z.literal([0, 1]).nullable().optional(),
  };
  const channelType = z.literal([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16]);
  const channel = z.discriminatedUnion('type', [
    z.looseObject({ id: snow, type: z.literal(0), ...textLike }),
    z.looseObject({
      id: snow,
      type: z.literal(1),
      last_message_id: nsnow.optional(),
      last_pin_timestamp: nstr.optional(),
      recipients: z.array(user).optional(),
      name: nstr.optional(),
      ...channelTail,
    }),
    z.looseObject({ id: snow, type: z.literal(2), ...voiceLike }),
    z.looseObject({
      id: snow,
      type: z.literal(3),
      name: nstr.optional(),
      icon: nstr.optional(),
      recipients: z.array(user).optional(),
      owner_id: snow.optional(),
      application_id: nsnow.optional(),
      managed: bool.optional(),
      last_message_id: nsnow.optional(),
      last_pin_timestamp: nstr.optional(),
      ...channelTail,
    }),
    z.looseObject({ id: snow, type: z.literal(4), ...inGuild, ...channelTail }),
    z.looseObject({ id: snow, type: z.literal(5), ...textLike }),
    z.looseObject({ id: snow, type: z.literal(10), ...thread }),
    z.looseObject({ id: snow, type: z.literal(11), ...thread }),
    z.looseObject({ id: snow, type: z.literal(12), ...thread }),
    z.looseObject({ id: snow, type: z.literal(13), ...voiceLike }),
    z.looseObject({ id: snow, type: z.literal(14), ...inGuild, last_message_id: nsnow.optional(), ...channelTail }),
    z.looseObject({ id: snow, type: z.literal(15), ...forumLike, default_forum_layout: z.literal([0, 1, 2]).optional() }),
    z.looseObject({ id: snow, type: z.literal(16), ...forumLike }),
  ]);
  // GUILD_CREATE keeps guild channels and threads apart (#11.1)
  type ChannelOptions = [(typeof channel.options)[number], ...(typeof channel.options)[number][]];
  const channelsOf = (types: readonly number[]) => channel.options.filter((o) => types.includes(o.shape.type.value)) as ChannelOptions;
  const guildChannel = z.discriminatedUnion('type', channelsOf([0, 2, 4, 5, 13, 14, 15, 16]));
  const threadChannel = z.discriminatedUnion('type', channelsOf([10, 11, 12]));
  const partialChannel = z.looseObject({
    id: snow,
    type: channelType,
    guild_id: snow.optional(),
    position: int.optional(),
    permission_overwrites: z.array(overwrite).optional(),
    name: nstr.optional(),
    topic: nstr.optional(),
    nsfw: bool.optional(),
    last_message_id: nsnow.optional(),
    bitrate: int.optional(),
    user_limit: int.optional(),
    rate_limit_per_user: int.optional(),
    recipients: z.array(user).optional(),
    icon: nstr.optional(),
    owner_id: snow.optional(),
    application_id: nsnow.optional(),
    managed: bool.optional(),
    parent_id: nsnow.optional(),
    last_pin_timestamp: nstr.optional(),
    rtc_region: nstr.optional(),
    video_quality_mode: z.literal([1, 2]).optional(),
    message_count: int.optional(),
    member_count: int.optional(),
    thread_metadata: threadMetadata.optional(),
    member: threadMember.optional(),
    default_auto_archive_duration: autoArchive.optional(),
    ...channelTail,
    total_message_sent: int.optional(),
    available_tags: z.array(forumTag).optional(),
    applied_tags: snows.optional(),
    default_reaction_emoji: defaultReaction.nullable().optional(),
    default_thread_rate_limit_per_user: int.optional(),
    default_sort_order: z.literal([0, 1]).nullable().optional(),
    default_forum_layout: z.literal([0, 1, 2]).optional(),
  });

  // Message content
  const attachment = z.looseObject({
    id: snow,
    filename: str,
    title: str.optional(),
    description: str.optional(),
    content_type: str.optional(),
    size: int,
    url: str,
    proxy_url: str,
    height: int.nullable().optional(),
    width: int.nullable().optional(),
    placeholder: str.optional(),
    placeholder_version: int.optional(),
    ephemeral: bool.optional(),
    duration_secs: z.number().optional(),
    waveform: str.optional(),
    flags: flags.optional(),
    clip_participants: z.array(user).optional(),
    clip_created_at: str.optional(),
    application: application.nullable().optional(),
  });
  const embedMedia = {
    proxy_url: str.optional(),
    height: int.optional(),
    width: int.optional(),
    content_type: str.optional(),
    placeholder: str.optional(),
    placeholder_version: int.optional(),
    description: str.optional(),
    flags: flags.optional(),
  };
  const embedImage = z.looseObject({ url: str, ...embedMedia });
  const embed = z.looseObject({
    title: str.optional(),
    type: str.optional(),
    description: str.optional(),
    url: str.optional(),
    timestamp: str.optional(),
    color: int.optional(),
    footer: z.looseObject({ text: str, icon_url: str.optional(), proxy_icon_url: str.optional() }).optional(),
    image: embedImage.optional(),
    thumbnail: embedImage.optional(),
    video: z.looseObject({ url: str.optional(), ...embedMedia }).optional(),
    provider: z.looseObject({ name: str.optional(), url: str.optional() }).optional(),
    author: z.looseObject({ name: str, url: str.optional(), icon_url: str.optional(), proxy_icon_url: str.optional() }).optional(),
    fields: z.array(z.looseObject({ name: str, value: str, inline: bool.optional() })).optional(),
    flags: flags.optional(),
  });
  const reaction = z.looseObject({
    count: int,
    count_details: z.looseObject({ burst: int, normal: int }),
    me: bool,
    me_burst: bool,
    emoji,
    burst_colors: strs,
  });
  const stickerItem = z.looseObject({ id: snow, name: str, format_type: stickerFormat });

  // Components
  const componentEmoji = z.looseObject({ id: nsnow.optional(), name: nstr.optional(), animated: bool.optional() });
  const button = z.looseObject({
    type: z.literal(2),
    id: int.optional(),
    style: z.literal([1, 2, 3, 4, 5, 6]),
    label: str.optional(),
    emoji: componentEmoji.optional(),
    custom_id: str.optional(),
    sku_id: snow.optional(),
    url: str.optional(),
    disabled: bool.optional(),
  });
  const selectCommon = {
    id: int.optional(),
    custom_id: str,
    placeholder: str.optional(),
    min_values: int.optional(),
    max_values: int.optional(),
    required: bool.optional(),
    disabled: bool.optional(),
  };
  const stringSelect = z.looseObject({
    type: z.literal(3),
    ...selectCommon,
    options: z.array(z.looseObject({ label: str, value: str, description: str.optional(), emoji: componentEmoji.optional(), default: bool.optional() })),
  });
  const defaultValues = z.array(z.looseObject({ id: snow, type: z.enum(['user', 'role', 'channel']) })).optional();
  const userSelect = z.looseObject({ type: z.literal(5), ...selectCommon, default_values: defaultValues });
  const roleSelect = z.looseObject({ type: z.literal(6), ...selectCommon, default_values: defaultValues });
  const mentionableSelect = z.looseObject({ type: z.literal(7), ...selectCommon, default_values: defaultValues });
  const channelSelect = z.looseObject({ type: z.literal(8), ...selectCommon, channel_types: z.array(channelType).optional(), default_values: defaultValues });
  const textInput = z.looseObject({
    type: z.literal(4),
    id: int.optional(),
    custom_id: str,
    style: z.literal([1, 2]),
    label: str.optional(),
    min_length: int.optional(),
    max_length: int.optional(),
    required: bool.optional(),
    value: str.optional(),
    placeholder: str.optional(),
  });
  const actionRow = z.looseObject({
    type: z.literal(1),
    id: int.optional(),
    components: z.array(z.discriminatedUnion('type', [button, stringSelect, userSelect, roleSelect, mentionableSelect, channelSelect, textInput])),
  });
  const textDisplay = z.looseObject({ type: z.literal(10), id: int.optional(), content: str });
  const media = z.looseObject({
    url: str,
    proxy_url: str.optional(),
    height: int.nullable().optional(),
    width: int.nullable().optional(),
    placeholder: str.optional(),
    placeholder_version: int.optional(),
    content_type: str.optional(),
    flags: flags.optional(),
    attachment_id: snow.optional(),
  });
  const thumbnail = z.looseObject({ type: z.literal(11), id: int.optional(), media, description: nstr.optional(), spoiler: bool.optional() });
  const section = z.looseObject({
    type: z.literal(9),
    id: int.optional(),
    components: z.array(textDisplay),
    accessory: z.discriminatedUnion('type', [button, thumbnail]),
  });
  const mediaGallery = z.looseObject({
    type: z.literal(12),
    id: int.optional(),
    items: z.array(z.looseObject({ media, description: nstr.optional(), spoiler: bool.optional() })),
  });
  const file = z.looseObject({ type: z.literal(13), id: int.optional(), file: media, spoiler: bool.optional(), name: str.optional(), size: int.optional() });
  const separator = z.looseObject({ type: z.literal(14), id: int.optional(), divider: bool.optional(), spacing: z.literal([1, 2]).optional() });
  const container = z.looseObject({
    type: z.literal(17),
    id: int.optional(),
    components: z.array(z.discriminatedUnion('type', [actionRow, textDisplay, section, mediaGallery, separator, file])),
    accent_color: int.nullable().optional(),
    spoiler: bool.optional(),
  });
  const fileUpload = z.looseObject({
    type: z.literal(19),
    id: int.optional(),
    custom_id: str,
    min_values: int.optional(),
    max_values: int.optional(),
    required: bool.optional(),
    file_types: strs.optional(),
  });
  const choice = z.looseObject({ value: str, label: str, description: str.optional(), default: bool.optional() });
  const radioGroup = z.looseObject({ type: z.literal(21), id: int.optional(), custom_id: str, options: z.array(choice), required: bool.optional() });
  const checkboxGroup = z.looseObject({
    type: z.literal(22),
    id: int.optional(),
    custom_id: str,
    options: z.array(choice),
    min_values: int.optional(),
    max_values: int.optional(),
    required: bool.optional(),
  });
  const checkbox = z.looseObject({ type: z.literal(23), id: int.optional(), custom_id: str, default: bool.optional() });
  const label = z.looseObject({
    type: z.literal(18),
    id: int.optional(),
    label: str,
    description: str.optional(),
    component: z.discriminatedUnion('type', [
      textInput,
      stringSelect,
      userSelect,
      roleSelect,
      mentionableSelect,
      channelSelect,
      fileUpload,
      radioGroup,
      checkboxGroup,
      checkbox,
    ]),
  });
  const component = z.discriminatedUnion('type', [
    actionRow,
    button,
    stringSelect,
    textInput,
    userSelect,
    roleSelect,
    mentionableSelect,
    channelSelect,
    section,
    textDisplay,
    thumbnail,
    mediaGallery,
    file,
    separator,
    container,
    label,
    fileUpload,
    radioGroup,
    checkboxGroup,
    checkbox,
  ]);

  // Interactions, polls and the rest of a message
  const owners = z.looseObject({ '0': snow.optional(), '1': snow.optional() });
  const metadataCommon = { id: snow, user, authorizing_integration_owners: owners, original_response_message_id: snow.optional() };
  const commandMetadata = z.looseObject({ ...metadataCommon, type: z.literal(2), target_user: user.optional(), target_message_id: snow.optional() });
  const componentMetadata = z.looseObject({ ...metadataCommon, type: z.literal(3), interacted_message_id: snow });
  const modalMetadata = z.looseObject({
    ...metadataCommon,
    type: z.literal(5),
    triggering_interaction_metadata: z.discriminatedUnion('type', [commandMetadata, componentMetadata]),
  });
  const pollMedia = z.looseObject({ text: str.optional(), emoji: emoji.partial().optional() });
  const poll = z.looseObject({
    question: pollMedia,
    answers: z.array(z.looseObject({ answer_id: int, poll_media: pollMedia })),
    expiry: nstr,
    allow_multiselect: bool,
    layout_type: z.literal(1),
    results: z.looseObject({ is_finalized: bool, answer_counts: z.array(z.looseObject({ id: int, count: int, me_voted: bool })) }).optional(),
  });
  const snapshot = z.looseObject({
    message: z.looseObject({
      type: int,
      content: str,
      embeds: z.array(embed),
      attachments: z.array(attachment),
      timestamp: str,
      edited_timestamp: nstr,
      flags: flags.optional(),
      mentions: z.array(user),
      mention_roles: snows,
      stickers: z.array(sticker).optional(),
      sticker_items: z.array(stickerItem).optional(),
      components: z.array(component).optional(),
    }),
  });
  const resolved = z.looseObject({
    users: z.record(snow, user).optional(),
    members: z.record(snow, member.extend({ deaf: bool.optional(), mute: bool.optional() })).optional(),
    roles: z.record(snow, role).optional(),
    channels: z.record(snow, partialChannel).optional(),
    // a resolved message is a partial message, which can reference a whole one: recursion
    messages: z.record(snow, z.lazy((): z.ZodType => message.partial().extend({ id: snow, channel_id: snow }))).optional(),
    attachments: z.record(snow, attachment).optional(),
  });
  const message = z.looseObject({
    id: snow,
    channel_id: snow,
    author,
    content: str,
    timestamp: str,
    edited_timestamp: nstr,
    tts: bool,
    mention_everyone: bool,
    mentions: z.array(user),
    mention_roles: snows,
    mention_channels: z.array(z.looseObject({ id: snow, guild_id: snow, type: channelType, name: str })).optional(),
    attachments: z.array(attachment),
    embeds: z.array(embed),
    reactions: z.array(reaction).optional(),
    nonce: z.union([int, str]).optional(),
    pinned: bool,
    webhook_id: snow.optional(),
    type: int,
    activity: z.looseObject({ type: z.literal([1, 2, 3, 5, 6]), party_id: str.optional() }).optional(),
    application: application.partial().extend({ id: snow }).optional(),
    application_id: snow.optional(),
    flags: flags.optional(),
    message_reference: z
      .looseObject({
        type: z.literal([0, 1]).optional(),
        message_id: snow.optional(),
        channel_id: snow.optional(),
        guild_id: snow.optional(),
        fail_if_not_exists: bool.optional(),
      })
      .optional(),
    message_snapshots: z.array(snapshot).optional(),
    get referenced_message(): z.ZodOptional<z.ZodNullable<z.ZodType>> {
      return message.nullable().optional();
    },
    interaction_metadata: z.discriminatedUnion('type', [commandMetadata, componentMetadata, modalMetadata]).optional(),
    interaction: z.looseObject({ id: snow, type: z.literal([1, 2, 3, 4, 5]), name: str, user, member: partialMember.optional() }).optional(),
    thread: channel.optional(),
    components: z.array(component).optional(),
    sticker_items: z.array(stickerItem).optional(),
    stickers: z.array(sticker).optional(),
    position: int.optional(),
    role_subscription_data: z
      .looseObject({ role_subscription_listing_id: snow, tier_name: str, total_months_subscribed: int, is_renewal: bool })
      .optional(),
    resolved: resolved.optional(),
    poll: poll.optional(),
    call: z.looseObject({ participants: snows, ended_timestamp: nstr.optional() }).optional(),
    shared_client_theme: z
      .looseObject({ colors: strs, gradient_angle: int, base_mix: int, base_theme: z.literal([0, 1, 2, 3, 4]).nullable().optional() })
      .optional(),
  });
  const messageCreate = z.looseObject({
    op: z.literal(0),
    s: int,
    t: z.literal('MESSAGE_CREATE'),
    d: message.extend({
      guild_id: snow.optional(),
      member: partialMember.optional(),
      mentions: z.array(user.extend({ member: partialMember.optional() })),
      channel_type: channelType.optional(),
    }),
  });

  // GUILD_CREATE
  const voiceState = z.looseObject({
    guild_id: snow.optional(),
    channel_id: nsnow,
    user_id: snow,
    member: member.optional(),
    session_id: str,
    deaf: bool,
    mute: bool,
    self_deaf: bool,
    self_mute: bool,
    self_stream: bool.optional(),
    self_video: bool,
    suppress: bool,
    request_to_speak_timestamp: nstr,
  });
  const activity = z.looseObject({
    id: str.optional(),
    sync_id: str.optional(),
    session_id: str.optional(),
    name: str,
    type: z.literal([0, 1, 2, 3, 4, 5]),
    url: nstr.optional(),
    created_at: int,
    timestamps: z.looseObject({ start: int.optional(), end: int.optional() }).optional(),
    application_id: snow.optional(),
    status_display_type: z.literal([0, 1, 2]).nullable().optional(),
    details: nstr.optional(),
    details_url: nstr.optional(),
    state: nstr.optional(),
    state_url: nstr.optional(),
    emoji: z.looseObject({ name: str, id: snow.optional(), animated: bool.optional() }).nullable().optional(),
    party: z.looseObject({ id: str.optional(), size: z.tuple([int, int]).optional() }).optional(),
    assets: z
      .looseObject({
        large_image: str.optional(),
        large_text: str.optional(),
        large_url: str.optional(),
        small_image: str.optional(),
        small_text: str.optional(),
        small_url: str.optional(),
        invite_cover_image: str.optional(),
      })
      .optional(),
    secrets: z.looseObject({ join: str.optional(), spectate: str.optional(), match: str.optional() }).optional(),
    instance: bool.optional(),
    flags: flags.optional(),
    buttons: z.array(z.union([str, z.looseObject({ label: str.min(1).max(32), url: str.min(1).max(512) })])).optional(),
  });
  const presence = z.looseObject({
    user: partialUser.extend({ id: snow }),
    guild_id: snow.optional(),
    status: z.enum(['online', 'dnd', 'idle', 'offline']).optional(),
    activities: z.array(activity).optional(),
    client_status: z.looseObject({ desktop: str.optional(), mobile: str.optional(), web: str.optional(), vr: str.optional() }).optional(),
  });
  const scheduledEventBase = z.looseObject({
    id: snow,
    guild_id: snow,
    creator_id: nsnow.optional(),
    name: str,
    description: nstr.optional(),
    scheduled_start_time: str,
    privacy_level: z.literal(2),
    status: z.literal([1, 2, 3, 4]),
    entity_id: nsnow,
    creator: user.optional(),
    sku_ids: snows.optional(),
    user_count: int.optional(),
    image: nstr.optional(),
    recurrence_rule: z
      .looseObject({
        start: str,
        end: nstr,
        frequency: z.literal([0, 1, 2, 3]),
        interval: int,
        by_weekday: z.array(z.literal([0, 1, 2, 3, 4, 5, 6])).nullable(),
        by_n_weekday: z.array(z.looseObject({ n: int, day: z.literal([0, 1, 2, 3, 4, 5, 6]) })).nullable(),
        by_month: z.array(z.literal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])).nullable(),
        by_month_day: z.array(int).nullable(),
        by_year_day: z.array(int).nullable(),
        count: int.nullable(),
      })
      .nullable(),
  });
  // one shape per entity type (#11.5)
  const scheduledEvent = z.discriminatedUnion('entity_type', [
    scheduledEventBase.extend({ entity_type: z.literal(1), channel_id: snow, entity_metadata: z.null(), scheduled_end_time: nstr }),
    scheduledEventBase.extend({ entity_type: z.literal(2), channel_id: snow, entity_metadata: z.null(), scheduled_end_time: nstr }),
    scheduledEventBase.extend({ entity_type: z.literal(3), channel_id: z.null(), entity_metadata: z.looseObject({ location: str }), scheduled_end_time: str }),
  ]);
  const guildCreate = z.looseObject({
    op: z.literal(0),
    s: int,
    t: z.literal('GUILD_CREATE'),
    d: z.union([
      guild.extend({
        joined_at: str,
        large: bool,
        unavailable: bool.optional(),
        member_count: int,
        voice_states: z.array(voiceState),
        members: z.array(member),
        channels: z.array(guildChannel),
        threads: z.array(threadChannel),
        presences: z.array(presence),
        stage_instances: z.array(
          z.looseObject({
            id: snow,
            guild_id: snow,
            channel_id: snow,
            topic: str,
            privacy_level: z.literal([1, 2]),
            discoverable_disabled: bool,
            guild_scheduled_event_id: nsnow,
          }),
        ),
        guild_scheduled_events: z.array(scheduledEvent),
        soundboard_sounds: z.array(
          z.looseObject({
            name: str,
            sound_id: snow,
            volume: z.number(),
            emoji_id: nsnow,
            emoji_name: nstr,
            guild_id: snow.optional(),
            available: bool,
            user: user.optional(),
          }),
        ),
      }),
      z.looseObject({ id: snow, unavailable: z.literal(true) }),
    ]),
  });
  return { messageCreate, guildCreate };
}
const sameFields = sameFieldSchemas();

// ---------------------------------------------------------------------------------------------
// Hand-written Ajv (draft-07)

type S = Record<string, unknown>;
const aSnow: S = { type: 'string', pattern: '^[0-9]+$' };
const aInt: S = { type: 'integer' };
const aStr: S = { type: 'string' };
const aBool: S = { type: 'boolean' };
const aNum: S = { type: 'number' };
const nullable = (s: S): S => ({ anyOf: [s, { type: 'null' }] });
const aNstr: S = { type: ['string', 'null'] };
const aNint: S = { type: ['integer', 'null'] };
const obj = (properties: Record<string, S>, required: string[]): S => ({ type: 'object', properties, required });
const arr = (items: S): S => ({ type: 'array', items });
const aAvatarDecoration = obj({ asset: aStr, sku_id: aSnow }, ['asset', 'sku_id']);
const aUser = obj(
  {
    id: aSnow,
    username: aStr,
    discriminator: aStr,
    global_name: aNstr,
    avatar: aNstr,
    bot: aBool,
    public_flags: aInt,
    banner: aNstr,
    accent_color: aNint,
    avatar_decoration_data: nullable(aAvatarDecoration),
    collectibles: nullable(obj({ nameplate: obj({ sku_id: aSnow, asset: aStr, label: aStr, palette: aStr }, ['sku_id', 'asset', 'label', 'palette']) }, [])),
    primary_guild: nullable(obj({ identity_guild_id: nullable(aSnow), identity_enabled: { type: ['boolean', 'null'] }, tag: aNstr, badge: aNstr }, ['identity_guild_id', 'identity_enabled', 'tag', 'badge'])),
  },
  ['id', 'username', 'discriminator', 'global_name', 'avatar'],
);
const aMemberProps = {
  nick: aNstr,
  avatar: aNstr,
  banner: aNstr,
  roles: arr(aSnow),
  joined_at: aStr,
  premium_since: aNstr,
  deaf: aBool,
  mute: aBool,
  flags: aInt,
  pending: aBool,
  communication_disabled_until: aNstr,
  avatar_decoration_data: nullable(aAvatarDecoration),
};
const aPartialMember = obj(aMemberProps, ['roles', 'joined_at', 'flags']);
const aMember = obj({ ...aMemberProps, user: aUser }, ['user', 'roles', 'joined_at', 'deaf', 'mute', 'flags']);
const aEmoji = obj({ id: nullable(aSnow), name: aNstr, animated: aBool }, ['id', 'name']);
const aAttachment = obj(
  {
    id: aSnow,
    filename: aStr,
    title: aStr,
    description: aStr,
    content_type: aStr,
    size: aInt,
    url: aStr,
    proxy_url: aStr,
    height: aNint,
    width: aNint,
    placeholder: aStr,
    placeholder_version: aInt,
    flags: aInt,
  },
  ['id', 'filename', 'size', 'url', 'proxy_url'],
);
const aMedia = obj({ url: aStr, proxy_url: aStr, width: aInt, height: aInt, flags: aInt }, ['url']);
const aEmbed = obj(
  {
    type: aStr,
    title: aStr,
    description: aStr,
    url: aStr,
    timestamp: aStr,
    color: aInt,
    footer: obj({ text: aStr, icon_url: aStr, proxy_icon_url: aStr }, ['text']),
    image: aMedia,
    thumbnail: aMedia,
    author: obj({ name: aStr, url: aStr, icon_url: aStr, proxy_icon_url: aStr }, ['name']),
    provider: obj({ name: aStr, url: aStr }, []),
    fields: arr(obj({ name: aStr, value: aStr, inline: aBool }, ['name', 'value'])),
  },
  [],
);
const aButton = obj({ type: { const: 2 }, id: aInt, style: aInt, label: aStr, emoji: aEmoji, custom_id: aStr, url: aStr, disabled: aBool }, ['type', 'style']);
const aSelect = obj(
  {
    type: { const: 3 },
    id: aInt,
    custom_id: aStr,
    placeholder: aStr,
    min_values: aInt,
    max_values: aInt,
    disabled: aBool,
    options: arr(obj({ label: aStr, value: aStr, description: aStr, emoji: aEmoji, default: aBool }, ['label', 'value'])),
  },
  ['type', 'custom_id', 'options'],
);
const aRowChild: S = {
  type: 'object',
  required: ['type'],
  properties: { type: aInt },
  if: { properties: { type: { const: 2 } } },
  then: aButton,
  else: { if: { properties: { type: { const: 3 } } }, then: aSelect, else: false },
};
const aActionRow = obj({ type: { const: 1 }, id: aInt, components: arr(aRowChild) }, ['type', 'components']);
const aReaction = obj(
  { count: aInt, count_details: obj({ burst: aInt, normal: aInt }, ['burst', 'normal']), me: aBool, me_burst: aBool, emoji: aEmoji, burst_colors: arr(aStr) },
  ['count', 'count_details', 'me', 'me_burst', 'emoji', 'burst_colors'],
);
const aMessageProps: Record<string, S> = {
  id: aSnow,
  channel_id: aSnow,
  author: aUser,
  content: aStr,
  timestamp: aStr,
  edited_timestamp: aNstr,
  tts: aBool,
  mention_everyone: aBool,
  mentions: arr({ allOf: [aUser, obj({ member: aPartialMember }, [])] }),
  mention_roles: arr(aSnow),
  attachments: arr(aAttachment),
  embeds: arr(aEmbed),
  pinned: aBool,
  type: aInt,
  flags: aInt,
  components: arr(aActionRow),
  reactions: arr(aReaction),
  nonce: { type: ['string', 'integer'] },
  sticker_items: arr(obj({ id: aSnow, name: aStr, format_type: aInt }, ['id', 'name', 'format_type'])),
  message_reference: obj({ type: aInt, message_id: aSnow, channel_id: aSnow, guild_id: aSnow }, []),
  guild_id: aSnow,
  member: aPartialMember,
  channel_type: aInt,
};
const aMessageRequired = ['id', 'channel_id', 'author', 'content', 'timestamp', 'edited_timestamp', 'tts', 'mention_everyone', 'mentions', 'mention_roles', 'attachments', 'embeds', 'pinned', 'type'];
const aMessage = obj({ ...aMessageProps, referenced_message: nullable(obj(aMessageProps, aMessageRequired)) }, aMessageRequired);
const aMessageCreate = obj({ op: { const: 0 }, s: aInt, t: { const: 'MESSAGE_CREATE' }, d: aMessage }, ['op', 's', 't', 'd']);

const aGuild = obj(
  {
    id: aSnow,
    name: aStr,
    icon: aNstr,
    splash: aNstr,
    discovery_splash: aNstr,
    owner_id: aSnow,
    afk_channel_id: nullable(aSnow),
    afk_timeout: aInt,
    verification_level: aInt,
    default_message_notifications: aInt,
    explicit_content_filter: aInt,
    roles: arr(
      obj(
        {
          id: aSnow,
          name: aStr,
          color: aInt,
          colors: obj({ primary_color: aInt, secondary_color: aNint, tertiary_color: aNint }, ['primary_color', 'secondary_color', 'tertiary_color']),
          hoist: aBool,
          icon: aNstr,
          unicode_emoji: aNstr,
          position: aInt,
          permissions: { type: 'string', pattern: '^[0-9]+$' },
          managed: aBool,
          mentionable: aBool,
          flags: aInt,
          tags: { type: 'object' },
        },
        ['id', 'name', 'color', 'hoist', 'position', 'permissions', 'managed', 'mentionable', 'flags'],
      ),
    ),
    emojis: arr(
      obj({ id: aSnow, name: aStr, roles: arr(aSnow), user: aUser, require_colons: aBool, managed: aBool, animated: aBool, available: aBool }, [
        'id',
        'name',
        'roles',
        'require_colons',
        'managed',
        'animated',
        'available',
      ]),
    ),
    features: arr(aStr),
    mfa_level: aInt,
    application_id: nullable(aSnow),
    system_channel_id: nullable(aSnow),
    system_channel_flags: aInt,
    rules_channel_id: nullable(aSnow),
    max_members: aInt,
    vanity_url_code: aNstr,
    description: aNstr,
    banner: aNstr,
    premium_tier: aInt,
    premium_subscription_count: aInt,
    preferred_locale: aStr,
    public_updates_channel_id: nullable(aSnow),
    nsfw_level: aInt,
    stickers: arr(
      obj({ id: aSnow, name: aStr, description: aNstr, tags: aStr, type: aInt, format_type: aInt, available: aBool, guild_id: aSnow, user: aUser }, [
        'id',
        'name',
        'description',
        'tags',
        'type',
        'format_type',
      ]),
    ),
    premium_progress_bar_enabled: aBool,
    joined_at: aStr,
    large: aBool,
    unavailable: aBool,
    member_count: aInt,
    voice_states: arr(
      obj(
        {
          channel_id: nullable(aSnow),
          user_id: aSnow,
          session_id: aStr,
          deaf: aBool,
          mute: aBool,
          self_deaf: aBool,
          self_mute: aBool,
          self_stream: aBool,
          self_video: aBool,
          suppress: aBool,
          request_to_speak_timestamp: aNstr,
        },
        ['channel_id', 'user_id', 'session_id', 'deaf', 'mute', 'self_deaf', 'self_mute', 'self_video', 'suppress', 'request_to_speak_timestamp'],
      ),
    ),
    members: arr(aMember),
    channels: arr(
      obj(
        {
          id: aSnow,
          type: aInt,
          name: aNstr,
          position: aInt,
          flags: aInt,
          parent_id: nullable(aSnow),
          topic: aNstr,
          nsfw: aBool,
          last_message_id: nullable(aSnow),
          rate_limit_per_user: aInt,
          bitrate: aInt,
          user_limit: aInt,
          rtc_region: aNstr,
          permission_overwrites: arr(obj({ id: aSnow, type: aInt, allow: aStr, deny: aStr }, ['id', 'type', 'allow', 'deny'])),
        },
        ['id', 'type'],
      ),
    ),
    threads: arr(
      obj(
        {
          id: aSnow,
          type: aInt,
          guild_id: aSnow,
          parent_id: nullable(aSnow),
          owner_id: aSnow,
          name: aStr,
          last_message_id: nullable(aSnow),
          message_count: aInt,
          member_count: aInt,
          rate_limit_per_user: aInt,
          flags: aInt,
          total_message_sent: aInt,
          thread_metadata: obj(
            { archived: aBool, auto_archive_duration: aInt, archive_timestamp: aStr, locked: aBool, create_timestamp: aNstr },
            ['archived', 'auto_archive_duration', 'archive_timestamp', 'locked'],
          ),
        },
        ['id', 'type', 'name', 'thread_metadata'],
      ),
    ),
    presences: arr(
      obj(
        {
          user: obj({ id: aSnow }, ['id']),
          status: { enum: ['online', 'idle', 'dnd', 'offline'] },
          activities: arr(
            obj(
              {
                name: aStr,
                type: aInt,
                url: aNstr,
                created_at: aInt,
                timestamps: obj({ start: aInt, end: aInt }, []),
                application_id: aSnow,
                details: aNstr,
                state: aNstr,
                emoji: nullable(obj({ name: aStr, id: aSnow, animated: aBool }, ['name'])),
                party: obj({ id: aStr, size: { type: 'array', items: [aInt, aInt], minItems: 2, maxItems: 2 } }, []),
                assets: obj({ large_image: aStr, large_text: aStr, small_image: aStr, small_text: aStr }, []),
                instance: aBool,
                flags: aInt,
                buttons: arr(aStr),
              },
              ['name', 'type', 'created_at'],
            ),
          ),
          client_status: obj({ desktop: aStr, mobile: aStr, web: aStr }, []),
        },
        ['user', 'status', 'activities', 'client_status'],
      ),
    ),
    stage_instances: arr(
      obj({ id: aSnow, guild_id: aSnow, channel_id: aSnow, topic: aStr, privacy_level: aInt, discoverable_disabled: aBool }, [
        'id',
        'guild_id',
        'channel_id',
        'topic',
        'privacy_level',
        'discoverable_disabled',
      ]),
    ),
    guild_scheduled_events: arr(
      obj(
        { id: aSnow, guild_id: aSnow, channel_id: nullable(aSnow), name: aStr, scheduled_start_time: aStr, privacy_level: aInt, status: aInt, entity_type: aInt },
        ['id', 'guild_id', 'channel_id', 'name', 'scheduled_start_time', 'privacy_level', 'status', 'entity_type'],
      ),
    ),
    soundboard_sounds: arr(
      obj({ name: aStr, sound_id: aSnow, volume: aNum, emoji_id: nullable(aSnow), emoji_name: aNstr, available: aBool }, [
        'name',
        'sound_id',
        'volume',
        'emoji_id',
        'emoji_name',
        'available',
      ]),
    ),
  },
  ['id', 'name', 'icon', 'owner_id', 'roles', 'emojis', 'features', 'joined_at', 'large', 'member_count', 'voice_states', 'members', 'channels', 'threads', 'presences'],
);
const aGuildCreate = obj({ op: { const: 0 }, s: aInt, t: { const: 'GUILD_CREATE' }, d: aGuild }, ['op', 's', 't', 'd']);

const ajv = new Ajv({ allErrors: false, strict: false });
const ajvMessage = ajv.compile(aMessageCreate);
const ajvGuild = ajv.compile(aGuildCreate);
// The same schemas without `pattern` (the anchor's hand-written Ajv had no regexes): a baseline
// that checks less than the compiled validators do.
const withoutPatterns = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema), (k, v: unknown) => (k === 'pattern' ? undefined : v));
const ajvMessageNoPattern = ajv.compile(withoutPatterns(aMessageCreate) as S);
const ajvGuildNoPattern = ajv.compile(withoutPatterns(aGuildCreate) as S);

// ---------------------------------------------------------------------------------------------
// Harness

const compiledMessage = GatewayDispatchValidators.get('MESSAGE_CREATE')!;
const compiledGuild = GatewayDispatchValidators.get('GUILD_CREATE')!;

interface Case {
  readonly name: string;
  readonly input: unknown;
  readonly valid: boolean;
  readonly handZod: z.ZodType;
  readonly sameZod: z.ZodType;
  readonly genZod: { safeParse(v: unknown): { success: boolean } };
  readonly ajv: (v: unknown) => boolean;
  readonly ajvNoPattern: (v: unknown) => boolean;
  readonly compiled: { check(v: unknown, st: 0): boolean };
}

const cases: Case[] = [
  { name: 'MESSAGE_CREATE valid', input: message, valid: true, handZod: zMessageCreate, sameZod: sameFields.messageCreate, genZod: GatewayMessageCreateDispatchSchema, ajv: ajvMessage, ajvNoPattern: ajvMessageNoPattern, compiled: compiledMessage },
  { name: 'MESSAGE_CREATE invalid deep', input: deep, valid: false, handZod: zMessageCreate, sameZod: sameFields.messageCreate, genZod: GatewayMessageCreateDispatchSchema, ajv: ajvMessage, ajvNoPattern: ajvMessageNoPattern, compiled: compiledMessage },
  { name: 'MESSAGE_CREATE invalid early', input: early, valid: false, handZod: zMessageCreate, sameZod: sameFields.messageCreate, genZod: GatewayMessageCreateDispatchSchema, ajv: ajvMessage, ajvNoPattern: ajvMessageNoPattern, compiled: compiledMessage },
  { name: `GUILD_CREATE ${Math.round(guildBytes / 1000)} kB valid`, input: guild, valid: true, handZod: zGuildCreate, sameZod: sameFields.guildCreate, genZod: GatewayGuildCreateDispatchSchema, ajv: ajvGuild, ajvNoPattern: ajvGuildNoPattern, compiled: compiledGuild },
];

let agreement = { fixtures: 0, mutations: 0, checked: 0, rejected: 0 };

// Correctness gate: every contender must give the expected verdict, or the numbers mean nothing.
for (const c of cases) {
  const verdicts = {
    handZod: c.handZod.safeParse(c.input).success,
    sameZod: c.sameZod.safeParse(c.input).success,
    genZod: c.genZod.safeParse(c.input).success,
    ajv: c.ajv(c.input),
    ajvNoPattern: c.ajvNoPattern(c.input),
    compiled: c.compiled.check(c.input, 0),
    safeParse: safeParseReceive(c.input).success,
  };
  for (const [who, ok] of Object.entries(verdicts)) {
    if (ok !== c.valid) throw new Error(`${who} says ${ok ? 'valid' : 'invalid'} on ${c.name}`);
  }
}

// Agreement gate for the same-fields schema: it must give the generated zod schema's verdict on
// every receive fixture of the two events, on every mutation of those fixtures, and on broken
// copies made here of each fixture: every member removed in turn, and every leaf replaced in turn
// by a value of another type or range (a number or a non-digit string for a string or null; a
// string, -1, 99 or 1.5 for a number; a string for a boolean), which reaches required/optional,
// nullability, snowflake patterns, closed enums, non-negative flags and integers.
{
  const sameFor: Record<string, { same: z.ZodType; gen: { safeParse(v: unknown): { success: boolean } } }> = {
    MESSAGE_CREATE: { same: sameFields.messageCreate, gen: GatewayMessageCreateDispatchSchema },
    GUILD_CREATE: { same: sameFields.guildCreate, gen: GatewayGuildCreateDispatchSchema },
  };
  const fixtures = loadFixtures().filter((f) => f.direction === 'receive' && f.event in sameFor);
  if (fixtures.length < 2) throw new Error('agreement gate: no MESSAGE_CREATE / GUILD_CREATE fixtures');
  let checked = 0;
  const agree = (event: string, label: string, input: unknown): void => {
    const { same, gen } = sameFor[event]!;
    const a = same.safeParse(input).success;
    // zod against zod: the generated schema without its compiled fast path
    const b = zodAlone(() => gen.safeParse(input).success);
    if (a !== b) throw new Error(`hand zod (same fields) says ${a ? 'valid' : 'invalid'}, generated zod ${b ? 'valid' : 'invalid'}, on ${label}`);
    checked++;
  };
  const copies = function* (node: unknown, path: (string | number)[] = []): Generator<[string, (root: Json) => void]> {
    const at = (root: Json, upTo = path.length): Json => path.slice(0, upTo).reduce<Json>((o, k) => o[k] as Json, root);
    if (Array.isArray(node) || (node !== null && typeof node === 'object')) {
      const entries = Array.isArray(node) ? node.map((v, i) => [i, v] as const) : Object.entries(node as Json);
      for (const [k, v] of entries) {
        const where = [...path, k].join('/');
        if (!Array.isArray(node)) yield [`remove ${where}`, (root) => void delete at(root)[k as string]];
        yield* copies(v, [...path, k]);
      }
    } else {
      const others = typeof node === 'number' ? ['x', -1, 99, 1.5] : typeof node === 'boolean' ? ['x'] : [12345, 'x!'];
      for (const other of others) {
        yield [`replace ${path.join('/')} with ${JSON.stringify(other)}`, (root) => void (at(root, path.length - 1)[path[path.length - 1]!] = other)];
      }
    }
  };
  let rejected = 0;
  for (const f of fixtures) {
    agree(f.event, f.id, f.payload);
    for (const [label, change] of copies(f.payload)) {
      const copy = structuredClone(f.payload) as Json;
      change(copy);
      agree(f.event, `${f.id}: ${label}`, copy);
      if (!zodAlone(() => sameFor[f.event]!.gen.safeParse(copy).success)) rejected++;
    }
  }
  const ids = new Set(fixtures.map((f) => f.id));
  const mutations = loadMutations().filter((m) => ids.has(m.fixture));
  if (mutations.length === 0) throw new Error('agreement gate: no mutations of MESSAGE_CREATE / GUILD_CREATE fixtures');
  for (const m of mutations) {
    const f = fixtures.find((x) => x.id === m.fixture)!;
    agree(f.event, `${m.fixture} mutated at ${m.pointer}`, applyMutation(f.payload, m));
  }
  agreement = { fixtures: fixtures.length, mutations: mutations.length, checked, rejected };
}

/** ops/s: a pool of separately parsed copies, rotated per call, for about `ms` milliseconds. */
function measure(input: unknown, fn: (v: unknown) => unknown, ms: number): number {
  const text = JSON.stringify(input);
  const pool = Array.from({ length: 16 }, () => JSON.parse(text) as unknown);
  let n = 0;
  const start = performance.now();
  let now = start;
  const batch = text.length > 100_000 ? 1 : 50;
  while ((now = performance.now()) - start < ms) {
    for (let i = 0; i < batch; i++) fn(pool[(n + i) & 15]);
    n += batch;
  }
  return n / ((now - start) / 1000);
}

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const MS = Number(process.env.MS ?? 150);
/** Rounds run first and thrown away: zod's first rounds run 3× slower while V8 settles. */
const WARMUP = Number(process.env.WARMUP ?? 2);

/** The generated zod schema through zod's own parser only (the compiled fast path off). */
function zodAlone<T>(fn: () => T): T {
  setCompiledFastPath(false);
  try {
    return fn();
  } finally {
    setCompiledFastPath(true);
  }
}
/** Round r runs the contenders rotated by r, and reversed on odd rounds, so that none always runs first or last. */
function roundOrder<T>(names: readonly T[], r: number): T[] {
  const k = r % names.length;
  const rotated = [...names.slice(k), ...names.slice(0, k)];
  return r % 2 === 1 ? rotated.reverse() : rotated;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface Row {
  readonly name: string;
  readonly ops: Record<string, number>;
}
const rows: Row[] = [];
for (const c of cases) {
  const contenders: Record<string, (v: unknown) => unknown> = {
    'hand zod': (v) => c.handZod.safeParse(v),
    'hand zod (same fields)': (v) => c.sameZod.safeParse(v),
    'generated zod': (v) => c.genZod.safeParse(v),
    'generated zod alone': (v) => zodAlone(() => c.genZod.safeParse(v)),
    'hand Ajv': (v) => c.ajv(v),
    'hand Ajv, no patterns': (v) => c.ajvNoPattern(v),
    'compiled check': (v) => c.compiled.check(v, 0),
    safeParseReceive: (v) => safeParseReceive(v),
  };
  const samples: Record<string, number[]> = {};
  for (let r = -WARMUP; r < ROUNDS; r++) {
    for (const name of roundOrder(Object.keys(contenders), r + WARMUP)) {
      const ops = measure(c.input, contenders[name]!, MS);
      if (r >= 0) (samples[name] ??= []).push(ops);
    }
  }
  const ops: Record<string, number> = {};
  for (const [k, v] of Object.entries(samples)) ops[k] = median(v);
  rows.push({ name: c.name, ops });
}

// Same coverage: APIUser with every field of the schema, written by hand, against the generated
// schema and the compiled validator, on the 8 users of the MESSAGE_CREATE fixture. The frame
// schemas above cover only the fields the fixtures carry, which flatters the hand-written zod.
const zUserFull = z.looseObject({
  id: snow,
  username: str,
  discriminator: str,
  global_name: nstr,
  avatar: nstr,
  bot: bool.optional(),
  system: bool.optional(),
  mfa_enabled: bool.optional(),
  banner: nstr.optional(),
  accent_color: int.nullable().optional(),
  locale: str.optional(),
  verified: bool.optional(),
  email: nstr.optional(),
  flags: int.nonnegative().optional(),
  premium_type: z.literal([0, 1, 2, 3]).optional(),
  public_flags: int.nonnegative().optional(),
  avatar_decoration_data: zAvatarDecoration.nullable().optional(),
  collectibles: z.looseObject({ nameplate: z.looseObject({ sku_id: snow, asset: str, label: str, palette: str }).optional() }).nullable().optional(),
  primary_guild: z
    .looseObject({ identity_guild_id: snow.nullable(), identity_enabled: bool.nullable(), tag: nstr, badge: nstr })
    .nullable()
    .optional(),
});
const users: unknown[] = [];
const collectUsers = (v: unknown): void => {
  if (Array.isArray(v)) v.forEach(collectUsers);
  else if (v !== null && typeof v === 'object') {
    const o = v as Json;
    if (typeof o.username === 'string' && typeof o.id === 'string') users.push(o);
    Object.values(o).forEach(collectUsers);
  }
};
collectUsers(message);
const compiledUser = Validators.APIUser;
const genUser = zodSchemas.APIUserSchema;
for (const u of users) if (!zUserFull.safeParse(u).success || !genUser.safeParse(u).success || !compiledUser.check(u, 0)) throw new Error('user gate');
const sameCoverage: Record<string, number[]> = {};
const userFns: Record<string, (v: unknown) => unknown> = {
  'hand zod (all fields)': (v) => zUserFull.safeParse(v),
  'generated zod': (v) => genUser.safeParse(v),
  'generated zod alone': (v) => zodAlone(() => genUser.safeParse(v)),
  'compiled check': (v) => compiledUser.check(v, 0),
};
for (let r = -WARMUP; r < ROUNDS; r++) {
  for (const k of roundOrder(Object.keys(userFns), r + WARMUP)) {
    const ops = measure(users, (list) => (list as unknown[]).forEach(userFns[k]!), MS);
    if (r >= 0) (sameCoverage[k] ??= []).push(ops);
  }
}

const fmt = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(0));
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
const out: string[] = [];
out.push(`validate bench: median of ${ROUNDS} rounds × ${MS} ms after ${WARMUP} warm-up rounds; GUILD_CREATE is ${guildBytes} bytes of JSON`);
out.push('generated zod = the generated schemas as shipped (compiled fast path on); generated zod alone = the same schemas through zod only');
out.push(
  `hand zod (same fields) agrees with generated zod on ${agreement.checked} inputs: ${agreement.fixtures} fixtures, ${agreement.mutations} mutations of them, and broken copies (${agreement.rejected} rejected)`,
);
out.push('');
out.push('| case | hand zod | generated zod | gen/hand zod | hand zod (same fields) | gen/hand zod (same fields) | generated zod alone | alone/hand (same fields) | hand Ajv | compiled check | compiled/Ajv | safeParseReceive | safeParse/Ajv | Ajv no patterns | compiled/Ajv-np |');
out.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const o = r.ops;
  out.push(
    `| ${r.name} | ${fmt(o['hand zod']!)} | ${fmt(o['generated zod']!)} | ${ratio(o['generated zod']!, o['hand zod']!)} | ${fmt(o['hand zod (same fields)']!)} | ${ratio(o['generated zod']!, o['hand zod (same fields)']!)} | ${fmt(o['generated zod alone']!)} | ${ratio(o['generated zod alone']!, o['hand zod (same fields)']!)} | ${fmt(o['hand Ajv']!)} | ${fmt(o['compiled check']!)} | ${ratio(o['compiled check']!, o['hand Ajv']!)} | ${fmt(o.safeParseReceive!)} | ${ratio(o.safeParseReceive!, o['hand Ajv']!)} | ${fmt(o['hand Ajv, no patterns']!)} | ${ratio(o['compiled check']!, o['hand Ajv, no patterns']!)} |`,
  );
}
const valid = rows[0]!.ops;
out.push('');
out.push('reject vs accept (time to reject ÷ time to accept the valid MESSAGE_CREATE; ≤ 2× is the target):');
out.push('| case | safeParseReceive (issues collected) | compiled check | hand Ajv | generated zod | generated zod alone | hand zod (same fields) |');
out.push('|---|---|---|---|---|---|---|');
for (const r of rows.slice(1, 3)) {
  const o = r.ops;
  const t = (k: string): string => ratio(valid[k]!, o[k]!);
  out.push(`| ${r.name} | ${t('safeParseReceive')} | ${t('compiled check')} | ${t('hand Ajv')} | ${t('generated zod')} | ${t('generated zod alone')} | ${t('hand zod (same fields)')} |`);
}
const su = Object.fromEntries(Object.entries(sameCoverage).map(([k, v]) => [k, median(v)])) as Record<string, number>;
out.push('');
out.push(`same coverage: APIUser with all 19 fields, hand-written zod vs generated (${users.length} users per op):`);
out.push('| hand zod (all fields) | generated zod | gen/hand zod | generated zod alone | alone/hand zod | compiled check | compiled/hand zod |');
out.push('|---|---|---|---|---|---|---|');
out.push(
  `| ${fmt(su['hand zod (all fields)']!)} | ${fmt(su['generated zod']!)} | ${ratio(su['generated zod']!, su['hand zod (all fields)']!)} | ${fmt(su['generated zod alone']!)} | ${ratio(su['generated zod alone']!, su['hand zod (all fields)']!)} | ${fmt(su['compiled check']!)} | ${ratio(su['compiled check']!, su['hand zod (all fields)']!)} |`,
);
process.stdout.write(out.join('\n') + '\n');
