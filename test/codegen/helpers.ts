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

/** The four type probes other generators fail (codegen-anchors §2 item 5), as code that must compile. */
export async function writeNarrowingProbe(out: string): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(
    path.join(out, 'probe.ts'),
    `import type { GatewayReceivePayload, MessageCreate } from './index.js';
export function probe(p: GatewayReceivePayload): string | number | null {
  switch (p.t) {
    case 'MESSAGE_CREATE':
      // narrowed: d is the message data, member is partial
      return p.d.content + (p.d.member?.nick ?? '');
    default:
      break;
  }
  if (p.op === 10) return p.d.heartbeat_interval;
  return p.s;
}
// op, s and t are required on every frame
const required: Pick<MessageCreate, 'op' | 's' | 't'> = { op: 0, s: 1, t: 'MESSAGE_CREATE' };
void required;
// @ts-expect-error a typo'd key is rejected (closed types)
const typo: MessageCreate['d']['author'] = { id: '1', username: 'a', discriminator: '0', global_name: null, avatar: null, usernme: 'x' };
void typo;
`,
  );
}

export { generate };
