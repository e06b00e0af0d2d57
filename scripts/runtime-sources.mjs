/**
 * An esbuild plugin for builds of the codegen: replaces codegen/emit/runtime-source.ts with a module
 * that holds the text of every runtime module it lists (RUNTIME_MODULES), so a built CLI inlines
 * them without the src/ folder, which the package does not ship.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function embedRuntimeSources(root) {
  return {
    name: 'embed-runtime-sources',
    setup(build) {
      build.onLoad({ filter: /codegen[\\/]emit[\\/]runtime-source\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const list = /RUNTIME_MODULES = \[([^\]]*)\]/.exec(source);
        if (!list) throw new Error(`${args.path}: no RUNTIME_MODULES list`);
        const files = [...list[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
        const texts = Object.fromEntries(files.map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
        // The rest of the module (inlinedBody and friends) stays; only the file reads are replaced.
        const contents = source
          .replace(/^import \{ readFileSync \} from 'node:fs';\n/m, '')
          .replace(/return readFileSync\([^;]*\);/, 'return EMBEDDED[file];')
          .concat(`\nconst EMBEDDED: Record<string, string> = ${JSON.stringify(texts)};\n`);
        if (contents.includes('readFileSync')) throw new Error(`${args.path}: could not replace its file reads`);
        return { contents, loader: 'ts', watchFiles: files.map((f) => path.join(root, f)) };
      });
    },
  };
}
