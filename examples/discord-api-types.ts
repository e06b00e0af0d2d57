/**
 * Validate with gatewire, keep discord-api-types' types (for a library typed with them).
 *
 *   npx tsx examples/discord-api-types.ts
 */
import type { GatewayMessageDeleteDispatch } from 'discord-api-types/v10';
import { isDiscordApiTypesDispatch, parseDiscordApiTypesDispatch } from 'gatewire/discord-api-types';

const frame: unknown = JSON.parse('{"op":0,"s":7,"t":"MESSAGE_DELETE","d":{"id":"10","channel_id":"20"}}');
if (isDiscordApiTypesDispatch('MESSAGE_DELETE', frame)) {
  const typed: GatewayMessageDeleteDispatch = frame; // discord-api-types' own type
  console.log(`deleted ${typed.d.id} in ${typed.d.channel_id}`);
}
// Any frame: typed as discord-api-types' dispatch when its event is bridged, undefined otherwise.
const parsed = parseDiscordApiTypesDispatch(frame);
console.log(parsed?.t);
