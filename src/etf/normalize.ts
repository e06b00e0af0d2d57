/**
 * Schema-aware normalisation: makes an ETF-decoded frame equal to what JSON would have given.
 *
 * Discord's ETF encoder sends snowflakes as integers where JSON carries strings. Which positions are
 * strings is only known from the schemas, so codegen writes a shape table (generated/shapes.ts,
 * `etfShapes`) and this walks a decoded frame's `d` along it, turning integers (numbers, bigints) found
 * at string-typed positions into their decimal text. It touches nothing else, walks only paths that
 * lead to strings, and works in place.
 *
 * Usage: `decode(bytes, { normalize: true })` (the generated `etfShapes`), or
 * `normalizeFrame(decode(bytes), etfShapes)`.
 */

import type { EtfShapeNode, EtfShapeTable } from './shape-table.js';

export type { EtfShapeNode, EtfShapeTable };

/** Values from our decoder nest at most `maxDepth` deep; this only guards against cyclic input. */
const MAX_DEPTH = 1024;

/** A value at a string-typed position: an integer becomes its decimal text, anything else stays. */
export function toText(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function apply(value: unknown, id: number, nodes: readonly EtfShapeNode[], depth: number): unknown {
  const node = nodes[id];
  if (node === undefined || depth > MAX_DEPTH) return value;
  if (node === 's') return toText(value);
  if (typeof value !== 'object' || value === null) {
    return 'u' in node && node.s === 1 ? toText(value) : value;
  }
  if ('o' in node) {
    if (Array.isArray(value)) return value;
    const obj = value as Record<string, unknown>;
    const props = node.o;
    for (const key in props) {
      if (Object.prototype.hasOwnProperty.call(obj, key)) obj[key] = apply(obj[key], props[key]!, nodes, depth + 1);
    }
    const extra = node.x;
    if (extra !== undefined) {
      for (const key of Object.keys(obj)) {
        if (!Object.prototype.hasOwnProperty.call(props, key)) obj[key] = apply(obj[key], extra, nodes, depth + 1);
      }
    }
    return obj;
  }
  if ('a' in node) {
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) value[i] = apply(value[i], node.a, nodes, depth + 1);
    return value;
  }
  if ('t' in node) {
    if (!Array.isArray(value)) return value;
    for (let i = 0; i < value.length; i++) {
      const item = i < node.t.length ? node.t[i]! : (node.r ?? -1);
      if (item >= 0) value[i] = apply(value[i], item, nodes, depth + 1);
    }
    return value;
  }
  if ('d' in node) {
    if (Array.isArray(value)) return value;
    const tag = (value as Record<string, unknown>)[node.d];
    const member = node.m[String(tag)];
    return member === undefined ? value : apply(value, member, nodes, depth + 1);
  }
  let out: unknown = value;
  for (const member of node.u) out = apply(out, member, nodes, depth + 1);
  return out;
}

/** Normalises a value of the shape `node` (an index into `table.nodes`) in place; returns it. */
export function normalizeValue(value: unknown, node: number, table: EtfShapeTable): unknown {
  return apply(value, node, table.nodes, 0);
}

/**
 * Normalises a received gateway frame (`{op, d, s, t}`) in place and returns it: a dispatch by its
 * `t`, any other receive frame by its `op`. Frames the table does not know are returned unchanged.
 * `direction: 'send'` looks the opcode up among send frames instead.
 */
export function normalizeFrame<T>(frame: T, table: EtfShapeTable, direction: 'receive' | 'send' = 'receive'): T {
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return frame;
  const f = frame as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(f, 'd')) return frame;
  const op = f['op'];
  let node: number | undefined;
  if (direction === 'send') node = table.send[String(op)];
  else if (op === 0 && typeof f['t'] === 'string') node = Object.prototype.hasOwnProperty.call(table.dispatch, f['t']) ? table.dispatch[f['t']] : undefined;
  else node = table.receive[String(op)];
  if (node !== undefined) f['d'] = apply(f['d'], node, table.nodes, 0);
  return frame;
}
