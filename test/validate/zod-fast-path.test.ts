// The generated zod schemas accept through the compiled validators first (setCompiledFastPath in
// generated/zod.ts). With the fast path on and off, every input must get the same verdict and the
// same data (with it on, the input itself), and a rejected input exactly zod's issues.
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IR } from '../../codegen/ir.js';
import { buildIR } from '../../codegen/pipeline.js';
import { z } from 'zod';
import * as Z from '../../generated/zod.js';
import { applyMutation, loadFixtures, loadMutations, type Fixture } from '../fixtures/index.js';
import { mutate, validArbitrary } from './ir-support.js';

interface Result {
  success: boolean;
  data?: unknown;
  error?: { issues: unknown[] };
}
interface Schema {
  safeParse(v: unknown): Result;
  parse(v: unknown): unknown;
  parseAsync(v: unknown): Promise<unknown>;
}
const schemas = Z as unknown as Record<string, Schema>;

afterEach(() => Z.setCompiledFastPath(true));

function both(schema: Schema, input: unknown): { fast: Result; zod: Result } {
  Z.setCompiledFastPath(true);
  const fast = schema.safeParse(input);
  Z.setCompiledFastPath(false);
  const zod = schema.safeParse(input);
  Z.setCompiledFastPath(true);
  return { fast, zod };
}

/** Asserts the fast path and zod alone agree on `input`; returns the verdict. */
function agree(label: string, schema: Schema, input: unknown): boolean {
  const { fast, zod } = both(schema, input);
  if (fast.success !== zod.success) throw new Error(`${label}: fast path says ${fast.success}, zod ${zod.success} for ${JSON.stringify(input)}`);
  if (fast.success) {
    if (fast.data !== input) throw new Error(`${label}: the fast path did not return the input itself`);
    expect(fast.data).toEqual(zod.data);
  } else {
    expect(fast.error!.issues).toEqual(zod.error!.issues);
  }
  return fast.success;
}

const frameSchema = (f: Pick<Fixture, 'direction'>): Schema => (f.direction === 'receive' ? schemas['GatewayReceivePayloadSchema']! : schemas['GatewaySendPayloadSchema']!);

describe('the compiled fast path of the generated zod schemas', () => {
  it('accepts every fixture as zod does, returning the payload itself', () => {
    const fixtures = loadFixtures();
    expect(fixtures.length).toBeGreaterThan(50);
    for (const f of fixtures) expect(agree(f.id, frameSchema(f), f.payload), f.id).toBe(true);
  });

  it('rejects every mutated fixture with exactly the issues zod reports', () => {
    const fixtures = new Map(loadFixtures().map((f) => [f.id, f]));
    let rejected = 0;
    for (const m of loadMutations()) {
      const f = fixtures.get(m.fixture)!;
      if (!agree(`${m.fixture} ${m.action} ${m.pointer}`, frameSchema(f), applyMutation(f.payload, m))) rejected++;
    }
    expect(rejected).toBeGreaterThan(150);
  });

  describe('on values generated from the schemas', () => {
    let ir: IR;
    beforeAll(async () => {
      ir = await buildIR(fileURLToPath(new URL('../../schemas/', import.meta.url)));
    });

    it('every declaration: the same verdict, data and issues on valid and broken values', () => {
      let accepted = 0;
      let rejected = 0;
      for (const d of ir.declarations) {
        const schema = schemas[`${d.name}Schema`];
        expect(schema, d.name).toBeDefined();
        const valid = validArbitrary(ir, { kind: 'ref', name: d.name }, 3);
        fc.assert(
          fc.property(valid, fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.boolean(), fc.boolean(), (v, at, by, remove, broken) => {
            if (agree(d.name, schema!, broken ? mutate(v, at, by, remove).value : v)) accepted++;
            else rejected++;
          }),
          { numRuns: 6, seed: d.name.length * 31 },
        );
      }
      expect(accepted).toBeGreaterThan(ir.declarations.length);
      expect(rejected).toBeGreaterThan(ir.declarations.length / 2);
    });
  });

  it('turned off, zod parses alone and returns its own copy', () => {
    const f = loadFixtures().find((x) => x.id.includes('MESSAGE_CREATE'))!;
    const schema = frameSchema(f);
    expect(schema.parse(f.payload)).toBe(f.payload);
    Z.setCompiledFastPath(false);
    const copy = schema.parse(f.payload);
    expect(copy).not.toBe(f.payload);
    expect(copy).toEqual(f.payload);
  });

  it('serves parseAsync and enclosing schemas built by the user', async () => {
    const f = loadFixtures().find((x) => x.id.includes('MESSAGE_CREATE'))!;
    await expect(frameSchema(f).parseAsync(f.payload)).resolves.toBe(f.payload);
    const message = (f.payload as { d: unknown }).d;
    // a user's own array of messages: each element goes through the fast path and comes back as is
    const list = z.array(Z.GatewayMessageCreateDispatchDataSchema).parse([message, message]) as unknown[];
    expect(list[0]).toBe(message);
    expect(list[1]).toBe(message);
  });

  it('leaves errors thrown by the input (a throwing getter) to surface as zod lets them', () => {
    const evil = {
      get id(): string {
        throw new Error('getter says no');
      },
      username: 'x',
      discriminator: '0',
      global_name: null,
      avatar: null,
    };
    const schema = schemas['APIUserSchema']!;
    expect(() => schema.safeParse(evil)).toThrow('getter says no');
    Z.setCompiledFastPath(false);
    expect(() => schema.safeParse(evil)).toThrow('getter says no');
  });
});
