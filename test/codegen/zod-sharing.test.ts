// The zod emitter shares field schemas that several fields use (one `z.string().nullable()` instance
// for every `string | null` field), because zod parses faster through a few shared instances.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { splitChain } from '../../codegen/emit/zod.js';
import { writeOutput } from '../../codegen/pipeline.js';
import { generate, removeScratch, schemaFolder, typecheck } from './helpers.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await removeScratch(d);
});

describe('splitChain', () => {
  it('splits a pure schema expression into its call chain', () => {
    expect(splitChain('z.string().nullable().optional()')).toEqual(['z.string()', '.nullable()', '.optional()']);
    expect(splitChain('SnowflakeSchema.optional()')).toEqual(['SnowflakeSchema', '.optional()']);
    expect(splitChain('z.array(z.string().min(1)).optional()')).toEqual(['z.array(z.string().min(1))', '.optional()']);
  });

  it('keeps dots, brackets and parentheses inside regexes and strings within their call', () => {
    expect(splitChain('z.string().regex(/^a\\.b(c)[.)]$/).optional()')).toEqual(['z.string()', '.regex(/^a\\.b(c)[.)]$/)', '.optional()']);
    expect(splitChain(`z.enum(['a.b', "c)", 'd\\'.e'])`)).toEqual([`z.enum(['a.b', "c)", 'd\\'.e'])`]);
    expect(splitChain(`z.string().regex(new RegExp("^\\\\p{L}.$", 'u'))`)).toEqual(['z.string()', `.regex(new RegExp("^\\\\p{L}.$", 'u'))`]);
  });

  it('refuses expressions that build objects, functions or lazy references', () => {
    expect(splitChain('z.looseObject({ a: z.string() })')).toBeNull();
    expect(splitChain('z.lazy(() => NodeSchema)')).toBeNull();
    expect(splitChain('z.string().refine((v) => v !== "")')).toBeNull();
    expect(splitChain('z.string().regex(/(/')).toBeNull();
  });
});

describe('shared field schemas', () => {
  it('emits one instance per field schema used twice or more, before its first use, and parses the same', async () => {
    const dir = await schemaFolder('zod-sharing', {
      'objects/a.json': {
        title: 'A',
        type: 'object',
        required: ['x', 'y', 'node'],
        properties: {
          x: { type: ['string', 'null'] },
          y: { type: ['string', 'null'] },
          z: { type: 'string', pattern: '^[0-9]+$' },
          node: { $ref: 'node.json' },
        },
      },
      'objects/b.json': {
        title: 'B',
        type: 'object',
        required: ['w'],
        properties: { w: { type: ['string', 'null'] }, z: { type: 'string', pattern: '^[0-9]+$' }, once: { type: 'integer', minimum: 3 } },
      },
      'objects/node.json': {
        title: 'Node',
        type: 'object',
        required: ['name'],
        properties: { name: { type: ['string', 'null'] }, children: { type: 'array', items: { $ref: 'node.json' } } },
      },
    });
    dirs.push(dir);
    const result = await generate(path.join(dir, 'schemas'), { label: 'schemas' });
    const out = path.join(dir, 'out');
    await writeOutput(out, result.files);
    expect(typecheck(out)).toEqual([]);
    const zod = result.files.find((f) => f.path === 'zod.ts')!.contents;
    // used by four fields: one const, defined once, before the first declaration that uses it
    expect(zod.match(/^const _string_nullable = /gm)).toHaveLength(1);
    expect(zod.indexOf('const _string_nullable =')).toBeLessThan(zod.indexOf('export const ASchema') === -1 ? zod.indexOf('export const NodeSchema') : Math.min(zod.indexOf('export const ASchema'), zod.indexOf('export const NodeSchema')));
    // used once: printed in place
    expect(zod).toContain('z.int().min(3)');
    expect(zod).not.toMatch(/const _int_min_3/);

    const mod = (await import(pathToFileURL(path.join(out, 'zod.ts')).href)) as Record<string, { shape: Record<string, unknown>; safeParse(v: unknown): { success: boolean; error?: { issues: { path: unknown[] }[] } } }>;
    const { ASchema, BSchema, NodeSchema } = mod as Record<string, (typeof mod)[string]>;
    expect(ASchema!.shape['x']).toBe(BSchema!.shape['w']);
    expect(ASchema!.shape['x']).toBe(ASchema!.shape['y']);
    expect(ASchema!.shape['x']).toBe(NodeSchema!.shape['name']);
    expect(ASchema!.safeParse({ x: null, y: 'a', z: '12', node: { name: null, children: [{ name: 'c' }] } }).success).toBe(true);
    const bad = ASchema!.safeParse({ x: null, y: 3, z: '1a', node: { name: 'n', children: [{ name: 4 }] } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path)).toEqual([['y'], ['z'], ['node', 'children', 0, 'name']]);
  });
});
