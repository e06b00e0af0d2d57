/**
 * Intents from the events a bot handles: no guessing which bit a MESSAGE_CREATE needs, privileged
 * intents named (each must be enabled in the Developer Portal, or Discord closes with 4014).
 *
 *   npx tsx examples/intents.ts MESSAGE_CREATE GUILD_MEMBER_ADD PRESENCE_UPDATE
 */
import { describeIntents, intentsForEvents } from 'gatewire/intents';

const events = process.argv.slice(2);
const wanted = events.length > 0 ? events : ['MESSAGE_CREATE', 'GUILD_MEMBER_ADD'];
const result = intentsForEvents(wanted);
console.log(`intents: ${result.intents}`);
console.log(describeIntents(result.intents).summary);
if (result.privileged.length > 0) console.log(`privileged (enable them in the Developer Portal): ${result.privileged.join(', ')}`);
for (const event of wanted) console.log(`${event}: ${result.grantedBy[event]?.join(', ') || 'no intent needed'}`);
