/**
 * A shape table (generated/shapes.ts) laid out for the decoder's fused normalisation: node kinds in
 * a typed array and each object node's properties in a Map, so that the decoder, which knows the key
 * it is reading, finds the shape of the value in one lookup instead of walking the finished tree
 * again. Built once per table and kept in a WeakMap.
 *
 * The meaning is exactly that of `normalizeValue` (src/etf/normalize.ts), which stays the
 * reference: nodes whose effect depends on the finished value (a union, or a union tagged by a field
 * that may come after the fields it governs) are marked `REFERENCE`, and the decoder hands the value
 * it built there to `normalizeValue`.
 */
import type { EtfShapeNode, EtfShapeTable } from './shape-table.js';

/** No normalisation below this point. */
export const KIND_NONE = 0;
/** The string leaf: an integer here becomes its decimal text. */
export const KIND_STRING = 1;
/** An object with known properties (`o`, and `x` for the others). */
export const KIND_OBJECT = 2;
/** An array of one shape (`a`). */
export const KIND_ARRAY = 3;
/** A tuple (`t`, and `r` for the elements past it). */
export const KIND_TUPLE = 4;
/** A tagged union (`d`): normalised by `normalizeValue` once built (its tag may come after the fields it governs). */
export const KIND_REFERENCE = 5;
/**
 * A union (`u`): the reference applies each member in turn. A primitive is converted by the `s`
 * flag alone; a map or list by the members that act on it, which the decoder resolves (see
 * `resolveUnion`) to one node or, failing that, applies one by one with `normalizeValue`.
 */
export const KIND_UNION = 6;

export interface ShapeIndex {
  readonly table: EtfShapeTable;
  /** Nodes past `table.nodes.length` are made here: merged object nodes and unions of their children. */
  readonly kind: number[];
  /** KIND_OBJECT: property name → child node (absent: `extra`). */
  readonly props: (ReadonlyMap<string, number> | null)[];
  /** KIND_OBJECT: node of the properties not in `props` (-1: none). KIND_ARRAY: the element node. KIND_TUPLE: `r` (-1: none). */
  readonly other: number[];
  /** KIND_TUPLE: node of each leading element (-1: none). KIND_UNION: the members, in order. A merged KIND_OBJECT: the objects merged. */
  readonly items: (readonly number[] | null)[];
  /** KIND_UNION: whether a primitive here becomes text (the `s` flag). */
  readonly text: boolean[];
  /** KIND_UNION: the node a map / a list here is normalised by, once resolved (-1: none, -2: member by member, undefined: not yet). */
  readonly forMap: (number | undefined)[];
  readonly forList: (number | undefined)[];
}

const indexes = new WeakMap<EtfShapeTable, ShapeIndex>();

function kindOf(node: EtfShapeNode | undefined): number {
  if (node === undefined) return KIND_NONE;
  if (node === 's') return KIND_STRING;
  if (typeof node !== 'object' || node === null) return KIND_REFERENCE;
  if ('o' in node) return KIND_OBJECT;
  if ('a' in node) return KIND_ARRAY;
  if ('t' in node) return KIND_TUPLE;
  if ('u' in node) return KIND_UNION;
  return KIND_REFERENCE;
}

/** The index of `table`, built on first use. */
export function shapeIndex(table: EtfShapeTable): ShapeIndex {
  const known = indexes.get(table);
  if (known !== undefined) return known;
  const nodes = table.nodes;
  const count = nodes.length;
  const kind: number[] = [];
  for (let i = 0; i < count; i++) kind.push(kindOf(nodes[i]));
  // A child that points at no node (or at one that does nothing) is -1: the decoder skips it.
  const child = (id: number | undefined): number =>
    typeof id === 'number' && Number.isInteger(id) && id >= 0 && id < count && kind[id] !== KIND_NONE ? id : -1;
  const props: (Map<string, number> | null)[] = new Array<Map<string, number> | null>(count).fill(null);
  const other: number[] = new Array<number>(count).fill(-1);
  const items: (readonly number[] | null)[] = new Array<readonly number[] | null>(count).fill(null);
  const text: boolean[] = new Array<boolean>(count).fill(false);
  for (let i = 0; i < count; i++) {
    const node = nodes[i]!;
    if (node === 's' || typeof node !== 'object') continue;
    if (kind[i] === KIND_OBJECT && 'o' in node) {
      const m = new Map<string, number>();
      // Own keys only, as `normalizeValue` checks them with hasOwnProperty.
      for (const key of Object.keys(node.o)) m.set(key, child(node.o[key]));
      props[i] = m;
      other[i] = child(node.x);
    } else if (kind[i] === KIND_ARRAY && 'a' in node) {
      other[i] = child(node.a);
    } else if (kind[i] === KIND_TUPLE && 't' in node) {
      items[i] = node.t.map((id) => child(id));
      other[i] = child(node.r);
    } else if (kind[i] === KIND_UNION && 'u' in node) {
      // A member that is not a node does nothing in the reference; one that is the union itself only repeats it.
      items[i] = node.u.filter((id) => child(id) >= 0 && id !== i);
      text[i] = node.s === 1;
    }
  }
  const index: ShapeIndex = { table, kind, props, other, items, text, forMap: [], forList: [] };
  indexes.set(table, index);
  return index;
}

/** The members of union `node` that act on a map (`map`) or on a list, nested unions flattened, in order. */
function actors(index: ShapeIndex, node: number, map: boolean, out: number[], depth: number): boolean {
  if (depth > 16) return false;
  for (const m of index.items[node]!) {
    const k = index.kind[m];
    if (k === KIND_UNION) {
      if (!actors(index, m, map, out, depth + 1)) return false;
    } else if (k === KIND_REFERENCE) {
      if (map) return false; // a tagged union acts on maps: only the reference knows how
    } else if (map ? k === KIND_OBJECT : k === KIND_ARRAY || k === KIND_TUPLE) {
      if (out[out.length - 1] !== m) out.push(m);
    }
  }
  return true;
}

/** A node that does to a value what the nodes `ids` do one after another (normalising is idempotent, so repeats drop). */
function sequence(index: ShapeIndex, ids: number[]): number {
  const distinct = ids.filter((id, i) => id >= 0 && ids.indexOf(id) === i);
  if (distinct.length === 0) return -1;
  if (distinct.length === 1) return distinct[0]!;
  // a primitive becomes text if any of them would make it text (and text stays text)
  const text = distinct.some((d) => index.kind[d] === KIND_STRING || (index.kind[d] === KIND_UNION && index.text[d] === true));
  return addNode(index, KIND_UNION, null, -1, distinct, text);
}

/** Appends a node made at run time to every column of the index at once (they stay aligned by id); its id. */
function addNode(index: ShapeIndex, kind: number, props: ReadonlyMap<string, number> | null, other: number, items: readonly number[] | null, text: boolean): number {
  const id = index.kind.length;
  index.kind.push(kind);
  index.props.push(props);
  index.other.push(other);
  index.items.push(items);
  index.text.push(text);
  return id;
}

/** Object nodes applied one after another, as one object node: each key's child is the sequence of theirs. */
function mergeObjects(index: ShapeIndex, objects: number[]): number {
  const keys = new Set<string>();
  for (const o of objects) for (const key of index.props[o]!.keys()) keys.add(key);
  const childOf = (o: number, key: string | null) => (key !== null && index.props[o]!.has(key) ? index.props[o]!.get(key)! : index.other[o]!);
  const merged = new Map<string, number>();
  for (const key of keys) merged.set(key, sequence(index, objects.map((o) => childOf(o, key))));
  const extra = sequence(index, objects.map((o) => childOf(o, null)));
  // (`objects` kept so the member-by-member fallback can apply the merged node as its parts)
  return addNode(index, KIND_OBJECT, merged, extra, objects, false);
}

/** Array nodes applied one after another, as one array node: each element gets the sequence of their element nodes. */
function mergeArrays(index: ShapeIndex, arrays: number[]): number {
  const element = sequence(index, arrays.map((a) => index.other[a]!));
  return addNode(index, KIND_ARRAY, null, element, arrays, false);
}

/**
 * The one node that normalises a map (`map`) or a list at union `node` as the reference would:
 * -1 when no member acts on it, -2 when it must be done member by member with `normalizeValue`.
 * Made once per union and kept.
 */
export function resolveUnion(index: ShapeIndex, node: number, map: boolean): number {
  const cache = map ? index.forMap : index.forList;
  const known = cache[node];
  if (known !== undefined) return known;
  const found: number[] = [];
  let result: number;
  if (!actors(index, node, map, found, 0)) result = -2;
  else if (found.length === 0) result = -1;
  else if (found.length === 1) result = found[0]!;
  else if (index.kind.length >= 4 * index.table.nodes.length + 64) result = -2;
  else if (map) result = mergeObjects(index, found);
  else if (found.every((id) => index.kind[id] === KIND_ARRAY)) result = mergeArrays(index, found);
  else result = -2;
  cache[node] = result;
  return result;
}
