/**
 * Every dispatch event `gatewire/discord-api-types` does not bridge, with the first difference
 * tsc reports between gatewire's type and discord-api-types' (enum members compared by value) and
 * the docs reference that decides it (paths relative to discord-api-docs/developers/). An event
 * may have further differences behind the first. The README's list is checked against this one
 * (readme-table.ts prints it),
 * and proof.ts checks, per event, that the comparison really fails.
 */
import type { DiscordApiTypesBridgedEvent } from '../../src/discord-api-types/index.js';
import type { GatewayDispatchEventMap } from '../../generated/index.js';

const palette =
  "gatewire accepts any string as `collectibles.nameplate.palette` (an open enum: a palette Discord adds later is data, not a failure); discord-api-types allows only the named palettes (resources/user.mdx § Nameplate Structure). Reached through a user or member object";
const userPalette = `${palette} (here: the user).`;
const memberPalette = `${palette} (here: the guild member).`;

export type ExcludedEvent = Exclude<keyof GatewayDispatchEventMap, DiscordApiTypesBridgedEvent>;

export const excludedEvents: Record<ExcludedEvent, string> = {
  READY: userPalette,
  RESUMED:
    'gatewire types `d` as an object with any keys; discord-api-types types it as `undefined`. The docs describe the event but no payload fields (events/gateway-events.mdx § Resumed).',
  GUILD_CREATE:
    'discord-api-types requires `hub_type` on the guild, a field Discord\'s docs do not list; gatewire does not require it (resources/guild.mdx § Guild Structure).',
  GUILD_UPDATE:
    'discord-api-types requires `hub_type` on the guild, a field Discord\'s docs do not list; gatewire does not require it (resources/guild.mdx § Guild Structure).',
  CHANNEL_CREATE:
    'gatewire\'s channel union admits thread channels (types 10–12), which have no `position`; discord-api-types\' guild-channel union requires it. Threads come with THREAD_CREATE (events/gateway-events.mdx § Channel Create; resources/channel.mdx § Channel Types).',
  CHANNEL_UPDATE:
    'gatewire\'s channel union admits thread channels (types 10–12), which have no `position`; discord-api-types\' guild-channel union requires it. Threads come with THREAD_UPDATE (events/gateway-events.mdx § Channel Update; resources/channel.mdx § Channel Types).',
  CHANNEL_DELETE:
    'gatewire\'s channel union admits thread channels (types 10–12), which have no `position`; discord-api-types\' guild-channel union requires it. Threads come with THREAD_DELETE (events/gateway-events.mdx § Channel Delete; resources/channel.mdx § Channel Types).',
  THREAD_CREATE:
    'gatewire accepts `newly_created: false`; discord-api-types only `true` ("includes an additional `newly_created` boolean field", events/gateway-events.mdx § Thread Create).',
  THREAD_UPDATE: `${memberPalette} Path: \`d.member.member\`.`,
  THREAD_DELETE:
    'gatewire accepts `parent_id: null` (the channel object\'s `parent_id` is `?snowflake`); discord-api-types requires a string (events/gateway-events.mdx § Thread Delete; resources/channel.mdx § Channel Structure).',
  THREAD_LIST_SYNC: `${memberPalette} Path: \`d.threads[].member.member\`.`,
  THREAD_MEMBER_UPDATE: `${memberPalette} Path: \`d.member\`.`,
  THREAD_MEMBERS_UPDATE: `${memberPalette} Path: \`d.added_members[].member\`.`,
  STAGE_INSTANCE_CREATE:
    'gatewire accepts `guild_scheduled_event_id: null`; discord-api-types only a string or nothing. The docs type it `?snowflake` (resources/stage-instance.mdx § Stage Instance Structure).',
  STAGE_INSTANCE_UPDATE:
    'gatewire accepts `guild_scheduled_event_id: null`; discord-api-types only a string or nothing. The docs type it `?snowflake` (resources/stage-instance.mdx § Stage Instance Structure).',
  STAGE_INSTANCE_DELETE:
    'gatewire accepts `guild_scheduled_event_id: null`; discord-api-types only a string or nothing. The docs type it `?snowflake` (resources/stage-instance.mdx § Stage Instance Structure).',
  GUILD_MEMBER_ADD: memberPalette,
  GUILD_MEMBER_UPDATE: memberPalette,
  GUILD_MEMBER_REMOVE: userPalette,
  GUILD_AUDIT_LOG_ENTRY_CREATE:
    'gatewire accepts any string as a change\'s `key`; discord-api-types only the keys it knows, each with its value type. The docs type `key` as `string` (resources/audit-log.mdx § Audit Log Change Structure).',
  GUILD_BAN_ADD: userPalette,
  GUILD_BAN_REMOVE: userPalette,
  GUILD_EMOJIS_UPDATE: `${userPalette} Path: \`d.emojis[].user\`.`,
  GUILD_STICKERS_UPDATE: `${userPalette} Path: \`d.stickers[].user\`.`,
  GUILD_SOUNDBOARD_SOUND_CREATE: userPalette,
  GUILD_SOUNDBOARD_SOUND_UPDATE: userPalette,
  GUILD_SOUNDBOARD_SOUNDS_UPDATE: `${userPalette} Path: \`d.soundboard_sounds[].user\`.`,
  INTEGRATION_CREATE: userPalette,
  INTEGRATION_UPDATE: userPalette,
  INVITE_CREATE: `${userPalette} Path: \`d.inviter\`.`,
  VOICE_CHANNEL_EFFECT_SEND: `${userPalette} Path: \`d.emoji.user\`.`,
  VOICE_STATE_UPDATE: memberPalette,
  PRESENCE_UPDATE: userPalette,
  MESSAGE_CREATE:
    'gatewire types `member` as a partial guild member (`roles` optional); discord-api-types requires `roles`. The docs say "partial guild member object" (events/gateway-events.mdx § Message Create Extra Fields).',
  MESSAGE_UPDATE:
    'gatewire types `member` as a partial guild member (`roles` optional); discord-api-types requires `roles`. The docs say "partial guild member object" (events/gateway-events.mdx § Message Create Extra Fields).',
  MESSAGE_REACTION_ADD: memberPalette,
  MESSAGE_REACTION_REMOVE: `${userPalette} Path: \`d.emoji.user\`.`,
  MESSAGE_REACTION_REMOVE_EMOJI: `${userPalette} Path: \`d.emoji.user\`.`,
  TYPING_START: memberPalette,
  GUILD_SCHEDULED_EVENT_CREATE:
    'gatewire accepts `channel_id: null` whatever the `entity_type`; discord-api-types types each entity type on its own and requires a channel for STAGE_INSTANCE and VOICE events, as the docs do (resources/guild-scheduled-event.mdx § Field Requirements By Entity Type).',
  GUILD_SCHEDULED_EVENT_UPDATE:
    'gatewire accepts `channel_id: null` whatever the `entity_type`; discord-api-types types each entity type on its own and requires a channel for STAGE_INSTANCE and VOICE events, as the docs do (resources/guild-scheduled-event.mdx § Field Requirements By Entity Type).',
  GUILD_SCHEDULED_EVENT_DELETE:
    'gatewire accepts `channel_id: null` whatever the `entity_type`; discord-api-types types each entity type on its own and requires a channel for STAGE_INSTANCE and VOICE events, as the docs do (resources/guild-scheduled-event.mdx § Field Requirements By Entity Type).',
  ENTITLEMENT_CREATE:
    'gatewire\'s entitlement `type` includes 10 (QUEST_REWARD, from Discord\'s OpenAPI spec); discord-api-types stops at 8, as the docs\' table does (resources/entitlement.mdx § Entitlement Types).',
  ENTITLEMENT_UPDATE:
    'gatewire\'s entitlement `type` includes 10 (QUEST_REWARD, from Discord\'s OpenAPI spec); discord-api-types stops at 8, as the docs\' table does (resources/entitlement.mdx § Entitlement Types).',
  ENTITLEMENT_DELETE:
    'gatewire\'s entitlement `type` includes 10 (QUEST_REWARD, from Discord\'s OpenAPI spec); discord-api-types stops at 8, as the docs\' table does (resources/entitlement.mdx § Entitlement Types).',
  GUILD_MEMBERS_CHUNK: `${memberPalette} Path: \`d.members[]\`.`,
  INTERACTION_CREATE:
    'gatewire accepts an autocomplete interaction without `data.options`; discord-api-types requires them. The docs mark `options` optional (interactions/receiving-and-responding.mdx § Application Command Data Structure).',
  SOUNDBOARD_SOUNDS: `${userPalette} Path: \`d.soundboard_sounds[].user\`.`,
  USER_UPDATE: palette + '.',
};
