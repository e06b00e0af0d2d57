/**
 * The contract of an ETF shape table: what generated/shapes.ts holds and what normalisation
 * (src/etf/normalize.ts, src/etf/shape-index.ts) walks. Type-checked here, where it is read; the
 * codegen (codegen/emit/shapes.ts) inlines the text of this module below its imports into
 * generated/shapes.ts, so the generated file stays self-contained, and numbers its own tables with
 * `indexShapes` from here, so the two cannot drift apart.
 */

/** One node of the shape graph; numbers are indices into `nodes` (node 0 is the string leaf). */
export type EtfShapeNode =
  | 's'
  | { readonly o: Readonly<Record<string, number>>; readonly x?: number }
  | { readonly a: number }
  | { readonly t: readonly number[]; readonly r?: number }
  | { readonly d: string; readonly m: Readonly<Record<string, number>> }
  | { readonly u: readonly number[]; readonly s?: 1 };

export interface EtfShapeTable {
  readonly nodes: readonly EtfShapeNode[];
  /** Dispatch name (`t`) → node of `d`. */
  readonly dispatch: Readonly<Record<string, number>>;
  /** Opcode of a non-dispatch receive frame → node of `d`. */
  readonly receive: Readonly<Record<string, number>>;
  /** Opcode of a send frame → node of `d`. */
  readonly send: Readonly<Record<string, number>>;
}

/**
 * A node as the generated file writes it: children by name (`'s'` is the string leaf, a declaration
 * name, or `#` and a hash of an inline node's content), so a schema change renames only what it
 * touches.
 */
export type NamedShapeNode =
  | 's'
  | { readonly o: Readonly<Record<string, string>>; readonly x?: string }
  | { readonly a: string }
  | { readonly t: readonly (string | null)[]; readonly r?: string }
  | { readonly d: string; readonly m: Readonly<Record<string, string>> }
  | { readonly u: readonly string[]; readonly s?: 1 };

/** Numbers the named nodes (`'s'` is 0, the others follow in the order given): the table the runtime walks. */
export function indexShapes(
  named: Readonly<Record<string, NamedShapeNode>>,
  dispatch: Readonly<Record<string, string>>,
  receive: Readonly<Record<string, string>>,
  send: Readonly<Record<string, string>>,
): EtfShapeTable {
  const index = new Map<string, number>([['s', 0]]);
  for (const name of Object.keys(named)) index.set(name, index.size);
  const at = (name: string): number => index.get(name)!;
  const byIndex = (m: Readonly<Record<string, string>>): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const k of Object.keys(m)) out[k] = at(m[k]!);
    return out;
  };
  const nodes: EtfShapeNode[] = ['s'];
  for (const n of Object.values(named)) {
    if (n === 's') nodes.push('s');
    else if ('o' in n) nodes.push(n.x === undefined ? { o: byIndex(n.o) } : { o: byIndex(n.o), x: at(n.x) });
    else if ('a' in n) nodes.push({ a: at(n.a) });
    else if ('t' in n) {
      const t = n.t.map((c) => (c === null ? -1 : at(c)));
      nodes.push(n.r === undefined ? { t } : { t, r: at(n.r) });
    } else if ('d' in n) nodes.push({ d: n.d, m: byIndex(n.m) });
    else nodes.push(n.s === 1 ? { u: n.u.map(at), s: 1 } : { u: n.u.map(at) });
  }
  return { nodes, dispatch: byIndex(dispatch), receive: byIndex(receive), send: byIndex(send) };
}

/**
 * A table numbered on first read. Importing the ETF codec (or the root entry) then costs nothing for
 * the shape table: only a decode with `normalize`, or code that reads the table, pays for building
 * it, once. The result is a plain-looking object whose four properties are getters over the one
 * numbered table, so `JSON.stringify`, spreading and `Object.keys` see the same data.
 */
export function lazyShapeTable(build: () => EtfShapeTable): EtfShapeTable {
  let table: EtfShapeTable | undefined;
  const built = (): EtfShapeTable => (table ??= build());
  return {
    get nodes() {
      return built().nodes;
    },
    get dispatch() {
      return built().dispatch;
    },
    get receive() {
      return built().receive;
    },
    get send() {
      return built().send;
    },
  };
}
