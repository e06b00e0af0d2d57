/**
 * `gatewire diff` speed, as ratios measured in this one process (CPU time of the process, contenders
 * interleaved and their order rotated each round, warm-up rounds discarded):
 * - the diff of the upstream discord-docs snapshot against schemas/ (both sides through the codegen
 *   pipeline, the comparison, classification and the example search, rendered as text), against
 *   one codegen run of the same inputs: `generate()` of schemas/ plus of the snapshot, with the
 *   formatting cache warm as `npm run codegen` normally finds it;
 * - the same diff against building the two IRs alone (the part of the work the diff cannot avoid).
 * The goal is under 5 s wall on this machine; the wall time is printed next to the ratios.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffSchemas, renderText } from '../codegen/diff/index.js';
import { buildIR, generate } from '../codegen/pipeline.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const schemas = path.join(root, 'schemas');
const upstream = path.resolve(root, '../shared/reference/discord-docs');

if (!existsSync(path.join(upstream, 'events'))) {
  process.stdout.write('bench/diff: skipped, ../shared/reference/discord-docs is absent\n');
  process.exit(0);
}

interface Contender {
  readonly name: string;
  readonly run: () => Promise<unknown>;
}

let changes = 0;
const contenders: Contender[] = [
  {
    name: 'diff upstream → schemas/ (text report)',
    run: async () => {
      const report = await diffSchemas(upstream, schemas, { oldLabel: 'discord-docs', newLabel: 'schemas' });
      changes = report.changes.length;
      return renderText(report);
    },
  },
  { name: 'codegen of the same inputs (schemas/ + snapshot)', run: () => Promise.all([generate(schemas, { label: 'schemas' }), generate(upstream, { label: 'upstream' })]) },
  { name: 'build both IRs only', run: () => Promise.all([buildIR(schemas), buildIR(upstream)]) },
];

const WARMUP = 2;
const ROUNDS = 5;
const cpu = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
const wall = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
for (let round = 0; round < WARMUP + ROUNDS; round++) {
  for (let k = 0; k < contenders.length; k++) {
    const c = contenders[(round + k) % contenders.length]!;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await c.run();
    const ms = performance.now() - t0;
    const used = process.cpuUsage(c0);
    if (round >= WARMUP) {
      cpu.get(c.name)!.push((used.user + used.system) / 1000);
      wall.get(c.name)!.push(ms);
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const [diffName, codegenName, irName] = contenders.map((c) => c.name) as [string, string, string];
const d = median(cpu.get(diffName)!);
const g = median(cpu.get(codegenName)!);
const i = median(cpu.get(irName)!);
const dWall = median(wall.get(diffName)!);
const rows: [string, string, string][] = [
  [diffName, `${d.toFixed(0)} ms CPU, ${dWall.toFixed(0)} ms wall (${changes} changes)`, `goal < 5000 ms wall: ${dWall < 5000 ? 'met' : 'NOT met'}`],
  [codegenName, `${g.toFixed(0)} ms CPU`, `diff / codegen = ${(d / g).toFixed(2)}×`],
  [irName, `${i.toFixed(0)} ms CPU`, `diff / IRs alone = ${(d / i).toFixed(2)}×`],
];
const width = Math.max(...rows.map((r) => r[0].length));
process.stdout.write(`medians of ${ROUNDS} interleaved rounds after ${WARMUP} warm-up rounds\n`);
for (const [name, value, note] of rows) process.stdout.write(`${name.padEnd(width)}  ${value.padEnd(40)}  ${note}\n`);
