// Bench inputs, all valid v10 frames (checked where they are used) built from test/fixtures, so
// that every contender checks the same, complete payloads: 6 MESSAGE_CREATE variants, READY and
// a 2,500-guild shard READY, a GUILD_CREATE of ≥ 500 KB and a real-shaped 2.8 MB one (a large
// community guild: thousands of members with presences, hundreds of channels and roles), and
// invalid MESSAGE_CREATEs (an early error, a deep one).
import { readFileSync } from 'node:fs';

type Json = Record<string, any>;

export const fixture = (name: string): Json => JSON.parse(readFileSync(new URL(`../../test/fixtures/receive/${name}.json`, import.meta.url), 'utf8')) as Json;

export const MESSAGE_CREATE_VARIANTS = ['MESSAGE_CREATE', 'MESSAGE_CREATE.dm', 'MESSAGE_CREATE.webhook', 'MESSAGE_CREATE.forward', 'MESSAGE_CREATE.poll', 'MESSAGE_CREATE.components-v2'] as const;

/** A snowflake-shaped id, distinct per (space, i). */
const id = (space: number, i: number): string => String(1200000000000000000n + BigInt(space) * 10_000_000n + BigInt(i));

/** READY of a shard holding `guilds` guilds (all unavailable at first, as Discord sends them). */
export function shardReady(guilds: number): Json {
  const r = fixture('READY');
  r.d.guilds = Array.from({ length: guilds }, (_, i) => ({ id: id(1, i), unavailable: true }));
  return r;
}

/**
 * GUILD_CREATE grown from the fixture by repeating its members, presences, channels, roles and
 * voice states with fresh ids; `scale` 1 gives about 550 KB of JSON.
 */
export function bigGuildCreate(scale = 1): Json {
  const g = fixture('GUILD_CREATE');
  const d = g.d;
  const grow = (list: Json[], n: number, fix: (x: Json, i: number) => void): Json[] =>
    Array.from({ length: Math.round(n * scale) }, (_, i) => {
      const x = structuredClone(list[i % list.length]!);
      fix(x, i);
      return x;
    });
  d.members = grow(d.members, 560, (m, i) => (m.user.id = id(2, i)));
  d.presences = grow(d.presences, 260, (p, i) => (p.user.id = id(2, i)));
  d.channels = grow(d.channels, 150, (c, i) => (c.id = id(3, i)));
  d.roles = grow(d.roles, 100, (r, i) => (r.id = id(4, i)));
  d.voice_states = grow(d.voice_states, 100, (v, i) => (v.user_id = id(2, i)));
  d.member_count = d.members.length;
  return g;
}

/** A real-shaped 2.8 MB GUILD_CREATE (a large community guild), for the ETF rows. */
export const realShapedGuildCreate = (): Json => bigGuildCreate(5.45);

/** MESSAGE_CREATE with `author.id` a number: rejected at the first field checked. */
export function invalidEarly(): Json {
  const m = fixture('MESSAGE_CREATE');
  m.d.author.id = 318947210643685376;
  return m;
}

/** MESSAGE_CREATE with a select option's `value` missing, 7 levels down, after most fields. */
export function invalidDeep(): Json {
  const m = fixture('MESSAGE_CREATE');
  delete m.d.components[1].components[0].options[1].value;
  return m;
}

/** GUILD_CREATE ≥ 500 KB whose last member has a non-digit user id: rejected near the end. */
export function invalidDeepGuild(): Json {
  const g = bigGuildCreate();
  g.d.members[g.d.members.length - 1].user.id = '12345x';
  return g;
}

export const bytesOf = (v: unknown): number => Buffer.byteLength(JSON.stringify(v));
