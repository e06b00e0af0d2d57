/**
 * How a union is told apart: instead of trying members one after another, dispatch on a tag — the
 * IR's `discriminator` when it has one, otherwise the first property (in schema order) that is a
 * required literal in every object member (so the receive union switches on `op`, then on `t`).
 * Members are tried in order only when nothing tells them apart.
 */
import type { IRType, Literal } from '../../ir.js';
import { js } from './literals.js';
import type { TypeFacts, UnionType } from './type-facts.js';

export type UnionPlan =
  | { readonly kind: 'switch'; readonly key: string; readonly cases: readonly { value: Literal; plan: UnionPlan }[] }
  | { readonly kind: 'try'; readonly members: readonly IRType[] };

function planMembers(facts: TypeFacts, members: readonly IRType[], preferred: string | undefined, used: ReadonlySet<string>): UnionPlan {
  if (members.length <= 1) return { kind: 'try', members };
  const props = members.map((m) => facts.literalProps(m));
  if (props.some((p) => p === null)) return { kind: 'try', members };
  const candidates = [...(preferred !== undefined ? [preferred] : []), ...facts.propertyOrder(members[0]!)];
  for (const key of candidates) {
    if (used.has(key)) continue;
    if (!props.every((p) => p!.has(key))) continue;
    const groups = new Map<string, { value: Literal; members: IRType[] }>();
    members.forEach((m, i) => {
      const value = props[i]!.get(key)!;
      const k = js(value);
      const g = groups.get(k) ?? { value, members: [] };
      g.members.push(m);
      groups.set(k, g);
    });
    if (groups.size < 2) continue;
    const nextUsed = new Set(used).add(key);
    return { kind: 'switch', key, cases: [...groups.values()].map((g) => ({ value: g.value, plan: planMembers(facts, g.members, undefined, nextUsed) })) };
  }
  return { kind: 'try', members };
}

/**
 * A union split into the object members a tag tells apart (`plan`) and the rest (`others`, tried
 * in order). No plan when fewer than two members are objects with literal properties, when a
 * non-planned member could be an object too (the plan would not be exact), or when no tag works.
 */
export function splitUnion(facts: TypeFacts, t: UnionType): { others: readonly IRType[]; plan: UnionPlan | null } {
  const objects: IRType[] = [];
  const others: IRType[] = [];
  for (const m of t.members) (facts.literalProps(m) !== null ? objects : others).push(m);
  const othersObjectish = others.some((m) => {
    const b = facts.broad(m);
    return b === null || b.has('object');
  });
  if (objects.length < 2 || othersObjectish) return { others: t.members, plan: null };
  const plan = planMembers(facts, objects, t.discriminator, new Set());
  return plan.kind === 'switch' ? { others, plan } : { others: t.members, plan: null };
}
