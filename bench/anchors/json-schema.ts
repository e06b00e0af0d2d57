// The JSON Schema every same-rigour anchor is built from: `z.toJSONSchema()` of gatewire's own
// generated zod schema for a frame, so an anchor checks exactly the rules gatewire checks (same
// required/optional/nullable fields, closed enums, snowflake patterns, integer ranges, records)
// and nothing was written by hand that could check less.
//
// Two mechanical rewrites, both verdict-preserving (test/bench/anchors.test.ts proves it):
// - scalar definitions (`{type: 'string'}`, a snowflake pattern, an int range, an enum) are
//   inlined where they are used: zod's `reused: 'ref'` output references even `{type:'string'}`,
//   and a call per string would handicap the anchors; object and union definitions stay shared
//   (`$defs`), as gatewire keeps one function per declaration;
// - a tagged `oneOf` (zod's discriminatedUnion) becomes an if/then/else chain on the tag, as a
//   careful Ajv user writes it: `oneOf` would try every branch (the issue's "tagged unions as
//   if/then/else").
import { z } from 'zod';

export type JsonSchema = { [keyword: string]: unknown };

export interface FrameJsonSchema {
  readonly root: JsonSchema;
  /** Shared definitions, referenced as `#/$defs/<name>` from the root and from each other. */
  readonly defs: Readonly<Record<string, JsonSchema>>;
}

const DEFS = '#/$defs/';

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Does a schema contain an object, array, record or union check (or a ref to a def that does)? */
function isStructured(s: unknown, scalarRef: (ref: string) => boolean): boolean {
  if (Array.isArray(s)) return s.some((x) => isStructured(x, scalarRef));
  if (!isObject(s)) return false;
  if (typeof s.$ref === 'string' && !scalarRef(s.$ref)) return true;
  if ('properties' in s || 'items' in s || 'prefixItems' in s || 'oneOf' in s || 'propertyNames' in s) return true;
  if (s.type === 'object' || s.type === 'array') return true;
  return Object.entries(s).some(([k, v]) => k !== '$ref' && isStructured(v, scalarRef));
}

export interface FrameJsonSchemaOptions {
  /** `if-then-else` (default, for Ajv) or `oneOf` as zod writes it (for TypeBox, whose tagged
   * union is `Type.Union`). */
  readonly taggedUnions?: 'if-then-else' | 'oneOf';
}

export function frameJsonSchema(schema: z.ZodType, options: FrameJsonSchemaOptions = {}): FrameJsonSchema {
  const keepOneOf = options.taggedUnions === 'oneOf';
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'throw', cycles: 'ref', reused: 'ref' }) as JsonSchema;
  const rawDefs = (out.$defs ?? {}) as Record<string, JsonSchema>;
  delete out.$defs;
  delete out.$schema;
  const nameOf = (ref: string): string => {
    if (!ref.startsWith(DEFS)) throw new Error(`unexpected $ref ${ref}`);
    return ref.slice(DEFS.length);
  };
  // scalar defs, to a fixpoint: a def that only refers to scalar defs is scalar too
  const scalar = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const k of Object.keys(rawDefs)) {
      if (!scalar.has(k) && !isStructured(rawDefs[k], (ref) => scalar.has(nameOf(ref)))) {
        scalar.add(k);
        grew = true;
      }
    }
  }
  const resolve = (s: JsonSchema): JsonSchema => {
    let at = s;
    while (typeof at.$ref === 'string') at = rawDefs[nameOf(at.$ref)]!;
    return at;
  };

  /** The values a branch admits for `key`, or undefined when it does not pin `key` to constants. */
  const tagValues = (branch: JsonSchema, key: string): unknown[] | undefined => {
    const b = resolve(branch);
    if (Array.isArray(b.oneOf)) {
      const all: unknown[] = [];
      for (const sub of b.oneOf as JsonSchema[]) {
        const vs = tagValues(sub, key);
        if (vs === undefined) return undefined;
        all.push(...vs);
      }
      return all;
    }
    const props = b.properties as Record<string, JsonSchema> | undefined;
    const required = (b.required as string[] | undefined) ?? [];
    if (!props || !(key in props) || !required.includes(key)) return undefined;
    const p = resolve(props[key]!);
    if ('const' in p) return [p.const];
    if (Array.isArray(p.enum)) return p.enum as unknown[];
    return undefined;
  };

  const tagOf = (branches: JsonSchema[]): { key: string; values: unknown[][] } | undefined => {
    const first = resolve(branches[0]!);
    const candidates = Object.keys((first.properties as object | undefined) ?? {});
    // nested unions: collect candidate keys from the first leaf object
    if (Array.isArray(first.oneOf)) candidates.push(...Object.keys((resolve((first.oneOf as JsonSchema[])[0]!).properties as object | undefined) ?? {}));
    for (const key of candidates) {
      const values = branches.map((b) => tagValues(b, key));
      if (values.some((v) => v === undefined)) continue;
      const seen = new Set<unknown>();
      let disjoint = true;
      for (const vs of values as unknown[][]) for (const v of vs) (seen.has(v) ? (disjoint = false) : seen.add(v));
      if (disjoint) return { key, values: values as unknown[][] };
    }
    return undefined;
  };

  const rewrite = (s: unknown): unknown => {
    if (Array.isArray(s)) return s.map(rewrite);
    if (!isObject(s)) return s;
    if (typeof s.$ref === 'string' && scalar.has(nameOf(s.$ref))) {
      // a ref with sibling keywords means both apply; merge them, refusing a real conflict
      const { $ref: _, ...rest } = s;
      const merged: JsonSchema = { ...rawDefs[nameOf(s.$ref)]! };
      for (const [k, v] of Object.entries(rest)) {
        if (k in merged && JSON.stringify(merged[k]) !== JSON.stringify(v)) throw new Error(`$ref sibling ${k} conflicts with its target`);
        merged[k] = v;
      }
      return rewrite(merged);
    }
    const o: JsonSchema = {};
    for (const [k, v] of Object.entries(s)) {
      if (k === 'properties' && isObject(v)) o[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, rewrite(pv)]));
      else o[k] = rewrite(v);
    }
    if (Array.isArray(o.oneOf) && !keepOneOf) {
      const branches = o.oneOf as JsonSchema[];
      // the tag is read from zod's own branches (a nested union is still a oneOf there)
      const tag = tagOf(s.oneOf as JsonSchema[]);
      if (tag === undefined) throw new Error(`oneOf without a tag: ${JSON.stringify(s).slice(0, 200)}`);
      delete o.oneOf;
      // if tag ∈ values(b0) then b0 else if … else false
      let chain: unknown = false;
      for (let i = branches.length - 1; i >= 0; i--) {
        const vs = tag.values[i]!;
        const test = vs.length === 1 ? { const: vs[0] } : { enum: vs };
        chain = { if: { properties: { [tag.key]: test }, required: [tag.key] }, then: branches[i], else: chain };
      }
      if (Object.keys(o).length === 0) return chain;
      o.allOf = [chain];
    }
    return o;
  };

  const defs: Record<string, JsonSchema> = {};
  for (const [name, def] of Object.entries(rawDefs)) if (!scalar.has(name)) defs[name] = rewrite(def) as JsonSchema;
  return { root: rewrite(out) as JsonSchema, defs };
}

/** The root with its definitions attached, as one self-contained JSON Schema document. */
export function asDocument(frame: FrameJsonSchema): JsonSchema {
  return { ...frame.root, $defs: frame.defs };
}
