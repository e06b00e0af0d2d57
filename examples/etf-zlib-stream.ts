/**
 * ETF + zlib-stream, the way Discord sends them with `encoding=etf&compress=zlib-stream`: one inflate
 * context for the whole connection, a message complete at each Z_SYNC_FLUSH suffix, then ETF decoded
 * to exactly what JSON would give (`normalize: true`: snowflakes sent as integers become strings).
 *
 *   npx tsx examples/etf-zlib-stream.ts
 *
 * The "server" side here is node:zlib and gatewire's ETF encoder; in a bot the frames come from the
 * WebSocket (gatewire/session does all of this for you).
 */
import { constants, createDeflate } from 'node:zlib';
import { createZlibStreamInflater } from 'gatewire/compression';
import { decode, encode } from 'gatewire/etf';

/** What a server does: one deflate context, each message flushed with Z_SYNC_FLUSH. */
function serverStream(): (message: Uint8Array) => Promise<Buffer> {
  const deflate = createDeflate();
  return (message) =>
    new Promise((resolve) => {
      const chunks: Buffer[] = [];
      const onData = (c: Buffer) => chunks.push(c);
      deflate.on('data', onData);
      deflate.write(message);
      deflate.flush(constants.Z_SYNC_FLUSH, () => {
        deflate.off('data', onData);
        resolve(Buffer.concat(chunks));
      });
    });
}

const send = serverStream();
const inflater = createZlibStreamInflater();
const frames = [
  { op: 10, d: { heartbeat_interval: 41250 }, s: null, t: null },
  { op: 0, s: 1, t: 'MESSAGE_CREATE', d: { id: 1188430611029917747n, channel_id: '1125867493288390717', content: 'hello' } },
];
for (const frame of frames) {
  const compressed = await send(encode(frame));
  // A WebSocket may deliver one message in several frames: feed them as they come.
  const half = compressed.length >> 1;
  const messages = [...inflater.push(compressed.subarray(0, half)), ...inflater.push(compressed.subarray(half))];
  for (const message of messages) console.log(JSON.stringify(decode(message, { normalize: true })));
}
inflater.close();
