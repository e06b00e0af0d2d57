// Startup cost and size of the compiled validators (issue 14): CPU time of
// `await import('gatewire/validate')` vs `await import('zod')`, each in fresh child processes
// (interleaved, first round discarded, median), and the size of generated/validators.ts.
// `npx tsx bench/startup.ts` (RUNS tunes it).
//
// The package entry is compiled the way `npm run build` lays it out (src/ and generated/ to
// JavaScript, one file per module, no bundling), by esbuild into .tmp/bench-startup, so the bench
// never depends on a stale dist/. Parse cost scales with source bytes, which both compilers keep.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { median } from './harness/cpu.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.tmp', 'bench-startup');
const RUNS = Number(process.env.RUNS ?? 11);

const tsFiles = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path.join(root, dir, e.name)] : []));
rmSync(out, { recursive: true, force: true });
buildSync({ entryPoints: [...tsFiles('src'), ...tsFiles('generated')], outdir: out, outbase: root, bundle: false, format: 'esm', platform: 'node', target: 'es2022', logLevel: 'error' });
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'package.json'), '{"type":"module"}');
writeFileSync(path.join(out, 'empty.js'), '');

const entries: Record<string, string> = {
  'gatewire/validate': path.join(out, 'src/validate/index.js'),
  zod: 'zod',
  'empty module': path.join(out, 'empty.js'),
};
const probe = (spec: string): number => {
  const code = `const t=process.cpuUsage();await import(${JSON.stringify(spec.startsWith('/') ? 'file://' + spec : spec)});const u=process.cpuUsage(t);process.stdout.write(String((u.user+u.system)/1000));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' }));
};
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(entries).map((k) => [k, []]));
for (let r = 0; r < RUNS + 1; r++) {
  const names = Object.keys(entries);
  const order = r % 2 === 0 ? names : [...names].reverse();
  for (const name of order) {
    const ms = probe(entries[name]!);
    if (r > 0) samples[name]!.push(ms);
  }
}
const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<string, number>;
const ratio = m['gatewire/validate']! / m.zod!;
const size = statSync(path.join(root, 'generated/validators.ts')).size;
const lines: string[] = [];
lines.push(`startup bench, Node ${process.versions.node}: CPU of await import(...) in ${RUNS} fresh processes per entry (interleaved, first round discarded), median`);
lines.push('');
lines.push('| measure | now | goal |');
lines.push('|---|---:|---|');
lines.push(`| import('gatewire/validate') CPU | ${m['gatewire/validate']!.toFixed(1)} ms | |`);
lines.push(`| import('zod') CPU | ${m.zod!.toFixed(1)} ms | |`);
lines.push(`| import of an empty module (context) | ${m['empty module']!.toFixed(1)} ms | |`);
lines.push(`| gatewire/validate ÷ zod | ${ratio.toFixed(2)}× ${ratio <= 0.25 ? '✓' : '✗'} | ≤ 0.25× |`);
lines.push(`| size of generated/validators.ts | ${(size / 1e3).toFixed(0)} KB ${size <= 700_000 ? '✓' : '✗'} | ≤ 700 KB |`);
process.stdout.write(lines.join('\n') + '\n');
