// Before/after for validator work: the receive frame check of generated/validators.ts at a git
// revision (default `main`) against the working tree's, interleaved in one process, with TypeBox
// (bench/anchors/) as the common anchor. `npx tsx bench/_validators-vs-ref.ts [REV]`; not part of
// `npm run bench` (its baseline is a revision, not an anchor).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { typeBoxAnchor } from './anchors/typebox.js';
import { measureRounds, pool, speedup, type RatioStats } from './harness/cpu.js';
import { MESSAGE_CREATE_VARIANTS, bigGuildCreate, fixture, shardReady } from './inputs/payloads.js';
import * as current from '../generated/validators.js';
import { GatewayDispatchSchemas } from '../generated/zod.js';

type Check = { check(x: unknown, st: 0): boolean };
const rev = process.argv[2] ?? 'main';
const dir = new URL(`../.tmp/validators-at-${rev.replace(/[^\w.-]/g, '_')}/`, import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('validators.ts', dir), execFileSync('git', ['show', `${rev}:generated/validators.ts`], { maxBuffer: 1 << 28 }));
writeFileSync(new URL('index.ts', dir), 'export {};\n'); // its `import type` of the declarations
const loaded = (await import(new URL('validators.ts', dir).href)) as Record<string, unknown>;
// Before the table-driven rework the module exported validator objects; after it, check functions by root.
const checkOf = (m: Record<string, unknown>): ((x: unknown) => boolean) =>
  'ReceiveFrameValidator' in m ? (x) => (m.ReceiveFrameValidator as Check).check(x, 0) : (m.rootChecks as ((x: unknown) => boolean)[])[m.receiveFrameRoot as number]!;
const before = checkOf(loaded);

const guard = (check: (x: unknown) => boolean) => (x: unknown): boolean => {
  try {
    return check(x);
  } catch {
    return false;
  }
};
const atRev = guard(before);
const now = guard(checkOf(current as unknown as Record<string, unknown>));
type Event = 'MESSAGE_CREATE' | 'READY' | 'GUILD_CREATE';
const inputs: [string, Event, unknown][] = [
  ...MESSAGE_CREATE_VARIANTS.map((n): [string, Event, unknown] => [n, 'MESSAGE_CREATE', fixture(n)]),
  ['READY', 'READY', fixture('READY')],
  ['READY, 2,500 guilds', 'READY', shardReady(2500)],
  ['GUILD_CREATE', 'GUILD_CREATE', bigGuildCreate()],
];
const anchors = { MESSAGE_CREATE: typeBoxAnchor(GatewayDispatchSchemas.MESSAGE_CREATE), READY: typeBoxAnchor(GatewayDispatchSchemas.READY), GUILD_CREATE: typeBoxAnchor(GatewayDispatchSchemas.GUILD_CREATE) };
const f = (r: RatioStats): string => `${r.median.toFixed(2)}× [${r.min.toFixed(2)}–${r.max.toFixed(2)}]`;
const out = [`receive frame check, working tree vs ${rev} (process CPU time, interleaved, median [min–max] of per-round ratios)`, '', `| payload | working tree ÷ ${rev} | ${rev} ÷ TypeBox | working tree ÷ TypeBox |`, '|---|---|---|---|'];
for (const [name, event, payload] of inputs) {
  if (!atRev(payload) || !now(payload) || !anchors[event].Check(payload)) throw new Error(`${name}: a contender rejects it`);
  const next = pool(payload);
  const t = measureRounds({ rev: () => atRev(next()), now: () => now(next()), typebox: () => anchors[event].Check(next()) }, { rounds: 9, warmupMs: 400 });
  out.push(`| ${name} | ${f(speedup(t, 'now', 'rev'))} | ${f(speedup(t, 'rev', 'typebox'))} | ${f(speedup(t, 'now', 'typebox'))} |`);
}
process.stdout.write(out.join('\n') + '\n');
