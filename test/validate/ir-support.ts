// Test-side helpers that read an IR directly: a reference zod schema built at test time (for the
// hand-made IR, before the lead's zod emitter exists) and fast-check arbitraries of valid values.
// Both are independent of the compiled validators, so agreement between them means something.
import fc from 'fast-check';
import { z } from 'zod';
import type { IR, IRDeclaration, IRType } from '../../codegen/ir.js';

/** The declaration body as a plain type (enums → unions of literals, derived → partial object). */
export function declType(ir: IR, d: IRDeclaration): IRType {
  const b = d.body;
  switch (b.kind) {
    case 'type':
      return b.type;
    case 'enum': {
      const ms: IRType[] = b.members.map((m) => ({ kind: 'literal', value: m.value }));
      if (b.nullable) ms.push({ kind: 'null' });
      return ms.length === 1 ? ms[0]! : { kind: 'union', members: ms };
    }
    case 'flags':
      return { kind: 'flags', name: d.name, base: b.base };
    case 'derived':
      return partial(ir, b.base, new Set(b.required));
  }
}

function partial(ir: IR, base: string, required: ReadonlySet<string>): IRType {
  const d = ir.declarations.find((x) => x.name === base)!;
  const go = (t: IRType): IRType => {
    switch (t.kind) {
      case 'object':
        return { ...t, properties: t.properties.map((p) => ({ ...p, required: required.has(p.name) })) };
      case 'ref':
        return partial(ir, t.name, required);
      case 'union':
        return { kind: 'union', members: t.members.map(go) };
      case 'intersection':
        return { kind: 'intersection', members: t.members.map(go) };
      default:
        return t;
    }
  };
  if (d.body.kind === 'derived') return partial(ir, d.body.base, required);
  return go(declType(ir, d));
}

/** Builds zod schemas straight from the IR (loose objects, like the generated ones). */
export function referenceZod(ir: IR): Map<string, z.ZodType> {
  const out = new Map<string, z.ZodType>();
  const decls = new Map(ir.declarations.map((d) => [d.name, d]));
  const get = (name: string): z.ZodType => {
    const found = out.get(name);
    if (found) return found;
    const lazy = z.lazy(() => build(declType(ir, decls.get(name)!)));
    out.set(name, lazy);
    return lazy;
  };
  const build = (t: IRType): z.ZodType => {
    switch (t.kind) {
      case 'unknown':
        return z.unknown();
      case 'never':
        return z.never();
      case 'string': {
        let s = z.string();
        if (t.minLength !== undefined) s = s.min(t.minLength);
        if (t.maxLength !== undefined) s = s.max(t.maxLength);
        if (t.pattern !== undefined) s = s.regex(new RegExp(t.pattern, 'u'));
        return s;
      }
      case 'number': {
        let n = t.integer ? z.int() : z.number();
        if (t.minimum !== undefined) n = n.min(t.minimum);
        if (t.maximum !== undefined) n = n.max(t.maximum);
        return n;
      }
      case 'boolean':
        return z.boolean();
      case 'null':
        return z.null();
      case 'literal':
        return t.value === null ? z.null() : z.literal(t.value);
      case 'ref':
        return get(t.name);
      case 'array': {
        let a = z.array(build(t.items));
        if (t.minItems !== undefined) a = a.min(t.minItems);
        if (t.maxItems !== undefined) a = a.max(t.maxItems);
        return a;
      }
      case 'tuple': {
        const items = t.items.map((it, i) => (i < t.minItems ? build(it.type) : build(it.type).optional()));
        return t.rest === null ? z.tuple(items as [z.ZodType]) : z.tuple(items as [z.ZodType], build(t.rest));
      }
      case 'object': {
        const shape: Record<string, z.ZodType> = {};
        for (const p of t.properties) shape[p.name] = p.required ? build(p.type) : build(p.type).optional();
        if (t.additional === null) return z.looseObject(shape);
        if (t.additional.kind === 'never') return z.strictObject(shape);
        return z.object(shape).catchall(build(t.additional));
      }
      case 'record':
        return z.record(build(t.key) as z.ZodString, build(t.value));
      case 'union':
        return t.members.length === 0 ? z.never() : z.union(t.members.map(build) as [z.ZodType, z.ZodType]);
      case 'intersection':
        return t.members.length === 0 ? z.unknown() : t.members.map(build).reduce((a, b) => z.intersection(a, b));
      case 'not': {
        const not = build(t.not);
        return build(t.base).refine((v) => !not.safeParse(v).success);
      }
      case 'flags':
        return t.base === 'integer' ? z.int().nonnegative() : z.string().regex(/^[0-9]+$/);
    }
  };
  for (const d of ir.declarations) get(d.name);
  return out;
}

/** An arbitrary of values valid for `t` (with occasional unknown keys), bounded in depth. */
export function validArbitrary(ir: IR, root: IRType, maxDepth = 6): fc.Arbitrary<unknown> {
  const decls = new Map(ir.declarations.map((d) => [d.name, d]));
  const extraKey = fc.constantFrom('zz_extra', 'unknown_field');
  const memo = new Map<string, fc.Arbitrary<unknown>>();
  const arb = (t: IRType, depth: number): fc.Arbitrary<unknown> => {
    switch (t.kind) {
      case 'unknown':
        return fc.jsonValue({ maxDepth: 1 });
      case 'never':
        return fc.constant(null);
      case 'string': {
        if (t.pattern !== undefined) {
          const re = new RegExp(t.pattern, 'u');
          return fc.stringMatching(re).filter((x) => (t.minLength === undefined || x.length >= t.minLength) && (t.maxLength === undefined || x.length <= t.maxLength));
        }
        const min = t.minLength ?? 0;
        return fc.string({ minLength: min, maxLength: Math.max(min, Math.min(t.maxLength ?? 6, min + 6)) });
      }
      case 'number': {
        const min = t.minimum ?? (t.integer ? -5 : -1e6);
        const max = t.maximum ?? 1_000_000;
        return t.integer ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
      }
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'literal':
        return fc.constant(t.value);
      case 'ref': {
        // Memoised per (declaration, depth): building the arbitrary tree is otherwise exponential.
        const key = `${t.name}@${depth}`;
        let a = memo.get(key);
        if (a === undefined) {
          a = arb(declType(ir, decls.get(t.name)!), depth);
          memo.set(key, a);
        }
        return a;
      }
      case 'array': {
        const min = t.minItems ?? 0;
        const max = Math.max(min, Math.min(t.maxItems ?? 2, min + 2));
        return depth >= maxDepth && min === 0 ? fc.constant([]) : fc.array(arb(t.items, depth + 1), { minLength: min, maxLength: max });
      }
      case 'tuple':
        return fc.tuple(...t.items.map((i) => arb(i.type, depth + 1)));
      case 'object': {
        const required = t.properties.filter((p) => p.required);
        const optional = depth >= maxDepth ? [] : t.properties.filter((p) => !p.required);
        const rec: Record<string, fc.Arbitrary<unknown>> = {};
        for (const p of [...required, ...optional]) rec[p.name] = arb(p.type, depth + 1);
        const base = fc.record(rec, { requiredKeys: required.map((p) => p.name) });
        if (t.additional !== null) return base;
        return fc.tuple(base, fc.option(extraKey, { nil: undefined }), fc.integer()).map(([o, k, v]) => (k === undefined ? o : { ...(o as object), [k]: v }));
      }
      case 'record':
        return depth >= maxDepth ? fc.constant({}) : fc.dictionary(fc.stringMatching(/^[0-9]{17,19}$/), arb(t.value, depth + 1), { maxKeys: 2 });
      case 'union': {
        const ok = t.members.filter((m) => !(m.kind === 'never'));
        return ok.length === 0 ? fc.constant(null) : fc.oneof(...ok.map((m) => arb(m, depth)));
      }
      case 'intersection':
        if (t.members.length === 0) return fc.jsonValue({ maxDepth: 1 });
        return fc.tuple(...t.members.map((m) => arb(m, depth))).map((parts) => Object.assign({}, ...(parts as object[])));
      case 'not':
        return arb(t.base, depth);
      case 'flags':
        return t.base === 'integer' ? fc.integer({ min: 0, max: 2 ** 31 }) : fc.bigInt({ min: 0n, max: 2n ** 60n }).map(String);
    }
  };
  return arb(root, 0);
}

/** Replaces one randomly chosen node of a JSON value with `replacement` (or removes an object key). */
export function mutate(value: unknown, choice: number, replacement: unknown, remove: boolean): { value: unknown; path: string } {
  const nodes: { parent: unknown; key: string | number; path: string }[] = [];
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) v.forEach((e, i) => (nodes.push({ parent: v, key: i, path: `${path}/${i}` }), walk(e, `${path}/${i}`)));
    else if (v !== null && typeof v === 'object')
      for (const [k, e] of Object.entries(v)) nodes.push({ parent: v, key: k, path: `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}` }), walk(e, `${path}/${k}`);
  };
  const copy = structuredClone(value);
  walk(copy, '');
  if (nodes.length === 0) return { value: replacement, path: '' };
  const n = nodes[choice % nodes.length]!;
  if (remove && !Array.isArray(n.parent)) delete (n.parent as Record<string, unknown>)[n.key];
  else (n.parent as Record<string | number, unknown>)[n.key] = replacement;
  return { value: copy, path: n.path };
}
