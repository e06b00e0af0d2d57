/** Regressions for the hostile-input audit (issue #15) in codegen: items 12 and 13. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOutput } from '../../codegen/pipeline.js';
import { CodegenError, CodegenErrors } from '../../codegen/errors.js';
import { generate, removeScratch, schemaFolder } from './helpers.js';
import type { GeneratedValidators } from '../../src/validate/description.js';
import type { ValidationIssue } from '../../src/validate/issues.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await removeScratch(d);
});

async function failure(name: string, files: Record<string, Record<string, unknown>>, raw?: Record<string, string>): Promise<CodegenError[]> {
  const dir = await schemaFolder(name, files);
  dirs.push(dir);
  await mkdir(path.join(dir, 'schemas'), { recursive: true });
  for (const [file, text] of Object.entries(raw ?? {})) await writeFile(path.join(dir, 'schemas', file), text);
  try {
    await generate(path.join(dir, 'schemas'), { label: 'schemas' });
  } catch (error) {
    if (error instanceof CodegenErrors) return [...error.errors];
    if (error instanceof CodegenError) return [error];
    throw error;
  }
  throw new Error('generation succeeded');
}

/** `{"anyOf": [<depth levels of the same>, {"type": "null"}]}` as JSON text (JSON.stringify would overflow). */
function nestedAnyOf(depth: number): string {
  return '{"anyOf":['.repeat(depth) + '{"type":"string"}' + ',{"type":"null"}]}'.repeat(depth);
}

function deepFile(depth: number): string {
  return `{"$id":"https://example.test/objects/x.json","$schema":"https://json-schema.org/draft/2020-12/schema","title":"X","type":"object","properties":{"a":${nestedAnyOf(depth)}}}`;
}

describe('#15.12 codegen: $ref alias cycles and deep nesting give typed errors with file and pointer', () => {
  it('a $defs entry that refers to itself is CODEGEN_UNNAMEABLE_CYCLE at its pointer', async () => {
    const errors = await failure('alias-self', { 'objects/x.json': { title: 'X', $defs: { a: { $ref: '#/$defs/a' } }, type: 'object', properties: { a: { $ref: '#/$defs/a' } } } });
    expect(errors.map((e) => e.code)).toContain('CODEGEN_UNNAMEABLE_CYCLE');
    const e = errors.find((x) => x.code === 'CODEGEN_UNNAMEABLE_CYCLE')!;
    expect(e.file).toBe('objects/x.json');
    expect(e.message).toContain('objects/x.json#/$defs/a');
  });

  it('A → B → A across files names both places', async () => {
    const errors = await failure('alias-cross', { 'objects/a.json': { $ref: '/objects/b.json' }, 'objects/b.json': { $ref: '/objects/a.json' } });
    const e = errors.find((x) => x.code === 'CODEGEN_UNNAMEABLE_CYCLE')!;
    expect(e).toBeDefined();
    expect(e.message).toContain('objects/a.json#');
    expect(e.message).toContain('objects/b.json#');
  });

  it('an alias cycle through a structural sibling is caught too; real recursion through an object is not a cycle', async () => {
    const errors = await failure('alias-sibling', { 'objects/x.json': { title: 'X', $defs: { a: { $ref: '#/$defs/a', type: 'object' } }, $ref: '#/$defs/a' } });
    expect(errors.map((e) => e.code)).toContain('CODEGEN_UNNAMEABLE_CYCLE');
    const dir = await schemaFolder('recursion-ok', {
      'objects/node.json': { title: 'Node', type: 'object', properties: { next: { $ref: '#/$defs/alias' } }, $defs: { alias: { $ref: '/objects/node.json' } } },
    });
    dirs.push(dir);
    const result = await generate(path.join(dir, 'schemas'), { label: 'schemas' });
    expect(result.files.find((f) => f.path === 'types.ts')!.contents).toContain('export interface Node');
  });

  it('anyOf nested 5 000 and 100 000 deep is CODEGEN_TOO_DEEP with a pointer, 200 deep still generates', async () => {
    for (const depth of [5000, 100_000]) {
      const errors = await failure(`deep-${depth}`, {}, { 'x.json': deepFile(depth) });
      expect(errors.map((e) => e.code)).toEqual(['CODEGEN_TOO_DEEP']);
      expect(errors[0]!.file).toBe('x.json');
      expect(errors[0]!.pointer).toMatch(/^\/properties\/a\/anyOf\/0\//);
    }
    const dir = await schemaFolder('deep-200', {});
    dirs.push(dir);
    await mkdir(path.join(dir, 'schemas'), { recursive: true });
    await writeFile(path.join(dir, 'schemas', 'x.json'), deepFile(200));
    await expect(generate(path.join(dir, 'schemas'), { label: 'schemas' })).resolves.toBeDefined();
  });
});

describe('#15.13 property names that exist on Object.prototype', () => {
  it('validators read own properties only, and zod declares `__proto__` as a key', async () => {
    const dir = await schemaFolder('proto-names', {
      'objects/odd.json': {
        title: 'Odd',
        type: 'object',
        required: ['id'],
        // (parsed: a `__proto__` key in an object literal would set the prototype)
        properties: JSON.parse('{"id":{"type":"string"},"constructor":{"type":"number"},"__proto__":{"type":"string"},"toString":{"type":"boolean"}}') as Record<string, unknown>,
      },
    });
    dirs.push(dir);
    const result = await generate(path.join(dir, 'schemas'), { label: 'schemas' });
    const out = path.join(dir, 'out');
    await writeOutput(out, result.files);
    const { bindValidators } = await import('../../src/validate/compiled.js');
    const v = bindValidators((await import(path.join(out, 'validators.ts'))) as GeneratedValidators);
    const odd = v.Validators['Odd']!;
    // a plain object has an inherited constructor (a function) and toString: they are not its properties
    expect(odd.check({ id: '1' }, 0)).toBe(true);
    expect(odd.check({ id: '1' }, 1)).toBe(true);
    const is: ValidationIssue[] = [];
    odd.collect({ id: '1' }, '', is, 1);
    expect(is).toEqual([]);
    expect(odd.check(JSON.parse('{"id":"1","constructor":5,"__proto__":"x","toString":true}'), 1)).toBe(true);
    expect(odd.check(JSON.parse('{"id":"1","constructor":"five"}'), 0)).toBe(false);
    expect(odd.check(JSON.parse('{"id":"1","__proto__":5}'), 0)).toBe(false);
    const stripped = odd.strip(JSON.parse('{"id":"1","__proto__":"x","extra":1}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(stripped)).toBe(Object.prototype);
    expect(Object.keys(stripped)).toEqual(['id', '__proto__']);
    const zodText = result.files.find((f) => f.path === 'zod.ts')!.contents;
    expect(zodText).toMatch(/\[['"]__proto__['"]\]:/);
    expect(zodText).not.toMatch(/[{,]\s*__proto__:/);
    const z = (await import(path.join(out, 'zod.ts'))) as Record<string, { shape?: Record<string, unknown> }>;
    const schema = Object.values(z).find((s) => s !== null && typeof s === 'object' && s.shape !== undefined && 'constructor' in Object(s.shape) && Object.prototype.hasOwnProperty.call(s.shape, 'id'));
    expect(schema).toBeDefined();
    expect(Object.prototype.hasOwnProperty.call(schema!.shape, '__proto__')).toBe(true);
  });
});
