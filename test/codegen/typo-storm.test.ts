/**
 * Tolerance in general, not only for the historic examples: the upstream snapshot with seeded,
 * realistic damage spread over every file (misspelt `required`/`enum`/`minItems`/`description`,
 * `x-flags` in its old spelling, misspelt or synonym type names, repeated union members) still
 * generates in tolerant mode, deterministically, with a warning for each repair; strict refuses it.
 */
import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CodegenErrors } from '../../codegen/errors.js';
import { generate } from '../../codegen/pipeline.js';
import { hasUpstream, removeScratch, scratch, upstreamDir } from './helpers.js';

/** A small deterministic generator (an LCG), so every run damages the same places. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const KEYWORD_TYPOS: Record<string, string[]> = { required: ['requird', 'requred'], enum: ['eunm', 'enmu'], 'x-flags': ['flags'], minItems: ['minitems'], description: ['descripton'] };
const TYPE_TYPOS: Record<string, string[]> = { string: ['strings', 'str', 'sting'], array: ['list', 'arary'], integer: ['int', 'interger'], boolean: ['bool', 'boolen'], object: ['objcet', 'dict'], number: ['nubmer', 'float'], null: ['nul', 'none'] };

/** Damages a schema in place; returns how many changes it made. Property names are never touched. */
function damage(node: unknown, rnd: () => number, rate: number): number {
  let changes = 0;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  if (Array.isArray(node)) {
    for (const n of node) changes += damage(n, rnd, rate);
    return changes;
  }
  if (typeof node !== 'object' || node === null) return 0;
  const schema = node as Record<string, unknown>;
  for (const key of Object.keys(schema)) {
    const value = schema[key];
    if (key === 'properties' || key === '$defs') {
      if (typeof value === 'object' && value !== null) for (const sub of Object.values(value)) changes += damage(sub, rnd, rate);
      continue;
    }
    changes += damage(value, rnd, rate);
    if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value) && value.length > 1 && rnd() < rate * 4) {
      value.push(structuredClone(pick(value)));
      changes++;
    }
    if (KEYWORD_TYPOS[key] && rnd() < rate) {
      schema[pick(KEYWORD_TYPOS[key]!)] = value;
      delete schema[key];
      changes++;
    } else if (key === 'type' && rnd() < rate) {
      const misspell = (t: unknown) => (typeof t === 'string' && TYPE_TYPOS[t] ? pick(TYPE_TYPOS[t]!) : t);
      schema[key] = Array.isArray(value) ? value.map(misspell) : misspell(value);
      changes++;
    }
  }
  return changes;
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await removeScratch(d);
});

if (!hasUpstream) console.log(`skipping the typo-storm test: ${upstreamDir} is absent (it comes with ../shared)`);

describe.skipIf(!hasUpstream)('the upstream snapshot with seeded damage everywhere', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: generates tolerantly and deterministically; strict refuses with file and pointer`, async () => {
      const dir = await scratch(`storm-${seed}`);
      dirs.push(dir);
      const docs = path.join(dir, 'docs');
      await cp(upstreamDir, docs, { recursive: true });
      const rnd = random(seed);
      let changes = 0;
      for (const sub of ['schemas', 'events']) {
        for (const name of (await readdir(path.join(docs, sub))).sort()) {
          const file = path.join(docs, sub, name);
          const schema = JSON.parse(await readFile(file, 'utf8'));
          changes += damage(schema, rnd, 0.05);
          await writeFile(file, JSON.stringify(schema, null, 3));
        }
      }
      expect(changes).toBeGreaterThan(50);
      const first = await generate(docs);
      const second = await generate(docs);
      expect(second.files.map((f) => f.contents)).toEqual(first.files.map((f) => f.contents));
      expect(first.diagnostics.length).toBeGreaterThan(changes / 2);
      expect(first.ir.frames.length).toBeGreaterThan(50);

      const error = await generate(docs, { strict: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CodegenErrors);
      for (const e of (error as CodegenErrors).errors) expect(e.file).toMatch(/^(events|schemas)\/[a-z-]+\.json$/);
    }, 60_000);
  }
});
