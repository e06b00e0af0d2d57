import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitAll, emitters } from '../../codegen/emit/index.js';
import { buildIR } from '../../codegen/pipeline.js';

const repo = path.resolve(import.meta.dirname, '../..');

describe('emitter registry', () => {
  it('accounts for every generated file, and generated/index.ts re-exports exactly the `reexport` ones', async () => {
    const ir = await buildIR(path.join(repo, 'schemas'), { strict: true });
    const { files, reexported } = emitAll(ir);
    const generated = readdirSync(path.join(repo, 'generated')).filter((f) => f !== 'index.ts').sort();
    expect(files.map((f) => f.path).sort()).toEqual(generated);
    expect(new Set(emitters.map((e) => e.id)).size).toBe(emitters.length);
    const index = readFileSync(path.join(repo, 'generated/index.ts'), 'utf8');
    const exportedByIndex = [...index.matchAll(/export \* from '\.\/(.+)\.js';/g)].map((m) => `${m[1]}.ts`);
    expect(exportedByIndex).toEqual(reexported);
    // Every file is written exactly as its emitter printed it (nothing formats it after).
    for (const entry of emitters) {
      for (const f of entry.emit(ir)) expect(files.find((g) => g.path === f.path)?.contents, f.path).toBe(f.contents);
    }
  });
});
