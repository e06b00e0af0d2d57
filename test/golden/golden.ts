/**
 * The golden output: what the codegen makes from the upstream discord-docs snapshot in ../shared
 * (tolerant mode, the patch list applied), plus the warnings it prints. Kept under
 * test/golden/discord-docs/ and compared byte for byte by test/codegen/golden.test.ts, so a change in
 * what real upstream input produces shows up in review. Regenerate with `npm run golden`.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate, type GenerateResult } from '../../codegen/pipeline.js';
import type { GeneratedFile } from '../../codegen/ir.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const upstreamDir = path.resolve(repoRoot, '../shared/reference/discord-docs');
export const hasUpstream = existsSync(path.join(upstreamDir, 'events'));
export const goldenDir = path.join(repoRoot, 'test', 'golden', 'discord-docs');

/** One line per warning, as `gatewire codegen` prints them. */
export function warningsFile(result: GenerateResult): GeneratedFile {
  const lines = result.diagnostics.map((d) => `${d.level}: ${d.file}${d.pointer ? '#' + d.pointer : ''}: [${d.code}] ${d.message}`);
  return { path: 'warnings.txt', contents: lines.join('\n') + '\n' };
}

/** Every golden file, generated now (the label is fixed so the headers do not depend on the working directory). */
export async function goldenFiles(): Promise<GeneratedFile[]> {
  const result = await generate(upstreamDir, { label: '../shared/reference/discord-docs' });
  return [...result.files, warningsFile(result)];
}
