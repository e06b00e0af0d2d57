/**
 * The dispatch events whose gatewire schema accepts nothing that discord-api-types' type for the same
 * event forbids, enum members compared by value. Each is proven by test/discord-api-types/proof.ts;
 * the README lists every other event with the reason (and the docs reference) it is left out.
 */
export const DiscordApiTypesBridgedEvents = [
  'APPLICATION_COMMAND_PERMISSIONS_UPDATE',
  'AUTO_MODERATION_ACTION_EXECUTION',
  'AUTO_MODERATION_RULE_CREATE',
  'AUTO_MODERATION_RULE_DELETE',
  'AUTO_MODERATION_RULE_UPDATE',
  'CHANNEL_INFO',
  'CHANNEL_PINS_UPDATE',
  'GUILD_DELETE',
  'GUILD_INTEGRATIONS_UPDATE',
  'GUILD_ROLE_CREATE',
  'GUILD_ROLE_DELETE',
  'GUILD_ROLE_UPDATE',
  'GUILD_SCHEDULED_EVENT_USER_ADD',
  'GUILD_SCHEDULED_EVENT_USER_REMOVE',
  'GUILD_SOUNDBOARD_SOUND_DELETE',
  'INTEGRATION_DELETE',
  'INVITE_DELETE',
  'MESSAGE_DELETE',
  'MESSAGE_DELETE_BULK',
  'MESSAGE_POLL_VOTE_ADD',
  'MESSAGE_POLL_VOTE_REMOVE',
  'MESSAGE_REACTION_REMOVE_ALL',
  'RATE_LIMITED',
  'SUBSCRIPTION_CREATE',
  'SUBSCRIPTION_DELETE',
  'SUBSCRIPTION_UPDATE',
  'VOICE_CHANNEL_START_TIME_UPDATE',
  'VOICE_CHANNEL_STATUS_UPDATE',
  'VOICE_SERVER_UPDATE',
  'WEBHOOKS_UPDATE',
] as const;

/** A dispatch event name the bridge can narrow to discord-api-types' type. */
export type DiscordApiTypesBridgedEvent = (typeof DiscordApiTypesBridgedEvents)[number];
