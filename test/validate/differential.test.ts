// Differential: the compiled validators (generated/validators.ts) and the generated zod schemas
// (generated/zod.ts) must give the same verdict on every fixture, every mutated fixture, and
// values generated from the schemas themselves (valid ones, broken ones and arbitrary JSON).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IR } from '../../codegen/ir.js';
import { emitValidators } from '../../codegen/emit/validators.js';
import { emitZod } from '../../codegen/emit/zod.js';
import { buildIR } from '../../codegen/pipeline.js';
import type { ValidationIssue } from '../../src/validate/issues.js';
import { Validators } from '../../src/validate/validators.js';
import { bindValidators } from '../../src/validate/compiled.js';
import type { GeneratedValidators } from '../../src/validate/description.js';
import * as Z from '../../generated/zod.js';
const zodSchemas = Z;
// The generated schemas accept through the compiled validators first; compare against zod alone,
// or agreement would be partly the validators agreeing with themselves. (Each test file has its own
// module instance, so this does not reach other files.)
Z.setCompiledFastPath(false);
import { isKnownDispatchEvent, safeParseReceive, safeParseSend } from '../../src/validate/index.js';
import { applyMutation, loadFixtures, loadMutations, type Fixture } from '../fixtures/index.js';
import { mutate, validArbitrary } from './ir-support.js';

type Compiled = { check(v: unknown, st: 0 | 1 | 2): boolean; collect(v: unknown, p: string, is: ValidationIssue[], st: 0 | 1 | 2): void; strip(v: unknown): unknown };
const compiled = Validators as unknown as Record<string, Compiled>;
const zod = Z as unknown as Record<string, { safeParse(v: unknown): { success: boolean } }>;

const parse = (f: Pick<Fixture, 'direction'>, v: unknown, engine: 'compiled' | 'zod') =>
  f.direction === 'receive' ? safeParseReceive(v, { engine: engine === 'zod' ? zodSchemas : engine }) : safeParseSend(v, { engine: engine === 'zod' ? zodSchemas : engine });

describe('fixtures', () => {
  const fixtures = loadFixtures();
  it('has fixtures to compare', () => expect(fixtures.length).toBeGreaterThan(50));
  for (const f of fixtures) {
    it(`${f.id}: both engines accept it, and return it as is in tolerant mode`, () => {
      const c = parse(f, f.payload, 'compiled');
      const z = parse(f, f.payload, 'zod');
      expect(c.kind === 'invalid' ? c.issues : c.kind).toBe('payload');
      expect(z.kind === 'invalid' ? z.issues : z.kind).toBe('payload');
      if (c.kind === 'payload') expect(c.data).toBe(f.payload);
    });
  }
});

describe('mutated fixtures', () => {
  const fixtures = new Map(loadFixtures().map((f) => [f.id, f]));
  for (const m of loadMutations()) {
    const f = fixtures.get(m.fixture)!;
    const name = `${m.fixture} ${m.action} ${m.pointer}`;
    const broken = applyMutation(f.payload, m);
    // The issue contract: a dispatch whose `t` is a string we do not know is an unknown event, not
    // an invalid payload (Discord adds events). Such a mutation expects the unknown-event result.
    const becomesUnknownEvent =
      m.pointer === '/t' && m.action === 'replace' && typeof m.value === 'string' && (f.payload as { op: number }).op === 0 && !isKnownDispatchEvent(m.value);
    it(`${name}: both engines reject it; the compiled engine reports one issue at ${m.expectPath}`, () => {
      const c = parse(f, broken, 'compiled');
      const z = parse(f, broken, 'zod');
      if (becomesUnknownEvent) {
        expect(c.kind).toBe('unknown-event');
        expect(z.kind).toBe('unknown-event');
        return;
      }
      expect(c.kind).toBe('invalid');
      expect(z.kind).toBe('invalid');
      if (c.kind !== 'invalid' || z.kind !== 'invalid') return;
      expect(c.issues.map((i) => i.path)).toEqual([m.expectPath]);
      expect(c.error.path).toBe(m.expectPath);
      // zod reports at the same place (it may add issues from other union members).
      expect(z.issues.map((i) => i.path)).toContain(m.expectPath);
    });
  }
});

describe('values generated from the schemas', () => {
  let ir: IR;
  beforeAll(async () => {
    ir = await buildIR(fileURLToPath(new URL('../../schemas/', import.meta.url)));
  });

  const agree = (name: string, v: unknown): void => {
    const c = compiled[name]!;
    const ok = c.check(v, 0);
    const z = zod[`${name}Schema`]!.safeParse(v).success;
    if (ok !== z) throw new Error(`${name}: compiled says ${ok}, zod says ${z} for ${JSON.stringify(v)}`);
    const issues: ValidationIssue[] = [];
    c.collect(v, '', issues, 0);
    if (ok !== (issues.length === 0)) throw new Error(`${name}: check ${ok} but ${issues.length} issues for ${JSON.stringify(v)}`);
    if (ok && !c.check(c.strip(v), 1)) throw new Error(`${name}: the stripped copy fails strict mode for ${JSON.stringify(v)}`);
  };

  it('every declaration: compiled and zod agree on valid, broken and arbitrary values', () => {
    expect(ir.declarations.length).toBeGreaterThan(100);
    let validSeen = 0;
    let invalidSeen = 0;
    for (const d of ir.declarations) {
      expect(compiled[d.name], d.name).toBeDefined();
      expect(zod[`${d.name}Schema`], d.name).toBeDefined();
      const valid = validArbitrary(ir, { kind: 'ref', name: d.name }, 3);
      const seed = d.name.length * 7919;
      fc.assert(
        fc.property(valid, (v) => {
          agree(d.name, v);
          if (compiled[d.name]!.check(v, 0)) validSeen++;
        }),
        { numRuns: 8, seed },
      );
      fc.assert(
        fc.property(valid, fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.boolean(), (v, at, by, remove) => {
          const broken = mutate(v, at, by, remove).value;
          agree(d.name, broken);
          if (!compiled[d.name]!.check(broken, 0)) invalidSeen++;
        }),
        { numRuns: 8, seed },
      );
      fc.assert(fc.property(fc.jsonValue({ maxDepth: 2 }), (v) => agree(d.name, v)), { numRuns: 4, seed });
    }
    // The generators must exercise both verdicts, or agreement would prove little.
    expect(validSeen).toBeGreaterThan(ir.declarations.length * 4);
    expect(invalidSeen).toBeGreaterThan(ir.declarations.length * 2);
  });

  it('every frame through the entry points: both engines give the same kind of result', () => {
    for (const f of ir.frames) {
      const arb = validArbitrary(ir, { kind: 'ref', name: f.name }, 4);
      fc.assert(
        fc.property(arb, fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.boolean(), fc.boolean(), (v, at, by, remove, broken) => {
          const input = broken ? mutate(v, at, by, remove).value : v;
          const c = parse(f, input, 'compiled');
          const z = parse(f, input, 'zod');
          if (c.kind !== z.kind) throw new Error(`${f.name}: compiled ${c.kind}, zod ${z.kind} for ${JSON.stringify(input)}`);
        }),
        { numRuns: 10, seed: f.op * 31 + f.name.length },
      );
    }
  });
});

// The codegen must also read an unmodified upstream discord-docs snapshot: its IR differs (no
// titles, untagged unions, patched bugs), so compile both emitters' output for it and compare.
describe('upstream discord-docs snapshot', () => {
  const upstream = fileURLToPath(new URL('../../../shared/reference/discord-docs/', import.meta.url));
  const present = existsSync(upstream);
  if (!present) console.log(`skipping the upstream differential: ${upstream} is absent`);
  const dir = new URL(`./tmp-upstream-${process.pid}/`, import.meta.url);
  it.skipIf(!present)('compiled and zod agree on every declaration', async () => {
    const ir = await buildIR(upstream);
    mkdirSync(dir, { recursive: true });
    try {
      for (const f of [...emitValidators(ir), ...emitZod(ir)]) writeFileSync(new URL(f.path, dir), f.contents);
      writeFileSync(new URL('index.ts', dir), 'export {};\n');
      const v = bindValidators((await import(new URL('validators.ts', dir).href)) as GeneratedValidators) as unknown as { Validators: Record<string, Compiled> };
      const zodModule = (await import(new URL('zod.ts', dir).href)) as { setCompiledFastPath(on: boolean): void };
      zodModule.setCompiledFastPath(false);
      const z = zodModule as unknown as Record<string, { safeParse(x: unknown): { success: boolean } }>;
      let compared = 0;
      for (const d of ir.declarations) {
        const c = v.Validators[d.name]!;
        const schema = z[`${d.name}Schema`];
        if (!schema) continue;
        const valid = validArbitrary(ir, { kind: 'ref', name: d.name }, 3);
        fc.assert(
          fc.property(valid, fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.boolean(), fc.boolean(), (x, at, by, remove, broken) => {
            const input = broken ? mutate(x, at, by, remove).value : x;
            const ok = c.check(input, 0);
            if (ok !== schema.safeParse(input).success) throw new Error(`${d.name}: compiled says ${ok} for ${JSON.stringify(input)}`);
            const issues: ValidationIssue[] = [];
            c.collect(input, '', issues, 0);
            if (ok !== (issues.length === 0)) throw new Error(`${d.name}: check ${ok} but ${issues.length} issues`);
            compared++;
          }),
          { numRuns: 8, seed: d.name.length },
        );
      }
      expect(compared).toBeGreaterThan(ir.declarations.length * 4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
