/**
 * The per-event proof behind gatewire/discord-api-types, checked by tsc in `npm test`: for every
 * bridged event, gatewire's frame type accepts nothing discord-api-types' frame type forbids (enum
 * members compared by value, see src/discord-api-types/compare.ts); for every other event, that
 * does not hold, so the bridged list is exactly the events where it holds; and the two lists
 * together are every dispatch event.
 */
import type { GatewayDispatchEventMap, GatewayDispatchPayloadOf } from '../../generated/index.js';
import type { AcceptsNoMoreThan, DiscordApiTypesBridgedEvent, DiscordApiTypesDispatchOf } from '../../src/discord-api-types/index.js';
import type { ExcludedEvent } from './excluded.js';

type Assert<T extends true> = T;
type Holds<K extends keyof GatewayDispatchEventMap> = AcceptsNoMoreThan<GatewayDispatchPayloadOf<K>, DiscordApiTypesDispatchOf<K>>;
type Fails<K extends keyof GatewayDispatchEventMap> = Holds<K> extends true ? false : true;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Bridged and excluded events are disjoint and together every dispatch event. */
export type EveryEventIsListed = Assert<Same<DiscordApiTypesBridgedEvent | ExcludedEvent, keyof GatewayDispatchEventMap>>;
export type NoEventIsBoth = Assert<Same<Extract<DiscordApiTypesBridgedEvent, ExcludedEvent>, never>>;

// Bridged: the comparison holds.
export type Bridged_APPLICATION_COMMAND_PERMISSIONS_UPDATE = Assert<Holds<'APPLICATION_COMMAND_PERMISSIONS_UPDATE'>>;
export type Bridged_AUTO_MODERATION_ACTION_EXECUTION = Assert<Holds<'AUTO_MODERATION_ACTION_EXECUTION'>>;
export type Bridged_AUTO_MODERATION_RULE_CREATE = Assert<Holds<'AUTO_MODERATION_RULE_CREATE'>>;
export type Bridged_AUTO_MODERATION_RULE_DELETE = Assert<Holds<'AUTO_MODERATION_RULE_DELETE'>>;
export type Bridged_AUTO_MODERATION_RULE_UPDATE = Assert<Holds<'AUTO_MODERATION_RULE_UPDATE'>>;
export type Bridged_CHANNEL_INFO = Assert<Holds<'CHANNEL_INFO'>>;
export type Bridged_CHANNEL_PINS_UPDATE = Assert<Holds<'CHANNEL_PINS_UPDATE'>>;
export type Bridged_GUILD_DELETE = Assert<Holds<'GUILD_DELETE'>>;
export type Bridged_GUILD_INTEGRATIONS_UPDATE = Assert<Holds<'GUILD_INTEGRATIONS_UPDATE'>>;
export type Bridged_GUILD_ROLE_CREATE = Assert<Holds<'GUILD_ROLE_CREATE'>>;
export type Bridged_GUILD_ROLE_DELETE = Assert<Holds<'GUILD_ROLE_DELETE'>>;
export type Bridged_GUILD_ROLE_UPDATE = Assert<Holds<'GUILD_ROLE_UPDATE'>>;
export type Bridged_GUILD_SCHEDULED_EVENT_USER_ADD = Assert<Holds<'GUILD_SCHEDULED_EVENT_USER_ADD'>>;
export type Bridged_GUILD_SCHEDULED_EVENT_USER_REMOVE = Assert<Holds<'GUILD_SCHEDULED_EVENT_USER_REMOVE'>>;
export type Bridged_GUILD_SOUNDBOARD_SOUND_DELETE = Assert<Holds<'GUILD_SOUNDBOARD_SOUND_DELETE'>>;
export type Bridged_INTEGRATION_DELETE = Assert<Holds<'INTEGRATION_DELETE'>>;
export type Bridged_INVITE_DELETE = Assert<Holds<'INVITE_DELETE'>>;
export type Bridged_MESSAGE_DELETE = Assert<Holds<'MESSAGE_DELETE'>>;
export type Bridged_MESSAGE_DELETE_BULK = Assert<Holds<'MESSAGE_DELETE_BULK'>>;
export type Bridged_MESSAGE_POLL_VOTE_ADD = Assert<Holds<'MESSAGE_POLL_VOTE_ADD'>>;
export type Bridged_MESSAGE_POLL_VOTE_REMOVE = Assert<Holds<'MESSAGE_POLL_VOTE_REMOVE'>>;
export type Bridged_MESSAGE_REACTION_REMOVE_ALL = Assert<Holds<'MESSAGE_REACTION_REMOVE_ALL'>>;
export type Bridged_RATE_LIMITED = Assert<Holds<'RATE_LIMITED'>>;
export type Bridged_SUBSCRIPTION_CREATE = Assert<Holds<'SUBSCRIPTION_CREATE'>>;
export type Bridged_SUBSCRIPTION_DELETE = Assert<Holds<'SUBSCRIPTION_DELETE'>>;
export type Bridged_SUBSCRIPTION_UPDATE = Assert<Holds<'SUBSCRIPTION_UPDATE'>>;
export type Bridged_VOICE_CHANNEL_START_TIME_UPDATE = Assert<Holds<'VOICE_CHANNEL_START_TIME_UPDATE'>>;
export type Bridged_VOICE_CHANNEL_STATUS_UPDATE = Assert<Holds<'VOICE_CHANNEL_STATUS_UPDATE'>>;
export type Bridged_VOICE_SERVER_UPDATE = Assert<Holds<'VOICE_SERVER_UPDATE'>>;
export type Bridged_WEBHOOKS_UPDATE = Assert<Holds<'WEBHOOKS_UPDATE'>>;

// Excluded: the comparison fails (excluded.ts says why).
export type Excluded_READY = Assert<Fails<'READY'>>;
export type Excluded_RESUMED = Assert<Fails<'RESUMED'>>;
export type Excluded_GUILD_CREATE = Assert<Fails<'GUILD_CREATE'>>;
export type Excluded_GUILD_UPDATE = Assert<Fails<'GUILD_UPDATE'>>;
export type Excluded_CHANNEL_CREATE = Assert<Fails<'CHANNEL_CREATE'>>;
export type Excluded_CHANNEL_UPDATE = Assert<Fails<'CHANNEL_UPDATE'>>;
export type Excluded_CHANNEL_DELETE = Assert<Fails<'CHANNEL_DELETE'>>;
export type Excluded_THREAD_CREATE = Assert<Fails<'THREAD_CREATE'>>;
export type Excluded_THREAD_UPDATE = Assert<Fails<'THREAD_UPDATE'>>;
export type Excluded_THREAD_DELETE = Assert<Fails<'THREAD_DELETE'>>;
export type Excluded_THREAD_LIST_SYNC = Assert<Fails<'THREAD_LIST_SYNC'>>;
export type Excluded_THREAD_MEMBER_UPDATE = Assert<Fails<'THREAD_MEMBER_UPDATE'>>;
export type Excluded_THREAD_MEMBERS_UPDATE = Assert<Fails<'THREAD_MEMBERS_UPDATE'>>;
export type Excluded_STAGE_INSTANCE_CREATE = Assert<Fails<'STAGE_INSTANCE_CREATE'>>;
export type Excluded_STAGE_INSTANCE_UPDATE = Assert<Fails<'STAGE_INSTANCE_UPDATE'>>;
export type Excluded_STAGE_INSTANCE_DELETE = Assert<Fails<'STAGE_INSTANCE_DELETE'>>;
export type Excluded_GUILD_MEMBER_ADD = Assert<Fails<'GUILD_MEMBER_ADD'>>;
export type Excluded_GUILD_MEMBER_UPDATE = Assert<Fails<'GUILD_MEMBER_UPDATE'>>;
export type Excluded_GUILD_MEMBER_REMOVE = Assert<Fails<'GUILD_MEMBER_REMOVE'>>;
export type Excluded_GUILD_AUDIT_LOG_ENTRY_CREATE = Assert<Fails<'GUILD_AUDIT_LOG_ENTRY_CREATE'>>;
export type Excluded_GUILD_BAN_ADD = Assert<Fails<'GUILD_BAN_ADD'>>;
export type Excluded_GUILD_BAN_REMOVE = Assert<Fails<'GUILD_BAN_REMOVE'>>;
export type Excluded_GUILD_EMOJIS_UPDATE = Assert<Fails<'GUILD_EMOJIS_UPDATE'>>;
export type Excluded_GUILD_STICKERS_UPDATE = Assert<Fails<'GUILD_STICKERS_UPDATE'>>;
export type Excluded_GUILD_SOUNDBOARD_SOUND_CREATE = Assert<Fails<'GUILD_SOUNDBOARD_SOUND_CREATE'>>;
export type Excluded_GUILD_SOUNDBOARD_SOUND_UPDATE = Assert<Fails<'GUILD_SOUNDBOARD_SOUND_UPDATE'>>;
export type Excluded_GUILD_SOUNDBOARD_SOUNDS_UPDATE = Assert<Fails<'GUILD_SOUNDBOARD_SOUNDS_UPDATE'>>;
export type Excluded_INTEGRATION_CREATE = Assert<Fails<'INTEGRATION_CREATE'>>;
export type Excluded_INTEGRATION_UPDATE = Assert<Fails<'INTEGRATION_UPDATE'>>;
export type Excluded_INVITE_CREATE = Assert<Fails<'INVITE_CREATE'>>;
export type Excluded_VOICE_CHANNEL_EFFECT_SEND = Assert<Fails<'VOICE_CHANNEL_EFFECT_SEND'>>;
export type Excluded_VOICE_STATE_UPDATE = Assert<Fails<'VOICE_STATE_UPDATE'>>;
export type Excluded_PRESENCE_UPDATE = Assert<Fails<'PRESENCE_UPDATE'>>;
export type Excluded_MESSAGE_CREATE = Assert<Fails<'MESSAGE_CREATE'>>;
export type Excluded_MESSAGE_UPDATE = Assert<Fails<'MESSAGE_UPDATE'>>;
export type Excluded_MESSAGE_REACTION_ADD = Assert<Fails<'MESSAGE_REACTION_ADD'>>;
export type Excluded_MESSAGE_REACTION_REMOVE = Assert<Fails<'MESSAGE_REACTION_REMOVE'>>;
export type Excluded_MESSAGE_REACTION_REMOVE_EMOJI = Assert<Fails<'MESSAGE_REACTION_REMOVE_EMOJI'>>;
export type Excluded_TYPING_START = Assert<Fails<'TYPING_START'>>;
export type Excluded_GUILD_SCHEDULED_EVENT_CREATE = Assert<Fails<'GUILD_SCHEDULED_EVENT_CREATE'>>;
export type Excluded_GUILD_SCHEDULED_EVENT_UPDATE = Assert<Fails<'GUILD_SCHEDULED_EVENT_UPDATE'>>;
export type Excluded_GUILD_SCHEDULED_EVENT_DELETE = Assert<Fails<'GUILD_SCHEDULED_EVENT_DELETE'>>;
export type Excluded_ENTITLEMENT_CREATE = Assert<Fails<'ENTITLEMENT_CREATE'>>;
export type Excluded_ENTITLEMENT_UPDATE = Assert<Fails<'ENTITLEMENT_UPDATE'>>;
export type Excluded_ENTITLEMENT_DELETE = Assert<Fails<'ENTITLEMENT_DELETE'>>;
export type Excluded_GUILD_MEMBERS_CHUNK = Assert<Fails<'GUILD_MEMBERS_CHUNK'>>;
export type Excluded_INTERACTION_CREATE = Assert<Fails<'INTERACTION_CREATE'>>;
export type Excluded_SOUNDBOARD_SOUNDS = Assert<Fails<'SOUNDBOARD_SOUNDS'>>;
export type Excluded_USER_UPDATE = Assert<Fails<'USER_UPDATE'>>;
