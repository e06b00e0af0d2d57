/**
 * Strip mode: a copy of a valid value without the keys its schema does not list, at every depth,
 * by walking the value along the shape description. Parts whose type holds no object are returned
 * as they are, not copied.
 */
import type { NodeIndex, UnionPlan } from './description.js';
import { accepts } from './collect.js';
import { keyFlags, readProperty, type Obj } from './read.js';
import type { ShapeTable } from './shape-table.js';

/** Sets a key on a fresh object; `__proto__` becomes an own property instead of a prototype. */
function put(o: Obj, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** A copy of `x` (valid for node `n`) without unknown keys. */
export function strip(table: ShapeTable, n: NodeIndex, x: unknown): unknown {
  if (!table.needsStrip(n)) return x;
  const node = table.node(n);
  switch (node[0]) {
    case 'r':
      return strip(table, table.rootNode(node[1]), x);
    case '!':
      return strip(table, node[1], x);
    case 'o': {
      const source = x as Obj;
      const o: Obj = {};
      for (const [name, type, flags] of node[1]) {
        const v = readProperty(source, name, flags);
        if (v !== undefined) put(o, name, strip(table, type, v));
      }
      const additional = node[2];
      if (additional !== null && additional !== 'never') {
        const known = table.knownKeys(n, node[1].map((q) => q[0]));
        for (const k in source) if (!known.has(k)) put(o, k, strip(table, additional, source[k]));
      }
      return o;
    }
    case 'a':
      return (x as unknown[]).map((e) => strip(table, node[1], e));
    case 't': {
      const [, items, , rest] = node;
      return (x as unknown[]).map((e, i) => (i < items.length ? strip(table, items[i]!, e) : rest !== null ? strip(table, rest, e) : e));
    }
    case 'm': {
      const source = x as Obj;
      const o: Obj = {};
      for (const k in source) put(o, k, strip(table, node[3], source[k]));
      return o;
    }
    case '&':
      if (typeof x !== 'object' || x === null || Array.isArray(x)) return x;
      return Object.assign({}, ...node[1].map((m) => strip(table, m, x)));
    case '|': {
      // The first member that accepts the value decides, as the check did.
      for (const [, member] of node[3]) if (accepts(table, member, x, 0)) return strip(table, member, x);
      return node[2] === null ? x : stripPlan(table, node[2], x as Obj);
    }
    case 'u':
    case 'l':
      return x;
  }
}

function stripPlan(table: ShapeTable, plan: UnionPlan, x: Obj): unknown {
  if (plan[0] === 'try') {
    const members = plan[1];
    if (members.length === 1) return strip(table, members[0]!, x);
    for (const m of members) if (accepts(table, m, x, 0)) return strip(table, m, x);
    return x;
  }
  const [, key, cases] = plan;
  const tag = readProperty(x, key, keyFlags(key));
  for (const [value, next] of cases) if (value === tag) return stripPlan(table, next, x);
  return x;
}
