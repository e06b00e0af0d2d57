/**
 * ETF with normalisation vs JSON (issue #14): `npx tsx bench/etf-normalize.ts [--quick]`.
 *
 * Speed rows: `decode(etf, { normalize: true })` against the anchor `JSON.parse(new
 * TextDecoder().decode(json))` of the same payload, measured in this process: process CPU time
 * (user + system), contenders interleaved round by round, the first rounds discarded as warm-up,
 * and the median of the per-round ratios. A full GC runs before every timed batch (outside it), so
 * that no contender is charged for collecting another's garbage (without it, runs of the 500 KB
 * row gave anything from 0.92× to 1.40×). The two-pass reference (`normalizeFrame(decode(etf))`,
 * what `normalize: true` did before it was fused into decode) runs in the same rounds for context.
 *
 * Heap row: retained heap of one decoded GUILD_CREATE, ETF + normalize vs JSON.parse, each
 * measured in a fresh child process started with --expose-gc (read bytes, gc, decode and keep the
 * result, gc, heap used after minus before), children alternating, median of several each.
 *
 * Payloads: bench/inputs/etf-frames.ts (synthetic, Discord-shaped, seeded).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { decode, etfShapes, normalizeFrame } from '../src/etf/index.js';
import { encodeLikeDiscord } from '../test/etf/discord-etf.js';
import { payloads } from './inputs/etf-frames.js';

const quick = process.argv.includes('--quick');

// ---------------------------------------------------------------- heap child

if (process.argv[2] === '--heap-child') {
  const [, , , kind, file] = process.argv;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the heap child needs --expose-gc');
  const bytes = readFileSync(file!);
  // warm both paths on a small frame first, so code and caches are not counted as retained
  const warm = encodeLikeDiscord({ op: 0, s: 1, t: 'GUILD_CREATE', d: { id: '175928847299117063', name: 'x', members: [] } });
  decode(warm, { normalize: true });
  JSON.parse(new TextDecoder().decode(Buffer.from(JSON.stringify({ a: 1 }))));
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const value = kind === 'etf' ? decode(bytes, { normalize: true }) : JSON.parse(new TextDecoder().decode(bytes));
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  (globalThis as { keep?: unknown }).keep = value;
  process.stdout.write(String(after - before));
  process.exit(0);
}

// ---------------------------------------------------------------- measurement

/** A full GC outside any timed batch (V8's gc(), exposed at run time so `npx tsx` needs no flag). */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
interface Contender {
  readonly name: string;
  readonly run: () => unknown;
}

/** Median of per-round ratios anchor-time / contender-time, rounds interleaved, warm-up discarded. */
function ratios(anchor: Contender, contenders: readonly Contender[], budgetUs: number): Map<string, number> {
  const all = [anchor, ...contenders];
  // calibrate a batch of about budgetUs CPU per contender per round
  let reps = 1;
  for (;;) {
    const t0 = cpu();
    for (let i = 0; i < reps; i++) anchor.run();
    if (cpu() - t0 > budgetUs / 4 || reps > 1 << 20) break;
    reps *= 2;
  }
  reps *= 4;
  const warm = quick ? 1 : 3;
  const rounds = quick ? 5 : 15;
  const perRound: Map<string, number[]> = new Map(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < warm + rounds; r++) {
    const times = new Map<string, number>();
    // alternate the order each round so neither side always runs right after the other
    const order = r % 2 === 0 ? all : [...all].reverse();
    for (const c of order) {
      // A clean heap for every batch: no contender pays for the garbage the one before it left.
      collectGarbage();
      const t0 = cpu();
      for (let i = 0; i < reps; i++) c.run();
      times.set(c.name, cpu() - t0);
    }
    if (r < warm) continue;
    for (const c of contenders) perRound.get(c.name)!.push(times.get(anchor.name)! / Math.max(1, times.get(c.name)!));
  }
  const out = new Map<string, number>();
  for (const [name, xs] of perRound) {
    xs.sort((a, b) => a - b);
    out.set(name, xs[xs.length >> 1]!);
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const mib = (x: number) => `${(x / 1048576).toFixed(2)} MiB`;

const rows: string[][] = [['payload', 'bytes (json / etf)', 'ETF+normalize vs JSON', 'two-pass reference vs JSON', 'raw ETF vs JSON']];
const textDecoder = new TextDecoder();
/** One call per frame, in turn. */
const rotate = <T>(items: readonly T[], run: (item: T) => unknown) => {
  let i = 0;
  return () => run(items[i++ % items.length]!);
};
for (const [label, frames] of payloads) {
  const plain = frames.map((f) => JSON.parse(JSON.stringify(f)) as unknown);
  const jsonBytes = plain.map((f) => Buffer.from(JSON.stringify(f)));
  const etfBytes = plain.map((f) => Buffer.from(encodeLikeDiscord(f)));
  // Fair only if both give the same value: normalised ETF must equal what JSON gives.
  for (const [i, f] of plain.entries()) if (JSON.stringify(decode(etfBytes[i]!, { normalize: true })) !== JSON.stringify(f)) throw new Error(`${label}: ETF + normalize differs from JSON`);
  const r = ratios(
    { name: 'json', run: rotate(jsonBytes, (x) => JSON.parse(textDecoder.decode(x))) },
    [
      { name: 'fused', run: rotate(etfBytes, (x) => decode(x, { normalize: true })) },
      { name: 'two-pass', run: rotate(etfBytes, (x) => normalizeFrame(decode(x), etfShapes)) },
      { name: 'raw', run: rotate(etfBytes, (x) => decode(x)) },
    ],
    quick ? 20_000 : 60_000,
  );
  const x = (name: string) => `${r.get(name)!.toFixed(2)}x`;
  const size = (xs: Buffer[]) => Math.round(xs.reduce((n, x) => n + x.length, 0) / xs.length);
  rows.push([label, `${size(jsonBytes)} / ${size(etfBytes)}`, x('fused'), x('two-pass'), x('raw')]);
}

// retained heap, in child processes
const dir = mkdtempSync(join(tmpdir(), 'gatewire-etf-heap-'));
const heapRows: string[][] = [['payload', 'JSON.parse retained', 'ETF+normalize retained', 'ratio (goal <= 1.05)']];
try {
  const self = fileURLToPath(import.meta.url);
  // Each frame twice: as generated (emoji and CJK text, so TextDecoder gives JSON.parse a two-byte
  // string) and with every character above U+00FF replaced (a one-byte string). V8's JSON.parse
  // interns short string values only from a one-byte source, so the JSON anchor retains about
  // 45 % more for the first; both are real JSON paths, and the second is the anchor at its best.
  const variants: [string, (f: unknown) => unknown][] = [
    ['', (f) => f],
    [', Latin-1 text only', (f) => JSON.parse(JSON.stringify(f).replace(/[^\u0000-\u00ff]/gu, '?')) as unknown],
  ];
  for (const [label, [payload]] of payloads.slice(2)) {
    for (const [suffix, variant] of variants) {
      const plain = variant(JSON.parse(JSON.stringify(payload)));
      const jsonFile = join(dir, 'frame.json');
      const etfFile = join(dir, 'frame.etf');
      writeFileSync(jsonFile, JSON.stringify(plain));
      writeFileSync(etfFile, encodeLikeDiscord(plain));
      const got = { json: [] as number[], etf: [] as number[] };
      for (let i = 0; i < (quick ? 3 : 5); i++) {
        for (const kind of i % 2 === 0 ? (['json', 'etf'] as const) : (['etf', 'json'] as const)) {
          const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', self, '--heap-child', kind, kind === 'etf' ? etfFile : jsonFile], { encoding: 'utf8' });
          if (child.status !== 0) throw new Error(`heap child failed: ${child.stderr}`);
          got[kind].push(Number(child.stdout));
        }
      }
      const json = median(got.json);
      const etf = median(got.etf);
      heapRows.push([label + suffix, mib(json), mib(etf), `${(etf / json).toFixed(2)}x`]);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function print(table: string[][]): void {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  for (const [i, r] of table.entries()) {
    console.log('| ' + r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ') + ' |');
    if (i === 0) console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  }
}
console.log(`ETF + normalize vs JSON.parse(TextDecoder), Node ${process.versions.node}; CPU time, interleaved rounds, median of per-round ratios; > 1 means ETF is faster (goal >= 1.2).`);
console.log('');
print(rows);
console.log('');
console.log('Retained heap of one decoded frame: a fresh --expose-gc child per sample, both decoders warmed on a small frame, two full GCs before and after, the result kept alive; heap used after minus before (growth of the ETF decoder\'s own caches counts against ETF). Median:');
console.log('');
print(heapRows);
