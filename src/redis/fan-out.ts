/**
 * Dispatch fan-out over Redis Streams: gateway processes publish each dispatch to a stream per
 * event type (`XADD … MAXLEN ~ n`, so memory stays bounded), worker processes read them in consumer
 * groups (each entry goes to one consumer of a group; every group sees every entry), acknowledge
 * what they handled, and reclaim with `XAUTOCLAIM` what a dead consumer read but never acknowledged.
 *
 * Every entry carries an envelope `{ shard, session_id, seq, t, d, schema }`. `schema` is the
 * fingerprint of the generated schema set (./schema-hash.ts), so a consumer built from other
 * schemas sees `schemaMatches: false`. `session_id:seq` is the idempotency key: a resume replays
 * dispatches the previous connection may already have published, and a reclaimed entry may have
 * been half-handled; consumers drop what they already saw (`createDispatchDeduplicator`).
 */
import { CommandRunner, type CommandRunnerOptions, type RedisCommandClient, checkNamespace, checkPositive } from './client.js';
import { RedisCoordinationError, RedisCoordinationErrorCodes } from './errors.js';
import { schemaSetHash } from './schema-hash.js';

export interface DispatchEnvelope<D = unknown> {
  shard: number;
  session_id: string;
  seq: number;
  t: string;
  d: D;
  /** Fingerprint of the publisher's generated schema set. */
  schema: string;
}

/** `session_id:seq`: the same dispatch has the same key however often it is published or delivered. */
export function idempotencyKey(envelope: Pick<DispatchEnvelope, 'session_id' | 'seq'>): string {
  return `${envelope.session_id}:${envelope.seq}`;
}

/** The stream of one event type. */
export function dispatchStreamKey(namespace: string, t: string): string {
  return `${checkNamespace(namespace)}:dispatch:${t}`;
}

export interface DispatchPublisherOptions extends CommandRunnerOptions {
  client: RedisCommandClient;
  namespace: string;
  /** Approximate bound of each stream (`MAXLEN ~`), default 100 000 entries. */
  maxLen?: number;
  /** Trim exactly (`MAXLEN =`) instead: slower, for tests that count. Default false. */
  exactTrim?: boolean;
  /** Only publish these event types (default all). */
  events?: readonly string[];
}

export interface DispatchPublisher {
  /**
   * Appends one dispatch to its type's stream; resolves with the entry id, or null for a type not
   * in `events`. Rejects with REDIS_UNAVAILABLE; the caller decides whether to retry.
   */
  publish(dispatch: Omit<DispatchEnvelope, 'schema'>): Promise<string | null>;
  readonly schema: string;
}

/** A publisher of dispatches to Redis Streams, one stream per event type (`<namespace>:dispatch:<t>`), bounded by `maxLen`. */
export function createDispatchPublisher(options: DispatchPublisherOptions): DispatchPublisher {
  const ns = checkNamespace(options.namespace);
  const redis = new CommandRunner(options.client, options);
  const maxLen = String(Math.floor(checkPositive(options.maxLen ?? 100_000, 'maxLen')));
  const trim = options.exactTrim === true ? '=' : '~';
  const only = options.events === undefined ? null : new Set(options.events);
  const schema = schemaSetHash();
  return {
    schema,
    async publish(dispatch) {
      if (only !== null && !only.has(dispatch.t)) return null;
      if (!Number.isSafeInteger(dispatch.shard) || dispatch.shard < 0) throw badDispatch('/shard', 'a non-negative integer');
      if (typeof dispatch.session_id !== 'string' || dispatch.session_id === '') throw badDispatch('/session_id', 'a non-empty string');
      if (!Number.isSafeInteger(dispatch.seq) || dispatch.seq < 0) throw badDispatch('/seq', 'a non-negative integer');
      if (typeof dispatch.t !== 'string' || dispatch.t === '') throw badDispatch('/t', 'a non-empty string');
      const envelope: DispatchEnvelope = {
        shard: dispatch.shard,
        session_id: dispatch.session_id,
        seq: dispatch.seq,
        t: dispatch.t,
        d: dispatch.d,
        schema,
      };
      const reply = await redis.command([
        'XADD',
        `${ns}:dispatch:${dispatch.t}`,
        'MAXLEN',
        trim,
        maxLen,
        '*',
        'k',
        idempotencyKey(envelope),
        'e',
        JSON.stringify(envelope),
      ]);
      return typeof reply === 'string' ? reply : String(reply);
    },
  };
}

function badDispatch(path: string, what: string): RedisCoordinationError {
  return new RedisCoordinationError(RedisCoordinationErrorCodes.BadEnvelope, `dispatch ${path.slice(1)} must be ${what}`, { path });
}

export interface DispatchMessage {
  /** The stream key it came from. */
  stream: string;
  /** The stream entry id (acknowledge with it). */
  id: string;
  /** `session_id:seq`. */
  key: string;
  /** The envelope, or null when the entry is not a gatewire envelope (see `error`). */
  envelope: DispatchEnvelope | null;
  /** False when the publisher was built from other schemas than this consumer. */
  schemaMatches: boolean;
  /** Why `envelope` is null. */
  error?: RedisCoordinationError;
  /** True for an entry taken over from another (dead or stuck) consumer. */
  reclaimed: boolean;
}

export interface DispatchConsumerOptions extends CommandRunnerOptions {
  /**
   * A client of its own: `read()` blocks its connection for up to `blockMs` (use `client.duplicate()`).
   */
  client: RedisCommandClient;
  namespace: string;
  /** Consumer group; every group gets every dispatch. */
  group: string;
  /** This consumer's name within the group; keep it stable across restarts to get its own pending entries back. */
  consumer: string;
  /** Event types to read. */
  events: readonly string[];
  /** Where a new group starts: `'0'` (everything still in the stream, default) or `'$'` (only new entries). */
  startAt?: '0' | '$';
  /** Entries per stream per read (default 100). */
  count?: number;
  /** How long `read()` waits for new entries (default 1000 ms; 0 returns at once). */
  blockMs?: number;
  /** Entries unacknowledged this long are taken over by `reclaim()` (default 30 000 ms). */
  claimIdleMs?: number;
}

export interface DispatchConsumer {
  /** Creates the streams and the group where missing (idempotent); `read` and `reclaim` call it once. */
  ensureGroups(): Promise<void>;
  /** New entries for this consumer, waiting up to `blockMs`. */
  read(): Promise<DispatchMessage[]>;
  /** Entries other consumers of the group left unacknowledged for `claimIdleMs`, now this consumer's. */
  reclaim(): Promise<DispatchMessage[]>;
  /** Acknowledge handled entries. */
  ack(messages: readonly Pick<DispatchMessage, 'stream' | 'id'>[]): Promise<void>;
  readonly schema: string;
}

/**
 * A consumer of the dispatch streams of `events` in consumer group `group`: `read` new entries, `ack`
 * them, `reclaim` what dead consumers left unacknowledged. Give it a client of its own (reads block).
 */
export function createDispatchConsumer(options: DispatchConsumerOptions): DispatchConsumer {
  const ns = checkNamespace(options.namespace);
  const redis = new CommandRunner(options.client, options);
  if (options.events.length === 0) {
    throw new RedisCoordinationError(RedisCoordinationErrorCodes.BadOption, 'events must name at least one event type', { path: '/events' });
  }
  for (const [name, value] of [
    ['group', options.group],
    ['consumer', options.consumer],
  ] as const) {
    if (typeof value !== 'string' || value === '') {
      throw new RedisCoordinationError(RedisCoordinationErrorCodes.BadOption, `${name} must be a non-empty string`, { path: `/${name}` });
    }
  }
  const streams = [...new Set(options.events)].map((t) => `${ns}:dispatch:${t}`);
  const count = String(Math.floor(checkPositive(options.count ?? 100, 'count')));
  const blockMs = Math.floor(checkPositive(options.blockMs ?? 1000, 'blockMs', { allowZero: true }));
  const idle = String(Math.floor(checkPositive(options.claimIdleMs ?? 30_000, 'claimIdleMs', { allowZero: true })));
  const schema = schemaSetHash();
  const cursors = new Map(streams.map((s) => [s, '0-0']));
  let ready: Promise<void> | null = null;

  const ensureGroups = (): Promise<void> => {
    ready ??= (async () => {
      for (const stream of streams) {
        try {
          await redis.command(['XGROUP', 'CREATE', stream, options.group, options.startAt ?? '0', 'MKSTREAM']);
        } catch (error) {
          if (!(error instanceof Error) || !error.message.startsWith('BUSYGROUP')) throw error;
        }
      }
    })().catch((error: unknown) => {
      ready = null;
      throw error;
    });
    return ready;
  };

  const toMessage = (stream: string, id: string, fields: unknown, reclaimed: boolean): DispatchMessage => {
    const map = fieldMap(fields);
    const key = map.get('k') ?? '';
    const fail = (why: string, path: string): DispatchMessage => ({
      stream,
      id,
      key,
      envelope: null,
      schemaMatches: false,
      reclaimed,
      error: new RedisCoordinationError(RedisCoordinationErrorCodes.BadEnvelope, `${stream} ${id}: ${why}`, { path }),
    });
    const text = map.get('e');
    if (text === undefined) return fail('the entry has no envelope field "e"', '/e');
    let envelope: unknown;
    try {
      envelope = JSON.parse(text);
    } catch (cause) {
      return { ...fail('the envelope is not JSON', '/e'), error: new RedisCoordinationError(RedisCoordinationErrorCodes.BadEnvelope, `${stream} ${id}: the envelope is not JSON`, { path: '/e', cause }) };
    }
    const problem = envelopeProblem(envelope);
    if (problem !== null) return fail(`envelope ${problem.path.slice(1)} ${problem.why}`, problem.path);
    const env = envelope as DispatchEnvelope;
    return { stream, id, key: idempotencyKey(env), envelope: env, schemaMatches: env.schema === schema, reclaimed };
  };

  return {
    schema,
    ensureGroups,
    async read() {
      await ensureGroups();
      const args = ['XREADGROUP', 'GROUP', options.group, options.consumer, 'COUNT', count];
      if (blockMs > 0) args.push('BLOCK', String(blockMs));
      args.push('STREAMS', ...streams, ...streams.map(() => '>'));
      // A blocking read may legitimately take blockMs; only longer counts as Redis being away.
      const reply = await redis.command(args, redis.timeoutMs + blockMs);
      const out: DispatchMessage[] = [];
      for (const [stream, entries] of streamEntries(reply)) {
        for (const [id, fields] of entries) out.push(toMessage(stream, id, fields, false));
      }
      return out;
    },
    async reclaim() {
      await ensureGroups();
      const out: DispatchMessage[] = [];
      for (const stream of streams) {
        const reply = await redis.command(['XAUTOCLAIM', stream, options.group, options.consumer, idle, cursors.get(stream)!, 'COUNT', count]);
        if (!Array.isArray(reply) || reply.length < 2) continue;
        cursors.set(stream, String(reply[0]));
        for (const entry of reply[1] as unknown[]) {
          if (!Array.isArray(entry) || entry[1] === null) continue;
          out.push(toMessage(stream, String(entry[0]), entry[1], true));
        }
      }
      return out;
    },
    async ack(messages) {
      const byStream = new Map<string, string[]>();
      for (const m of messages) byStream.set(m.stream, [...(byStream.get(m.stream) ?? []), m.id]);
      await Promise.all([...byStream].map(([stream, ids]) => redis.command(['XACK', stream, options.group, ...ids])));
    },
  };
}

/** XREADGROUP's reply as [stream, entries] pairs, whether RESP2 (arrays) or RESP3 (a map). */
function streamEntries(reply: unknown): [string, [string, unknown][]][] {
  if (reply === null || reply === undefined) return [];
  const pairs: [unknown, unknown][] = Array.isArray(reply)
    ? (reply as unknown[]).map((p) => (Array.isArray(p) ? [p[0], p[1]] : [null, null]))
    : reply instanceof Map
      ? [...reply.entries()]
      : Object.entries(reply as Record<string, unknown>);
  return pairs.map(([stream, entries]) => [
    String(stream),
    (Array.isArray(entries) ? entries : []).map((e: unknown) => (Array.isArray(e) ? [String(e[0]), e[1]] : ['', null])),
  ]);
}

function fieldMap(fields: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (Array.isArray(fields)) {
    for (let i = 0; i + 1 < fields.length; i += 2) map.set(String(fields[i]), String(fields[i + 1]));
  } else if (fields instanceof Map) {
    for (const [k, v] of fields) map.set(String(k), String(v));
  } else if (typeof fields === 'object' && fields !== null) {
    for (const [k, v] of Object.entries(fields)) map.set(k, String(v));
  }
  return map;
}

function envelopeProblem(e: unknown): { path: string; why: string } | null {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return { path: '', why: 'is not an object' };
  const r = e as Record<string, unknown>;
  if (!Number.isSafeInteger(r['shard']) || (r['shard'] as number) < 0) return { path: '/shard', why: 'is not a non-negative integer' };
  if (typeof r['session_id'] !== 'string' || r['session_id'] === '') return { path: '/session_id', why: 'is not a non-empty string' };
  if (!Number.isSafeInteger(r['seq']) || (r['seq'] as number) < 0) return { path: '/seq', why: 'is not a non-negative integer' };
  if (typeof r['t'] !== 'string' || r['t'] === '') return { path: '/t', why: 'is not a non-empty string' };
  if (!('d' in r)) return { path: '/d', why: 'is missing' };
  if (typeof r['schema'] !== 'string') return { path: '/schema', why: 'is not a string' };
  return null;
}

/**
 * Drops what was already seen, by idempotency key, remembering the last `capacity` keys (default
 * 100 000): enough to cover a resume's replay and a reclaim, bounded so memory does not grow.
 */
export function createDispatchDeduplicator(capacity = 100_000): { seen(key: string): boolean; readonly size: number } {
  checkPositive(capacity, 'capacity');
  const keys = new Set<string>();
  return {
    seen(key) {
      if (keys.has(key)) return true;
      keys.add(key);
      if (keys.size > capacity) keys.delete(keys.values().next().value as string);
      return false;
    },
    get size() {
      return keys.size;
    },
  };
}
