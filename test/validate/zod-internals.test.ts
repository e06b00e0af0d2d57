/**
 * The generated zod schemas' compiled fast path (generated/zod.ts, `accelerate`) replaces a schema's
 * internal `_zod.run` (see codegen/emit/zod.ts for why zod's public `withParser` does not fit). These
 * checks pin each zod internal it relies on, on a schema of our own and on the generated ones, so an
 * upgrade of zod that changes them fails here by name, not as a silent loss of the fast path or
 * wrong results. package.json's zod peer range is the range these have passed on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as Z from '../../generated/zod.js';
import { accelerate, setCompiledFastPath } from '../../src/validate/zod-fast-path.js';
import { selectBy } from '../../src/validate/zod-select-by.js';

const zodVersion = (JSON.parse(readFileSync(new URL('../../node_modules/zod/package.json', import.meta.url), 'utf8')) as { version: string }).version;
const peerRange = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { peerDependencies: Record<string, string> }).peerDependencies['zod'];

describe(`zod internals the fast path relies on (zod ${zodVersion}, peer range ${peerRange})`, () => {
  it('the installed zod is inside the peer range', () => {
    const m = /^~(\d+)\.(\d+)\.(\d+)$/.exec(peerRange ?? '');
    expect(m, `peer range ${peerRange} is not ~major.minor.patch`).not.toBeNull();
    const [maj, min] = zodVersion.split('.').map(Number);
    expect([maj, min], `zod ${zodVersion} is outside ${peerRange}: rerun these checks and widen the range`).toEqual([Number(m![1]), Number(m![2])]);
  });

  it('schema._zod is a mutable object with a run(payload, ctx) function', () => {
    const schema = z.object({ a: z.string() });
    const internals = (schema as unknown as { _zod?: { run?: unknown } })._zod;
    expect(typeof internals, 'schema._zod is gone').toBe('object');
    expect(typeof internals!.run, 'schema._zod.run is gone').toBe('function');
    expect(Object.getOwnPropertyDescriptor(internals, 'run')?.writable ?? Object.isExtensible(internals), '_zod.run cannot be replaced').toBe(true);
  });

  it('parse, safeParse and an enclosing schema all go through the replaced run, whose payload.value is what they return', () => {
    const child = z.object({ a: z.string() });
    const parent = z.object({ child });
    const internals = child._zod;
    const original = internals.run;
    const seen: unknown[] = [];
    const marker = { replaced: true };
    internals.run = (payload, ctx) => {
      seen.push(payload.value);
      if ((payload.value as { a?: unknown }).a === 'fast') {
        payload.value = marker;
        return payload;
      }
      return original(payload, ctx);
    };
    try {
      expect(child.parse({ a: 'fast' }), 'parse does not call _zod.run').toBe(marker);
      expect(child.safeParse({ a: 'fast' }).data, 'safeParse does not call _zod.run').toBe(marker);
      expect(parent.parse({ child: { a: 'fast' } }).child, "an enclosing object does not call its child's _zod.run").toBe(marker);
      expect(child.safeParse({ a: 1 }).success, 'falling back to the original run no longer rejects').toBe(false);
      expect(seen.length).toBe(4);
    } finally {
      internals.run = original;
    }
  });

  it('the generated schemas are accelerated: a valid READY is returned as it is, and with the fast path off it is copied', () => {
    const ready = {
      v: 10,
      user: { id: '1', username: 'u', discriminator: '0', global_name: null, avatar: null },
      guilds: [],
      session_id: 's',
      resume_gateway_url: 'wss://gateway.discord.gg',
      application: { id: '2', flags: 0 },
    };
    const schema = (Z as unknown as Record<string, z.ZodType>)['GatewayReadyDispatchDataSchema']!;
    expect(schema, 'generated/zod.ts has no GatewayReadyDispatchDataSchema').toBeDefined();
    const fast = schema.safeParse(ready);
    expect(fast.success, JSON.stringify(fast.error?.issues)).toBe(true);
    expect(fast.data, 'the fast path did not return the input: zod no longer routes parsing through _zod.run').toBe(ready);
    Z.setCompiledFastPath(false);
    try {
      const slow = schema.safeParse(ready);
      expect(slow.success).toBe(true);
      expect(slow.data).not.toBe(ready);
    } finally {
      Z.setCompiledFastPath(true);
    }
  });

  it('accelerate (src/validate/zod-fast-path.ts, inlined into generated/zod.ts) returns what its validator accepts as it is, and leaves the rest to zod', () => {
    const schema = z.object({ a: z.string() });
    accelerate(schema, (v) => (v as { a?: unknown }).a === 'ok');
    const input = { a: 'ok' };
    expect(schema.parse(input), 'an accepted value is not returned as it is').toBe(input);
    const other = { a: 'zod' };
    expect(schema.parse(other), 'a value the validator rejects is not parsed by zod').not.toBe(other);
    expect(schema.safeParse({ a: 1 }).error?.issues[0]?.path, "a failure is not zod's").toEqual(['a']);
    setCompiledFastPath(false);
    try {
      expect(schema.parse(input), 'with the fast path off, zod does not parse').not.toBe(input);
    } finally {
      setCompiledFastPath(true);
    }
  });

  it("selectBy's internals: a union's _zod.def.options are its members, an object's _zod.def.shape its fields", () => {
    const a = z.looseObject({ unavailable: z.literal(true), id: z.string() });
    const b = z.looseObject({ unavailable: z.literal(false).optional(), id: z.string(), name: z.string() });
    const union = z.union([a, b]);
    expect((union._zod.def as { options?: unknown }).options, 'union._zod.def.options is gone').toEqual([a, b]);
    expect((a._zod.def as { shape?: Record<string, unknown> }).shape?.['unavailable'], 'object._zod.def.shape is gone').toBe(a.shape.unavailable);
    // Only `b` admits unavailable: false, so the failure is b's own issue (the missing name), not an invalid_union.
    const issues = selectBy(union, 'unavailable').safeParse({ unavailable: false, id: '1' }).error?.issues;
    expect(issues?.map((i) => [i.code, i.path]), 'selectBy no longer narrows the union by its key').toEqual([['invalid_type', ['name']]]);
  });
});
