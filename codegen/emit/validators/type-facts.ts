/**
 * What the validator emitter needs to know about IR types, answered through refs: a declaration's
 * structural type, intersections merged into one object, which values a type can hold, its JS
 * kinds, the text an issue says it expected. Both the check code and the shape description are
 * built from these answers, so the two cannot disagree about a type.
 */
import type { IR, IRDeclaration, IRProperty, IRType, Literal } from '../../ir.js';
import { objectProps } from '../../ir-query.js';

export type ObjectType = Extract<IRType, { kind: 'object' }>;
export type UnionType = Extract<IRType, { kind: 'union' }>;

const PRIMITIVE_KINDS: ReadonlySet<IRType['kind']> = new Set(['unknown', 'never', 'string', 'number', 'boolean', 'null', 'literal']);

/**
 * A bitfield declaration checked as the primitive it is sent as: a non-negative integer, or a
 * string of digits. (The IR's reserved `flags` type is never built: a bitfield stays a `ref` to its
 * declaration, and this is that declaration's structural type.)
 */
export function bitfieldType(base: 'integer' | 'bigint-string'): IRType {
  return base === 'integer' ? { kind: 'number', integer: true, minimum: 0 } : { kind: 'string', pattern: '^[0-9]+$' };
}

export function bitfieldDescription(base: 'integer' | 'bigint-string'): string {
  return base === 'integer' ? 'non-negative integer bitfield' : 'bitfield as a decimal string';
}

/** Both `a` and `b`: arrays of each become an array of both; anything else an intersection. */
function mergeTypes(a: IRType, b: IRType): IRType {
  if (JSON.stringify(a) === JSON.stringify(b)) return a;
  if (a.kind === 'array' && b.kind === 'array' && a.minItems === undefined && a.maxItems === undefined && b.minItems === undefined && b.maxItems === undefined)
    return { kind: 'array', items: mergeTypes(a.items, b.items) };
  const members = [...(a.kind === 'intersection' ? a.members : [a]), ...(b.kind === 'intersection' ? b.members : [b])];
  return { kind: 'intersection', members };
}

export class TypeFacts {
  readonly decls = new Map<string, IRDeclaration>();
  private readonly undefMemo = new Map<string, boolean>();

  constructor(readonly ir: IR) {
    for (const d of ir.declarations) this.decls.set(d.name, d);
  }

  isPrimitive(t: IRType): boolean {
    return PRIMITIVE_KINDS.has(t.kind);
  }

  /** The structural type of a declaration's body. Enums become unions of literals, bitfields their primitive. */
  declType(d: IRDeclaration): IRType {
    const b = d.body;
    switch (b.kind) {
      case 'type':
        return this.normalize(b.type);
      case 'enum': {
        const members: IRType[] = b.members.map((m) => ({ kind: 'literal', value: m.value }));
        if (b.nullable) members.push({ kind: 'null' });
        if (members.length === 0) return { kind: 'never' };
        return members.length === 1 ? members[0]! : { kind: 'union', members };
      }
      case 'flags':
        return bitfieldType(b.base);
      case 'derived':
        return this.partialOf(b.base, new Set(b.required), new Set());
    }
  }

  /**
   * An intersection of objects becomes one object: a property in several members must satisfy each
   * of their types (merged the same way) and is required if any member requires it. Strict mode
   * then knows every key at every depth — checking each member strictly on its own would call the
   * keys the other member adds unknown.
   */
  normalize(t: IRType): IRType {
    if (t.kind !== 'intersection') return t;
    if (t.members.length === 0) return { kind: 'unknown' };
    const views: (readonly IRProperty[])[] = [];
    for (const m of t.members) {
      if (!this.listsEveryKey(m, new Set())) return t;
      const inner = m.kind === 'intersection' ? this.normalize(m) : null;
      const props = inner !== null ? (inner.kind === 'object' ? inner.properties : null) : objectProps(m, this.decls);
      if (props === null) return t;
      views.push([...props.values()]);
    }
    const props = new Map<string, IRProperty>();
    for (const v of views)
      for (const p of v) {
        const seen = props.get(p.name);
        props.set(p.name, seen === undefined ? p : { ...seen, required: seen.required || p.required, type: mergeTypes(seen.type, p.type) });
      }
    return { kind: 'object', properties: [...props.values()], additional: null };
  }

  /** Whether an object-like type (through refs, derived partials and intersections) declares no type for unlisted keys. */
  private listsEveryKey(t: IRType, seen: Set<string>): boolean {
    switch (t.kind) {
      case 'object':
        return t.additional === null;
      case 'ref': {
        const d = this.decls.get(t.name);
        if (!d || seen.has(t.name)) return false;
        seen.add(t.name);
        const r = d.body.kind === 'derived' ? this.listsEveryKey({ kind: 'ref', name: d.body.base }, seen) : d.body.kind === 'type' && this.listsEveryKey(d.body.type, seen);
        seen.delete(t.name);
        return r;
      }
      case 'intersection':
        return t.members.every((m) => this.listsEveryKey(m, seen));
      default:
        return false;
    }
  }

  /** `Partial<Base> & Required<Pick<Base, required>>` as a structural type. */
  private partialOf(base: string, required: ReadonlySet<string>, seen: Set<string>): IRType {
    const d = this.decls.get(base);
    if (!d || seen.has(base)) return { kind: 'unknown' };
    seen.add(base);
    try {
      const b = d.body;
      if (b.kind === 'derived') return this.partialOf(b.base, required, seen);
      if (b.kind !== 'type') return this.declType(d);
      return this.partialType(b.type, required, seen);
    } finally {
      seen.delete(base);
    }
  }

  private partialType(t: IRType, required: ReadonlySet<string>, seen: Set<string>): IRType {
    switch (t.kind) {
      case 'object':
        return { kind: 'object', properties: t.properties.map((p) => ({ ...p, required: required.has(p.name) })), additional: t.additional };
      case 'ref':
        return this.partialOf(t.name, required, seen);
      case 'union': {
        const members = t.members.map((m) => this.partialType(m, required, seen));
        return t.discriminator !== undefined && required.has(t.discriminator) ? { kind: 'union', members, discriminator: t.discriminator } : { kind: 'union', members };
      }
      case 'intersection':
        return { kind: 'intersection', members: t.members.map((m) => this.partialType(m, required, seen)) };
      default:
        return t;
    }
  }

  /** The set of property names an object-ish type knows at its own level; null when any key is allowed. */
  knownKeys(t: IRType, seen = new Set<string>()): Set<string> | null {
    switch (t.kind) {
      case 'object':
        return t.additional === null ? new Set(t.properties.map((p) => p.name)) : null;
      case 'ref': {
        const d = this.decls.get(t.name);
        if (!d || seen.has(t.name)) return null;
        seen.add(t.name);
        const r = this.knownKeys(this.declType(d), seen);
        seen.delete(t.name);
        return r;
      }
      case 'union':
      case 'intersection': {
        const all = new Set<string>();
        for (const m of t.members) {
          const k = this.knownKeys(m, seen);
          if (k === null) {
            if (this.isObjectish(m)) return null;
            continue;
          }
          for (const x of k) all.add(x);
        }
        return all;
      }
      case 'not':
        return this.knownKeys(t.base, seen);
      default:
        return new Set();
    }
  }

  isObjectish(t: IRType, seen = new Set<string>()): boolean {
    switch (t.kind) {
      case 'object':
      case 'record':
      case 'unknown':
        return true;
      case 'ref': {
        const d = this.decls.get(t.name);
        if (!d || seen.has(t.name)) return false;
        seen.add(t.name);
        return this.isObjectish(this.declType(d), seen);
      }
      case 'union':
      case 'intersection':
        return t.members.some((m) => this.isObjectish(m, seen));
      case 'not':
        return this.isObjectish(t.base, seen);
      default:
        return false;
    }
  }

  /** Whether a value of type `t` may be `undefined` (then a required key must be checked with `in`). */
  acceptsUndefined(t: IRType, seen = new Set<string>()): boolean {
    switch (t.kind) {
      case 'unknown':
        return true;
      case 'ref': {
        if (seen.has(t.name)) return false;
        const memo = this.undefMemo.get(t.name);
        if (memo !== undefined) return memo;
        const d = this.decls.get(t.name);
        if (!d) return false;
        seen.add(t.name);
        const r = this.acceptsUndefined(this.declType(d), seen);
        seen.delete(t.name);
        this.undefMemo.set(t.name, r);
        return r;
      }
      case 'union':
        return t.members.some((m) => this.acceptsUndefined(m, seen));
      case 'intersection':
        return t.members.every((m) => this.acceptsUndefined(m, seen));
      case 'not':
        return this.acceptsUndefined(t.base, seen) && !this.acceptsUndefined(t.not, seen);
      default:
        return false;
    }
  }

  /** A short description of what a type expects, for issues. */
  describe(t: IRType, depth = 0): string {
    switch (t.kind) {
      case 'unknown':
        return 'any value';
      case 'never':
        return 'nothing (no value is allowed)';
      case 'string': {
        const c: string[] = [];
        if (t.minLength !== undefined) c.push(`length >= ${t.minLength}`);
        if (t.maxLength !== undefined) c.push(`length <= ${t.maxLength}`);
        if (t.pattern !== undefined) c.push(`matching /${t.pattern}/`);
        return c.length ? `string (${c.join(', ')})` : 'string';
      }
      case 'number': {
        const c: string[] = [];
        if (t.minimum !== undefined) c.push(`>= ${t.minimum}`);
        if (t.maximum !== undefined) c.push(`<= ${t.maximum}`);
        const base = t.integer ? 'integer' : 'number';
        return c.length ? `${base} (${c.join(', ')})` : base;
      }
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'literal':
        return JSON.stringify(t.value);
      case 'ref': {
        const d = this.decls.get(t.name);
        if (d && depth < 2 && (d.body.kind === 'enum' || d.body.kind === 'flags')) return `${t.name} (${this.describeDeclaration(d, depth + 1)})`;
        return t.name;
      }
      case 'array':
        return `array of ${this.describe(t.items, depth + 1)}`;
      case 'tuple':
        return `tuple of ${t.items.length} items`;
      case 'object':
        return 'object';
      case 'record':
        return `object of ${this.describe(t.value, depth + 1)}`;
      case 'union': {
        const parts = t.members.map((m) => this.describe(m, depth + 1));
        const s = parts.join(' | ');
        return s.length > 200 ? `one of ${parts.length} kinds` : s;
      }
      case 'intersection':
        return t.members.map((m) => this.describe(m, depth + 1)).join(' & ');
      case 'not':
        return `${this.describe(t.base, depth + 1)} but not ${this.describe(t.not, depth + 1)}`;
      case 'flags':
        return bitfieldDescription(t.base);
    }
  }

  /** What a declaration's own body expects (a bitfield says so rather than spelling out its primitive). */
  describeDeclaration(d: IRDeclaration, depth = 0): string {
    return d.body.kind === 'flags' ? bitfieldDescription(d.body.base) : this.describe(this.declType(d), depth);
  }

  /** The "broad" JS kinds of a type: what `kindOf(x)` must be for it to have a chance; null when any. */
  broad(t: IRType, seen = new Set<string>()): Set<string> | null {
    switch (t.kind) {
      case 'string':
        return new Set(['string']);
      case 'number':
        return new Set(['number']);
      case 'boolean':
        return new Set(['boolean']);
      case 'null':
        return new Set(['null']);
      case 'literal':
        return new Set([t.value === null ? 'null' : typeof t.value]);
      case 'array':
      case 'tuple':
        return new Set(['array']);
      case 'object':
      case 'record':
        return new Set(['object']);
      case 'never':
        return new Set();
      case 'ref': {
        const d = this.decls.get(t.name);
        if (!d || seen.has(t.name)) return null;
        seen.add(t.name);
        const r = this.broad(this.declType(d), seen);
        seen.delete(t.name);
        return r;
      }
      case 'union': {
        const all = new Set<string>();
        for (const m of t.members) {
          const b = this.broad(m, seen);
          if (b === null) return null;
          for (const x of b) all.add(x);
        }
        return all;
      }
      case 'not':
        return this.broad(t.base, seen);
      default:
        return null;
    }
  }

  /** Whether a value of the right JS kind can still fail (literals, enums, patterns, bounds). */
  valueKind(t: IRType): boolean {
    switch (t.kind) {
      case 'literal':
        return true;
      case 'string':
        return t.minLength !== undefined || t.maxLength !== undefined || t.pattern !== undefined;
      case 'number':
        return t.minimum !== undefined || t.maximum !== undefined;
      case 'ref': {
        const d = this.decls.get(t.name);
        if (d === undefined || d.body.kind === 'derived') return false;
        return d.body.kind !== 'type' || this.valueKind(d.body.type);
      }
      default:
        return false;
    }
  }

  /**
   * The declaration a ref's check is written inline for (a snowflake, an enum, a bounded string),
   * with the primitive or enum type standing for it; null when the ref is checked by a call.
   */
  inlined(t: IRType): IRType | null {
    if (t.kind !== 'ref') return null;
    const d = this.decls.get(t.name);
    if (!d || d.body.kind === 'derived') return null;
    const inner = this.declType(d);
    if (inner.kind !== 'ref' && inner.kind !== 'union' && this.isPrimitive(inner)) return inner;
    if (d.body.kind === 'enum') return inner;
    return null;
  }

  /** The values of a literal, or of an enum declaration (through refs); null for anything else. */
  literalValues(t: IRType, seen = new Set<string>()): Literal[] | null {
    if (t.kind === 'literal') return [t.value];
    if (t.kind === 'null') return [null];
    if (t.kind === 'union') {
      const all: Literal[] = [];
      for (const m of t.members) {
        const vs = this.literalValues(m, seen);
        if (vs === null) return null;
        all.push(...vs);
      }
      return all;
    }
    if (t.kind === 'ref') {
      const d = this.decls.get(t.name);
      if (!d || d.body.kind !== 'enum' || seen.has(t.name)) return null;
      seen.add(t.name);
      return this.literalValues(this.declType(d), seen);
    }
    return null;
  }

  /** Required literal properties of an object member, resolved through refs and intersections. */
  literalProps(t: IRType, seen = new Set<string>()): Map<string, Literal> | null {
    switch (t.kind) {
      case 'object': {
        const m = new Map<string, Literal>();
        for (const p of t.properties) {
          if (!p.required) continue;
          const v = this.literalOf(p.type);
          if (v !== undefined) m.set(p.name, v);
        }
        return m;
      }
      case 'ref': {
        const d = this.decls.get(t.name);
        if (!d || seen.has(t.name)) return null;
        seen.add(t.name);
        const r = this.literalProps(this.declType(d), seen);
        seen.delete(t.name);
        return r;
      }
      case 'intersection': {
        let any = false;
        const m = new Map<string, Literal>();
        for (const x of t.members) {
          const r = this.literalProps(x, seen);
          if (r === null) continue;
          any = true;
          for (const [k, v] of r) m.set(k, v);
        }
        return any ? m : null;
      }
      default:
        return null;
    }
  }

  literalOf(t: IRType, seen = new Set<string>()): Literal | undefined {
    if (t.kind === 'literal') return t.value;
    if (t.kind === 'null') return null;
    if (t.kind === 'ref') {
      const d = this.decls.get(t.name);
      if (!d || seen.has(t.name)) return undefined;
      seen.add(t.name);
      return this.literalOf(this.declType(d), seen);
    }
    return undefined;
  }

  /** Property order of the first member, for choosing tags deterministically in schema order. */
  propertyOrder(t: IRType, seen = new Set<string>()): string[] {
    if (t.kind === 'object') return t.properties.map((p) => p.name);
    if (t.kind === 'ref') {
      const d = this.decls.get(t.name);
      if (!d || seen.has(t.name)) return [];
      seen.add(t.name);
      return this.propertyOrder(this.declType(d), seen);
    }
    if (t.kind === 'intersection') return t.members.flatMap((m) => this.propertyOrder(m, seen));
    return [];
  }
}
