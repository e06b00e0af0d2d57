/**
 * `npm run codegen` (and `npm run golden`): runs a TypeScript entry point of this repository as
 * compiled JavaScript. esbuild bundles the entry (dependencies stay imports) into a folder under
 * .tmp/, Node imports it, and the folder is removed again. Transpiling through tsx cost about 0.6 s of
 * a cold regeneration (#14); this build takes a few tens of milliseconds, and since it runs every
 * time there is no cache to go stale.
 *
 * usage: node scripts/codegen.mjs ENTRY.ts [ARGS…]   (ENTRY exports `main(argv): Promise<number>`,
 * or runs when imported)
 */
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (entry === undefined) {
  process.stderr.write('usage: node scripts/codegen.mjs ENTRY.ts [ARGS…]\n');
  process.exit(2);
}

/** Each module keeps its own `import.meta.url` (paths relative to a source file stay right once bundled). */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

// Inside the repository, so the bundle's package imports resolve from its node_modules; one folder
// per run, so two runs never share files. Split, so code only other commands use (`serve` pulls in
// the 1.9 MB of compiled validators) is a chunk Node never loads here.
const outdir = path.join(root, '.tmp', `run-${path.basename(entry, '.ts')}-${process.pid}`);
let code;
try {
  await build({
    absWorkingDir: root,
    entryPoints: { main: entry },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    plugins: [ownUrl],
    logLevel: 'warning',
  });
  const mod = await import(pathToFileURL(path.join(outdir, 'main.mjs')).href);
  code = typeof mod.main === 'function' ? await mod.main(args) : 0;
} catch (error) {
  // as the CLI reports what it did not expect when run directly
  process.stderr.write(`internal error: ${error?.stack ?? String(error)}\n`);
  code = 1;
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
process.exitCode = code;
