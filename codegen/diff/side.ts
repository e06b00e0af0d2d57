/**
 * One version of the schemas as the diff sees it: the IR plus the lookups every later step needs
 * (declarations by name, what a reference stands for, which events reach a declaration).
 */
import type { IR, IRDeclaration, IRFrame, IRType } from '../ir.js';
import { declarationsByName, declRefs, isKeywordType, objectView, type ObjectView } from '../ir-query.js';

export type { ObjectView };

/** The name a frame goes by in reports: its dispatch name, or its direction and opcode. */
export function eventKey(frame: IRFrame): string {
  return frame.t ?? `${frame.direction} op ${frame.op}`;
}

/** A frame's name without our `Gateway` prefix, so upstream `Hello` and our `GatewayHello` compare equal. */
export function frameBaseName(frame: IRFrame): string {
  return frame.name.replace(/^Gateway/, '');
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
    this.decls = declarationsByName(ir);
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

  /**
   * The properties of an object, a reference to one, a derived partial or an intersection of those
   * (ir-query's view), kept per declaration and per intersection node: the example search asks for
   * the same ones over and over.
   */
  objectView(type: IRType): ObjectView | null {
    if (type.kind === 'object') return type;
    if (type.kind === 'ref') {
      let view = this.viewCache.get(type.name);
      if (view === undefined) this.viewCache.set(type.name, (view = objectView(type, this.decls)));
      return view;
    }
    if (type.kind !== 'intersection') return null;
    let view = this.intersectionViews.get(type);
    if (view === undefined) this.intersectionViews.set(type, (view = objectView(type, this.decls)));
    return view;
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
  if (type.kind === 'number' && type.integer) return 'integer';
  if (isKeywordType(type)) return type.kind;
  switch (type.kind) {
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
