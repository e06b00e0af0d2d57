/**
 * The committed generated/ folder is exactly what the codegen makes from schemas/ today, and its
 * type-level checks pair every zod schema with its interface (every declaration, not a sample).
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generate, staleFiles } from '../../codegen/pipeline.js';
import { repoRoot } from './helpers.js';

describe('generated/', () => {
  it('is up to date with schemas/ and covers every declaration in checks.ts', async () => {
    // strict, as `npm run codegen` is: our own schemas need no repair, so any warning fails CI
    const result = await generate(path.join(repoRoot, 'schemas'), { label: 'schemas', strict: true });
    expect(await staleFiles(path.join(repoRoot, 'generated'), result.files)).toEqual([]);

    const checks = await readFile(path.join(repoRoot, 'generated', 'checks.ts'), 'utf8');
    const checked = new Set([...checks.matchAll(/export type Check(\w+) = Assert</g)].map((m) => m[1]));
    const missing = result.ir.declarations.map((d) => d.name).filter((n) => !checked.has(n));
    expect(missing).toEqual([]);
    expect(checked.size).toBe(result.ir.declarations.length);

    const zod = await readFile(path.join(repoRoot, 'generated', 'zod.ts'), 'utf8');
    for (const d of result.ir.declarations) {
      if (d.name === 'GatewayReceivePayload' || d.name === 'GatewaySendPayload') continue;
      expect(zod, d.name).toMatch(new RegExp(`export const ${d.name}Schema\\b`));
    }
  }, 180_000);
});
