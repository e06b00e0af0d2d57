/**
 * Emits generated/shapes.ts: where the string-typed fields of every gateway frame's `d` are, for ETF
 * normalisation (src/etf/normalize.ts). Discord's ETF encoder sends snowflakes (and possibly other
 * string-typed fields) as integers; knowing from the schemas which positions JSON gives as strings
 * lets the decoder turn those integers back into the exact strings JSON would have carried.
 *
 * The table is a graph of numbered nodes (recursion through refs is a back-reference), pruned to the
 * nodes that lead to a string, so it stays small and the runtime walks only the paths that matter.
 * The file writes the nodes by name (a declaration's name, or a hash of an inline node's content)
 * and numbers them when it loads, so that a schema change shows up in its diff as the few nodes it
 * touches, not as every later node renumbered:
 *
 * - `'s'` (always node 0): a string position: a number or bigint found here becomes its decimal text.
 * - `{ o: { key: node }, x?: node }`: an object; `x` applies to every key not listed (records).
 * - `{ a: node }`: an array whose items have that shape.
 * - `{ t: [node | -1, …], r?: node }`: a tuple (`-1`: nothing to convert at that index).
 * - `{ d: 'prop', m: { value: node } }`: a discriminated union, chosen by `String(value[prop])`.
 * - `{ u: [node, …], s?: 1 }`: an undiscriminated union, applied by the runtime type of the value
 *   (numbers are converted only with `s`, i.e. when no member of the union is itself numeric).
 */
import type { GeneratedFile, IR, IRDeclaration, IRType } from '../ir.js';
import { CodegenOutputError } from '../errors.js';
import { declarationsByName, propertyLiteral } from '../ir-query.js';
import { createHash } from 'node:crypto';
import { indexShapes, type EtfShapeTable, type NamedShapeNode } from '../../src/etf/shape-table.js';
import { header } from './common.js';
import { inlinedBody, runtimeSource } from './runtime-source.js';
import { indentBlocks, key, printValue } from './layout.js';

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
    this.decls = declarationsByName(ir);
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

  private union(members: readonly IRType[], discriminator: string | undefined): Node | null {
    if (discriminator) {
      const m = new Map<string, Node>();
      let complete = true;
      for (const member of members) {
        const value = propertyLiteral(member, discriminator, this.decls);
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

/**
 * Serialises the useful part of the graph with stable names instead of positions: a declaration's
 * node is named after the declaration, an inline node after a hash of its content (children by
 * name), so a schema change renames only the nodes on the path to what changed. Structurally equal
 * inline nodes get the same hash and are stored once.
 */
class Serializer {
  private readonly useful = new Map<Node, boolean>();
  readonly named = new Map<string, NamedShapeNode>();
  private readonly names = new Map<Node, string>([[STRING, 's']]);

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

  name(n: Node): string {
    // A declaration that only stands for another (a derived partial, an alias) takes its target's name.
    let cur: Node = n;
    let owner: string | null = null;
    while (cur.k === 'ref' && cur.target) {
      owner = cur.name;
      cur = cur.target;
    }
    const known = this.names.get(cur);
    if (known !== undefined) return known;
    if (owner !== null) {
      // Named before its children are rendered, so recursion comes back to the name.
      this.names.set(cur, owner);
      this.named.set(owner, 's');
      this.named.set(owner, this.render(cur));
      return owner;
    }
    const out = this.render(cur);
    const text = JSON.stringify(out);
    const name = `#${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
    const previous = this.named.get(name);
    if (previous !== undefined && JSON.stringify(previous) !== text) throw new CodegenOutputError('CODEGEN_SHAPE_HASH_COLLISION', `two different shape nodes hash to ${name}`);
    this.names.set(cur, name);
    this.named.set(name, out);
    return name;
  }

  private render(n: Node): NamedShapeNode {
    switch (n.k) {
      case 'o': {
        const o: Record<string, string> = {};
        for (const [key, child] of n.p) if (this.isUseful(child)) o[key] = this.name(child);
        return this.isUseful(n.x) ? { o, x: this.name(n.x) } : { o };
      }
      case 'a':
        return { a: this.name(n.i) };
      case 't': {
        const t = n.items.map((c) => (this.isUseful(c) ? this.name(c) : null));
        return this.isUseful(n.r) ? { t, r: this.name(n.r) } : { t };
      }
      case 'd': {
        const m: Record<string, string> = {};
        for (const [value, child] of n.m) if (this.isUseful(child)) m[value] = this.name(child);
        return { d: n.prop, m };
      }
      case 'u': {
        const u = n.members.filter((c) => this.isUseful(c)).map((c) => this.name(c));
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

/** Declaration names first (sorted), then hashed inline nodes (sorted): the order nodes are numbered in. */
function nodeOrder(names: Iterable<string>): string[] {
  return [...names].filter((k) => k !== 's').sort((a, b) => (a.startsWith('#') !== b.startsWith('#') ? (a.startsWith('#') ? 1 : -1) : a < b ? -1 : a > b ? 1 : 0));
}

/** The named table: nodes by name, and the node name of each frame's `d`. */
function namedShapes(ir: IR): {
  named: Map<string, NamedShapeNode>;
  dispatch: Record<string, string>;
  receive: Record<string, string>;
  send: Record<string, string>;
} {
  const builder = new ShapeBuilder(ir);
  const frames = ir.frames.map((f) => ({ frame: f, node: builder.type(f.data) }));
  const serializer = new Serializer(frames.map((f) => f.node));
  const dispatch: Record<string, string> = {};
  const receive: Record<string, string> = {};
  const send: Record<string, string> = {};
  const sorted = [...frames].sort((a, b) => (a.frame.name < b.frame.name ? -1 : a.frame.name > b.frame.name ? 1 : 0));
  for (const { frame, node } of sorted) {
    if (!serializer.isUseful(node)) continue;
    const name = serializer.name(node);
    if (frame.direction === 'send') send[String(frame.op)] = name;
    else if (frame.t !== null) dispatch[frame.t] = name;
    else receive[String(frame.op)] = name;
  }
  return { named: serializer.named, dispatch, receive, send };
}

/** The shape table as a plain value (what generated/shapes.ts exports as `etfShapes`), numbered as that file numbers it. */
export function buildShapes(ir: IR): EtfShapeTable {
  const table = namedShapes(ir);
  const named = Object.fromEntries(nodeOrder(table.named.keys()).map((k) => [k, table.named.get(k)!]));
  return indexShapes(named, table.dispatch, table.receive, table.send);
}

export function emitShapes(ir: IR): GeneratedFile[] {
  const table = namedShapes(ir);
  const nodes = indentBlocks(nodeOrder(table.named.keys()).map((k) => `${key(k)}: ${printValue(table.named.get(k), 4, 6 + key(k).length)},`).join('\n'), '    ');
  const roots = indentBlocks([table.dispatch, table.receive, table.send].map((r) => `${printValue(r, 4)},`).join('\n'), '    ');
  const contents =
    header(ir, "Where string-typed fields sit in each frame's `d`, for ETF normalisation (see src/etf/normalize.ts).") +
    // the contract, as src/etf/shape-table.ts has it (so generated/ needs nothing from src/)
    inlinedBody(runtimeSource('src/etf/shape-table.ts'), ['EtfShapeNode', 'EtfShapeTable']) +
    // numbered on first read (lazyShapeTable): importing the codec builds nothing
    `\nexport const etfShapes: EtfShapeTable = lazyShapeTable(numberedShapes);\n\n` +
    `function numberedShapes(): EtfShapeTable {\n  return indexShapes(\n    nodesByName(),\n${roots}\n  );\n}\n\n` +
    `function nodesByName(): Readonly<Record<string, NamedShapeNode>> {\n  return {\n${nodes}\n  };\n}\n`;
  return [{ path: 'shapes.ts', contents }];
}
