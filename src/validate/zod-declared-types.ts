/**
 * The declared types of the generated zod schemas (generated/zod.ts), type-checked here where they
 * are read. The codegen (codegen/emit/zod.ts) inlines this module's text below its imports at the
 * top of generated/zod.ts (types only, erased at runtime), so an output folder outside this
 * repository needs nothing but zod.
 *
 * Left to inference, every exported schema's type spells out the zod type of each field, nested
 * schemas included, and the declaration file grew to 5.7 MB that every consumer's tsc had to read
 * and relate (8× the type-checking cost of the plain types). Declared as a ZodObject whose shape is
 * derived from the interface it validates, each export is one line naming that interface; `.shape`,
 * `.extend`, `.pick`, `.partial` and `.safeParse` keep working and `z.infer` is the interface. Each
 * annotated schema is followed by a proof that its inferred type (kept in an unexported const) and
 * the interface are mutually assignable, so the annotation cannot claim a type the schema does not
 * build.
 */
import type { z } from 'zod';

/** The keys of `T` that are optional (`?:`). */
export type OptionalKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T];

/** A zod object shape for interface `T`: a schema of each field's type, optional fields wrapped in ZodOptional. */
export type ZodShapeOf<T> = {
  -readonly [K in keyof T]-?: K extends OptionalKeys<T>
    ? z.ZodOptional<z.ZodType<Exclude<T[K], undefined>>>
    : z.ZodType<T[K]>;
};

/** The declared type of an exported object schema that validates `T`. */
export type ZodObjectOf<T, Config extends z.core.$ZodObjectConfig = z.core.$loose> = z.ZodObject<ZodShapeOf<T>, Config>;

/** zod's loose objects add an index signature; the interfaces are closed. Compare without it. */
export type Closed<V> = V extends string | number | boolean | bigint | null | undefined
  ? V
  : V extends readonly unknown[]
    ? { [K in keyof V]: Closed<V[K]> }
    : V extends object
      ? { [K in keyof V as string extends K ? never : K]: Closed<V[K]> }
      : V;
export type SchemaOutputIs<S extends z.ZodType, T> = [Closed<z.output<S>>] extends [T]
  ? [T] extends [Closed<z.output<S>>]
    ? true
    : false
  : false;
export type Assert<T extends true> = T;
