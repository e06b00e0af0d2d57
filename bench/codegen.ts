/**
 * Codegen speed, as ratios measured in this one process:
 * - full regeneration (load → IR → every emitter → prettier) of the upstream discord-docs snapshot and
 *   of schemas/, against json-schema-to-typescript compiling the same snapshot (one combined root,
 *   with prettier, as its docs recommend) — the off-the-shelf baseline; the goal is ≤ 1.5 s wall;
 * - `tsc --noEmit` over generated/ against `tsc --noEmit` over discord-api-types' v10 entry.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import { generate } from '../codegen/pipeline.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const upstream = path.resolve(root, '../shared/reference/discord-docs');
const hasUpstream = existsSync(path.join(upstream, 'events'));

async function time(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

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

const rows: [string, string, string][] = [];
const cold = await time(() => generate(path.join(root, 'schemas'), { label: 'schemas', cache: false }), 3);
rows.push(['regenerate schemas/, cold (prettier on every file but validators.ts)', `${cold.toFixed(0)} ms`, `goal ≤ 1500 ms: ${cold <= 1500 ? 'met' : 'NOT met'}`]);
const warm = await time(() => generate(path.join(root, 'schemas'), { label: 'schemas' }), 3);
rows.push(['regenerate schemas/, formatting cache warm', `${warm.toFixed(0)} ms`, `goal ≤ 1500 ms: ${warm <= 1500 ? 'met' : 'NOT met'}`]);
if (hasUpstream) {
  const ours = await time(() => generate(upstream, { label: 'upstream', cache: false }), 3);
  const theirs = await time(jsttUpstream, 3);
  rows.push(['regenerate upstream snapshot, cold', `${ours.toFixed(0)} ms`, `${(theirs / ours).toFixed(2)}× json-schema-to-typescript (${theirs.toFixed(0)} ms, types only, one combined root)`]);
} else {
  rows.push(['regenerate upstream snapshot', 'skipped', '../shared is absent']);
}
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
