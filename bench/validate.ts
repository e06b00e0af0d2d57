// Validation speed, as ratios measured in one process (npx tsx bench/validate.ts).
//
// Inputs: MESSAGE_CREATE (test/fixtures, 9.7 KB: valid; invalid deep = a select option's `value`
// missing at depth 7; invalid early = `author.id` a number) and a GUILD_CREATE of 500 KB or more,
// built from the fixture by repeating members, presences, channels, roles and voice states.
//
// Contenders:
// - generated zod (generated/zod.ts, as shipped: structured schemas accept through the compiled
//   validators first, see setCompiledFastPath) and `generated zod alone` (the same schemas with the
//   fast path off, i.e. zod's parser only) vs a hand-written zod schema of the same frames, and vs a
//   second hand-written zod schema, `hand zod (same fields)`, that checks every field the generated
//   one checks (gated to agree with it on the fixtures, their mutations and thousands of broken
//   copies), so `gen/hand zod (same fields)` is the like-for-like ratio;
// - compiled validators (generated/validators.ts) vs a hand-written Ajv schema (draft-07,
//   allErrors: false), both as boolean checks, and through `safeParseReceive` (which also
//   collects issues and builds the result);
// - reject vs accept: the cost of rejecting an invalid payload relative to accepting a valid one.
// The first hand-written schemas (zod and Ajv) cover the fields the fixtures carry, allow unknown keys, check integers
// as integers, snowflakes against ^[0-9]+$ (as the project's schema does) and dispatch tagged unions
// with discriminatedUnion / if-then-else.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { GatewayDispatchValidators, Validators } from '../src/validate/validators.js';
import * as zodSchemas from '../generated/zod.js';
import { GatewayGuildCreateDispatchSchema, GatewayMessageCreateDispatchSchema, setCompiledFastPath } from '../generated/zod.js';
import { safeParseReceive } from '../src/validate/index.js';
import { applyMutation, loadFixtures, loadMutations } from '../test/fixtures/index.js';
import { ajvGuild, ajvGuildNoPattern, ajvMessage, ajvMessageNoPattern } from './baselines/hand-ajv.js';
import { sameFields } from './baselines/hand-zod-same-fields.js';
import { zGuildCreate, zMessageCreate, zUserFull } from './baselines/hand-zod.js';

// ---------------------------------------------------------------------------------------------
// Inputs

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../test/fixtures/receive/${name}.json`, import.meta.url), 'utf8'));

type Json = Record<string, any>;
const message = fixture('MESSAGE_CREATE') as Json;
const deep = structuredClone(message);
delete deep.d.components[1].components[0].options[1].value;
const early = structuredClone(message);
early.d.author.id = 318947210643685376;

function bigGuild(): Json {
  const g = structuredClone(fixture('GUILD_CREATE')) as Json;
  const d = g.d;
  const grow = (list: Json[], n: number, fix: (x: Json, i: number) => void): Json[] => {
    const out: Json[] = [];
    for (let i = 0; i < n; i++) {
      const x = structuredClone(list[i % list.length]!);
      fix(x, i);
      out.push(x);
    }
    return out;
  };
  const id = (i: number): string => String(1200000000000000000n + BigInt(i));
  d.members = grow(d.members, 560, (m, i) => (m.user.id = id(i)));
  d.presences = grow(d.presences, 260, (p, i) => (p.user.id = id(i)));
  d.channels = grow(d.channels, 150, (c, i) => (c.id = id(100000 + i)));
  d.roles = grow(d.roles, 100, (r, i) => (r.id = id(200000 + i)));
  d.voice_states = grow(d.voice_states, 100, (v, i) => (v.user_id = id(i)));
  d.member_count = d.members.length;
  return g;
}
const guild = bigGuild();
const guildBytes = JSON.stringify(guild).length;

// ---------------------------------------------------------------------------------------------
// Harness

const compiledMessage = GatewayDispatchValidators.get('MESSAGE_CREATE')!;
const compiledGuild = GatewayDispatchValidators.get('GUILD_CREATE')!;

interface Case {
  readonly name: string;
  readonly input: unknown;
  readonly valid: boolean;
  readonly handZod: z.ZodType;
  readonly sameZod: z.ZodType;
  readonly genZod: { safeParse(v: unknown): { success: boolean } };
  readonly ajv: (v: unknown) => boolean;
  readonly ajvNoPattern: (v: unknown) => boolean;
  readonly compiled: { check(v: unknown, st: 0): boolean };
}

const cases: Case[] = [
  { name: 'MESSAGE_CREATE valid', input: message, valid: true, handZod: zMessageCreate, sameZod: sameFields.messageCreate, genZod: GatewayMessageCreateDispatchSchema, ajv: ajvMessage, ajvNoPattern: ajvMessageNoPattern, compiled: compiledMessage },
  { name: 'MESSAGE_CREATE invalid deep', input: deep, valid: false, handZod: zMessageCreate, sameZod: sameFields.messageCreate, genZod: GatewayMessageCreateDispatchSchema, ajv: ajvMessage, ajvNoPattern: ajvMessageNoPattern, compiled: compiledMessage },
  { name: 'MESSAGE_CREATE invalid early', input: early, valid: false, handZod: zMessageCreate, sameZod: sameFields.messageCreate, genZod: GatewayMessageCreateDispatchSchema, ajv: ajvMessage, ajvNoPattern: ajvMessageNoPattern, compiled: compiledMessage },
  { name: `GUILD_CREATE ${Math.round(guildBytes / 1000)} kB valid`, input: guild, valid: true, handZod: zGuildCreate, sameZod: sameFields.guildCreate, genZod: GatewayGuildCreateDispatchSchema, ajv: ajvGuild, ajvNoPattern: ajvGuildNoPattern, compiled: compiledGuild },
];

let agreement = { fixtures: 0, mutations: 0, checked: 0, rejected: 0 };

// Correctness gate: every contender must give the expected verdict, or the numbers mean nothing.
for (const c of cases) {
  const verdicts = {
    handZod: c.handZod.safeParse(c.input).success,
    sameZod: c.sameZod.safeParse(c.input).success,
    genZod: c.genZod.safeParse(c.input).success,
    ajv: c.ajv(c.input),
    ajvNoPattern: c.ajvNoPattern(c.input),
    compiled: c.compiled.check(c.input, 0),
    safeParse: safeParseReceive(c.input).success,
  };
  for (const [who, ok] of Object.entries(verdicts)) {
    if (ok !== c.valid) throw new Error(`${who} says ${ok ? 'valid' : 'invalid'} on ${c.name}`);
  }
}

// Agreement gate for the same-fields schema: it must give the generated zod schema's verdict on
// every receive fixture of the two events, on every mutation of those fixtures, and on broken
// copies made here of each fixture: every member removed in turn, and every leaf replaced in turn
// by a value of another type or range (a number or a non-digit string for a string or null; a
// string, -1, 99 or 1.5 for a number; a string for a boolean), which reaches required/optional,
// nullability, snowflake patterns, closed enums, non-negative flags and integers.
{
  const sameFor: Record<string, { same: z.ZodType; gen: { safeParse(v: unknown): { success: boolean } } }> = {
    MESSAGE_CREATE: { same: sameFields.messageCreate, gen: GatewayMessageCreateDispatchSchema },
    GUILD_CREATE: { same: sameFields.guildCreate, gen: GatewayGuildCreateDispatchSchema },
  };
  const fixtures = loadFixtures().filter((f) => f.direction === 'receive' && f.event in sameFor);
  if (fixtures.length < 2) throw new Error('agreement gate: no MESSAGE_CREATE / GUILD_CREATE fixtures');
  let checked = 0;
  const agree = (event: string, label: string, input: unknown): void => {
    const { same, gen } = sameFor[event]!;
    const a = same.safeParse(input).success;
    // zod against zod: the generated schema without its compiled fast path
    const b = zodAlone(() => gen.safeParse(input).success);
    if (a !== b) throw new Error(`hand zod (same fields) says ${a ? 'valid' : 'invalid'}, generated zod ${b ? 'valid' : 'invalid'}, on ${label}`);
    checked++;
  };
  const copies = function* (node: unknown, path: (string | number)[] = []): Generator<[string, (root: Json) => void]> {
    const at = (root: Json, upTo = path.length): Json => path.slice(0, upTo).reduce<Json>((o, k) => o[k] as Json, root);
    if (Array.isArray(node) || (node !== null && typeof node === 'object')) {
      const entries = Array.isArray(node) ? node.map((v, i) => [i, v] as const) : Object.entries(node as Json);
      for (const [k, v] of entries) {
        const where = [...path, k].join('/');
        if (!Array.isArray(node)) yield [`remove ${where}`, (root) => void delete at(root)[k as string]];
        yield* copies(v, [...path, k]);
      }
    } else {
      const others = typeof node === 'number' ? ['x', -1, 99, 1.5] : typeof node === 'boolean' ? ['x'] : [12345, 'x!'];
      for (const other of others) {
        yield [`replace ${path.join('/')} with ${JSON.stringify(other)}`, (root) => void (at(root, path.length - 1)[path[path.length - 1]!] = other)];
      }
    }
  };
  let rejected = 0;
  for (const f of fixtures) {
    agree(f.event, f.id, f.payload);
    for (const [label, change] of copies(f.payload)) {
      const copy = structuredClone(f.payload) as Json;
      change(copy);
      agree(f.event, `${f.id}: ${label}`, copy);
      if (!zodAlone(() => sameFor[f.event]!.gen.safeParse(copy).success)) rejected++;
    }
  }
  const ids = new Set(fixtures.map((f) => f.id));
  const mutations = loadMutations().filter((m) => ids.has(m.fixture));
  if (mutations.length === 0) throw new Error('agreement gate: no mutations of MESSAGE_CREATE / GUILD_CREATE fixtures');
  for (const m of mutations) {
    const f = fixtures.find((x) => x.id === m.fixture)!;
    agree(f.event, `${m.fixture} mutated at ${m.pointer}`, applyMutation(f.payload, m));
  }
  agreement = { fixtures: fixtures.length, mutations: mutations.length, checked, rejected };
}

/** ops/s: a pool of separately parsed copies, rotated per call, for about `ms` milliseconds. */
function measure(input: unknown, fn: (v: unknown) => unknown, ms: number): number {
  const text = JSON.stringify(input);
  const pool = Array.from({ length: 16 }, () => JSON.parse(text) as unknown);
  let n = 0;
  const start = performance.now();
  let now = start;
  const batch = text.length > 100_000 ? 1 : 50;
  while ((now = performance.now()) - start < ms) {
    for (let i = 0; i < batch; i++) fn(pool[(n + i) & 15]);
    n += batch;
  }
  return n / ((now - start) / 1000);
}

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const MS = Number(process.env.MS ?? 150);
/** Rounds run first and thrown away: zod's first rounds run 3× slower while V8 settles. */
const WARMUP = Number(process.env.WARMUP ?? 2);

/** The generated zod schema through zod's own parser only (the compiled fast path off). */
function zodAlone<T>(fn: () => T): T {
  setCompiledFastPath(false);
  try {
    return fn();
  } finally {
    setCompiledFastPath(true);
  }
}
/** Round r runs the contenders rotated by r, and reversed on odd rounds, so that none always runs first or last. */
function roundOrder<T>(names: readonly T[], r: number): T[] {
  const k = r % names.length;
  const rotated = [...names.slice(k), ...names.slice(0, k)];
  return r % 2 === 1 ? rotated.reverse() : rotated;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface Row {
  readonly name: string;
  readonly ops: Record<string, number>;
}
const rows: Row[] = [];
for (const c of cases) {
  const contenders: Record<string, (v: unknown) => unknown> = {
    'hand zod': (v) => c.handZod.safeParse(v),
    'hand zod (same fields)': (v) => c.sameZod.safeParse(v),
    'generated zod': (v) => c.genZod.safeParse(v),
    'generated zod alone': (v) => zodAlone(() => c.genZod.safeParse(v)),
    'hand Ajv': (v) => c.ajv(v),
    'hand Ajv, no patterns': (v) => c.ajvNoPattern(v),
    'compiled check': (v) => c.compiled.check(v, 0),
    safeParseReceive: (v) => safeParseReceive(v),
  };
  const samples: Record<string, number[]> = {};
  for (let r = -WARMUP; r < ROUNDS; r++) {
    for (const name of roundOrder(Object.keys(contenders), r + WARMUP)) {
      const ops = measure(c.input, contenders[name]!, MS);
      if (r >= 0) (samples[name] ??= []).push(ops);
    }
  }
  const ops: Record<string, number> = {};
  for (const [k, v] of Object.entries(samples)) ops[k] = median(v);
  rows.push({ name: c.name, ops });
}

// Same coverage: APIUser with every field of the schema, written by hand (bench/baselines/hand-zod.ts),
// against the generated schema and the compiled validator, on the 8 users of the MESSAGE_CREATE
// fixture. The frame schemas above cover only the fields the fixtures carry, which flatters the
// hand-written zod.
const users: unknown[] = [];
const collectUsers = (v: unknown): void => {
  if (Array.isArray(v)) v.forEach(collectUsers);
  else if (v !== null && typeof v === 'object') {
    const o = v as Json;
    if (typeof o.username === 'string' && typeof o.id === 'string') users.push(o);
    Object.values(o).forEach(collectUsers);
  }
};
collectUsers(message);
const compiledUser = Validators.APIUser;
const genUser = zodSchemas.APIUserSchema;
for (const u of users) if (!zUserFull.safeParse(u).success || !genUser.safeParse(u).success || !compiledUser.check(u, 0)) throw new Error('user gate');
const sameCoverage: Record<string, number[]> = {};
const userFns: Record<string, (v: unknown) => unknown> = {
  'hand zod (all fields)': (v) => zUserFull.safeParse(v),
  'generated zod': (v) => genUser.safeParse(v),
  'generated zod alone': (v) => zodAlone(() => genUser.safeParse(v)),
  'compiled check': (v) => compiledUser.check(v, 0),
};
for (let r = -WARMUP; r < ROUNDS; r++) {
  for (const k of roundOrder(Object.keys(userFns), r + WARMUP)) {
    const ops = measure(users, (list) => (list as unknown[]).forEach(userFns[k]!), MS);
    if (r >= 0) (sameCoverage[k] ??= []).push(ops);
  }
}

const fmt = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(0));
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
const out: string[] = [];
out.push(`validate bench: median of ${ROUNDS} rounds × ${MS} ms after ${WARMUP} warm-up rounds; GUILD_CREATE is ${guildBytes} bytes of JSON`);
out.push('generated zod = the generated schemas as shipped (compiled fast path on); generated zod alone = the same schemas through zod only');
out.push(
  `hand zod (same fields) agrees with generated zod on ${agreement.checked} inputs: ${agreement.fixtures} fixtures, ${agreement.mutations} mutations of them, and broken copies (${agreement.rejected} rejected)`,
);
out.push('');
out.push('| case | hand zod | generated zod | gen/hand zod | hand zod (same fields) | gen/hand zod (same fields) | generated zod alone | alone/hand (same fields) | hand Ajv | compiled check | compiled/Ajv | safeParseReceive | safeParse/Ajv | Ajv no patterns | compiled/Ajv-np |');
out.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const o = r.ops;
  out.push(
    `| ${r.name} | ${fmt(o['hand zod']!)} | ${fmt(o['generated zod']!)} | ${ratio(o['generated zod']!, o['hand zod']!)} | ${fmt(o['hand zod (same fields)']!)} | ${ratio(o['generated zod']!, o['hand zod (same fields)']!)} | ${fmt(o['generated zod alone']!)} | ${ratio(o['generated zod alone']!, o['hand zod (same fields)']!)} | ${fmt(o['hand Ajv']!)} | ${fmt(o['compiled check']!)} | ${ratio(o['compiled check']!, o['hand Ajv']!)} | ${fmt(o.safeParseReceive!)} | ${ratio(o.safeParseReceive!, o['hand Ajv']!)} | ${fmt(o['hand Ajv, no patterns']!)} | ${ratio(o['compiled check']!, o['hand Ajv, no patterns']!)} |`,
  );
}
const valid = rows[0]!.ops;
out.push('');
out.push('reject vs accept (time to reject ÷ time to accept the valid MESSAGE_CREATE; ≤ 2× is the target):');
out.push('| case | safeParseReceive (issues collected) | compiled check | hand Ajv | generated zod | generated zod alone | hand zod (same fields) |');
out.push('|---|---|---|---|---|---|---|');
for (const r of rows.slice(1, 3)) {
  const o = r.ops;
  const t = (k: string): string => ratio(valid[k]!, o[k]!);
  out.push(`| ${r.name} | ${t('safeParseReceive')} | ${t('compiled check')} | ${t('hand Ajv')} | ${t('generated zod')} | ${t('generated zod alone')} | ${t('hand zod (same fields)')} |`);
}
const su = Object.fromEntries(Object.entries(sameCoverage).map(([k, v]) => [k, median(v)])) as Record<string, number>;
out.push('');
out.push(`same coverage: APIUser with all 19 fields, hand-written zod vs generated (${users.length} users per op):`);
out.push('| hand zod (all fields) | generated zod | gen/hand zod | generated zod alone | alone/hand zod | compiled check | compiled/hand zod |');
out.push('|---|---|---|---|---|---|---|');
out.push(
  `| ${fmt(su['hand zod (all fields)']!)} | ${fmt(su['generated zod']!)} | ${ratio(su['generated zod']!, su['hand zod (all fields)']!)} | ${fmt(su['generated zod alone']!)} | ${ratio(su['generated zod alone']!, su['hand zod (all fields)']!)} | ${fmt(su['compiled check']!)} | ${ratio(su['compiled check']!, su['hand zod (all fields)']!)} |`,
);
process.stdout.write(out.join('\n') + '\n');
