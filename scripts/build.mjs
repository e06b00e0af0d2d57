/**
 * Builds dist/: declarations from tsc, JavaScript from esbuild.
 *
 * tsc alone emits one JavaScript file per source file, and Node pays about half a millisecond per
 * module it loads, so `import('gatewire')` cost 29 module loads (19 ms, most of it loader work, not
 * code). esbuild bundles each `exports` entry (and the CLI) with code splitting instead: what two
 * entries share lives in one chunk under dist/chunks/, so a class such as GatewireError stays one
 * class across `gatewire`, `gatewire/etf` and the rest, and each entry loads a handful of files.
 * Dependencies (fzstd, ws, zod) stay imports. The .d.ts files keep tsc's per-file layout. The CLI
 * carries the text of the runtime modules generated code inlines (scripts/runtime-sources.mjs),
 * since the package ships no src/.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { embedRuntimeSources } from './runtime-sources.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** dist/x/y.js → x/y.ts, the source of one output. */
function sourceOf(target) {
  return target.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts');
}

const entries = new Set();
for (const [key, value] of Object.entries(pkg.exports)) {
  if (key === './package.json') continue;
  entries.add(sourceOf(value.default));
}
for (const bin of Object.values(pkg.bin)) entries.add(sourceOf(bin));

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--emitDeclarationOnly'], { stdio: 'inherit', cwd: root });

await build({
  absWorkingDir: root,
  entryPoints: [...entries].sort(),
  outbase: '.',
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  // Keep names and JSDoc-free readable output: a library's stack traces should name its functions.
  minify: false,
  legalComments: 'none',
  plugins: [embedRuntimeSources(root)],
  logLevel: 'warning',
});
