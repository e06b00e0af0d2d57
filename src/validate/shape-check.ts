/**
 * A tolerant boolean check built from the shape description: one closure per node, made on first
 * use (no eval). The collector asks it before walking a child, so a valid subtree is skipped
 * before its path is built, and strip mode asks it which union member a value is. Declarations
 * use their generated check functions; only inline types (an array of unions, an inline object)
 * get closures.
 */
import { ACCEPTS_UNDEFINED, REQUIRED, type DescriptionNode, type LeafTest, type NodeIndex, type UnionPlan } from './description.js';
import { hasProperty, isPlainObject, keyFlags, readProperty, type Obj } from './read.js';
import type { ShapeTable } from './shape-table.js';

export type Predicate = (x: unknown) => boolean;

const always: Predicate = () => true;

/** The predicate of node `n` (valid in tolerant mode: no issue would be collected). */
export function predicateOf(table: ShapeTable, n: NodeIndex): Predicate {
  const predicates = table.predicates;
  const made = predicates[n];
  if (made !== null && made !== undefined) return made;
  // Reserve the slot first: a recursive inline type finds itself through the indirection.
  predicates[n] = (x) => predicateOf(table, n)(x);
  const p = build(table, table.node(n), n);
  predicates[n] = p;
  return p;
}

function build(table: ShapeTable, node: DescriptionNode, n: NodeIndex): Predicate {
  switch (node[0]) {
    case 'u':
      return always;
    case 'l':
      return leafPredicate(table, node[3]);
    case 'r':
      return table.checks[node[1]]!;
    case 'o': {
      const names = node[1].map((q) => q[0]);
      const flags = node[1].map((q) => q[2]);
      const types = node[1].map((q) => predicateOf(table, q[1]));
      const additional = node[2];
      const known = table.knownKeys(n, names);
      const extra = additional === null || additional === 'never' ? null : predicateOf(table, additional);
      return (x) => {
        if (!isPlainObject(x)) return false;
        for (let i = 0; i < names.length; i++) {
          const name = names[i]!;
          const f = flags[i]!;
          const v = readProperty(x, name, f);
          if (v === undefined) {
            if (!(f & REQUIRED)) continue;
            if (!(f & ACCEPTS_UNDEFINED) || !hasProperty(x, name, f)) return false;
          }
          if (!types[i]!(v)) return false;
        }
        if (additional === 'never') {
          for (const k in x) if (!known.has(k)) return false;
        } else if (extra !== null) for (const k in x) if (!known.has(k) && !extra(x[k])) return false;
        return true;
      };
    }
    case 'a': {
      const item = predicateOf(table, node[1]);
      const [, , , min, max] = node;
      return (x) => {
        if (!Array.isArray(x) || (min !== null && x.length < min) || (max !== null && x.length > max)) return false;
        for (let i = 0; i < x.length; i++) if (!item(x[i])) return false;
        return true;
      };
    }
    case 't': {
      const items = node[1].map((i) => predicateOf(table, i));
      const minItems = node[2];
      const rest = node[3] === null ? null : predicateOf(table, node[3]);
      return (x) => {
        if (!Array.isArray(x) || x.length < minItems || (rest === null && x.length > items.length)) return false;
        for (let i = 0; i < x.length; i++) if (!(i < items.length ? items[i]! : rest!)(x[i])) return false;
        return true;
      };
    }
    case 'm': {
      const key = node[1] === null ? null : predicateOf(table, node[1]);
      const value = predicateOf(table, node[3]);
      return (x) => {
        if (!isPlainObject(x)) return false;
        for (const k in x) if ((key !== null && !key(k)) || !value(x[k])) return false;
        return true;
      };
    }
    case '&': {
      const members = node[1].map((m) => predicateOf(table, m));
      return (x) => members.every((m) => m(x));
    }
    case '!': {
      const base = predicateOf(table, node[1]);
      const not = predicateOf(table, node[2]);
      return (x) => base(x) && !not(x);
    }
    case '|': {
      const plan = node[2] === null ? null : planPredicate(table, node[2]);
      const members = node[3].map((c) => predicateOf(table, c[1]));
      // A plain object goes by the plan alone (no other member can be an object); anything else
      // is valid when some member accepts it.
      return (x) => (plan !== null && isPlainObject(x) ? plan(x) : members.some((m) => m(x)));
    }
  }
}

/** A leaf test as a closure, with the common shapes (a plain string, a snowflake, an integer) written out. */
function leafPredicate(table: ShapeTable, test: LeafTest): Predicate {
  switch (test[0]) {
    case 'str':
      if (test[1] === null && test[2] === null) {
        if (test[3] === null) return (x) => typeof x === 'string';
        const re = table.pattern(test[3]);
        return (x) => typeof x === 'string' && re.test(x);
      }
      return (x) => table.leafAccepts(test, x);
    case 'int':
      if (test[1] === null && test[2] === null) return Number.isSafeInteger;
      return (x) => table.leafAccepts(test, x);
    case 'bool':
      return (x) => typeof x === 'boolean';
    case 'null':
      return (x) => x === null;
    case 'lit': {
      const value = test[1];
      return (x) => x === value;
    }
    default:
      return (x) => table.leafAccepts(test, x);
  }
}

function planPredicate(table: ShapeTable, plan: UnionPlan): (x: Obj) => boolean {
  if (plan[0] === 'try') {
    const members = plan[1].map((m) => predicateOf(table, m));
    return (x) => members.some((m) => m(x));
  }
  const [, key, cases] = plan;
  const flags = keyFlags(key);
  const byTag = new Map<unknown, (x: Obj) => boolean>(cases.map(([value, next]) => [value, planPredicate(table, next)]));
  return (x) => {
    const tag = readProperty(x, key, flags);
    const next = byTag.get(tag);
    return next !== undefined && next(x);
  };
}
