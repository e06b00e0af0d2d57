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
import type { EtfShapeNode, EtfShapeTable } from '../../generated/shapes.js';

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
/** A union (`u`) or a tagged union (`d`): normalised by `normalizeValue` once built. */
export const KIND_REFERENCE = 5;

export interface ShapeIndex {
  readonly table: EtfShapeTable;
  readonly kind: Uint8Array;
  /** KIND_OBJECT: property name → child node (absent: `extra`). */
  readonly props: readonly (ReadonlyMap<string, number> | null)[];
  /** KIND_OBJECT: node of the properties not in `props` (-1: none). KIND_ARRAY: the element node. KIND_TUPLE: `r` (-1: none). */
  readonly other: Int32Array;
  /** KIND_TUPLE: node of each leading element (-1: none). */
  readonly items: readonly (Int32Array | null)[];
}

const indexes = new WeakMap<EtfShapeTable, ShapeIndex>();

function kindOf(node: EtfShapeNode | undefined): number {
  if (node === undefined) return KIND_NONE;
  if (node === 's') return KIND_STRING;
  if (typeof node !== 'object' || node === null) return KIND_REFERENCE;
  if ('o' in node) return KIND_OBJECT;
  if ('a' in node) return KIND_ARRAY;
  if ('t' in node) return KIND_TUPLE;
  return KIND_REFERENCE;
}

/** The index of `table`, built on first use. */
export function shapeIndex(table: EtfShapeTable): ShapeIndex {
  const known = indexes.get(table);
  if (known !== undefined) return known;
  const nodes = table.nodes;
  const count = nodes.length;
  const kind = new Uint8Array(count);
  for (let i = 0; i < count; i++) kind[i] = kindOf(nodes[i]);
  // A child that points at no node (or at one that does nothing) is -1: the decoder skips it.
  const child = (id: number | undefined): number =>
    typeof id === 'number' && Number.isInteger(id) && id >= 0 && id < count && kind[id] !== KIND_NONE ? id : -1;
  const props: (Map<string, number> | null)[] = new Array<Map<string, number> | null>(count).fill(null);
  const other = new Int32Array(count).fill(-1);
  const items: (Int32Array | null)[] = new Array<Int32Array | null>(count).fill(null);
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
      items[i] = Int32Array.from(node.t, (id) => child(id));
      other[i] = child(node.r);
    }
  }
  const index: ShapeIndex = { table, kind, props, other, items };
  indexes.set(table, index);
  return index;
}
