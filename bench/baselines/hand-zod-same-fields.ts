// Hand-written zod, same fields (a baseline for bench/validate.ts): what a careful person writes by
// hand to check every documented field of the two frames with the rigour of generated/zod.ts (same required/optional/nullable,
// closed enums as literals, open ones as plain ints/strings, snowflakes and bitfield strings
// against ^[0-9]+$, non-negative flag ints), so that `gen/hand zod (same fields)` compares equal
// work. Shared sub-objects are consts, partials are `.partial()`, tagged unions are
// discriminatedUnion, and recursion (referenced_message, resolved.messages) uses a getter / z.lazy.
import { z } from 'zod';

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
export const sameFields = sameFieldSchemas();
