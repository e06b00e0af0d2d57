/**
 * The unmodified 2023 discord-docs snapshot in ../shared: it must generate, its known bugs must be
 * reported with file + pointer, the output must type-check under --strict (including the proof
 * that every zod schema agrees with its interface), and two runs must be byte-identical.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, writeOutput } from '../../codegen/pipeline.js';
import { CodegenErrors } from '../../codegen/errors.js';
import { hasUpstream, removeScratch, scratch, typecheck, upstreamDir, writeNarrowingProbe } from './helpers.js';

if (!hasUpstream) console.log(`skipping upstream codegen tests: ${upstreamDir} is absent (it comes with ../shared)`);

describe.skipIf(!hasUpstream)('upstream discord-docs snapshot', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await removeScratch(dir);
  });

  it('generates deterministically, reports the snapshot bugs, and type-checks', async () => {
    const first = await generate(upstreamDir, { label: '../shared/reference/discord-docs' });
    const second = await generate(upstreamDir, { label: '../shared/reference/discord-docs' });
    expect(second.files.map((f) => f.contents)).toEqual(first.files.map((f) => f.contents));

    const where = first.diagnostics.map((d) => `${d.code} ${d.file}#${d.pointer}`);
    expect(where).toEqual(
      expect.arrayContaining([
        'upstream-bug-patched events/hello.json#/properties/d/required',
        'upstream-bug-patched events/presence-update.json#/properties/d/required',
        'upstream-bug-patched events/heartbeat.json#/properties/d',
        'upstream-bug-patched events/identify.json#/properties/d/properties/presence',
        'upstream-bug-known schemas/entitlement.json#/properties/type',
      ]),
    );
    expect(first.ir.source.patches.length).toBeGreaterThanOrEqual(4);
    expect(first.ir.frames.filter((f) => f.direction === 'receive').length).toBe(67);
    expect(first.ir.frames.filter((f) => f.direction === 'send').length).toBe(6);

    const types = first.files.find((f) => f.path === 'types.ts')!.contents;
    // Partial members stay partial (json-schema-to-typescript loses 24 of 37 such sites).
    expect(types).toMatch(/member\?: PartialMember;/);
    expect(types).not.toMatch(/\b[A-Z][A-Za-z]*Json\d*\b/);
    expect(types).not.toContain('[k: string]: unknown');

    dir = await scratch('upstream');
    await writeOutput(path.join(dir, 'out'), first.files.filter((f) => f.path !== 'shapes.ts'));
    await writeNarrowingProbe(path.join(dir, 'out'));
    expect(typecheck(path.join(dir, 'out'))).toEqual([]);
  }, 240_000);

  it('without the patch list, the mistyped `required` in hello.json is read as a list (tolerant) or stops generation with file and pointer (strict)', async () => {
    const tolerant = await generate(upstreamDir, { patches: false });
    const warning = tolerant.diagnostics.find((d) => d.file === 'events/hello.json' && d.pointer === '/properties/d/required');
    expect(warning?.code).toBe('bad-keyword');
    expect(warning?.message).toContain('read as ["heartbeat_interval"]');
    expect(tolerant.files.find((f) => f.path === 'types.ts')!.contents).toMatch(/heartbeat_interval: number;/);

    const error = await generate(upstreamDir, { patches: false, strict: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenErrors);
    const messages = (error as CodegenErrors).errors.map((e) => `${e.code} ${e.file}#${e.pointer}`);
    expect(messages).toContain('CODEGEN_BAD_KEYWORD events/hello.json#/properties/d/required');
  });
});
