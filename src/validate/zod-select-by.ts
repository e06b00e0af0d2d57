/**
 * `selectBy`, used by the generated zod schemas (generated/zod.ts) for unions with a selector key
 * (IR `selector`), type-checked here where it is read. The codegen (codegen/emit/zod.ts) inlines
 * this module's text below its imports into generated/zod.ts when some union needs it;
 * test/validate/zod-internals.test.ts runs it from here against the installed zod.
 */
import type { z } from 'zod';

/**
 * A union whose `key` rules members out by its value (GUILD_CREATE's `unavailable`). When exactly one
 * member admits the value of the key, the value is parsed by that member alone, so a failure reports
 * that member's issues — as zod itself does when only one member gets past the value's type —
 * instead of one `invalid_union` over members the key already rules out. What is valid does not
 * change: a member whose field rejects the key's value cannot accept the object. Relies on zod's
 * internal `_zod.run` (as the fast path does), `_zod.def.options` of a union and `_zod.def.shape` of
 * an object.
 */
export function selectBy<S extends z.ZodUnion>(schema: S, key: string): S {
  const internals = schema._zod;
  const options = internals.def.options as readonly z.ZodType[];
  const zodRun = internals.run;
  internals.run = (payload, ctx) => {
    const x = payload.value;
    if (typeof x === 'object' && x !== null && !Array.isArray(x)) {
      const value = (x as Record<string, unknown>)[key];
      const admitted = options.filter((option) => {
        const field = (option._zod.def as { shape?: Record<string, z.ZodType> }).shape?.[key];
        return field === undefined || field.safeParse(value).success;
      });
      if (admitted.length === 1) return admitted[0]!._zod.run(payload, ctx);
    }
    return zodRun(payload, ctx);
  };
  return schema;
}
