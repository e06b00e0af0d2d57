/**
 * Emits generated/shapes.ts: where the string-typed fields of every gateway frame's `d` are, for ETF
 * normalisation (src/etf/normalize.ts). Discord's ETF encoder sends snowflakes (and possibly other
 * string-typed fields) as integers; knowing from the schemas which positions JSON gives as strings
 * lets the decoder turn those integers back into the exact strings JSON would have carried.
 *
 * The table is a graph of numbered nodes (recursion through refs is a back-reference), pruned to the
 * nodes that lead to a string, so it stays small and the runtime walks only the paths that matter:
 *
 * - `'s'` (always node 0): a string position: a number or bigint found here becomes its decimal text.
 * - `{ o: { key: node }, x?: node }`: an object; `x` applies to every key not listed (records).
 * - `{ a: node }`: an array whose items have that shape.
 * - `{ t: [node | -1, …], r?: node }`: a tuple (`-1`: nothing to convert at that index).
 * - `{ d: 'prop', m: { value: node } }`: a discriminated union, chosen by `String(value[prop])`.
 * - `{ u: [node, …], s?: 1 }`: an undiscriminated union, applied by the runtime type of the value
 *   (numbers are converted only with `s`, i.e. when no member of the union is itself numeric).
 */
import type { GeneratedFile, IR, IRDeclaration, IRType, Literal } from '../ir.js';
import { header } from './common.js';

/** Emit-time node: a graph with object identity; serialised after pruning. */
type Node =
  | { readonly k: 's' }
  /** Numeric: never converted; only used to detect `string | number` ambiguity in unions. */
  | { readonly k: 'n' }
  | { k: 'o'; p: Map<string, Node>; x: Node | null }
  | { k: 'a'; i: Node }
  | { k: 't'; items: (Node | null)[]; r: Node | null }
  | { k: 'd'; prop: string; m: Map<string, Node> }
  | { k: 'u'; members: Node[]; s: boolean }
  /** A declaration being built (recursion) or built: resolved through `target`. */
  | { k: 'ref'; name: string; target: Node | null };

const STRING: Node = { k: 's' };
const NUMBER: Node = { k: 'n' };

class ShapeBuilder {
  private readonly decls: Map<string, IRDeclaration>;
  private readonly built = new Map<string, { k: 'ref'; name: string; target: Node | null }>();

  constructor(ir: IR) {
    this.decls = new Map(ir.declarations.map((d) => [d.name, d]));
  }

  /** The node of a declaration (shared by every ref to it). */
  decl(name: string): Node | null {
    const existing = this.built.get(name);
    if (existing) return existing;
    const ref = { k: 'ref' as const, name, target: null as Node | null };
    this.built.set(name, ref);
    const decl = this.decls.get(name);
    if (decl) {
      const body = decl.body;
      switch (body.kind) {
        case 'type':
          ref.target = this.type(body.type);
          break;
        case 'enum':
          ref.target = body.base === 'string' ? null : NUMBER;
          break;
        case 'flags':
          ref.target = body.base === 'bigint-string' ? STRING : NUMBER;
          break;
        case 'derived':
          ref.target = this.decl(body.base);
          break;
      }
    }
    return ref;
  }

  type(t: IRType): Node | null {
    switch (t.kind) {
      case 'string':
        return STRING;
      case 'number':
        return NUMBER;
      case 'literal':
        return typeof t.value === 'number' ? NUMBER : null;
      case 'flags':
        return t.base === 'bigint-string' ? STRING : NUMBER;
      case 'ref':
        return this.decl(t.name);
      case 'array': {
        const items = this.type(t.items);
        return items ? { k: 'a', i: items } : null;
      }
      case 'tuple': {
        const items = t.items.map((i) => this.type(i.type));
        const rest = t.rest ? this.type(t.rest) : null;
        return { k: 't', items, r: rest };
      }
      case 'object': {
        const p = new Map<string, Node>();
        for (const prop of t.properties) {
          const n = this.type(prop.type);
          if (n) p.set(prop.name, n);
        }
        const x = t.additional && t.additional.kind !== 'never' ? this.type(t.additional) : null;
        return { k: 'o', p, x };
      }
      case 'record': {
        const value = this.type(t.value);
        return value ? { k: 'o', p: new Map(), x: value } : null;
      }
      case 'union':
        return this.union(t.members, t.discriminator);
      case 'intersection':
        return this.intersection(t.members);
      case 'not':
        return this.type(t.base);
      default:
        return null;
    }
  }

  private resolve(n: Node | null): Node | null {
    let cur = n;
    const seen = new Set<Node>();
    while (cur && cur.k === 'ref') {
      if (seen.has(cur)) return null;
      seen.add(cur);
      cur = cur.target;
    }
    return cur;
  }

  /** The literal value of `prop` in an object member (through refs), if it has one. */
  private literalOf(t: IRType, prop: string, depth = 0): Literal | undefined {
    if (depth > 20) return undefined;
    if (t.kind === 'ref') {
      const d = this.decls.get(t.name);
      if (!d) return undefined;
      if (d.body.kind === 'type') return this.literalOf(d.body.type, prop, depth + 1);
      if (d.body.kind === 'derived') return this.literalOf({ kind: 'ref', name: d.body.base }, prop, depth + 1);
      return undefined;
    }
    if (t.kind === 'object') {
      const p = t.properties.find((x) => x.name === prop);
      return p && p.type.kind === 'literal' ? p.type.value : undefined;
    }
    if (t.kind === 'intersection') {
      for (const m of t.members) {
        const v = this.literalOf(m, prop, depth + 1);
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }

  private union(members: readonly IRType[], discriminator: string | undefined): Node | null {
    if (discriminator) {
      const m = new Map<string, Node>();
      let complete = true;
      for (const member of members) {
        const value = this.literalOf(member, discriminator);
        if (value === undefined) {
          complete = false;
          break;
        }
        const n = this.type(member);
        if (n) m.set(String(value), n);
      }
      if (complete) return { k: 'd', prop: discriminator, m };
    }
    const nodes = members.map((m) => this.type(m)).filter((n): n is Node => n !== null);
    if (nodes.length === 0) return null;
    const resolved = nodes.map((n) => this.resolve(n));
    const hasString = resolved.some((n) => n?.k === 's');
    const hasNumber = resolved.some((n) => n?.k === 'n');
    const rest = nodes.filter((_, i) => resolved[i]?.k !== 's' && resolved[i]?.k !== 'n');
    if (rest.length === 0) return hasString ? (hasNumber ? NUMBER : STRING) : NUMBER;
    if (rest.length === 1 && !hasString) return rest[0]!;
    return { k: 'u', members: rest, s: hasString && !hasNumber };
  }

  private intersection(members: readonly IRType[]): Node | null {
    const nodes = members.map((m) => this.type(m)).filter((n): n is Node => n !== null);
    if (nodes.length === 0) return null;
    if (nodes.length === 1) return nodes[0]!;
    // Every member applies to the same value: an undiscriminated union of them does exactly that
    // for objects (each touches its own keys).
    const resolved = nodes.map((n) => this.resolve(n));
    const hasString = resolved.some((n) => n?.k === 's');
    return { k: 'u', members: nodes.filter((_, i) => resolved[i]?.k !== 's' && resolved[i]?.k !== 'n'), s: hasString };
  }
}

type Out =
  | 's'
  | { o: Record<string, number>; x?: number }
  | { a: number }
  | { t: number[]; r?: number }
  | { d: string; m: Record<string, number> }
  | { u: number[]; s?: 1 };

/** Serialises the useful part of the graph: node 0 is the string leaf. */
class Serializer {
  private readonly useful = new Map<Node, boolean>();
  readonly out: Out[] = ['s'];
  private readonly index = new Map<Node, number>([[STRING, 0]]);

  constructor(roots: readonly (Node | null)[]) {
    // Fixed point: a node is useful when it can reach the string leaf.
    const all = new Set<Node>();
    const visit = (n: Node | null) => {
      if (!n || all.has(n)) return;
      all.add(n);
      for (const c of children(n)) visit(c);
    };
    for (const r of roots) visit(r);
    for (const n of all) this.useful.set(n, n.k === 's');
    let changed = true;
    while (changed) {
      changed = false;
      for (const n of all) {
        if (this.useful.get(n)) continue;
        const yes = (n.k === 'u' && n.s) || children(n).some((c) => this.useful.get(c));
        if (yes) {
          this.useful.set(n, true);
          changed = true;
        }
      }
    }
  }

  isUseful(n: Node | null): n is Node {
    return n !== null && this.useful.get(n) === true;
  }

  id(n: Node): number {
    let cur: Node = n;
    while (cur.k === 'ref' && cur.target) cur = cur.target;
    const known = this.index.get(cur);
    if (known !== undefined) return known;
    const at = this.out.length;
    this.index.set(cur, at);
    this.out.push('s'); // placeholder while children are numbered (recursion comes back here)
    this.out[at] = this.render(cur);
    return at;
  }

  private render(n: Node): Out {
    switch (n.k) {
      case 'o': {
        const o: Record<string, number> = {};
        for (const [key, child] of n.p) if (this.isUseful(child)) o[key] = this.id(child);
        return this.isUseful(n.x) ? { o, x: this.id(n.x) } : { o };
      }
      case 'a':
        return { a: this.id(n.i) };
      case 't': {
        const t = n.items.map((c) => (this.isUseful(c) ? this.id(c) : -1));
        return this.isUseful(n.r) ? { t, r: this.id(n.r) } : { t };
      }
      case 'd': {
        const m: Record<string, number> = {};
        for (const [value, child] of n.m) if (this.isUseful(child)) m[value] = this.id(child);
        return { d: n.prop, m };
      }
      case 'u': {
        const u = n.members.filter((c) => this.isUseful(c)).map((c) => this.id(c));
        return n.s ? { u, s: 1 } : { u };
      }
      default:
        return 's';
    }
  }
}

function children(n: Node): Node[] {
  switch (n.k) {
    case 'o':
      return [...n.p.values(), ...(n.x ? [n.x] : [])];
    case 'a':
      return [n.i];
    case 't':
      return [...n.items.filter((c): c is Node => c !== null), ...(n.r ? [n.r] : [])];
    case 'd':
      return [...n.m.values()];
    case 'u':
      return n.members;
    case 'ref':
      return n.target ? [n.target] : [];
    default:
      return [];
  }
}

function rewrite(n: Out, map: (i: number) => number): Out {
  if (n === 's') return n;
  if ('o' in n) {
    const o: Record<string, number> = {};
    for (const [k, v] of Object.entries(n.o)) o[k] = map(v);
    return n.x === undefined ? { o } : { o, x: map(n.x) };
  }
  if ('a' in n) return { a: map(n.a) };
  if ('t' in n) {
    const t = n.t.map((i) => (i < 0 ? i : map(i)));
    return n.r === undefined ? { t } : { t, r: map(n.r) };
  }
  if ('d' in n) {
    const m: Record<string, number> = {};
    for (const [k, v] of Object.entries(n.m)) m[k] = map(v);
    return { d: n.d, m };
  }
  const u = n.u.map(map);
  return n.s ? { u, s: 1 } : { u };
}

/** Merges structurally identical nodes until none are left (the table shrinks by about half). */
function dedupe(nodes: Out[], roots: Record<string, number>[]): Out[] {
  let current = nodes;
  for (;;) {
    const first = new Map<string, number>();
    const canonical = current.map((n, i) => {
      const key = JSON.stringify(n);
      const seen = first.get(key);
      if (seen !== undefined) return seen;
      first.set(key, i);
      return i;
    });
    if (canonical.every((c, i) => c === i)) return current;
    const index: number[] = [];
    let next = 0;
    canonical.forEach((c, i) => {
      if (c === i) index[i] = next++;
    });
    const map = (i: number) => index[canonical[i]!]!;
    current = current.filter((_, i) => canonical[i] === i).map((n) => rewrite(n, map));
    for (const table of roots) for (const key of Object.keys(table)) table[key] = map(table[key]!);
  }
}

/** The shape table as a plain value (what generated/shapes.ts exports as `etfShapes`). */
export function buildShapes(ir: IR): {
  nodes: Out[];
  dispatch: Record<string, number>;
  receive: Record<string, number>;
  send: Record<string, number>;
} {
  const builder = new ShapeBuilder(ir);
  const frames = ir.frames.map((f) => ({ frame: f, node: builder.type(f.data) }));
  const serializer = new Serializer(frames.map((f) => f.node));
  const dispatch: Record<string, number> = {};
  const receive: Record<string, number> = {};
  const send: Record<string, number> = {};
  const sorted = [...frames].sort((a, b) => (a.frame.name < b.frame.name ? -1 : a.frame.name > b.frame.name ? 1 : 0));
  for (const { frame, node } of sorted) {
    if (!serializer.isUseful(node)) continue;
    const id = serializer.id(node);
    if (frame.direction === 'send') send[String(frame.op)] = id;
    else if (frame.t !== null) dispatch[frame.t] = id;
    else receive[String(frame.op)] = id;
  }
  const nodes = dedupe(serializer.out, [dispatch, receive, send]);
  return { nodes, dispatch, receive, send };
}

export function emitShapes(ir: IR): GeneratedFile[] {
  const table = buildShapes(ir);
  const nodes = table.nodes.map((n, i) => `  /* ${i} */ ${JSON.stringify(n)},`).join('\n');
  const contents =
    header(ir, 'Where string-typed fields sit in each frame\'s `d`, for ETF normalisation (see src/etf/normalize.ts).') +
    `/** One node of the shape graph; numbers are indices into \`nodes\` (node 0 is the string leaf). */
export type EtfShapeNode =
  | 's'
  | { readonly o: Readonly<Record<string, number>>; readonly x?: number }
  | { readonly a: number }
  | { readonly t: readonly number[]; readonly r?: number }
  | { readonly d: string; readonly m: Readonly<Record<string, number>> }
  | { readonly u: readonly number[]; readonly s?: 1 };

export interface EtfShapeTable {
  readonly nodes: readonly EtfShapeNode[];
  /** Dispatch name (\`t\`) → node of \`d\`. */
  readonly dispatch: Readonly<Record<string, number>>;
  /** Opcode of a non-dispatch receive frame → node of \`d\`. */
  readonly receive: Readonly<Record<string, number>>;
  /** Opcode of a send frame → node of \`d\`. */
  readonly send: Readonly<Record<string, number>>;
}

export const etfShapes: EtfShapeTable = {
  nodes: [
${nodes}
  ],
  dispatch: ${JSON.stringify(table.dispatch)},
  receive: ${JSON.stringify(table.receive)},
  send: ${JSON.stringify(table.send)},
};
`;
  return [{ path: 'shapes.ts', contents }];
}
