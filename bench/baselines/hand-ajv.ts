// Hand-written Ajv (draft-07): a baseline for bench/validate.ts.
import { Ajv } from 'ajv';

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
export const ajvMessage = ajv.compile(aMessageCreate);
export const ajvGuild = ajv.compile(aGuildCreate);
// The same schemas without `pattern` (the anchor's hand-written Ajv had no regexes): a baseline
// that checks less than the compiled validators do.
const withoutPatterns = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema), (k, v: unknown) => (k === 'pattern' ? undefined : v));
export const ajvMessageNoPattern = ajv.compile(withoutPatterns(aMessageCreate) as S);
export const ajvGuildNoPattern = ajv.compile(withoutPatterns(aGuildCreate) as S);
