import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project, ts } from 'ts-morph';
import { buildIR, generate } from '../../codegen/pipeline.js';
import type { IR, IRDeclaration } from '../../codegen/ir.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const upstreamDir = path.resolve(repoRoot, '../shared/reference/discord-docs');
export const hasUpstream = existsSync(path.join(upstreamDir, 'events'));

/** A scratch folder inside the repo (so generated code resolves `zod` from node_modules); gitignored. */
export async function scratch(name: string): Promise<string> {
  const base = path.join(repoRoot, 'test', 'codegen');
  return mkdtemp(path.join(base, `tmp-${name}-`));
}

export async function removeScratch(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

const SCHEMA = 'https://json-schema.org/draft/2020-12/schema';

/** Writes `{ 'objects/user.json': {...} }` under a fresh folder, adding `$id` and `$schema` when absent. */
export async function schemaFolder(name: string, files: Record<string, Record<string, unknown>>, origin = 'https://example.test'): Promise<string> {
  const dir = await scratch(name);
  for (const [file, schema] of Object.entries(files)) {
    const full = path.join(dir, 'schemas', file);
    await mkdir(path.dirname(full), { recursive: true });
    const body = { $id: `${origin}/${file}`, $schema: SCHEMA, ...schema };
    await writeFile(full, JSON.stringify(body, null, 2));
  }
  return dir;
}

export async function irOf(name: string, files: Record<string, Record<string, unknown>>): Promise<IR> {
  const dir = await schemaFolder(name, files);
  try {
    return await buildIR(path.join(dir, 'schemas'), { label: 'schemas' });
  } finally {
    await removeScratch(dir);
  }
}

export function decl(ir: IR, name: string): IRDeclaration {
  const d = ir.declarations.find((x) => x.name === name);
  if (!d) throw new Error(`no declaration ${name}; have ${ir.declarations.map((x) => x.name).join(', ')}`);
  return d;
}

/** Type-checks every .ts file below `dir` under --strict with the compiler ts-morph bundles; returns the messages. */
export function typecheck(dir: string): string[] {
  const project = new Project({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
      types: [],
    },
    skipAddingFilesFromTsConfig: true,
  });
  project.addSourceFilesAtPaths(path.join(dir, '**/*.ts'));
  return project
    .getPreEmitDiagnostics()
    .map((d) => {
      const m = d.getMessageText();
      return `${d.getSourceFile()?.getFilePath() ?? ''}:${d.getLineNumber() ?? 0}: ${typeof m === 'string' ? m : m.getMessageText()}`;
    });
}

export { generate };
