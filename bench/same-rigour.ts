// Validation speed against same-rigour anchors (issue 14), as ratios measured in one process:
// `npx tsx bench/same-rigour.ts` (ROUNDS, BATCH_MS, WARMUP_MS tune it; QUICK=1 for a short run).
//
// Anchors, built here from gatewire's generated zod schemas (bench/anchors/): Ajv with tagged
// unions as if/then/else, and TypeBox TypeCompiler converted keyword by keyword. Before anything
// is timed, every contender must give the expected verdict on every input; the wider agreement
// (fixtures, mutations, broken copies) is test/bench/anchors.test.ts.
//
// Rows: valid MESSAGE_CREATE (6 variants), READY (fixture and a 2,500-guild shard READY) and
// GUILD_CREATE ≥ 500 KB: `isReceivePayload` and `safeParseReceive` vs TypeBox and vs Ajv
// (first error); invalid payloads (early and deep errors): `safeParseReceive` vs Ajv allErrors.
// Ratios are gatewire's speed ÷ the anchor's (> 1: gatewire faster): median [min–max] over rounds.
import { ajvAnchor } from './anchors/ajv.js';
import { typeBoxAnchor } from './anchors/typebox.js';
import { measureRounds, pool, speedup, usPerCall, type RatioStats } from './harness/cpu.js';
import { MESSAGE_CREATE_VARIANTS, bigGuildCreate, bytesOf, fixture, invalidDeep, invalidDeepGuild, invalidEarly, shardReady } from './inputs/payloads.js';
import { GatewayDispatchSchemas } from '../generated/zod.js';
import { isReceivePayload, safeParseReceive } from '../src/validate/index.js';

const quick = process.env.QUICK === '1';
const options = {
  rounds: Number(process.env.ROUNDS ?? (quick ? 5 : 9)),
  discard: 2,
  batchMs: Number(process.env.BATCH_MS ?? 20),
  warmupMs: Number(process.env.WARMUP_MS ?? (quick ? 200 : 400)),
};

type Event = 'MESSAGE_CREATE' | 'READY' | 'GUILD_CREATE';
const anchors = Object.fromEntries(
  (['MESSAGE_CREATE', 'READY', 'GUILD_CREATE'] as const).map((e) => {
    const schema = GatewayDispatchSchemas[e];
    return [e, { typebox: typeBoxAnchor(schema), ajv: ajvAnchor(schema), ajvAll: ajvAnchor(schema, { allErrors: true }) }];
  }),
) as unknown as Record<Event, { typebox: { Check(v: unknown): boolean }; ajv: (v: unknown) => boolean; ajvAll: (v: unknown) => boolean }>;

interface Input {
  readonly name: string;
  readonly event: Event;
  readonly payload: unknown;
}
const valid: Input[] = [
  ...MESSAGE_CREATE_VARIANTS.map((n) => ({ name: n, event: 'MESSAGE_CREATE' as const, payload: fixture(n) })),
  { name: 'READY', event: 'READY', payload: fixture('READY') },
  { name: 'READY, 2,500 guilds', event: 'READY', payload: shardReady(2500) },
  { name: 'GUILD_CREATE', event: 'GUILD_CREATE', payload: bigGuildCreate() },
];
const invalid: Input[] = [
  { name: 'MESSAGE_CREATE, early error', event: 'MESSAGE_CREATE', payload: invalidEarly() },
  { name: 'MESSAGE_CREATE, deep error', event: 'MESSAGE_CREATE', payload: invalidDeep() },
  { name: 'GUILD_CREATE, deep error', event: 'GUILD_CREATE', payload: invalidDeepGuild() },
];

// Verdict gate: the numbers mean nothing unless every contender agrees.
for (const [inputs, expected] of [[valid, true], [invalid, false]] as const) {
  for (const i of inputs) {
    const a = anchors[i.event];
    const verdicts = { isReceivePayload: isReceivePayload(i.payload), safeParseReceive: safeParseReceive(i.payload).success, typebox: a.typebox.Check(i.payload), ajv: a.ajv(i.payload), ajvAll: a.ajvAll(i.payload) };
    for (const [who, v] of Object.entries(verdicts)) if (v !== expected) throw new Error(`${who} says ${v ? 'valid' : 'invalid'} on ${i.name}`);
  }
}

const kb = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(1)} KB`);
const cell = (r: RatioStats, goal: number): string => `${r.median.toFixed(2)}× [${r.min.toFixed(2)}–${r.max.toFixed(2)}] ${r.median >= goal ? '✓' : '✗'}`;

const out: string[] = [];
out.push(`same-rigour validation bench, Node ${process.versions.node}: process CPU time, contenders interleaved, ${options.rounds} rounds kept after ${options.discard} discarded, ${options.batchMs} ms batches, ${options.warmupMs} ms warm-up`);
out.push('ratios = gatewire speed ÷ anchor speed (> 1: gatewire faster), median [min–max] over rounds; ✓/✗ against the goal in the column head');
out.push('');
out.push('| valid payload | bytes | isReceivePayload µs | isReceivePayload ÷ TypeBox (goal ≥ 1.3) | safeParseReceive ÷ TypeBox (goal ≥ 1.3) | isReceivePayload ÷ Ajv (goal ≥ 2) | safeParseReceive ÷ Ajv (goal ≥ 2) |');
out.push('|---|---:|---:|---|---|---|---|');
for (const i of valid) {
  const a = anchors[i.event];
  const next = pool(i.payload);
  const t = measureRounds(
    {
      isReceivePayload: () => isReceivePayload(next()),
      safeParseReceive: () => safeParseReceive(next()),
      TypeBox: () => a.typebox.Check(next()),
      Ajv: () => a.ajv(next()),
    },
    options,
  );
  out.push(
    `| ${i.name} | ${kb(bytesOf(i.payload))} | ${usPerCall(t, 'isReceivePayload').toFixed(1)} | ${cell(speedup(t, 'isReceivePayload', 'TypeBox'), 1.3)} | ${cell(speedup(t, 'safeParseReceive', 'TypeBox'), 1.3)} | ${cell(speedup(t, 'isReceivePayload', 'Ajv'), 2)} | ${cell(speedup(t, 'safeParseReceive', 'Ajv'), 2)} |`,
  );
}
out.push('');
out.push('| invalid payload | bytes | safeParseReceive µs | safeParseReceive ÷ Ajv allErrors (goal ≥ 1) | isReceivePayload ÷ Ajv first error (context) |');
out.push('|---|---:|---:|---|---|');
for (const i of invalid) {
  const a = anchors[i.event];
  const next = pool(i.payload);
  const t = measureRounds(
    {
      safeParseReceive: () => safeParseReceive(next()),
      'Ajv allErrors': () => a.ajvAll(next()),
      isReceivePayload: () => isReceivePayload(next()),
      Ajv: () => a.ajv(next()),
    },
    options,
  );
  const ctx = speedup(t, 'isReceivePayload', 'Ajv');
  out.push(`| ${i.name} | ${kb(bytesOf(i.payload))} | ${usPerCall(t, 'safeParseReceive').toFixed(1)} | ${cell(speedup(t, 'safeParseReceive', 'Ajv allErrors'), 1)} | ${ctx.median.toFixed(2)}× [${ctx.min.toFixed(2)}–${ctx.max.toFixed(2)}] |`);
}
process.stdout.write(out.join('\n') + '\n');
