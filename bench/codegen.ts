/**
 * Codegen speed, as ratios measured in this one process (CPU time, contenders interleaved, the
 * first rounds discarded: bench/harness/cpu.ts):
 * - full regeneration (load → IR → every emitter, each printing its final text; no formatter) of
 *   the upstream discord-docs snapshot, against json-schema-to-typescript compiling the same
 *   snapshot (one combined root, with its own prettier formatting, as it runs by default) — the
 *   off-the-shelf baseline; goal ≥ 1.5×;
 * - `npm run codegen` as a user runs it, in a fresh process (esbuild-compiled CLI, no cache of any
 *   kind; `--check`, so nothing is written): wall and CPU time, goal ≤ 1.5 s;
 * - `tsc --noEmit` over generated/ against `tsc --noEmit` over discord-api-types' v10 entry.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import { generate } from '../codegen/pipeline.js';
import { measureRoundsAsync, speedup, usPerCall } from './harness/cpu.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const upstream = path.resolve(root, '../shared/reference/discord-docs');
const hasUpstream = existsSync(path.join(upstream, 'events'));

async function jsttUpstream(): Promise<void> {
  const files: string[] = [];
  for (const dir of ['schemas', 'events']) for (const f of readdirSync(path.join(upstream, dir))) files.push(`/${dir}/${f}`);
  const schema = { $id: 'https://docs.helvetica.moe/root.json', title: 'Root', type: 'object', properties: Object.fromEntries(files.map((f, i) => [`p${i}`, { $ref: f }])) };
  await compile(schema as never, 'Root', {
    cwd: upstream,
    bannerComment: '',
    $refOptions: {
      resolve: {
        docs: {
          order: 1,
          canRead: (file: { url: string }) => /\/(schemas|events)\/[^/]+\.json$/.test(file.url),
          read: (file: { url: string }) => readFileSync(path.join(upstream, file.url.replace(/^.*\/(schemas|events)\//, '$1/'))),
        },
      },
    } as never,
  });
}

function tscSeconds(files: string[]): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatewire-tsc-'));
  const config = path.join(dir, 'tsconfig.json');
  writeFileSync(config, JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', skipLibCheck: false, types: [], typeRoots: [] }, files }));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', config], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`tsc failed:\n${r.stdout}${r.stderr}`);
  return ms;
}

/** `npm run codegen -- --check` in a fresh Node process: its wall time and its own CPU time, in ms. */
function coldCli(): { wall: number; cpu: number } {
  const probe =
    "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`\\ncpu-ms ${(u.user + u.system) / 1000}\\n`); });" +
    "process.argv.splice(1, 0, 'scripts/codegen.mjs'); await import('./scripts/codegen.mjs');";
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe, 'codegen/cli.ts', 'codegen', '--strict', '--check', '--quiet'], { cwd: root, encoding: 'utf8' });
  const wall = performance.now() - t0;
  const cpu = /cpu-ms ([\d.]+)/.exec(r.stderr);
  if (r.status !== 0 || !cpu) throw new Error(`npm run codegen -- --check failed:\n${r.stdout}${r.stderr}`);
  return { wall, cpu: Number(cpu[1]) };
}

const rows: [string, string, string][] = [];
if (hasUpstream) {
  const times = await measureRoundsAsync(
    {
      gatewire: () => generate(upstream, { label: 'upstream' }),
      jstt: jsttUpstream,
    },
    { rounds: 7, discard: 2, batchMs: 1, warmupMs: 1 },
  );
  const ratio = speedup(times, 'gatewire', 'jstt');
  rows.push([
    'regenerate upstream snapshot (every file, final text)',
    `${(usPerCall(times, 'gatewire') / 1000).toFixed(0)} ms CPU`,
    `${ratio.median.toFixed(2)}× json-schema-to-typescript (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}; it: ${(usPerCall(times, 'jstt') / 1000).toFixed(0)} ms CPU, types only, with prettier); goal ≥ 1.5×: ${ratio.median >= 1.5 ? 'met' : 'NOT met'}`,
  ]);
} else {
  rows.push(['regenerate upstream snapshot', 'skipped', '../shared is absent']);
}
/** Wall time of `npm run codegen -- --check` as a user types it (npm's own start-up included). */
function npmRun(): number {
  const t0 = performance.now();
  const r = spawnSync('npm', ['run', '-s', 'codegen', '--', '--check', '--quiet'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run codegen -- --check failed:\n${r.stdout}${r.stderr}`);
  return performance.now() - t0;
}

coldCli(); // discarded: the first run also warms the OS file cache
const cold = [coldCli(), coldCli(), coldCli()].sort((a, b) => a.wall - b.wall)[1]!;
const npm = [npmRun(), npmRun(), npmRun()].sort((a, b) => a - b)[1]!;
rows.push([
  'npm run codegen -- --check, fresh process (median of 3)',
  `${npm.toFixed(0)} ms wall`,
  `goal ≤ 1500 ms: ${npm <= 1500 ? 'met' : 'NOT met'}; without npm (node scripts/codegen.mjs): ${cold.wall.toFixed(0)} ms wall, ${cold.cpu.toFixed(0)} ms CPU of its Node process`,
]);
const dapi = path.join(root, 'node_modules/discord-api-types/v10.d.ts');
// The types surface (what discord-api-types offers: types, enums, event maps), then everything.
const typesEntry = [path.join(root, 'generated/index.ts')];
const allEntry = readdirSync(path.join(root, 'generated')).filter((f) => f.endsWith('.ts')).map((f) => path.join(root, 'generated', f));
const med = (a: number[]) => a.sort((x, y) => x - y)[1]!;
const ourTypes: number[] = [];
const ourAll: number[] = [];
const theirTsc: number[] = [];
for (let i = 0; i < 3; i++) {
  theirTsc.push(tscSeconds([dapi]));
  ourTypes.push(tscSeconds(typesEntry));
  ourAll.push(tscSeconds(allEntry));
}
rows.push(['tsc --noEmit generated/index.ts (types, enums, events)', `${med(ourTypes).toFixed(0)} ms`, `${(med(theirTsc) / med(ourTypes)).toFixed(2)}× discord-api-types v10 (${med(theirTsc).toFixed(0)} ms); goal ≥ 1.0×`]);
rows.push(['tsc --noEmit all of generated/ (+ zod, validators, shapes, checks)', `${med(ourAll).toFixed(0)} ms`, `${(med(theirTsc) / med(ourAll)).toFixed(2)}× discord-api-types v10`]);

const width = Math.max(...rows.map((r) => r[0].length));
for (const [what, value, ratio] of rows) console.log(`${what.padEnd(width)}  ${value.padStart(9)}  ${ratio}`);
