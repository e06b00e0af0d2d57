/**
 * `npm run codegen` (and `npm run golden`): runs a TypeScript entry point of this repository as
 * compiled JavaScript. esbuild bundles the entry (dependencies stay imports) into a folder under
 * .tmp/, Node imports it, and the folder is removed again. Transpiling through tsx cost about 0.6 s of
 * a cold regeneration (#14); this build takes a few tens of milliseconds, and since it runs every
 * time there is no cache to go stale.
 *
 * A module the entry reaches only through a dynamic `import()` is compiled when that import runs,
 * not up front: `gatewire serve` (codegen/cli.ts) pulls in the 1.9 MB of compiled validators, and
 * bundling them cost about 0.4 s of every regeneration that never serves.
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

/** The hook the stand-ins of dynamically imported modules call to compile and load the real one. */
const COMPILE = Symbol.for('gatewire.scripts.compile');

/**
 * Replaces each module imported dynamically by a stand-in that, when it is imported, compiles the
 * real module (the same way, in a folder of its own) and re-exports its exports, whose names a
 * one-file, unbundled esbuild pass reads.
 */
const compileOnImport = {
  name: 'compile-on-import',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\//, namespace: 'file' }, (a) => {
      if (a.kind !== 'dynamic-import') return undefined;
      const file = path.resolve(a.resolveDir, a.path.replace(/\.js$/, '.ts'));
      return { path: file, namespace: 'compile-on-import' };
    });
    b.onLoad({ filter: /.*/, namespace: 'compile-on-import' }, async (a) => {
      const scan = await build({ entryPoints: [a.path], bundle: false, write: false, metafile: true, format: 'esm', outdir: 'scan', logLevel: 'silent' });
      const names = Object.values(scan.metafile.outputs).flatMap((o) => o.exports ?? []);
      const named = names.filter((n) => n !== 'default');
      return {
        contents:
          `const m = await globalThis[Symbol.for(${JSON.stringify(COMPILE.description)})](${JSON.stringify(a.path)});\n` +
          (named.length > 0 ? `export const { ${named.join(', ')} } = m;\n` : '') +
          (names.includes('default') ? 'export default m.default;\n' : ''),
        loader: 'js',
      };
    });
  },
};

const runDir = path.join(root, '.tmp', `run-${path.basename(entry, '.ts')}-${process.pid}`);
let builds = 0;

/**
 * Bundles `file` into a folder of its own under the run's folder and imports it. Inside the
 * repository, so the bundle's package imports resolve from its node_modules; one folder per run,
 * so two runs never share files.
 */
async function compileAndImport(file) {
  const outdir = path.join(runDir, String(builds++));
  await build({
    absWorkingDir: root,
    entryPoints: { main: file },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    plugins: [ownUrl, compileOnImport],
    logLevel: 'warning',
  });
  return import(pathToFileURL(path.join(outdir, 'main.mjs')).href);
}
globalThis[COMPILE] = compileAndImport;

let code;
try {
  const mod = await compileAndImport(path.resolve(root, entry));
  code = typeof mod.main === 'function' ? await mod.main(args) : 0;
} catch (error) {
  // as the CLI reports what it did not expect when run directly
  process.stderr.write(`internal error: ${error?.stack ?? String(error)}\n`);
  code = 1;
} finally {
  rmSync(runDir, { recursive: true, force: true });
}
process.exitCode = code;
