// TypeBox anchor: the frame's JSON Schema (bench/anchors/json-schema.ts, from gatewire's own zod
// schemas) converted keyword by keyword into TypeBox `Type.*` values and compiled with
// TypeCompiler. Tagged unions become `Type.Union` (TypeBox's own form; it has no if/then/else).
// Shared object definitions become `Type.Ref` to compiled references, as gatewire keeps one
// function per declaration. A keyword the converter does not know throws: nothing is dropped.
import { Type, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { z } from 'zod';
import { frameJsonSchema, type JsonSchema } from './json-schema.js';

const DEFS = '#/$defs/';
/** Keywords that only describe a schema. */
const ANNOTATIONS = new Set(['description', 'title', 'deprecated', 'default', 'examples', '$comment']);

function literalUnion(values: readonly unknown[]): TSchema {
  const literals = values.map((v) => {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new Error(`enum value ${JSON.stringify(v)}`);
    return Type.Literal(v);
  });
  return literals.length === 1 ? literals[0]! : Type.Union(literals);
}

/** Converts one JSON Schema node; throws on any keyword it would otherwise lose. */
export function toTypeBox(s: JsonSchema): TSchema {
  const known = new Set<string>();
  const take = <T>(k: string): T | undefined => {
    known.add(k);
    return s[k] as T | undefined;
  };
  const finish = (t: TSchema): TSchema => {
    for (const k of Object.keys(s)) if (!known.has(k) && !ANNOTATIONS.has(k)) throw new Error(`typebox anchor: keyword ${k} not converted in ${JSON.stringify(s).slice(0, 160)}`);
    return t;
  };
  const ref = take<string>('$ref');
  if (ref !== undefined) {
    if (!ref.startsWith(DEFS)) throw new Error(`unexpected $ref ${ref}`);
    return finish(Type.Ref(ref.slice(DEFS.length)));
  }
  const anyOf = take<JsonSchema[]>('anyOf') ?? take<JsonSchema[]>('oneOf');
  if (anyOf !== undefined) return finish(Type.Union(anyOf.map(toTypeBox)));
  const type = take<string | string[]>('type');
  if (Array.isArray(type)) {
    const { type: _, ...rest } = s;
    return finish(Type.Union(type.map((t) => toTypeBox({ ...rest, type: t }))));
  }
  if ('const' in s) {
    const c = take<unknown>('const');
    return finish(literalUnion([c]));
  }
  const en = take<unknown[]>('enum');
  if (en !== undefined) return finish(literalUnion(en));
  switch (type) {
    case 'string': {
      const pattern = take<string>('pattern');
      const minLength = take<number>('minLength');
      const maxLength = take<number>('maxLength');
      return finish(Type.String({ ...(pattern !== undefined && { pattern }), ...(minLength !== undefined && { minLength }), ...(maxLength !== undefined && { maxLength }) }));
    }
    case 'integer':
    case 'number': {
      const minimum = take<number>('minimum');
      const maximum = take<number>('maximum');
      const range = { ...(minimum !== undefined && { minimum }), ...(maximum !== undefined && { maximum }) };
      return finish(type === 'integer' ? Type.Integer(range) : Type.Number(range));
    }
    case 'boolean':
      return finish(Type.Boolean());
    case 'null':
      return finish(Type.Null());
    case 'array': {
      const prefix = take<JsonSchema[]>('prefixItems');
      const items = take<JsonSchema | false>('items');
      if (prefix !== undefined) {
        if (items !== false && items !== undefined) throw new Error('tuple with rest items');
        // zod writes a fixed tuple as prefixItems + items: false + min/maxItems = length, which is
        // exactly what Type.Tuple checks
        for (const k of ['minItems', 'maxItems']) if (take<number>(k) !== undefined && s[k] !== prefix.length) throw new Error(`tuple ${k} ≠ length`);
        return finish(Type.Tuple(prefix.map(toTypeBox)));
      }
      const minItems = take<number>('minItems');
      const maxItems = take<number>('maxItems');
      return finish(Type.Array(items === undefined || items === false ? Type.Unknown() : toTypeBox(items), { ...(minItems !== undefined && { minItems }), ...(maxItems !== undefined && { maxItems }) }));
    }
    case 'object': {
      const properties = take<Record<string, JsonSchema>>('properties');
      const required = new Set(take<string[]>('required') ?? []);
      const additional = take<JsonSchema | boolean>('additionalProperties');
      const names = take<JsonSchema>('propertyNames');
      if (names !== undefined) {
        // a record keyed by a pattern: TypeBox's Record of a patterned String key (patternProperties
        // + additionalProperties: false), the same verdict as propertyNames + additionalProperties
        if (properties !== undefined) throw new Error('record with properties');
        const key = toTypeBox(names);
        const value = additional === undefined || additional === true ? Type.Unknown() : additional === false ? Type.Never() : toTypeBox(additional);
        return finish(Type.Record(key as ReturnType<typeof Type.String>, value));
      }
      const props: Record<string, TSchema> = {};
      for (const [k, v] of Object.entries(properties ?? {})) props[k] = required.has(k) ? toTypeBox(v) : Type.Optional(toTypeBox(v));
      for (const k of required) if (!(k in props)) throw new Error(`required ${k} without a property schema`);
      const open = additional === undefined || additional === true || (typeof additional === 'object' && Object.keys(additional).length === 0);
      if (!open && additional !== false) throw new Error('additionalProperties schema next to properties');
      return finish(Type.Object(props, { additionalProperties: open }));
    }
    case undefined:
      if (Object.keys(s).every((k) => ANNOTATIONS.has(k))) return Type.Unknown();
      throw new Error(`typebox anchor: schema without a type: ${JSON.stringify(s).slice(0, 160)}`);
    default:
      throw new Error(`typebox anchor: type ${type}`);
  }
}

export function typeBoxAnchor(schema: z.ZodType): TypeCheck<TSchema> {
  const frame = frameJsonSchema(schema, { taggedUnions: 'oneOf' });
  const references = Object.entries(frame.defs).map(([name, def]) => ({ ...toTypeBox(def), $id: name }));
  return TypeCompiler.Compile(toTypeBox(frame.root), references);
}
