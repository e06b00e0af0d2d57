/**
 * Union and intersection of IR types, kept flat and free of repeats: a union with `unknown` is
 * `unknown`, an intersection of arrays is one array, and a declaration that already intersects
 * another member stands for both.
 */
import type { IRDeclaration, IRType } from '../ir.js';
import { sameJson } from './schema-node.js';

type Declarations = ReadonlyMap<string, IRDeclaration>;

export function union(members: IRType[]): IRType {
  const flat: IRType[] = [];
  for (const m of members) {
    if (m.kind === 'never') continue;
    for (const x of m.kind === 'union' ? m.members : [m]) if (!flat.some((f) => sameJson(f, x))) flat.push(x);
  }
  if (flat.some((m) => m.kind === 'unknown')) return { kind: 'unknown' };
  if (flat.length === 0) return { kind: 'never' };
  if (flat.length === 1) return flat[0]!;
  return { kind: 'union', members: flat };
}

export function intersection(members: IRType[], decls: Declarations): IRType {
  let flat: IRType[] = [];
  for (const m of members) {
    if (m.kind === 'unknown') continue;
    if (m.kind === 'intersection') flat.push(...m.members);
    else if (!flat.some((f) => sameJson(f, m))) flat.push(m);
  }
  // `allOf` over arrays is one array whose items satisfy every item schema (#11.4): `A[] & B[]`
  // would not type-check `map`.
  const arrays = flat.filter((m): m is Extract<IRType, { kind: 'array' }> => m.kind === 'array');
  if (arrays.length > 1) {
    const mins = arrays.flatMap((a) => (a.minItems === undefined ? [] : [a.minItems]));
    const maxs = arrays.flatMap((a) => (a.maxItems === undefined ? [] : [a.maxItems]));
    const merged: IRType = {
      kind: 'array',
      items: intersection(arrays.map((a) => a.items), decls),
      ...(mins.length > 0 ? { minItems: Math.max(...mins) } : {}),
      ...(maxs.length > 0 ? { maxItems: Math.min(...maxs) } : {}),
    };
    flat = [...flat.filter((m) => m.kind !== 'array'), merged];
  }
  // A declaration that already intersects another member (GatewayMessageMentionUser = APIUser & …) stands for both.
  flat = flat.filter((m) => !flat.some((o) => o !== m && includesRef(o, m, decls)));
  if (flat.some((m) => m.kind === 'never')) return { kind: 'never' };
  if (flat.length === 0) return { kind: 'unknown' };
  if (flat.length === 1) return flat[0]!;
  return { kind: 'intersection', members: flat };
}

/** Intersection of two IR types where one usually refines the other. */
export function intersectRefining(a: IRType, b: IRType, decls: Declarations): IRType {
  if (a.kind === 'unknown') return b;
  if (b.kind === 'unknown') return a;
  if (sameJson(a, b)) return b;
  if (b.kind === 'literal') return b;
  return intersection([a, b], decls);
}

/** Whether `sub` is a declaration whose body intersects `sup` with more (every `sub` is a `sup`). */
function includesRef(sub: IRType, sup: IRType, decls: Declarations): boolean {
  if (sub.kind !== 'ref' || sup.kind !== 'ref' || sub.name === sup.name) return false;
  const d = decls.get(sub.name);
  return d?.body.kind === 'type' && d.body.type.kind === 'intersection' && d.body.type.members.some((m) => sameJson(m, sup));
}
