/**
 * The accept fast path of the generated zod schemas (generated/zod.ts), type-checked here where it
 * is read. The codegen (codegen/emit/zod.ts) inlines this module's text below its imports into
 * generated/zod.ts, so the generated folder needs nothing but zod; test/validate/zod-internals.test.ts
 * runs it from here against the installed zod.
 */
import type { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Compiled fast path

let fastPath = true;

/**
 * Turns the compiled fast path of these schemas on (the default) or off. On: a value the compiled
 * validator of the same declaration accepts is accepted without running zod's parser (several times
 * faster) and returned as it is, not copied (zod's own parser would return a fresh copy, with a
 * loose object's known keys first). Anything the validator rejects is parsed by zod itself, so
 * failures, issues and messages are always zod's. Off: zod alone, exactly as without gatewire.
 */
export function setCompiledFastPath(enabled: boolean): void {
  fastPath = enabled;
}

const accelerated = new WeakSet<object>();

/**
 * Makes `schema` accept through `check` (a tolerant type guard of generated/validators.ts) first. Its entry point (`_zod.run`, what `parse`,
 * `safeParse` and every enclosing schema call) asks the compiled validator of the same declaration;
 * a value it accepts is returned as it is, and anything else goes to zod's own parser, so every
 * issue, message, path and error map is zod's. The two are generated from one IR and differentially
 * tested to agree on every fixture, mutation and schema-derived input.
 *
 * Why `_zod.run` is replaced in place rather than through zod 4.6's public `withParser`:
 * - `withParser` returns a clone and leaves the original alone. Every enclosing schema already holds
 *   the original child (field schemas are shared by many objects), so the clones would have to be
 *   threaded through the whole graph in dependency order, and a nested schema (READY's `user`) would
 *   no longer be the exported one (`APIUserSchema`) users compose with.
 * - Its parser "must build fresh output rather than return its input". Returning the accepted input
 *   itself (no copy) is most of what the fast path saves; a copying parser runs at zod's speed.
 * - It refuses a schema whose subtree has a reference cycle (z.lazy), which the interaction and
 *   component schemas have.
 * The override relies on three zod internals: `schema._zod` is a mutable object, every parse (parse,
 * safeParse and an enclosing schema's parse) goes through `_zod.run(payload, ctx)`, and a returned
 * payload's `value` is what the parse yields. test/validate/zod-internals.test.ts checks each on the
 * installed zod and fails naming the one that changed; package.json's peer range (`~4.6.0`) is the
 * range those checks have passed on.
 */
export function accelerate(schema: z.ZodType, check: (value: unknown) => boolean): void {
  if (accelerated.has(schema)) return;
  accelerated.add(schema);
  const internals = schema._zod;
  const zodRun = internals.run;
  internals.run = (payload, ctx) => {
    // (an encode runs zod backwards: left to zod)
    if (fastPath && ctx?.direction !== 'backward') {
      let valid = false;
      try {
        valid = check(payload.value);
      } catch {
        // an input the validator cannot walk (a cycle, a throwing getter): zod decides
      }
      if (valid) return payload;
    }
    return zodRun(payload, ctx);
  };
}
