/**
 * Questions emitters (and the resolver) ask of the IR, answered once: which declarations a type
 * mentions (`refsOf`, `declRefs`), a type viewed as an object (`objectView`, `objectProps`), the
 * literal values a type allows (`literalValues`), whether a record key has finitely many values
 * (`isFiniteKey`), and the order in which declarations can be defined (`dependencyOrder`); also the
 * literal a property is fixed to (`propertyLiteral`), the base of a referenced enum (`enumBase`) and
 * whether a type is a bare keyword (`isKeywordType`). Each reads only the IR.
 */
import type { IR, IRDeclaration, IRProperty, IRType, Literal } from './ir.js';

/** Every declaration name a type mentions. */
export function refsOf(type: IRType, out = new Set<string>()): Set<string> {
  switch (type.kind) {
    case 'ref':
      out.add(type.name);
      break;
    case 'array':
      refsOf(type.items, out);
      break;
    case 'tuple':
      for (const i of type.items) refsOf(i.type, out);
      if (type.rest) refsOf(type.rest, out);
      break;
    case 'object':
      for (const p of type.properties) refsOf(p.type, out);
      if (type.additional) refsOf(type.additional, out);
      break;
    case 'record':
      refsOf(type.key, out);
      refsOf(type.value, out);
      break;
    case 'union':
    case 'intersection':
      for (const m of type.members) refsOf(m, out);
      break;
    case 'not':
      refsOf(type.base, out);
      refsOf(type.not, out);
      break;
    default:
      break;
  }
  return out;
}

/** Declarations a declaration depends on directly. */
export function declRefs(decl: IRDeclaration): Set<string> {
  const body = decl.body;
  if (body.kind === 'type') return refsOf(body.type);
  if (body.kind === 'derived') return new Set([body.base]);
  return new Set();
}

/** A type seen as one object: its properties in schema order, and what other keys hold (null: not said). */
export interface ObjectView {
  readonly properties: readonly IRProperty[];
  readonly additional: IRType | null;
}

/** An object view with its properties by name (the form the resolver and emitters look keys up in). */
interface KeyedView {
  readonly props: Map<string, IRProperty>;
  readonly additional: IRType | null;
}

function keyedView(type: IRType, decls: ReadonlyMap<string, IRDeclaration>, seen: Set<string>): KeyedView | null {
  switch (type.kind) {
    case 'object':
      return { props: new Map(type.properties.map((p) => [p.name, p])), additional: type.additional };
    case 'ref': {
      const d = decls.get(type.name);
      if (!d || seen.has(type.name)) return null;
      seen.add(type.name);
      try {
        if (d.body.kind === 'type') return keyedView(d.body.type, decls, seen);
        if (d.body.kind !== 'derived') return null;
        const base = keyedView({ kind: 'ref', name: d.body.base }, decls, seen);
        if (base === null) return null;
        const required = new Set(d.body.required);
        for (const [k, p] of base.props) base.props.set(k, { ...p, required: required.has(k) });
        return base;
      } finally {
        seen.delete(type.name);
      }
    }
    case 'intersection': {
      const props = new Map<string, IRProperty>();
      let additional: IRType | null = null;
      for (const m of type.members) {
        const view = keyedView(m, decls, seen);
        if (view === null) return null;
        for (const [k, p] of view.props) {
          const prev = props.get(k);
          props.set(k, prev ? { ...p, required: prev.required || p.required } : p);
        }
        if (view.additional !== null) additional = view.additional;
      }
      return { props, additional };
    }
    default:
      return null;
  }
}

/**
 * A type viewed as one object, through refs, derived partials (`Partial<T> & Required<Pick<T, …>>`)
 * and intersections, or null when it is not one (a union, a primitive, a cycle of aliases). In an
 * intersection a property keeps its first position, takes the last member's type and is required if
 * any member requires it; `additional` is the last member's that says one.
 */
export function objectView(type: IRType, decls: ReadonlyMap<string, IRDeclaration>): ObjectView | null {
  if (type.kind === 'object') return type;
  const view = keyedView(type, decls, new Set());
  return view && { properties: [...view.props.values()], additional: view.additional };
}

/** {@link objectView}'s properties by name, or null when the type is not an object. */
export function objectProps(type: IRType, decls: ReadonlyMap<string, IRDeclaration>): Map<string, IRProperty> | null {
  return keyedView(type, decls, new Set())?.props ?? null;
}

/** Declarations by name. */
export function declarationsByName(ir: IR): Map<string, IRDeclaration> {
  return new Map(ir.declarations.map((d) => [d.name, d]));
}

/** Whether a record key has finitely many values (literals, enums, unions of them), so every key is spelled out. */
export function isFiniteKey(key: IRType, decls: ReadonlyMap<string, IRDeclaration>): boolean {
  if (key.kind === 'literal') return true;
  if (key.kind === 'union') return key.members.every((m) => isFiniteKey(m, decls));
  if (key.kind === 'ref') {
    const d = decls.get(key.name);
    if (!d) return false;
    if (d.body.kind === 'enum') return true;
    if (d.body.kind === 'type') return isFiniteKey(d.body.type, decls);
  }
  return false;
}

/** Dependency order (Tarjan's SCCs, dependencies first; ties by name for determinism). */
export function dependencyOrder(ir: IR): IRDeclaration[] {
  const decls = declarationsByName(ir);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: IRDeclaration[] = [];
  let counter = 0;
  const visit = (name: string): void => {
    index.set(name, counter);
    low.set(name, counter);
    counter++;
    stack.push(name);
    onStack.add(name);
    for (const dep of [...declRefs(decls.get(name)!)].sort()) {
      if (!decls.has(dep)) continue;
      if (!index.has(dep)) {
        visit(dep);
        low.set(name, Math.min(low.get(name)!, low.get(dep)!));
      } else if (onStack.has(dep)) {
        low.set(name, Math.min(low.get(name)!, index.get(dep)!));
      }
    }
    if (low.get(name) === index.get(name)) {
      const scc: string[] = [];
      let top: string;
      do {
        top = stack.pop()!;
        onStack.delete(top);
        scc.push(top);
      } while (top !== name);
      for (const n of scc.sort()) out.push(decls.get(n)!);
    }
  };
  for (const d of ir.declarations) if (!index.has(d.name)) visit(d.name);
  return out;
}

/** The literal values a type allows when it is a literal or a union of literals only, else null. */
export function literalValues(type: IRType): Literal[] | null {
  if (type.kind === 'literal') return [type.value];
  if (type.kind === 'union' && type.members.every((m) => m.kind === 'literal')) return type.members.map((m) => (m as { value: Literal }).value);
  return null;
}

/**
 * The one literal value property `name` is fixed to in the object `type` amounts to (through refs,
 * derived partials and intersections, as {@link objectView} sees it; the property's own type may be
 * an alias of the literal), or undefined when the property is missing or allows anything else: the
 * value a discriminated union selects a member by.
 */
export function propertyLiteral(type: IRType, name: string, decls: ReadonlyMap<string, IRDeclaration>): Literal | undefined {
  let t = objectProps(type, decls)?.get(name)?.type;
  const seen = new Set<string>();
  while (t?.kind === 'ref' && !seen.has(t.name)) {
    seen.add(t.name);
    const body = decls.get(t.name)?.body;
    t = body?.kind === 'type' ? body.type : undefined;
  }
  return t?.kind === 'literal' ? t.value : undefined;
}

/** The base of the enum `type` refers to, or null when it is not a reference to an enum. */
export function enumBase(type: IRType, decls: ReadonlyMap<string, IRDeclaration>): 'string' | 'integer' | 'number' | null {
  if (type.kind !== 'ref') return null;
  const body = decls.get(type.name)?.body;
  return body?.kind === 'enum' ? body.base : null;
}

/** A type that carries nothing beyond its kind, as far as a type annotation can say: its kind is its TypeScript keyword. */
export type KeywordType = Extract<IRType, { kind: 'unknown' | 'never' | 'string' | 'number' | 'boolean' | 'null' }>;

const KEYWORD_KINDS: ReadonlySet<IRType['kind']> = new Set(['unknown', 'never', 'string', 'number', 'boolean', 'null']);

/** Whether `type` prints as the TypeScript keyword of its kind (constraints such as `minLength` have no type-level form). */
export function isKeywordType(type: IRType): type is KeywordType {
  return KEYWORD_KINDS.has(type.kind);
}
