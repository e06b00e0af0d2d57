// A realistic steady-state gateway stream: events drawn from test/fixtures in the proportions a
// busy bot sees (presences 30 %, typing 14 %, MESSAGE_CREATE variants 16 %, MESSAGE_UPDATE 7 %,
// reactions 10 %, member and voice updates 10 %, interactions, threads, deletes, heartbeat ACKs),
// each with fresh snowflakes and sequence numbers, compressed as Discord does: one shared zlib
// context, a Z_SYNC_FLUSH after each message, one WebSocket frame per message.
import * as zlib from 'node:zlib';
import { fixture } from './payloads.js';
import { seededRandom } from './random.js';

const MIX: readonly (readonly [string, number])[] = [
  ['PRESENCE_UPDATE', 22], ['PRESENCE_UPDATE.partial-user', 8],
  ['TYPING_START', 11], ['TYPING_START.dm', 3],
  ['MESSAGE_CREATE', 4], ['MESSAGE_CREATE.dm', 3], ['MESSAGE_CREATE.webhook', 2], ['MESSAGE_CREATE.forward', 2], ['MESSAGE_CREATE.poll', 2], ['MESSAGE_CREATE.components-v2', 3],
  ['MESSAGE_UPDATE', 7],
  ['MESSAGE_REACTION_ADD', 6], ['MESSAGE_REACTION_ADD.dm', 2], ['MESSAGE_REACTION_REMOVE', 2],
  ['GUILD_MEMBER_UPDATE', 4], ['VOICE_STATE_UPDATE', 4], ['VOICE_STATE_UPDATE.left', 2],
  ['INTERACTION_CREATE', 2], ['INTERACTION_CREATE.component', 1], ['THREAD_CREATE', 1], ['THREAD_UPDATE', 1], ['THREAD_MEMBERS_UPDATE', 1],
  ['MESSAGE_DELETE', 3], ['MESSAGE_DELETE_BULK', 1],
  ['HEARTBEAT_ACK', 3],
];

const { random, snowflake } = seededRandom(0x2545f491);
const SNOWFLAKE = /^[0-9]{17,20}$/;

/** A copy with every snowflake-looking string replaced by a fresh one. */
function freshIds(v: unknown): unknown {
  if (typeof v === 'string') return SNOWFLAKE.test(v) ? snowflake() : v;
  if (Array.isArray(v)) return v.map(freshIds);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, freshIds(x)]));
  return v;
}

export interface CompressedStream {
  /** One frame per message, in order, from one zlib context. */
  readonly frames: readonly Buffer[];
  /** Uncompressed bytes of all messages. */
  readonly bytes: number;
}

export function mixedMessages(count: number): unknown[] {
  const total = MIX.reduce((n, [, w]) => n + w, 0);
  const bases = MIX.map(([name, w]) => [fixture(name), w] as const);
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    let r = random() * total;
    let base = bases[0]![0];
    for (const [b, w] of bases) if ((r -= w) < 0) {
      base = b;
      break;
    }
    const m = freshIds(base) as Record<string, unknown>;
    if (m.op === 0) m.s = i + 2;
    out.push(m);
  }
  return out;
}

/** Deflates encoded messages as Discord does (shared context, Z_SYNC_FLUSH per message). */
export async function compressStream(encoded: readonly Uint8Array[]): Promise<CompressedStream> {
  const deflate = zlib.createDeflate();
  const frames: Buffer[] = [];
  for (const text of encoded) {
    const chunks: Buffer[] = [];
    const onData = (c: Buffer): number => chunks.push(c);
    deflate.on('data', onData);
    deflate.write(text);
    await new Promise<void>((resolve) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    deflate.off('data', onData);
    frames.push(Buffer.concat(chunks));
  }
  deflate.close();
  return { frames, bytes: encoded.reduce((n, t) => n + t.length, 0) };
}
