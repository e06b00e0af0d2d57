/**
 * `allOf`/`anyOf`/`oneOf` expanded into alternatives: own keywords × every `allOf` member × one
 * branch of each `anyOf`/`oneOf`. The own keywords (properties, required, type, enum) apply to every
 * branch, so a `required` lifted above the branches is pushed down into each; alternatives that
 * contradict themselves (`op: 0` against `op: 1…11`) are dropped. A `$ref` to a declared object
 * stays a reference (intersected by name); a bare `$ref` to a declared union is expanded so that its
 * branches can be narrowed.
 */
import type { Doc, IRType } from '../ir.js';
import { isObject, type Json, type JsonObject } from '../load.js';
import type { Ctx, ResolveState, Src } from './context.js';
import { childCtx, deref } from './naming.js';
import { docOf, intersectTypes, intersectValues, sameJson, structuralKeys, typeList, valueMatchesType } from './schema-node.js';

/** One alternative of an expanded composition: everything that must hold at once. */
export interface Alt {
  types: Set<string> | null;
  values: Json[] | null;
  props: Map<string, Src[]>;
  required: Set<string>;
  additional: Src[];
  propertyNames: Src[];
  /** Named declarations intersected by reference. */
  refs: string[];
  nots: Src[];
  /** Anything else that must hold (arrays, tuples, constraints): kept as sources. */
  leaves: Src[];
  doc: Doc;
}

/** How a `$ref` reads where it is met (the types stage answers; composition only asks). */
export type RefTypeOf = (node: JsonObject, ctx: Ctx) => IRType;

const MAX_ALTERNATIVES = 512;

/**
 * Keywords that constrain an array, a string or a number: each alternative keeps them (with `type`)
 * as one leaf, which ./types.ts reads (`primitive`, `arrayType`). A new keyword of that kind is one
 * more entry here.
 */
const LEAF_KEYWORDS = ['items', 'prefixItems', 'minItems', 'maxItems', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum'];

function emptyAlt(): Alt {
  return {
    types: null,
    values: null,
    props: new Map(),
    required: new Set(),
    additional: [],
    propertyNames: [],
    refs: [],
    nots: [],
    leaves: [],
    doc: {},
  };
}

function mergeAlts(a: Alt, b: Alt): Alt {
  const props = new Map<string, Src[]>();
  for (const [k, v] of a.props) props.set(k, [...v]);
  for (const [k, v] of b.props) props.set(k, [...(props.get(k) ?? []), ...v]);
  return {
    types: b.types === null ? a.types : intersectTypes(a.types, [...b.types]),
    values: intersectValues(a.values, b.values),
    props,
    required: new Set([...a.required, ...b.required]),
    additional: [...a.additional, ...b.additional],
    propertyNames: [...a.propertyNames, ...b.propertyNames],
    refs: [...a.refs, ...b.refs.filter((r) => !a.refs.includes(r))],
    nots: [...a.nots, ...b.nots],
    leaves: [...a.leaves, ...b.leaves],
    doc: { ...b.doc, ...a.doc },
  };
}

/** Literal values a property's sources allow, or null when they allow more than a finite set. */
function literalSet(srcs: readonly Src[]): Json[] | null {
  let values: Json[] | null = null;
  let types: Set<string> | null = null;
  for (const { node } of srcs) {
    if (!isObject(node)) continue;
    if (Array.isArray(node['enum'])) values = intersectValues(values, node['enum'] as Json[]);
    if ('const' in node) values = intersectValues(values, [node['const'] as Json]);
    types = intersectTypes(types, typeList(node));
  }
  if (values === null) return null;
  return types === null ? values : values.filter((v) => [...types!].some((t) => valueMatchesType(v, t)));
}

function isContradictory(alt: Alt): boolean {
  if (alt.types !== null && alt.types.size === 0) return true;
  if (alt.values !== null && alt.values.length === 0) return true;
  for (const srcs of alt.props.values()) {
    const set = literalSet(srcs);
    if (set !== null && set.length === 0) return true;
  }
  return false;
}

/** Whether an alternative describes an object. */
export function isObjectAlt(alt: Alt): boolean {
  if (alt.types !== null) return alt.types.has('object');
  return alt.props.size > 0 || alt.required.size > 0 || alt.additional.length > 0 || alt.propertyNames.length > 0;
}

/** Expands a node into alternatives: own keywords × allOf members × one of the anyOf/oneOf branches. */
export function expand(state: ResolveState, node: Json, ctx: Ctx, refType: RefTypeOf): Alt[] {
  if (node === true) return [emptyAlt()];
  if (node === false) return [];
  if (!isObject(node)) state.fail('CODEGEN_BAD_SCHEMA', ctx, 'a schema must be an object or a boolean');
  if (typeof node['$ref'] === 'string') {
    const t = refType(node, ctx);
    const alt = emptyAlt();
    if (t.kind !== 'ref') {
      alt.leaves.push({ node, ctx });
      return [alt];
    }
    // A declared union is expanded so that its branches can be narrowed by the own keywords
    // (base.json's anyOf against an event's `op`); anything else stays a reference (intersected
    // by name).
    const decl = state.declarations.get(t.name);
    const isUnion = decl?.body.kind === 'type' && decl.body.type.kind === 'union';
    const bare = structuralKeys(node).length === 1;
    if (isUnion && bare && !state.building.has(t.name)) {
      const target = deref(state, node['$ref'], ctx);
      return expand(state, target.node, target.ctx, refType);
    }
    alt.refs.push(t.name);
    return [alt];
  }
  const own = emptyAlt();
  own.doc = docOf(node);
  const types = typeList(node);
  if (types) own.types = new Set(types);
  if (Array.isArray(node['enum'])) own.values = node['enum'] as Json[];
  if ('const' in node) own.values = intersectValues(own.values, [node['const'] as Json]);
  if (isObject(node['properties'])) {
    for (const [k, sub] of Object.entries(node['properties'])) own.props.set(k, [{ node: sub, ctx: childCtx(ctx, 'properties', k) }]);
  }
  if (Array.isArray(node['required'])) for (const k of node['required'] as string[]) own.required.add(k);
  if (node['additionalProperties'] !== undefined) own.additional.push({ node: node['additionalProperties'], ctx: childCtx(ctx, 'additionalProperties') });
  if (node['propertyNames'] !== undefined) own.propertyNames.push({ node: node['propertyNames'], ctx: childCtx(ctx, 'propertyNames') });
  if (node['not'] !== undefined) own.nots.push({ node: node['not'], ctx: childCtx(ctx, 'not') });
  if (LEAF_KEYWORDS.some((k) => k in node)) {
    const leaf: JsonObject = {};
    for (const k of [...LEAF_KEYWORDS, 'type']) if (k in node) leaf[k] = node[k] as Json;
    own.leaves.push({ node: leaf, ctx });
  }

  let alts: Alt[] = [own];
  const cross = (branches: Alt[]): void => {
    const next: Alt[] = [];
    for (const a of alts) for (const b of branches) {
      const m = mergeAlts(a, b);
      if (!isContradictory(m)) next.push(m);
    }
    if (next.length > MAX_ALTERNATIVES) state.fail('CODEGEN_TOO_MANY_ALTERNATIVES', ctx, `this composition expands to more than ${MAX_ALTERNATIVES} alternatives`);
    alts = next;
  };
  if (Array.isArray(node['allOf'])) {
    (node['allOf'] as Json[]).forEach((m, i) => cross(expand(state, m, childCtx(ctx, 'allOf', i, ctx.hint), refType)));
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(node[keyword])) {
      const branches = (node[keyword] as Json[]).flatMap((m, i) => expand(state, m, childCtx(ctx, keyword, i, ctx.hint), refType));
      cross(branches);
    }
  }
  return alts.filter((a) => !isContradictory(a));
}
