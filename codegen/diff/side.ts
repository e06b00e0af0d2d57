/**
 * One version of the schemas as the diff sees it: the IR plus the lookups every later step needs
 * (declarations by name, what a reference stands for, which events reach a declaration).
 */
import type { IR, IRDeclaration, IRFrame, IRProperty, IRType } from '../ir.js';
import { declRefs } from '../ir-query.js';

/** The name a frame goes by in reports: its dispatch name, or its direction and opcode. */
export function eventKey(frame: IRFrame): string {
  return frame.t ?? `${frame.direction} op ${frame.op}`;
}

/** A frame's name without our `Gateway` prefix, so upstream `Hello` and our `GatewayHello` compare equal. */
export function frameBaseName(frame: IRFrame): string {
  return frame.name.replace(/^Gateway/, '');
}

export interface ObjectView {
  readonly properties: readonly IRProperty[];
  readonly additional: IRType | null;
}

export class DiffSideIndex {
  readonly decls: ReadonlyMap<string, IRDeclaration>;
  /** Declaration name → the events whose frames reach it. */
  private readonly eventsByDecl = new Map<string, Set<string>>();
  /** Declaration name → which directions of frames reach it. */
  private readonly directionsByDecl = new Map<string, Set<'receive' | 'send'>>();
  private readonly viewCache = new Map<string, ObjectView | null>();
  /** Intersections are checked over and over by the example search: their merged view is kept per node. */
  private readonly intersectionViews = new WeakMap<IRType, ObjectView | null>();

  constructor(readonly ir: IR) {
    this.decls = new Map(ir.declarations.map((d) => [d.name, d]));
    for (const frame of ir.frames) {
      const key = eventKey(frame);
      for (const name of this.closure(frame.name)) {
        let events = this.eventsByDecl.get(name);
        if (!events) this.eventsByDecl.set(name, (events = new Set()));
        events.add(key);
        let dirs = this.directionsByDecl.get(name);
        if (!dirs) this.directionsByDecl.set(name, (dirs = new Set()));
        dirs.add(frame.direction);
      }
    }
  }

  /** Every declaration reachable from `start` through references (including `start`). */
  private closure(start: string): Set<string> {
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (seen.has(name)) continue;
      const decl = this.decls.get(name);
      if (!decl) continue;
      seen.add(name);
      stack.push(...declRefs(decl));
    }
    return seen;
  }

  eventsReaching(name: string | null): readonly string[] {
    return name === null ? [] : [...(this.eventsByDecl.get(name) ?? [])];
  }

  directionsReaching(name: string | null): ReadonlySet<'receive' | 'send'> {
    return (name !== null && this.directionsByDecl.get(name)) || new Set();
  }

  /**
   * What a reference stands for as a type: an enum is the union of its values, a bitfield its base
   * type, a derived partial its object view. Non-references are returned as they are.
   */
  deref(type: IRType): IRType {
    if (type.kind !== 'ref') return type;
    const decl = this.decls.get(type.name);
    if (!decl) return { kind: 'unknown' };
    return declarationType(this, decl);
  }

  /** The properties of an object, a reference to one, a derived partial or an intersection of those. */
  objectView(type: IRType, depth = 0): ObjectView | null {
    if (depth > 32) return null;
    switch (type.kind) {
      case 'object':
        return { properties: type.properties, additional: type.additional };
      case 'ref': {
        if (this.viewCache.has(type.name)) return this.viewCache.get(type.name)!;
        this.viewCache.set(type.name, null); // a cycle of aliases has no view
        const decl = this.decls.get(type.name);
        let view: ObjectView | null = null;
        if (decl?.body.kind === 'type') view = this.objectView(decl.body.type, depth + 1);
        else if (decl?.body.kind === 'derived') {
          const base = this.objectView({ kind: 'ref', name: decl.body.base }, depth + 1);
          const required = new Set(decl.body.required);
          if (base) view = { properties: base.properties.map((p) => ({ ...p, required: required.has(p.name) })), additional: base.additional };
        }
        this.viewCache.set(type.name, view);
        return view;
      }
      case 'intersection': {
        const cached = this.intersectionViews.get(type);
        if (cached !== undefined) return cached;
        const view = this.mergeIntersection(type, depth);
        this.intersectionViews.set(type, view);
        return view;
      }
      default:
        return null;
    }
  }

  private mergeIntersection(type: Extract<IRType, { kind: 'intersection' }>, depth: number): ObjectView | null {
    const merged = new Map<string, IRProperty>();
    let additional: IRType | null = null;
    for (const member of type.members) {
      const view = this.objectView(member, depth + 1);
      if (!view) return null;
      for (const p of view.properties) {
        const before = merged.get(p.name);
        merged.set(p.name, before ? { ...p, required: before.required || p.required } : p);
      }
      if (view.additional) additional = view.additional;
    }
    return { properties: [...merged.values()], additional };
  }
}

/** A declaration's body as a plain type (see `DiffSideIndex.deref`). */
export function declarationType(side: DiffSideIndex, decl: IRDeclaration): IRType {
  const body = decl.body;
  switch (body.kind) {
    case 'type':
      return body.type;
    case 'enum':
      return { kind: 'union', members: body.members.map((m) => ({ kind: 'literal', value: m.value })) };
    case 'flags':
      return body.base === 'integer' ? { kind: 'number', integer: true } : { kind: 'string' };
    case 'derived': {
      const view = side.objectView({ kind: 'ref', name: decl.name });
      return view ? { kind: 'object', properties: view.properties, additional: view.additional } : { kind: 'unknown' };
    }
  }
}

/** A short TypeScript-like rendering of a type for reports (objects are summarised, not spelled out). */
export function typeText(type: IRType, depth = 0): string {
  switch (type.kind) {
    case 'unknown':
      return 'unknown';
    case 'never':
      return 'never';
    case 'string':
      return 'string';
    case 'number':
      return type.integer ? 'integer' : 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'literal':
      return JSON.stringify(type.value);
    case 'ref':
      return type.name;
    case 'array':
      return `${wrap(type.items, depth)}[]`;
    case 'tuple':
      return `[${type.items.map((i) => typeText(i.type, depth + 1)).join(', ')}${type.rest ? `, ...${typeText(type.rest, depth + 1)}[]` : ''}]`;
    case 'object':
      if (type.properties.length === 0) return '{}';
      if (depth > 0 || type.properties.length > 4) return `{ ${type.properties.length} field${type.properties.length === 1 ? '' : 's'} }`;
      return `{ ${type.properties.map((p) => `${p.name}${p.required ? '' : '?'}: ${typeText(p.type, depth + 1)}`).join('; ')} }`;
    case 'record':
      return `Record<${typeText(type.key, depth + 1)}, ${typeText(type.value, depth + 1)}>`;
    case 'union':
      return type.members.map((m) => wrap(m, depth)).join(' | ');
    case 'intersection':
      return type.members.map((m) => wrap(m, depth)).join(' & ');
    case 'not':
      return typeText(type.base, depth);
    case 'flags':
      return type.name;
  }
}

function wrap(type: IRType, depth: number): string {
  const text = typeText(type, depth + 1);
  return type.kind === 'union' || type.kind === 'intersection' ? `(${text})` : text;
}
