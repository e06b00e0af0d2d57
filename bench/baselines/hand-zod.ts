// Hand-written zod baselines for bench/validate.ts: the frames MESSAGE_CREATE and GUILD_CREATE
// over the fields the fixtures carry, and APIUser with every field of the schema.
import { z } from 'zod';

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
export const zMessageCreate = z.looseObject({ op: z.literal(0), s: int, t: z.literal('MESSAGE_CREATE'), d: zMessage });

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
export const zGuildCreate = z.looseObject({ op: z.literal(0), s: int, t: z.literal('GUILD_CREATE'), d: zGuild });

// Same coverage: APIUser with every field of the schema, written by hand, against the generated
// schema and the compiled validator, on the 8 users of the MESSAGE_CREATE fixture. The frame
// schemas above cover only the fields the fixtures carry, which flatters the hand-written zod.
export const zUserFull = z.looseObject({
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
