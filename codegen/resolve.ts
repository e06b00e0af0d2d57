/**
 * The dialect resolver: prepared schemas → IR.
 *
 * We implement the discord-docs `$ref` rule ourselves instead of handing the schemas to a generic
 * ref resolver (json-schema-to-typescript's @apidevtools/json-schema-ref-parser): that resolver
 * caches the first expansion of a target, so "siblings replace the target's keywords" holds or not
 * depending on walk order (13 of 37 sites in the 2023 snapshot), and it names types after URLs.
 *
 * The rules, in the order they apply to one schema node:
 * 1. `$ref` with no structural sibling → the target (a reference when the target is a declaration).
 *    `$ref` + `required` only → a named derived type `Partial<T> & Required<Pick<T, …>>`.
 *    `$ref` + other siblings → the target's keywords with the siblings replacing them.
 * 2. `allOf`/`anyOf`/`oneOf` + the node's own keywords are expanded into alternatives: the own
 *    keywords (properties, required, type, enum) apply to every branch, so a `required` lifted above
 *    the branches is pushed down into each. Contradictory alternatives (`op: 0` against `op: 1…11`)
 *    are dropped. A `$ref` inside `allOf` to a declared object stays a reference (an intersection),
 *    so `MESSAGE_CREATE`'s data is `APIMessage & {…}` and not a copy of every message field.
 * 3. Declarations: every file root, every `$defs` entry, every titled schema, every multi-value enum
 *    and `x-flags`, every object schema in a property position. Names come from `title`, or from
 *    the nearest named ancestor plus the path (`User` + `premium_type` → `UserPremiumType`).
 */
import type {
  Diagnostic,
  Doc,
  IR,
  IRDeclaration,
  IRDeclarationBody,
  IREnumMember,
  IRFrame,
  IRProperty,
  IRType,
  Literal,
} from './ir.js';
import { CodegenError, CodegenErrors, joinPointer } from './errors.js';
import { isObject, type Json, type JsonObject, type SchemaFile } from './load.js';
import { pascalCase } from './names.js';
import { ANNOTATION_KEYWORDS, type PreparedSchemas } from './prepare.js';

/** Where a node sits: identity for declarations, file + pointer for messages, and a name if it needs one. */
interface Ctx {
  /** Absolute URI of the node (`$id#pointer`), or a synthetic key for merged nodes. */
  readonly key: string;
  readonly file: string;
  readonly pointer: string;
  /** The name this node gets if it becomes a declaration. */
  readonly hint: string;
}

interface Src {
  readonly node: Json;
  readonly ctx: Ctx;
}

/** One alternative of an expanded composition: everything that must hold at once. */
interface Alt {
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

const STRUCTURAL_IGNORED = new Set([...ANNOTATION_KEYWORDS, '$id', '$schema', '$defs']);

function structuralKeys(node: JsonObject): string[] {
  return Object.keys(node).filter((k) => !STRUCTURAL_IGNORED.has(k));
}

function isTrivial(node: Json): boolean {
  return node === true || (isObject(node) && structuralKeys(node).length === 0);
}

function typeList(node: JsonObject): string[] | null {
  const t = node['type'];
  if (t === undefined) return null;
  return (Array.isArray(t) ? t : [t]) as string[];
}

/** Whether a schema describes an object without following references (nullable refs stay inline). */
function looksLikeObject(node: Json): boolean {
  if (!isObject(node)) return false;
  if (isObject(node['properties']) || (typeList(node)?.includes('object') ?? false)) return true;
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const list = node[keyword];
    if (Array.isArray(list) && list.some((m) => looksLikeObject(m))) return true;
  }
  return false;
}

function docOf(node: Json): Doc {
  if (!isObject(node)) return {};
  const doc: { description?: string; deprecated?: boolean; see?: string; undocumented?: boolean } = {};
  if (typeof node['description'] === 'string') doc.description = node['description'];
  if (node['deprecated'] === true) doc.deprecated = true;
  if (typeof node['x-see'] === 'string') doc.see = node['x-see'];
  if (node['x-undocumented'] === true) doc.undocumented = true;
  return doc;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function valueMatchesType(value: Json, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    default:
      return false;
  }
}

function intersectTypes(a: Set<string> | null, b: string[] | null): Set<string> | null {
  if (b === null) return a;
  const next = new Set<string>();
  for (const t of b) {
    if (a === null || a.has(t) || (t === 'integer' && a.has('number'))) next.add(t);
    else if (t === 'number' && a.has('integer')) next.add('integer');
  }
  return next;
}

function intersectValues(a: Json[] | null, b: Json[] | null): Json[] | null {
  if (b === null) return a;
  if (a === null) return b;
  return a.filter((v) => b.some((w) => sameJson(v, w)));
}

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

const MAX_ALTERNATIVES = 512;

class Resolver {
  private readonly byBase = new Map<string, SchemaFile>();
  private readonly declarations = new Map<string, IRDeclaration>();
  /** Declaration name by node key. */
  private readonly nameByKey = new Map<string, string>();
  /** Node key by declaration name. */
  private readonly keyByName = new Map<string, string>();
  /** Declarations whose body is being built (for cycles through `allOf`). */
  private readonly building = new Set<string>();
  /**
   * The `$ref`s followed since the last schema that is not itself a `$ref`, by target key, with
   * where each was written: a target met twice in this chain is an alias cycle (`a` → `a`, or
   * A → B → A across files), which describes no value and would otherwise recurse forever.
   */
  private aliasChain = new Map<string, Ctx>();
  /** Raw object sources of declared objects, to look up a base's property when intersecting. */
  readonly diagnostics: Diagnostic[] = [];
  readonly errors: CodegenError[] = [];

  constructor(private readonly files: readonly SchemaFile[]) {
    for (const f of files) this.byBase.set(f.id, f);
  }

  // ---------------------------------------------------------------- lookup and naming

  private fail(code: string, ctx: { file: string; pointer: string }, message: string): never {
    throw new CodegenError(code, ctx.file, ctx.pointer, message);
  }

  private warn(code: string, ctx: { file: string; pointer: string }, message: string): void {
    if (this.diagnostics.some((d) => d.code === code && d.file === ctx.file && d.pointer === ctx.pointer)) return;
    this.diagnostics.push({ level: 'warning', code, file: ctx.file, pointer: ctx.pointer, message });
  }

  /** The name of a file's root declaration. */
  rootName(file: SchemaFile): string {
    const path = new URL(file.id).pathname;
    if (path.endsWith('/events/receive.json')) return 'GatewayReceivePayload';
    if (path.endsWith('/events/send.json')) return 'GatewaySendPayload';
    const title = file.root['title'];
    if (typeof title === 'string') return title;
    const base = path.split('/').pop()!.replace(/\.json$/, '');
    return pascalCase(base);
  }

  /** Name segment a pointer step contributes (`properties` adds nothing, `d` reads as `Data`). */
  private static segmentName(parentKeyword: string | null, segment: string): string {
    if (parentKeyword === 'properties') return segment === 'd' ? 'Data' : pascalCase(segment);
    if (parentKeyword === '$defs') return pascalCase(segment);
    if (parentKeyword === 'prefixItems') return `Item${segment}`;
    if (parentKeyword === 'allOf' || parentKeyword === 'anyOf' || parentKeyword === 'oneOf') return `Variant${segment}`;
    return '';
  }

  private childCtx(parent: Ctx, keyword: string, segment?: string | number, hintOverride?: string): Ctx {
    const pointer = segment === undefined ? joinPointer(parent.pointer, keyword) : joinPointer(parent.pointer, keyword, segment);
    const key = segment === undefined ? joinPointer(parent.key, keyword) : joinPointer(parent.key, keyword, segment);
    let hint = hintOverride;
    if (hint === undefined) {
      if (segment === undefined) {
        hint = parent.hint + (keyword === 'items' ? 'Item' : keyword === 'additionalProperties' ? 'Value' : keyword === 'propertyNames' ? 'Key' : '');
      } else {
        hint = parent.hint + Resolver.segmentName(keyword, String(segment));
      }
    }
    return { key, file: parent.file, pointer, hint };
  }

  /** Resolves an absolute `$ref` to its node and a context with the name that position gets. */
  deref(ref: string, from: Ctx): Src {
    const hash = ref.indexOf('#');
    const base = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : decodeURIComponent(ref.slice(hash + 1));
    const file = this.byBase.get(base);
    if (!file) this.fail('CODEGEN_BROKEN_REF', from, `\`$ref\` ${ref} names no schema file (no file has that \`$id\`)`);
    if (fragment !== '' && !fragment.startsWith('/')) this.fail('CODEGEN_BROKEN_REF', from, `\`$ref\` ${ref}: only JSON-pointer fragments are supported`);
    let node: Json = file.root;
    let ctx: Ctx = { key: `${file.id}#`, file: file.file, pointer: '', hint: this.rootName(file) };
    const parts = fragment === '' ? [] : fragment.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const container: Json = node;
      let next: Json | undefined;
      if (Array.isArray(container)) next = container[Number(part)];
      else if (isObject(container)) next = container[part];
      if (next === undefined) this.fail('CODEGEN_BROKEN_REF', from, `\`$ref\` ${ref}: nothing at ${fragment} in ${file.file}`);
      const prevKeyword = i > 0 ? parts[i - 1]! : null;
      const isSchemaStep = prevKeyword === 'properties' || prevKeyword === '$defs' || ['items', 'additionalProperties', 'propertyNames', 'not'].includes(part) || ['prefixItems', 'allOf', 'anyOf', 'oneOf'].includes(prevKeyword ?? '');
      const pointer = joinPointer(ctx.pointer, part);
      let hint = ctx.hint;
      if (isSchemaStep) {
        if (['items', 'additionalProperties', 'propertyNames', 'not'].includes(part) && prevKeyword !== 'properties' && prevKeyword !== '$defs') {
          hint += part === 'items' ? 'Item' : part === 'additionalProperties' ? 'Value' : part === 'propertyNames' ? 'Key' : '';
        } else {
          hint += prevKeyword === '$defs' && i === 1 ? '' : Resolver.segmentName(prevKeyword, part);
          if (prevKeyword === '$defs' && i === 1) hint = this.rootName(file) + pascalCase(part);
        }
      }
      if (isObject(next) && typeof next['title'] === 'string') hint = next['title'];
      ctx = { key: `${file.id}#${pointer}`, file: file.file, pointer, hint };
      node = next;
    }
    return { node, ctx };
  }

  /** Whether a node at this position becomes a declaration when referenced or met. */
  private isDeclarationPosition(node: Json, ctx: Ctx, viaRef: boolean): boolean {
    if (!isObject(node)) return false;
    if (ctx.pointer === '' || /^\/\$defs\/[^/]+$/.test(ctx.pointer)) return true;
    if (typeof node['title'] === 'string') return true;
    if ('x-flags' in node) return true;
    if (Array.isArray(node['enum']) && node['enum'].filter((v) => v !== null).length > 1) return true;
    if ('$ref' in node || !looksLikeObject(node)) return false;
    // Objects and unions get names when they sit at a property (or are referenced by pointer);
    // inline union branches stay anonymous.
    const last = ctx.pointer.split('/').slice(-2);
    return viaRef || last[0] === 'properties' || last[last.length - 1] === 'items' || last[last.length - 1] === 'additionalProperties';
  }

  private uniqueName(wanted: string, key: string, ctx: Ctx): string {
    const owner = this.keyByName.get(wanted);
    if (owner === undefined || owner === key) return wanted;
    // Two schemas, one name: never two declarations (or one renamed behind the user's back).
    this.fail('CODEGEN_NAME_CONFLICT', ctx, `would be named ${wanted}, which ${this.where(owner)} is already named; give one of them a distinct \`title\``);
  }

  /** `objects/user.json#/properties/x` for a node key (`https://…/user.json#/properties/x`). */
  private where(key: string): string {
    const hash = key.indexOf('#');
    const file = hash < 0 ? undefined : this.byBase.get(key.slice(0, hash));
    return file ? `${file.file}${key.slice(hash + 1) ? key.slice(hash) : ''}` : key;
  }

  /** Declares the node at `ctx` (once) and returns a reference to it. */
  private declare(node: JsonObject, ctx: Ctx, build: (name: string) => IRDeclarationBody): IRType {
    const existing = this.nameByKey.get(ctx.key);
    if (existing !== undefined) return { kind: 'ref', name: existing };
    const title = node['title'];
    if (typeof title === 'string') {
      const owner = this.keyByName.get(title);
      if (owner !== undefined && owner !== ctx.key) this.fail('CODEGEN_DUPLICATE_TITLE', ctx, `title ${title} is already used at ${this.where(owner)}`);
    }
    const name = this.uniqueName(typeof title === 'string' ? title : ctx.hint, ctx.key, ctx);
    this.nameByKey.set(ctx.key, name);
    this.keyByName.set(name, ctx.key);
    this.building.add(name);
    try {
      const body = build(name);
      this.declarations.set(name, { name, source: { file: ctx.file, pointer: ctx.pointer }, doc: docOf(node), body });
    } finally {
      this.building.delete(name);
    }
    return { kind: 'ref', name };
  }

  // ---------------------------------------------------------------- types

  /** The type of a node as seen from where it is used: a reference to a declaration, or inline. */
  typeOf(node: Json, ctx: Ctx, viaRef = false): IRType {
    if (node === true) return { kind: 'unknown' };
    if (node === false) return { kind: 'never' };
    if (!isObject(node)) this.fail('CODEGEN_BAD_SCHEMA', ctx, 'a schema must be an object or a boolean');
    if (typeof node['$ref'] === 'string') return this.refType(node, ctx);
    // Structure from here on: a `$ref` below this point starts a new alias chain.
    const chain = this.aliasChain;
    this.aliasChain = new Map();
    try {
      return this.structuralType(node, ctx, viaRef);
    } finally {
      this.aliasChain = chain;
    }
  }

  private structuralType(node: JsonObject, ctx: Ctx, viaRef: boolean): IRType {
    if (this.isDeclarationPosition(node, ctx, viaRef)) {
      const values = Array.isArray(node['enum']) ? (node['enum'] as Json[]) : null;
      const nullableEnum = values !== null && values.includes(null) && values.filter((v) => v !== null).length > 1;
      const ref = this.declare(node, ctx, (name) => this.declarationBody(node, ctx, name));
      return nullableEnum ? { kind: 'union', members: [ref, { kind: 'null' }] } : ref;
    }
    return this.inlineType(node, ctx);
  }

  private refType(node: JsonObject, ctx: Ctx): IRType {
    const target = this.deref(node['$ref'] as string, ctx);
    if (this.aliasChain.has(target.ctx.key)) {
      const places = [...this.aliasChain.values()].slice([...this.aliasChain.keys()].indexOf(target.ctx.key)).map((c) => `${c.file}#${c.pointer}`);
      this.fail(
        'CODEGEN_UNNAMEABLE_CYCLE',
        ctx,
        `\`$ref\`s refer to each other with no schema in between (${[...places, `${ctx.file}#${ctx.pointer}`].join(' → ')}), so they describe no value`,
      );
    }
    this.aliasChain.set(target.ctx.key, ctx);
    try {
      return this.followRef(node, ctx, target);
    } finally {
      this.aliasChain.delete(target.ctx.key);
    }
  }

  private followRef(node: JsonObject, ctx: Ctx, target: Src): IRType {
    const siblings = structuralKeys(node).filter((k) => k !== '$ref');
    const title = typeof node['title'] === 'string' ? node['title'] : undefined;
    if (siblings.length === 0) {
      const t = this.typeOf(target.node, target.ctx, true);
      // A titled bare reference names an alias of its target.
      return title === undefined ? t : this.declare(node, ctx, () => ({ kind: 'type', type: t }));
    }
    if (siblings.length === 1 && siblings[0] === 'required') {
      const base = this.typeOf(target.node, target.ctx, true);
      const required = node['required'] as string[];
      if (base.kind === 'ref') {
        const derived = this.derivedPartial(base.name, required, ctx, title);
        if (derived) {
          if (title === undefined || (derived.kind === 'ref' && derived.name === title)) return derived;
          return this.declare(node, ctx, () => ({ kind: 'type', type: derived }));
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

  /** Property names and required set of a declaration, when it is an object (or an object intersection). */
  objectInfo(name: string): { props: Map<string, IRProperty> } | null {
    const decl = this.declarations.get(name);
    if (!decl) return null;
    const body = decl.body;
    if (body.kind === 'derived') {
      const base = this.objectInfo(body.base);
      if (!base) return null;
      const props = new Map<string, IRProperty>();
      for (const [k, p] of base.props) props.set(k, { ...p, required: body.required.includes(k) });
      return { props };
    }
    if (body.kind !== 'type') return null;
    return this.objectInfoOfType(body.type);
  }

  objectInfoOfType(type: IRType): { props: Map<string, IRProperty> } | null {
    if (type.kind === 'object') return { props: new Map(type.properties.map((p) => [p.name, p])) };
    if (type.kind === 'ref') return this.objectInfo(type.name);
    if (type.kind === 'intersection') {
      const props = new Map<string, IRProperty>();
      for (const m of type.members) {
        const info = this.objectInfoOfType(m);
        if (!info) return null;
        for (const [k, p] of info.props) {
          const prev = props.get(k);
          props.set(k, prev ? { ...p, required: prev.required || p.required } : p);
        }
      }
      return { props };
    }
    return null;
  }

  private derivedPartial(base: string, required: readonly string[], ctx: Ctx, preferredName?: string): IRType | null {
    if (this.building.has(base)) return null;
    const info = this.objectInfo(base);
    if (!info) return null;
    const missing = required.filter((k) => !info.props.has(k));
    if (missing.length > 0) {
      this.warn('required-undefined', ctx, `\`required\` names ${missing.join(', ')}, which ${base} does not define`);
      return null;
    }
    const current = [...info.props.values()].filter((p) => p.required).map((p) => p.name);
    const sorted = [...required].sort();
    if (sameJson([...current].sort(), sorted)) return { kind: 'ref', name: base };
    const name = preferredName ?? `Partial${base}${sorted.length > 0 ? 'With' + sorted.map(pascalCase).join('') : ''}`;
    const key = `derived:${base}:${sorted.join(',')}`;
    const node: JsonObject = preferredName === undefined ? {} : { title: preferredName };
    return this.declare(node, { key, file: ctx.file, pointer: ctx.pointer, hint: name }, () => ({ kind: 'derived', base, required: sorted }));
  }

  private declarationBody(node: JsonObject, ctx: Ctx, name: string): IRDeclarationBody {
    if (isObject(node['x-flags'])) return this.flagsBody(node, ctx);
    const values = Array.isArray(node['enum']) ? (node['enum'] as Json[]).filter((v) => v !== null) : null;
    if (values !== null && values.length > 1) return this.enumBody(node, ctx, values);
    const hinted: Ctx = { ...ctx, hint: name };
    return { kind: 'type', type: this.inlineType(node, hinted) };
  }

  private membersFrom(node: JsonObject, ctx: Ctx, entries: [string, string | number][], derive: (value: string | number, key: string) => string): IREnumMember[] {
    const rows = Array.isArray(node['x-members']) ? (node['x-members'] as JsonObject[]) : null;
    const members: IREnumMember[] = [];
    const seen = new Set<string>();
    for (const [key, value] of entries) {
      const row = rows?.find((r) => (r['value'] !== undefined && sameJson(r['value'], value) && (rows.filter((x) => sameJson(x['value'], value)).length === 1 || r['name'] === key)));
      const name = row ? (row['name'] as string) : derive(value, key);
      if (seen.has(name)) this.fail('CODEGEN_DUPLICATE_MEMBER', ctx, `member name ${name} is used twice`);
      seen.add(name);
      const extra: Record<string, unknown> = {};
      if (row) for (const [k, v] of Object.entries(row)) if (!['name', 'value', 'description', 'deprecated', 'aliases'].includes(k)) extra[k] = v;
      const doc: { description?: string; deprecated?: boolean } = {};
      if (row && typeof row['description'] === 'string') doc.description = row['description'];
      if (row && row['deprecated'] === true) doc.deprecated = true;
      const aliases = row && Array.isArray(row['aliases']) ? (row['aliases'] as string[]) : [];
      members.push({ name, value, doc, aliases, extra });
    }
    if (rows) {
      for (const row of rows) {
        if (!entries.some(([, v]) => sameJson(v, row['value']))) {
          this.fail('CODEGEN_MEMBER_MISMATCH', { file: ctx.file, pointer: joinPointer(ctx.pointer, 'x-members') }, `row ${JSON.stringify(row['name'])} has value ${JSON.stringify(row['value'])}, which is not one of the schema's values`);
        }
      }
    }
    return members;
  }

  private enumBody(node: JsonObject, ctx: Ctx, values: Json[]): IRDeclarationBody {
    const strings = values.every((v) => typeof v === 'string');
    const integers = values.every((v) => typeof v === 'number' && Number.isInteger(v));
    const numbers = values.every((v) => typeof v === 'number');
    if (!strings && !numbers) this.fail('CODEGEN_MIXED_ENUM', ctx, 'a multi-value `enum` must hold only strings or only numbers');
    const hasRows = Array.isArray(node['x-members']);
    const members = this.membersFrom(node, ctx, values.map((v) => [String(v), v as string | number]), (v) => (typeof v === 'string' ? pascalCase(v) : `Value${String(v).replace(/[^0-9]/g, '_')}`));
    const table = members.some((m) => Object.keys(m.extra).length > 0);
    return {
      kind: 'enum',
      base: strings ? 'string' : integers ? 'integer' : 'number',
      members,
      named: strings || hasRows,
      nullable: false,
      table,
    };
  }

  private flagsBody(node: JsonObject, ctx: Ctx): IRDeclarationBody {
    const flags = node['x-flags'] as JsonObject;
    let base: 'integer' | 'bigint-string' = typeList(node)?.includes('string') ? 'bigint-string' : 'integer';
    let entries: [string, string | number][] = Object.entries(flags).map(([k, v]) => [k, v as string | number]);
    // Tolerant: flag values of the other kind than `type` says (a misspelt `type`) are read in the
    // kind that holds them all, with a warning (an error under --strict).
    const mismatched = entries.find(([, v]) => (base === 'integer' ? typeof v !== 'number' : typeof v !== 'string'));
    if (mismatched) {
      const fitsInteger = entries.every(([, v]) => Number.isSafeInteger(Number(v)));
      const read = base === 'integer' && !fitsInteger ? 'bigint-string' : base;
      this.warn('bad-flag', { file: ctx.file, pointer: joinPointer(ctx.pointer, 'x-flags', mismatched[0]) }, `${base === 'integer' ? 'an integer bitfield needs integer flag values' : 'a string bitfield needs decimal-string flag values'}; read as ${read === 'integer' ? 'integers' : 'decimal strings'}`);
      base = read;
      entries = entries.map(([k, v]) => [k, base === 'integer' ? Number(v) : String(v)]);
    }
    const members = this.membersFrom(node, ctx, entries, (_v, key) => pascalCase(key));
    const table = members.some((m) => Object.keys(m.extra).length > 0);
    return { kind: 'flags', base, members, table };
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
    const alts = this.expand(node, ctx);
    const types = alts.map((alt, i) => this.altType(alt, alts.length > 1 ? this.childCtx(ctx, 'oneOf', i, ctx.hint + `Variant${i}`) : ctx));
    return this.union(types);
  }

  /** Expands a node into alternatives: own keywords × allOf members × one of the anyOf/oneOf branches. */
  private expand(node: Json, ctx: Ctx): Alt[] {
    if (node === true) return [emptyAlt()];
    if (node === false) return [];
    if (!isObject(node)) this.fail('CODEGEN_BAD_SCHEMA', ctx, 'a schema must be an object or a boolean');
    if (typeof node['$ref'] === 'string') {
      const t = this.refType(node, ctx);
      const alt = emptyAlt();
      if (t.kind !== 'ref') {
        alt.leaves.push({ node, ctx });
        return [alt];
      }
      // A declared union is expanded so that its branches can be narrowed by the own keywords
      // (base.json's anyOf against an event's `op`); anything else stays a reference (intersected
      // by name).
      const decl = this.declarations.get(t.name);
      const isUnion = decl?.body.kind === 'type' && decl.body.type.kind === 'union';
      const bare = structuralKeys(node).length === 1;
      if (isUnion && bare && !this.building.has(t.name)) {
        const target = this.deref(node['$ref'], ctx);
        return this.expand(target.node, target.ctx);
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
      for (const [k, sub] of Object.entries(node['properties'])) own.props.set(k, [{ node: sub, ctx: this.childCtx(ctx, 'properties', k) }]);
    }
    if (Array.isArray(node['required'])) for (const k of node['required'] as string[]) own.required.add(k);
    if (node['additionalProperties'] !== undefined) own.additional.push({ node: node['additionalProperties'], ctx: this.childCtx(ctx, 'additionalProperties') });
    if (node['propertyNames'] !== undefined) own.propertyNames.push({ node: node['propertyNames'], ctx: this.childCtx(ctx, 'propertyNames') });
    if (node['not'] !== undefined) own.nots.push({ node: node['not'], ctx: this.childCtx(ctx, 'not') });
    const leafKeys = ['items', 'prefixItems', 'minItems', 'maxItems', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum'];
    if (leafKeys.some((k) => k in node)) {
      const leaf: JsonObject = {};
      for (const k of [...leafKeys, 'type']) if (k in node) leaf[k] = node[k] as Json;
      own.leaves.push({ node: leaf, ctx });
    }

    let alts: Alt[] = [own];
    const cross = (branches: Alt[]): void => {
      const next: Alt[] = [];
      for (const a of alts) for (const b of branches) {
        const m = mergeAlts(a, b);
        if (!isContradictory(m)) next.push(m);
      }
      if (next.length > MAX_ALTERNATIVES) this.fail('CODEGEN_TOO_MANY_ALTERNATIVES', ctx, `this composition expands to more than ${MAX_ALTERNATIVES} alternatives`);
      alts = next;
    };
    if (Array.isArray(node['allOf'])) {
      (node['allOf'] as Json[]).forEach((m, i) => cross(this.expand(m, this.childCtx(ctx, 'allOf', i, ctx.hint))));
    }
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      if (Array.isArray(node[keyword])) {
        const branches = (node[keyword] as Json[]).flatMap((m, i) => this.expand(m, this.childCtx(ctx, keyword, i, ctx.hint)));
        cross(branches);
      }
    }
    return alts.filter((a) => !isContradictory(a));
  }

  /** Whether an alternative describes an object. */
  private static isObjectAlt(alt: Alt): boolean {
    if (alt.types !== null) return alt.types.has('object');
    return alt.props.size > 0 || alt.required.size > 0 || alt.additional.length > 0 || alt.propertyNames.length > 0;
  }

  private altType(alt: Alt, ctx: Ctx): IRType {
    const parts: IRType[] = [];
    const nonObjectTypes = alt.types ? [...alt.types].filter((t) => t !== 'object') : [];
    if (Resolver.isObjectAlt(alt)) {
      parts.push(this.objectType(alt, ctx));
      // `type: ["object", "null"]` and the like: the other types are further alternatives.
      for (const t of nonObjectTypes) parts.push(this.leafType({ type: t, ...(alt.values ? { enum: alt.values } : {}) }, alt, ctx));
      return this.union(parts);
    }
    if (alt.refs.length > 0 || alt.leaves.length > 0) {
      const members: IRType[] = alt.refs.map((name) => ({ kind: 'ref', name }) as IRType);
      for (const leaf of alt.leaves) members.push(this.leafType(leaf.node as JsonObject, alt, leaf.ctx));
      if (alt.values !== null || (alt.types !== null && alt.leaves.length === 0)) {
        const extra = this.leafType({ ...(alt.types ? { type: [...alt.types] } : {}), ...(alt.values ? { enum: alt.values } : {}) }, alt, ctx);
        if (extra.kind !== 'unknown') members.push(extra);
      }
      return this.withNots(this.intersection(members), alt);
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
      return this.union(allowed.map((v) => ({ kind: 'literal', value: v as Literal }) as IRType));
    }
    if (types === null) {
      if ('items' in node || 'prefixItems' in node) return this.arrayType(node, ctx);
      return { kind: 'unknown' };
    }
    return this.union(types.map((t) => this.primitive(t, node, ctx)));
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
        this.fail('CODEGEN_BAD_KEYWORD', ctx, `unknown type ${type}`);
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
        const type = this.typeOf(subNode as Json, this.childCtx(ctx, 'prefixItems', i));
        return label !== undefined ? { label, type } : { type };
      });
      const rest = node['items'] === undefined ? { kind: 'unknown' as const } : node['items'] === false ? null : this.typeOf(node['items'], this.childCtx(ctx, 'items'));
      if (minItems === undefined || node['items'] === undefined) {
        this.warn('open-tuple', ctx, '`prefixItems` without `minItems` and `items: false`: every element is optional and more may follow');
      }
      return { kind: 'tuple', items, minItems: Math.min(minItems ?? 0, items.length), rest };
    }
    const items = node['items'] === undefined ? ({ kind: 'unknown' } as IRType) : this.typeOf(node['items'], this.childCtx(ctx, 'items'));
    const out: { kind: 'array'; items: IRType; minItems?: number; maxItems?: number } = { kind: 'array', items };
    if (minItems !== undefined) out.minItems = minItems;
    if (maxItems !== undefined) out.maxItems = maxItems;
    return out;
  }

  private objectType(alt: Alt, ctx: Ctx): IRType {
    const baseInfo = alt.refs.map((r) => this.objectInfo(r));
    const properties: IRProperty[] = [];
    for (const [name, srcs] of alt.props) {
      const propCtx = srcs.length === 1 ? { ...srcs[0]!.ctx, hint: ctx.hint + (name === 'd' ? 'Data' : pascalCase(name)) } : this.childCtx(ctx, 'properties', name);
      let type = this.typeOfAll(srcs, propCtx);
      let required = alt.required.has(name);
      for (const info of baseInfo) {
        const baseProp = info?.props.get(name);
        if (baseProp) {
          required ||= baseProp.required;
          type = this.intersectIR(baseProp.type, type);
        }
      }
      const doc = srcs.reduce<Doc>((d, s) => ({ ...docOf(s.node), ...d }), {});
      properties.push({ name, type, required, doc });
    }
    for (const name of alt.required) {
      if (alt.props.has(name)) continue;
      if (baseInfo.some((info) => info?.props.has(name))) continue;
      if (alt.refs.length > 0 && baseInfo.some((i) => i === null)) continue;
      this.warn('required-undefined', ctx, `\`required\` names ${name}, which no \`properties\` defines; typed as unknown`);
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
    return this.withNots(this.intersection(members), alt);
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

  /** Intersection of two IR types where one usually refines the other. */
  private intersectIR(a: IRType, b: IRType): IRType {
    if (a.kind === 'unknown') return b;
    if (b.kind === 'unknown') return a;
    if (sameJson(a, b)) return b;
    if (b.kind === 'literal') return b;
    return this.intersection([a, b]);
  }

  private intersection(members: IRType[]): IRType {
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
        items: this.intersection(arrays.map((a) => a.items)),
        ...(mins.length > 0 ? { minItems: Math.max(...mins) } : {}),
        ...(maxs.length > 0 ? { maxItems: Math.min(...maxs) } : {}),
      };
      flat = [...flat.filter((m) => m.kind !== 'array'), merged];
    }
    // A declaration that already intersects another member (GatewayMessageMentionUser = APIUser & …) stands for both.
    flat = flat.filter((m) => !flat.some((o) => o !== m && this.includesRef(o, m)));
    if (flat.some((m) => m.kind === 'never')) return { kind: 'never' };
    if (flat.length === 0) return { kind: 'unknown' };
    if (flat.length === 1) return flat[0]!;
    return { kind: 'intersection', members: flat };
  }

  /** Whether `sub` is a declaration whose body intersects `sup` with more (every `sub` is a `sup`). */
  private includesRef(sub: IRType, sup: IRType): boolean {
    if (sub.kind !== 'ref' || sup.kind !== 'ref' || sub.name === sup.name) return false;
    const d = this.declarations.get(sub.name);
    return d?.body.kind === 'type' && d.body.type.kind === 'intersection' && d.body.type.members.some((m) => sameJson(m, sup));
  }

  union(members: IRType[]): IRType {
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

  // ---------------------------------------------------------------- driving

  /** Declares every root and `$defs` entry of every file, in file order. */
  resolveAll(): void {
    for (const file of this.files) {
      const rootCtx: Ctx = { key: `${file.id}#`, file: file.file, pointer: '', hint: this.rootName(file) };
      this.guard(() => this.typeOf(file.root, rootCtx, true), rootCtx);
      const defs = file.root['$defs'];
      if (isObject(defs)) {
        for (const key of Object.keys(defs)) {
          const target = this.deref(`${file.id}#/$defs/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, rootCtx);
          this.guard(() => this.typeOf(target.node, target.ctx, true), target.ctx);
        }
      }
    }
  }

  private guard(fn: () => void, ctx: Ctx): void {
    try {
      fn();
    } catch (error) {
      if (error instanceof CodegenError) this.errors.push(error);
      else throw error;
    }
  }

  /** Sets `discriminator` on every union whose members all carry a distinct required literal. */
  private discriminate(type: IRType): IRType {
    switch (type.kind) {
      case 'array':
        return { ...type, items: this.discriminate(type.items) };
      case 'tuple':
        return { ...type, items: type.items.map((i) => ({ ...i, type: this.discriminate(i.type) })), rest: type.rest && this.discriminate(type.rest) };
      case 'object':
        return { ...type, properties: type.properties.map((p) => ({ ...p, type: this.discriminate(p.type) })), additional: type.additional && this.discriminate(type.additional) };
      case 'record':
        return { ...type, key: this.discriminate(type.key), value: this.discriminate(type.value) };
      case 'intersection':
        return { ...type, members: type.members.map((m) => this.discriminate(m)) };
      case 'not':
        return { ...type, base: this.discriminate(type.base), not: this.discriminate(type.not) };
      case 'union': {
        const members = type.members.map((m) => this.discriminate(m));
        const discriminator = this.findDiscriminator(members);
        if (discriminator) return { kind: 'union', members, discriminator };
        const selector = this.findSelector(members);
        return selector ? { kind: 'union', members, selector } : { kind: 'union', members };
      }
      default:
        return type;
    }
  }

  private findDiscriminator(members: readonly IRType[]): string | undefined {
    if (members.length < 2) return undefined;
    const infos = members.map((m) => (m.kind === 'ref' || m.kind === 'object' || m.kind === 'intersection' ? this.objectInfoOfType(m) : null));
    if (infos.some((i) => i === null)) return undefined;
    const first = infos[0]!;
    const candidates = [...first.props.keys()].sort((a, b) => (a === 'type' ? -1 : b === 'type' ? 1 : a < b ? -1 : a > b ? 1 : 0));
    for (const key of candidates) {
      const values: Literal[] = [];
      let ok = true;
      for (const info of infos) {
        const p = info!.props.get(key);
        if (!p || !p.required) {
          ok = false;
          break;
        }
        const lits = p.type.kind === 'literal' ? [p.type.value] : p.type.kind === 'union' && p.type.members.every((m) => m.kind === 'literal') ? p.type.members.map((m) => (m as { value: Literal }).value) : null;
        if (!lits || lits.some((l) => values.includes(l))) {
          ok = false;
          break;
        }
        values.push(...lits);
      }
      if (ok) return key;
    }
    return undefined;
  }

  /**
   * A property every object member lists and some member requires as a literal, when no
   * discriminator exists: GUILD_CREATE's `unavailable` (`true` on the unavailable guild, an optional
   * boolean on the full one). Its value rules members out, which is what issue reporting needs (#11.10).
   */
  private findSelector(members: readonly IRType[]): string | undefined {
    if (members.length < 2) return undefined;
    const infos = members.map((m) => (m.kind === 'ref' || m.kind === 'object' || m.kind === 'intersection' ? this.objectInfoOfType(m) : null));
    if (infos.some((i) => i === null)) return undefined;
    const candidates = [...infos[0]!.props.keys()].sort((a, b) => (a === 'type' ? -1 : b === 'type' ? 1 : a < b ? -1 : a > b ? 1 : 0));
    const isLiteral = (t: IRType): boolean => t.kind === 'literal' || (t.kind === 'union' && t.members.every((m) => m.kind === 'literal'));
    const tags = (i: (typeof infos)[number], key: string): boolean => i!.props.get(key)!.required && isLiteral(i!.props.get(key)!.type);
    // The members that do not tag it leave it optional, so its absence selects them (a key every
    // member requires, such as the frames' `op`, `s` or `t`, is for the dispatch planner).
    return candidates.find(
      (key) => infos.every((i) => i!.props.has(key) && (tags(i, key) || !i!.props.get(key)!.required)) && infos.some((i) => tags(i, key)) && !infos.every((i) => tags(i, key)),
    );
  }

  private frames(): IRFrame[] {
    const frames: IRFrame[] = [];
    for (const direction of ['receive', 'send'] as const) {
      const file = this.files.find((f) => new URL(f.id).pathname.endsWith(`/events/${direction}.json`));
      if (!file) continue;
      const list = file.root['oneOf'] ?? file.root['anyOf'];
      if (!Array.isArray(list)) {
        this.errors.push(new CodegenError('CODEGEN_BAD_FRAMES', file.file, '', `events/${direction}.json must be a \`oneOf\` of \`$ref\`s to frames`));
        continue;
      }
      const keyword = file.root['oneOf'] !== undefined ? 'oneOf' : 'anyOf';
      list.forEach((entry, i) => {
        const pointer = `/${keyword}/${i}`;
        if (entry === false) return; // a repeated member, counted once (codegen/prepare.ts)
        if (!isObject(entry) || typeof entry['$ref'] !== 'string') {
          this.warn('frame-skipped', { file: file.file, pointer }, 'every member must be a `$ref` to a frame; left out of the event maps');
          return;
        }
        const name = this.nameByKey.get(entry['$ref'].includes('#') ? entry['$ref'] : `${entry['$ref']}#`);
        const decl = name ? this.declarations.get(name) : undefined;
        const info = decl ? this.objectInfo(decl.name) : null;
        if (!decl || !info) {
          this.warn('frame-skipped', { file: file.file, pointer }, `${entry['$ref']} is not an object frame; left out of the event maps`);
          return;
        }
        const op = info.props.get('op');
        const t = info.props.get('t');
        const d = info.props.get('d');
        // Tolerant: a frame whose tag cannot be read (an `enum` misspelt upstream) stays in the
        // payload union's type but gets no place in the event maps (an error under --strict).
        if (!op || op.type.kind !== 'literal' || typeof op.type.value !== 'number') {
          this.warn('frame-skipped', { file: file.file, pointer }, `${decl.name} has no literal integer \`op\`; left out of the event maps`);
          return;
        }
        const tValue = t && t.type.kind === 'literal' ? t.type.value : null;
        if (op.type.value === 0 && typeof tValue !== 'string') {
          this.warn('frame-skipped', { file: file.file, pointer }, `${decl.name} is a dispatch without a literal \`t\`; left out of the event maps`);
          return;
        }
        const data = d ? d.type : ({ kind: 'unknown' } as IRType);
        frames.push({
          name: decl.name,
          direction,
          op: op.type.value,
          t: typeof tValue === 'string' ? tValue : null,
          data,
          dataName: data.kind === 'ref' ? data.name : null,
          command: direction === 'send' ? decl.name.replace(/^Gateway/, '') : null,
        });
      });
    }
    return frames;
  }

  /**
   * A declaration that is only an alias (through unions, intersections and other aliases) of itself
   * has no structure to name: `type A = A | null` cannot be written in TypeScript or validated.
   */
  private checkAliasCycles(): void {
    for (const decl of this.declarations.values()) {
      const seen = new Set<string>();
      const reaches = (type: IRType): boolean => {
        switch (type.kind) {
          case 'ref': {
            if (type.name === decl.name) return true;
            if (seen.has(type.name)) return false;
            seen.add(type.name);
            const target = this.declarations.get(type.name);
            if (!target) return false;
            if (target.body.kind === 'derived') return reaches({ kind: 'ref', name: target.body.base });
            return target.body.kind === 'type' && reaches(target.body.type);
          }
          case 'union':
          case 'intersection':
            return type.members.some(reaches);
          case 'not':
            return reaches(type.base);
          default:
            return false;
        }
      };
      const body = decl.body;
      const start: IRType | null = body.kind === 'type' ? body.type : body.kind === 'derived' ? { kind: 'ref', name: body.base } : null;
      if (start && reaches(start)) {
        this.errors.push(new CodegenError('CODEGEN_UNNAMEABLE_CYCLE', decl.source.file, decl.source.pointer, `${decl.name} refers to itself without any object or array in between, so it describes no value`));
      }
    }
  }

  finish(source: IR['source']): IR {
    this.checkAliasCycles();
    if (this.errors.length > 0) throw new CodegenErrors(this.errors);
    const frames = this.frames();
    if (this.errors.length > 0) throw new CodegenErrors(this.errors);
    const declarations = [...this.declarations.values()]
      .map((d) => (d.body.kind === 'type' ? { ...d, body: { kind: 'type' as const, type: this.discriminate(d.body.type) } } : d))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const byName = new Map(declarations.map((d) => [d.name, d]));
    return {
      source,
      declarations,
      frames: frames.map((f) => ({ ...f, data: f.dataName ? f.data : this.discriminate(f.data) })).filter((f) => byName.has(f.name)),
      diagnostics: [...this.diagnostics],
    };
  }
}

/** Builds the IR from prepared schemas. Throws `CodegenErrors` listing every problem found. */
export function resolveSchemas(prepared: PreparedSchemas, root: string): IR {
  const resolver = new Resolver(prepared.files);
  resolver.resolveAll();
  const ir = resolver.finish({ root, files: prepared.files.map((f) => f.file), patches: prepared.patches });
  return { ...ir, diagnostics: [...prepared.diagnostics, ...ir.diagnostics] };
}
