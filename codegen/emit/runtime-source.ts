/**
 * The text of the runtime modules that generated code inlines (#13: a contract lives in a real,
 * type-checked module where it is read, and generated/ stays self-contained). From the repository
 * the text is read from src/; a built CLI (dist/codegen/cli.js, `npm run build`) carries it, since
 * scripts/runtime-sources.mjs substitutes this module with the texts when bundling.
 */
import { readFileSync } from 'node:fs';

/** Every module whose text is inlined, relative to the repository root. */
export const RUNTIME_MODULES = ['src/etf/shape-table.ts', 'src/validate/zod-declared-types.ts', 'src/validate/zod-fast-path.ts', 'src/validate/zod-select-by.ts'] as const;

export type RuntimeModule = (typeof RUNTIME_MODULES)[number];

/** The source text of `file`, as committed. */
export function runtimeSource(file: RuntimeModule): string {
  return readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
}

/**
 * What generated code inlines of a module: its text without the module's own doc comment (the
 * first block, which speaks of the module) and without its import lines (the generated file has its
 * own). Declarations the generated file should not export lose their `export` unless `exported`
 * names them (all stay exported when it is absent): src/ exports them to type-check and test them.
 */
export function inlinedBody(source: string, exported?: readonly string[]): string {
  const withoutDoc = source.replace(/^\/\*\*[\s\S]*?\*\/\n/, '');
  const lines = withoutDoc
    .split('\n')
    .filter((l) => !/^import\b.*;$/.test(l))
    .map((l) => {
      const declared = /^export ((?:async )?function|const|let|type|interface|class) ([A-Za-z_$][\w$]*)/.exec(l);
      return declared && exported !== undefined && !exported.includes(declared[2]!) ? l.slice('export '.length) : l;
    });
  return lines.join('\n').replace(/^\n+/, '');
}
