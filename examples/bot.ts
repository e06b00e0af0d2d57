/**
 * A bot over the `ws` adapter: connect, validate every dispatch, react to MESSAGE_CREATE.
 *
 *   DISCORD_TOKEN=… npx tsx examples/bot.ts
 *
 * GATEWAY_URL points it at another gateway (the tests use a loopback one); EXIT_AFTER_MESSAGES=n
 * stops it after n messages.
 */
import { GatewayIntentBits } from 'gatewire';
import { intentsForEvents } from 'gatewire/intents';
import { connectGateway } from 'gatewire/session/ws';

const token = process.env.DISCORD_TOKEN;
if (!token) throw new Error('set DISCORD_TOKEN to your bot token');
const exitAfter = Number(process.env.EXIT_AFTER_MESSAGES ?? Infinity);
let seen = 0;

// MESSAGE_CREATE needs GuildMessages/DirectMessages; reading `content` also needs the privileged
// MessageContent intent (enable it in the Developer Portal).
const intents = intentsForEvents(['MESSAGE_CREATE']).intents | GatewayIntentBits.MessageContent;
const connection = connectGateway({
  token,
  intents,
  encoding: 'json',
  compress: 'zlib-stream',
  properties: { os: process.platform, browser: 'gatewire-example', device: 'gatewire-example' },
  validate: { mode: 'tolerant' }, // every dispatch is checked against its schema before it reaches you
  ...(process.env.GATEWAY_URL ? { url: process.env.GATEWAY_URL } : {}),
  onEvent(event) {
    if (event.type === 'ready') console.log(`ready as ${event.d.user.username}`);
    if (event.type === 'error') console.error(`gateway error: ${event.error.message}`);
    if (event.type !== 'dispatch' || event.t !== 'MESSAGE_CREATE') return;
    const message = event.d; // typed: GatewayMessageCreateDispatchData
    console.log(`#${message.channel_id} ${message.author.username}: ${message.content}`);
    if (++seen >= exitAfter) void connection.close().then(() => console.log('closed'));
  },
});
await connection.stopped;
