/**
 * The IR type of a schema node, as seen from where it is used: a reference to a declaration, or an
 * inline type. The `$ref` rule lives here:
 * - `$ref` with no structural sibling → the target (a reference when the target is a declaration);
 * - `$ref` + `required` only → a named derived type `Partial<T> & Required<Pick<T, …>>`;
 * - `$ref` + other siblings → the target's keywords with the siblings replacing them.
 * Compositions are expanded into alternatives by ./composition.ts and each alternative becomes an
 * object, a primitive, a literal, an array or a tuple here.
 */
import type { Doc, IRDeclarationBody, IRProperty, IRType, Literal } from '../ir.js';
import { objectProps } from '../ir-query.js';
import { isObject, type Json, type JsonObject } from '../load.js';
import { pascalCase } from '../names.js';
import { expand, isObjectAlt, type Alt } from './composition.js';
import type { Ctx, ResolveState, Src } from './context.js';
import { enumBody, flagsBody } from './enums.js';
import { childCtx, declare, deref, isDeclarationPosition } from './naming.js';
import { docOf, intersectTypes, intersectValues, isTrivial, sameJson, structuralKeys, typeList, valueMatchesType } from './schema-node.js';
import { intersectRefining, intersection, union } from './set-operations.js';

/** Turns schema nodes into IR types, declaring the nodes that sit at declaration positions. */
export class TypeResolver {
  constructor(private readonly state: ResolveState) {}

  /** The type of a node as seen from where it is used: a reference to a declaration, or inline. */
  typeOf(node: Json, ctx: Ctx, viaRef = false): IRType {
    if (node === true) return { kind: 'unknown' };
    if (node === false) return { kind: 'never' };
    if (!isObject(node)) this.state.fail('CODEGEN_BAD_SCHEMA', ctx, 'a schema must be an object or a boolean');
    if (typeof node['$ref'] === 'string') return this.refType(node, ctx);
    // Structure from here on: a `$ref` below this point starts a new alias chain.
    const chain = this.state.aliasChain;
    this.state.aliasChain = new Map();
    try {
      return this.structuralType(node, ctx, viaRef);
    } finally {
      this.state.aliasChain = chain;
    }
  }

  private structuralType(node: JsonObject, ctx: Ctx, viaRef: boolean): IRType {
    if (isDeclarationPosition(node, ctx, viaRef)) {
      const values = Array.isArray(node['enum']) ? (node['enum'] as Json[]) : null;
      const nullableEnum = values !== null && values.includes(null) && values.filter((v) => v !== null).length > 1;
      const ref = declare(this.state, node, ctx, (name) => this.declarationBody(node, ctx, name));
      return nullableEnum ? { kind: 'union', members: [ref, { kind: 'null' }] } : ref;
    }
    return this.inlineType(node, ctx);
  }

  private readonly refType = (node: JsonObject, ctx: Ctx): IRType => {
    const chain = this.state.aliasChain;
    const target = deref(this.state, node['$ref'] as string, ctx);
    if (chain.has(target.ctx.key)) {
      const places = [...chain.values()].slice([...chain.keys()].indexOf(target.ctx.key)).map((c) => `${c.file}#${c.pointer}`);
      this.state.fail(
        'CODEGEN_UNNAMEABLE_CYCLE',
        ctx,
        `\`$ref\`s refer to each other with no schema in between (${[...places, `${ctx.file}#${ctx.pointer}`].join(' → ')}), so they describe no value`,
      );
    }
    chain.set(target.ctx.key, ctx);
    try {
      return this.followRef(node, ctx, target);
    } finally {
      chain.delete(target.ctx.key);
    }
  };

  private followRef(node: JsonObject, ctx: Ctx, target: Src): IRType {
    const siblings = structuralKeys(node).filter((k) => k !== '$ref');
    const title = typeof node['title'] === 'string' ? node['title'] : undefined;
    if (siblings.length === 0) {
      const t = this.typeOf(target.node, target.ctx, true);
      // A titled bare reference names an alias of its target.
      return title === undefined ? t : declare(this.state, node, ctx, () => ({ kind: 'type', type: t }));
    }
    if (siblings.length === 1 && siblings[0] === 'required') {
      const base = this.typeOf(target.node, target.ctx, true);
      const required = node['required'] as string[];
      if (base.kind === 'ref') {
        const derived = this.derivedPartial(base.name, required, ctx, title);
        if (derived) {
          if (title === undefined || (derived.kind === 'ref' && derived.name === title)) return derived;
          return declare(this.state, node, ctx, () => ({ kind: 'type', type: derived }));
        }
      }
    }
    // General rule: the siblings replace the target's keywords of the same name.
    if (!isObject(target.node)) return this.typeOf(target.node, ctx);
    const merged: JsonObject = {};
    for (const [k, v] of Object.entries(target.node)) if (!['$id', '$schema', '$defs', 'title'].includes(k)) merged[k] = v;
    for (const [k, v] of Object.entries(node)) if (k !== '$ref') merged[k] = v;
    return this.typeOf(merged, ctx);
  }

  /** The properties of the declaration `name` when it is an object (or an object intersection), or null. */
  private declaredProps(name: string): Map<string, IRProperty> | null {
    return objectProps({ kind: 'ref', name }, this.state.declarations);
  }

  private derivedPartial(base: string, required: readonly string[], ctx: Ctx, preferredName?: string): IRType | null {
    if (this.state.building.has(base)) return null;
    const props = this.declaredProps(base);
    if (!props) return null;
    const missing = required.filter((k) => !props.has(k));
    if (missing.length > 0) {
      this.state.warn('required-undefined', ctx, `\`required\` names ${missing.join(', ')}, which ${base} does not define`);
      return null;
    }
    const current = [...props.values()].filter((p) => p.required).map((p) => p.name);
    const sorted = [...required].sort();
    if (sameJson([...current].sort(), sorted)) return { kind: 'ref', name: base };
    const name = preferredName ?? `Partial${base}${sorted.length > 0 ? 'With' + sorted.map(pascalCase).join('') : ''}`;
    const key = `derived:${base}:${sorted.join(',')}`;
    const node: JsonObject = preferredName === undefined ? {} : { title: preferredName };
    return declare(this.state, node, { key, file: ctx.file, pointer: ctx.pointer, hint: name }, () => ({ kind: 'derived', base, required: sorted }));
  }

  private declarationBody(node: JsonObject, ctx: Ctx, name: string): IRDeclarationBody {
    if (isObject(node['x-flags'])) return flagsBody(this.state, node, ctx);
    const values = Array.isArray(node['enum']) ? (node['enum'] as Json[]).filter((v) => v !== null) : null;
    if (values !== null && values.length > 1) return enumBody(this.state, node, ctx, values);
    const hinted: Ctx = { ...ctx, hint: name };
    return { kind: 'type', type: this.inlineType(node, hinted) };
  }

  /** The structural type of a node, never a reference to the node itself. */
  private inlineType(node: JsonObject, ctx: Ctx): IRType {
    const keys = structuralKeys(node);
    if (keys.includes('$ref')) return this.refType(node, ctx);
    if (keys.length === 0) return { kind: 'unknown' };
    if ('x-flags' in node || (Array.isArray(node['enum']) && node['enum'].filter((v) => v !== null).length > 1 && !keys.some((k) => ['allOf', 'anyOf', 'oneOf', 'properties'].includes(k)))) {
      // An enum or bitfield met inline (e.g. inside a merged node): declare it by position.
      return this.typeOf(node, ctx, true);
    }
    const alts = expand(this.state, node, ctx, this.refType);
    const types = alts.map((alt, i) => this.altType(alt, alts.length > 1 ? childCtx(ctx, 'oneOf', i, ctx.hint + `Variant${i}`) : ctx));
    return union(types);
  }

  private altType(alt: Alt, ctx: Ctx): IRType {
    const parts: IRType[] = [];
    const nonObjectTypes = alt.types ? [...alt.types].filter((t) => t !== 'object') : [];
    if (isObjectAlt(alt)) {
      parts.push(this.objectType(alt, ctx));
      // `type: ["object", "null"]` and the like: the other types are further alternatives.
      for (const t of nonObjectTypes) parts.push(this.leafType({ type: t, ...(alt.values ? { enum: alt.values } : {}) }, alt, ctx));
      return union(parts);
    }
    if (alt.refs.length > 0 || alt.leaves.length > 0) {
      const members: IRType[] = alt.refs.map((name) => ({ kind: 'ref', name }) as IRType);
      for (const leaf of alt.leaves) members.push(this.leafType(leaf.node as JsonObject, alt, leaf.ctx));
      if (alt.values !== null || (alt.types !== null && alt.leaves.length === 0)) {
        const extra = this.leafType({ ...(alt.types ? { type: [...alt.types] } : {}), ...(alt.values ? { enum: alt.values } : {}) }, alt, ctx);
        if (extra.kind !== 'unknown') members.push(extra);
      }
      return this.withNots(intersection(members, this.state.declarations), alt);
    }
    return this.withNots(this.leafType({ ...(alt.types ? { type: [...alt.types] } : {}), ...(alt.values ? { enum: alt.values } : {}) }, alt, ctx), alt);
  }

  private withNots(type: IRType, alt: Alt): IRType {
    let out = type;
    for (const n of alt.nots) out = { kind: 'not', base: out, not: this.typeOf(n.node, n.ctx) };
    return out;
  }

  /** A primitive, literal, array or tuple node (no object keywords). */
  private leafType(node: JsonObject, alt: Alt | null, ctx: Ctx): IRType {
    if (typeof node['$ref'] === 'string') return this.refType(node, ctx);
    const types = typeList(node);
    let values = Array.isArray(node['enum']) ? (node['enum'] as Json[]) : null;
    if ('const' in node) values = intersectValues(values, [node['const'] as Json]);
    if (alt?.values) values = intersectValues(values, alt.values);
    if (values !== null) {
      const allowed = types ? values.filter((v) => types.some((t) => valueMatchesType(v, t))) : values;
      if (allowed.length === 0) return { kind: 'never' };
      const nonNull = allowed.filter((v) => v !== null);
      if (nonNull.length > 1) {
        return this.typeOf({ ...(types ? { type: types } : {}), enum: allowed } as JsonObject, ctx, true);
      }
      return union(allowed.map((v) => ({ kind: 'literal', value: v as Literal }) as IRType));
    }
    if (types === null) {
      if ('items' in node || 'prefixItems' in node) return this.arrayType(node, ctx);
      return { kind: 'unknown' };
    }
    return union(types.map((t) => this.primitive(t, node, ctx)));
  }

  private primitive(type: string, node: JsonObject, ctx: Ctx): IRType {
    switch (type) {
      case 'null':
        return { kind: 'null' };
      case 'boolean':
        return { kind: 'boolean' };
      case 'string': {
        const out: { kind: 'string'; minLength?: number; maxLength?: number; pattern?: string } = { kind: 'string' };
        if (typeof node['minLength'] === 'number') out.minLength = node['minLength'];
        if (typeof node['maxLength'] === 'number') out.maxLength = node['maxLength'];
        if (typeof node['pattern'] === 'string') out.pattern = node['pattern'];
        return out;
      }
      case 'number':
      case 'integer': {
        const out: { kind: 'number'; integer: boolean; minimum?: number; maximum?: number } = { kind: 'number', integer: type === 'integer' };
        if (typeof node['minimum'] === 'number') out.minimum = node['minimum'];
        if (typeof node['maximum'] === 'number') out.maximum = node['maximum'];
        return out;
      }
      case 'array':
        return this.arrayType(node, ctx);
      case 'object':
        return { kind: 'object', properties: [], additional: null };
      default:
        this.state.fail('CODEGEN_BAD_KEYWORD', ctx, `unknown type ${type}`);
    }
  }

  private arrayType(node: JsonObject, ctx: Ctx): IRType {
    const minItems = typeof node['minItems'] === 'number' ? node['minItems'] : undefined;
    const maxItems = typeof node['maxItems'] === 'number' ? node['maxItems'] : undefined;
    if (Array.isArray(node['prefixItems'])) {
      const prefix = node['prefixItems'] as Json[];
      const items = prefix.map((sub, i) => {
        const label = isObject(sub) && typeof sub['title'] === 'string' ? sub['title'] : undefined;
        // A title on a tuple item labels the element; it does not make the item a declaration.
        const subNode = isObject(sub) && label !== undefined ? Object.fromEntries(Object.entries(sub).filter(([k]) => k !== 'title')) : sub;
        const type = this.typeOf(subNode as Json, childCtx(ctx, 'prefixItems', i));
        return label !== undefined ? { label, type } : { type };
      });
      const rest = node['items'] === undefined ? { kind: 'unknown' as const } : node['items'] === false ? null : this.typeOf(node['items'], childCtx(ctx, 'items'));
      if (minItems === undefined || node['items'] === undefined) {
        this.state.warn('open-tuple', ctx, '`prefixItems` without `minItems` and `items: false`: every element is optional and more may follow');
      }
      return { kind: 'tuple', items, minItems: Math.min(minItems ?? 0, items.length), rest };
    }
    const items = node['items'] === undefined ? ({ kind: 'unknown' } as IRType) : this.typeOf(node['items'], childCtx(ctx, 'items'));
    const out: { kind: 'array'; items: IRType; minItems?: number; maxItems?: number } = { kind: 'array', items };
    if (minItems !== undefined) out.minItems = minItems;
    if (maxItems !== undefined) out.maxItems = maxItems;
    return out;
  }

  private objectType(alt: Alt, ctx: Ctx): IRType {
    const decls = this.state.declarations;
    const baseProps = alt.refs.map((r) => this.declaredProps(r));
    const properties: IRProperty[] = [];
    for (const [name, srcs] of alt.props) {
      const propCtx = srcs.length === 1 ? { ...srcs[0]!.ctx, hint: ctx.hint + (name === 'd' ? 'Data' : pascalCase(name)) } : childCtx(ctx, 'properties', name);
      let type = this.typeOfAll(srcs, propCtx);
      let required = alt.required.has(name);
      for (const props of baseProps) {
        const baseProp = props?.get(name);
        if (baseProp) {
          required ||= baseProp.required;
          type = intersectRefining(baseProp.type, type, decls);
        }
      }
      const doc = srcs.reduce<Doc>((d, s) => ({ ...docOf(s.node), ...d }), {});
      properties.push({ name, type, required, doc });
    }
    for (const name of alt.required) {
      if (alt.props.has(name)) continue;
      if (baseProps.some((props) => props?.has(name))) continue;
      if (alt.refs.length > 0 && baseProps.some((p) => p === null)) continue;
      this.state.warn('required-undefined', ctx, `\`required\` names ${name}, which no \`properties\` defines; typed as unknown`);
      properties.push({ name, type: { kind: 'unknown' }, required: true, doc: {} });
    }
    let additional: IRType | null = null;
    let object: IRType;
    const extra = alt.additional.filter((s) => !isTrivial(s.node));
    if (alt.props.size === 0 && (extra.length > 0 || alt.propertyNames.length > 0) && !alt.additional.some((s) => s.node === false)) {
      const key = alt.propertyNames.length > 0 ? this.typeOfAll(alt.propertyNames, alt.propertyNames[0]!.ctx) : ({ kind: 'string' } as IRType);
      const value = extra.length > 0 ? this.typeOfAll(extra, extra[0]!.ctx) : ({ kind: 'unknown' } as IRType);
      object = { kind: 'record', key, value };
    } else {
      if (alt.additional.some((s) => s.node === false)) additional = { kind: 'never' };
      else if (extra.length > 0) additional = this.typeOfAll(extra, extra[0]!.ctx);
      object = { kind: 'object', properties, additional };
    }
    if (alt.refs.length === 0) return this.withNots(object, alt);
    const members: IRType[] = alt.refs.map((name) => ({ kind: 'ref', name }) as IRType);
    if (object.kind !== 'object' || object.properties.length > 0 || object.additional !== null) members.push(object);
    return this.withNots(intersection(members, decls), alt);
  }

  /** The type of several schemas that must all hold (a property merged from several sources). */
  private typeOfAll(srcs: readonly Src[], ctx: Ctx): IRType {
    const relevant = srcs.filter((s) => !isTrivial(s.node));
    if (relevant.length === 0) return { kind: 'unknown' };
    if (relevant.length === 1) return this.typeOf(relevant[0]!.node, ctx.key === relevant[0]!.ctx.key ? ctx : { ...relevant[0]!.ctx, hint: ctx.hint });
    const simple = relevant.every((s) => isObject(s.node) && structuralKeys(s.node).every((k) => k === 'type' || k === 'enum' || k === 'const'));
    if (simple) {
      let types: Set<string> | null = null;
      let values: Json[] | null = null;
      for (const s of relevant) {
        const n = s.node as JsonObject;
        types = intersectTypes(types, typeList(n));
        if (Array.isArray(n['enum'])) values = intersectValues(values, n['enum'] as Json[]);
        if ('const' in n) values = intersectValues(values, [n['const'] as Json]);
      }
      const merged: JsonObject = {};
      if (types) merged['type'] = [...types];
      if (values) merged['enum'] = values;
      return this.typeOf(merged, ctx);
    }
    if (relevant.every((s) => sameJson(s.node, relevant[0]!.node))) return this.typeOf(relevant[0]!.node, relevant[0]!.ctx);
    return this.typeOf({ allOf: relevant.map((s) => s.node) }, ctx);
  }
}
