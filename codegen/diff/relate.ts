/**
 * Whether every value of one type is a value of another, across two versions of the schemas. The
 * answer decides whether a changed type was widened (old ⊂ new), narrowed (new ⊂ old), or changed
 * both ways. It is conservative: "no" when unsure, so an unknown relation reads as incompatible.
 */
import type { IRType } from '../ir.js';
import type { DiffSideIndex } from './side.js';

export type Relation = 'equivalent' | 'widened' | 'narrowed' | 'incompatible';

export class TypeRelation {
  /** Pairs being compared further up the stack: a recursive type is assumed to hold there. */
  private readonly active = new Set<string>();
  private readonly results = new Map<string, boolean>();

  constructor(
    private readonly a: DiffSideIndex,
    private readonly b: DiffSideIndex,
    /** Old declaration name → new declaration name, for declarations known to be the same. */
    private readonly same: ReadonlyMap<string, string>,
  ) {}

  relate(oldType: IRType, newType: IRType): Relation {
    const forward = this.sub(oldType, this.a, newType, this.b, 0);
    const backward = this.sub(newType, this.b, oldType, this.a, 0);
    if (forward && backward) return 'equivalent';
    if (forward) return 'widened';
    if (backward) return 'narrowed';
    return 'incompatible';
  }

  private sameDecl(x: string, xs: DiffSideIndex, y: string, ys: DiffSideIndex): boolean {
    if (xs === this.a && ys === this.b) return this.same.get(x) === y;
    if (xs === this.b && ys === this.a) return this.same.get(y) === x;
    return x === y;
  }

  /** Is every value of `x` (in `xs`) a value of `y` (in `ys`)? */
  private sub(x: IRType, xs: DiffSideIndex, y: IRType, ys: DiffSideIndex, depth: number): boolean {
    if (depth > 40) return false;
    if (y.kind === 'unknown' || x.kind === 'never') return true;
    if (x.kind === 'ref' && y.kind === 'ref') {
      if (this.sameDecl(x.name, xs, y.name, ys)) return true;
      const key = `${xs === this.a ? 'a' : 'b'}:${x.name}\u0000${y.name}`;
      if (this.active.has(key)) return true;
      const known = this.results.get(key);
      if (known !== undefined) return known;
      this.active.add(key);
      try {
        const result = this.sub(xs.deref(x), xs, ys.deref(y), ys, depth + 1);
        // Declarations are shared by many fields: each pair is decided once.
        this.results.set(key, result);
        return result;
      } finally {
        this.active.delete(key);
      }
    }
    if (x.kind === 'ref') return this.sub(xs.deref(x), xs, y, ys, depth + 1);
    if (x.kind === 'union') return x.members.every((m) => this.sub(m, xs, y, ys, depth + 1));
    if (y.kind === 'ref') return this.sub(x, xs, ys.deref(y), ys, depth + 1);
    if (y.kind === 'union') return y.members.some((m) => this.sub(x, xs, m, ys, depth + 1));
    if (x.kind === 'not') return this.sub(x.base, xs, y, ys, depth + 1);
    if (y.kind === 'not') return false;
    if (x.kind === 'intersection' || y.kind === 'intersection') {
      const xv = xs.objectView(x);
      const yv = ys.objectView(y);
      if (xv && yv) return this.subObject(xv.properties, xv.additional, xs, yv.properties, yv.additional, ys, depth);
      if (x.kind === 'intersection') return x.members.some((m) => this.sub(m, xs, y, ys, depth + 1));
      return false;
    }
    switch (x.kind) {
      case 'literal':
        if (y.kind === 'literal') return x.value === y.value;
        if (x.value === null) return y.kind === 'null';
        if (typeof x.value === 'string') return y.kind === 'string' && this.stringFits(x.value, y);
        if (typeof x.value === 'number') return y.kind === 'number' && (!y.integer || Number.isInteger(x.value)) && (y.minimum === undefined || x.value >= y.minimum) && (y.maximum === undefined || x.value <= y.maximum);
        return y.kind === 'boolean';
      case 'string':
        if (y.kind !== 'string') return false;
        return (
          (y.minLength === undefined || (x.minLength ?? 0) >= y.minLength) &&
          (y.maxLength === undefined || (x.maxLength !== undefined && x.maxLength <= y.maxLength)) &&
          (y.pattern === undefined || x.pattern === y.pattern)
        );
      case 'number':
        if (y.kind !== 'number') return false;
        return (
          (!y.integer || x.integer) &&
          (y.minimum === undefined || (x.minimum !== undefined && x.minimum >= y.minimum)) &&
          (y.maximum === undefined || (x.maximum !== undefined && x.maximum <= y.maximum))
        );
      case 'boolean':
      case 'null':
        return y.kind === x.kind;
      case 'array':
        if (y.kind !== 'array') return false;
        return (
          (y.minItems === undefined || (x.minItems ?? 0) >= y.minItems) &&
          (y.maxItems === undefined || (x.maxItems !== undefined && x.maxItems <= y.maxItems)) &&
          this.sub(x.items, xs, y.items, ys, depth + 1)
        );
      case 'tuple':
        if (y.kind === 'array') return [...x.items.map((i) => i.type), ...(x.rest ? [x.rest] : [])].every((t) => this.sub(t, xs, y.items, ys, depth + 1));
        if (y.kind !== 'tuple') return false;
        if (x.minItems < y.minItems) return false;
        if (y.rest === null && (x.rest !== null || x.items.length > y.items.length)) return false;
        return x.items.every((item, i) => {
          const target = i < y.items.length ? y.items[i]!.type : y.rest;
          return target !== null && this.sub(item.type, xs, target, ys, depth + 1);
        }) && (x.rest === null || y.rest === null || this.sub(x.rest, xs, y.rest, ys, depth + 1));
      case 'object':
        if (y.kind !== 'object') return false;
        return this.subObject(x.properties, x.additional, xs, y.properties, y.additional, ys, depth);
      case 'record':
        return y.kind === 'record' && this.sub(x.key, xs, y.key, ys, depth + 1) && this.sub(x.value, xs, y.value, ys, depth + 1);
      default:
        return false;
    }
  }

  private stringFits(value: string, y: Extract<IRType, { kind: 'string' }>): boolean {
    if (y.minLength !== undefined && value.length < y.minLength) return false;
    if (y.maxLength !== undefined && value.length > y.maxLength) return false;
    if (y.pattern !== undefined) {
      try {
        return new RegExp(y.pattern, 'u').test(value);
      } catch {
        return false;
      }
    }
    return true;
  }

  /** Structural: `y`'s required fields are required in `x`, and every field both know fits. */
  private subObject(
    xp: readonly { name: string; type: IRType; required: boolean }[],
    xAdd: IRType | null,
    xs: DiffSideIndex,
    yp: readonly { name: string; type: IRType; required: boolean }[],
    yAdd: IRType | null,
    ys: DiffSideIndex,
    depth: number,
  ): boolean {
    const xm = new Map(xp.map((p) => [p.name, p]));
    for (const p of yp) {
      const q = xm.get(p.name);
      if (!q) {
        if (p.required) return false;
        continue;
      }
      if (p.required && !q.required) return false;
      if (!this.sub(q.type, xs, p.type, ys, depth + 1)) return false;
    }
    if (yAdd !== null && yAdd.kind === 'never') {
      const yNames = new Set(yp.map((p) => p.name));
      if (xp.some((p) => !yNames.has(p.name)) || xAdd === null || xAdd.kind !== 'never') return false;
    }
    return true;
  }
}
