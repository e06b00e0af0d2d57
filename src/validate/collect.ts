/**
 * Issue collection by walking a value along the shape description: one issue per problem, with its
 * JSON pointer. It runs only after a check function said no (or in strict mode), so it favours
 * exact reports over speed; still, below a declaration it first asks that declaration's check
 * function and walks only what fails, so a deep error in a large payload costs one check of each
 * valid sibling.
 *
 * Strictness: 0 tolerant (unknown keys allowed), 1 strict (unknown keys reported), 2 strict below
 * this level only (members of an intersection that could not be merged: the intersection reports
 * unknown keys against the keys of all its members).
 */
import { ACCEPTS_UNDEFINED, PROTO_NAME, REQUIRED, type Candidate, type NodeIndex, type UnionPlan } from './description.js';
import { kindOf, MAX_ISSUES, onePerPath, pointerSegment, pushIssue, type ValidationIssue } from './issues.js';
import { hasProperty, isPlainObject, keyFlags, readProperty, type Obj } from './read.js';
import { predicateOf } from './shape-check.js';
import type { ShapeTable } from './shape-table.js';

/** Strictness: 0 tolerant (unknown keys allowed), 1 strict, 2 strict below this level only. */
export type Strictness = 0 | 1 | 2;

/** Only objects have keys to check: `for…in` over a string would walk its characters. */
function unknownKeys(issues: ValidationIssue[], p: string, x: Obj, known: ReadonlySet<string>): void {
  for (const k in x) {
    if (issues.length >= MAX_ISSUES) return;
    if (!known.has(k)) pushIssue(issues, p + '/' + pointerSegment(k), 'unrecognized_key', 'no such key', x[k]);
  }
}

/**
 * Issues for a child value. Tolerant mode first asks the child's check (a declaration's generated
 * function, or its node's predicate) and returns when it passes, before the path is even built; a
 * failed declaration check says at which property it failed, and the walk starts there. Strict
 * mode walks everything.
 */
function walkChild(table: ShapeTable, n: NodeIndex, x: unknown, base: string, tail: string | number, issues: ValidationIssue[], level: Strictness): void {
  if (level !== 0) return collect(table, n, x, childPath(base, tail), issues, level);
  const node = table.node(n);
  if (node[0] === 'r') {
    if (table.checks[node[1]]!(x)) return;
    return collect(table, table.rootNode(node[1]), x, childPath(base, tail), issues, 0, true, table.failedAt());
  }
  if (!predicateOf(table, n)(x)) collect(table, n, x, childPath(base, tail), issues, 0, true);
}

/** A child's pointer: `base` and `/index` (a number), or `base` and an escaped `/name` suffix. Built only when the child is walked. */
function childPath(base: string, tail: string | number): string {
  return typeof tail === 'number' ? base + '/' + tail : base + tail;
}

/**
 * `collect` for a value already known to fail node `n`: a declaration is walked straight from its
 * root, without asking its check function again. Issues are the same either way.
 */
function collectFailed(table: ShapeTable, n: NodeIndex, x: unknown, p: string, issues: ValidationIssue[], level: Strictness): void {
  const node = table.node(n);
  collect(table, node[0] === 'r' ? table.rootNode(node[1]) : n, x, p, issues, level, true);
}

/**
 * Pushes one issue per problem of `x` (at pointer `p`) against node `n`. `blame`: `x` is known to
 * fail `n`, an object declaration whose check failed at the property with this tag (or -1: not
 * known), so the properties before it are valid and are not looked at again.
 */
export function collect(table: ShapeTable, n: NodeIndex, x: unknown, p: string, issues: ValidationIssue[], level: Strictness, failed = false, blame = -1): void {
  const node = table.node(n);
  const child: Strictness = level === 0 ? 0 : 1;
  switch (node[0]) {
    case 'u':
      return;
    case 'l': {
      if (table.leafAccepts(node[3], x)) return;
      const kind = node[2];
      const code = kind === null ? 'invalid_type' : kind === '' || kindOf(x) === kind ? 'invalid_value' : 'invalid_type';
      pushIssue(issues, p, code, node[1], x);
      return;
    }
    case 'r':
      if (level === 0 && table.checks[node[1]]!(x)) return;
      collect(table, table.rootNode(node[1]), x, p, issues, level);
      return;
    case 'o': {
      if (!isPlainObject(x)) return pushIssue(issues, p, 'invalid_type', 'object', x);
      const properties = node[1];
      const { names, types, flags, missing, suffixes, tags } = table.layout(n, properties);
      // The check failed at the (first) property with this tag: the ones before it passed, and
      // that one fails, so an inline type there is walked without asking its predicate first (a
      // wrong guess, e.g. a tag shared by two names, costs time, never an issue: a walk of a
      // valid value finds none).
      const blamed = failed && level === 0 && blame >= 0 ? tags.indexOf(blame) : -1;
      for (let i = blamed < 0 ? 0 : blamed; i < names.length; i++) {
        const name = names[i]!;
        const f = flags[i]!;
        const v = f & PROTO_NAME ? (Object.prototype.hasOwnProperty.call(x, name) ? x[name] : undefined) : x[name];
        if (v === undefined) {
          if (!(f & REQUIRED)) continue;
          if (!(f & ACCEPTS_UNDEFINED) || !hasProperty(x, name, f)) {
            pushIssue(issues, p + suffixes[i]!, 'missing', missing[i]!, undefined);
            continue;
          }
          collect(table, types[i]!, v, p + suffixes[i]!, issues, child);
        } else if (i === blamed && table.node(types[i]!)[0] !== 'r') collect(table, types[i]!, v, p + suffixes[i]!, issues, 0, true);
        else walkChild(table, types[i]!, v, p, suffixes[i]!, issues, child);
      }
      const additional = node[2];
      if (additional === null) {
        if (level === 1) unknownKeys(issues, p, x, table.knownKeys(n, names));
      } else if (additional === 'never') unknownKeys(issues, p, x, table.knownKeys(n, names));
      else {
        const known = table.knownKeys(n, names);
        for (const k in x) if (!known.has(k)) walkChild(table, additional, x[k], p, '/' + pointerSegment(k), issues, child);
      }
      return;
    }
    case 'a': {
      if (!Array.isArray(x)) return pushIssue(issues, p, 'invalid_type', node[2], x);
      if (node[3] !== null && x.length < node[3]) pushIssue(issues, p, 'too_small', `at least ${node[3]} items`, x);
      if (node[4] !== null && x.length > node[4]) pushIssue(issues, p, 'too_big', `at most ${node[4]} items`, x);
      if (table.node(node[1])[0] === 'u') return;
      for (let i = 0; i < x.length; i++) walkChild(table, node[1], x[i], p, i, issues, child);
      return;
    }
    case 't': {
      if (!Array.isArray(x)) return pushIssue(issues, p, 'invalid_type', 'array', x);
      const [, items, minItems, rest] = node;
      if (x.length < minItems) pushIssue(issues, p, 'too_small', `at least ${minItems} items`, x);
      if (rest === null && x.length > items.length) pushIssue(issues, p, 'too_big', `at most ${items.length} items`, x);
      for (let i = 0; i < items.length; i++) if (x.length > i) walkChild(table, items[i]!, x[i], p, i, issues, child);
      if (rest !== null) for (let i = items.length; i < x.length; i++) walkChild(table, rest, x[i], p, i, issues, child);
      return;
    }
    case 'm': {
      if (!isPlainObject(x)) return pushIssue(issues, p, 'invalid_type', 'object', x);
      const [, key, keyExpected, value] = node;
      for (const k in x) {
        const keyOk = key === null || accepts(table, key, k, child);
        if (keyOk) {
          walkChild(table, value, x[k], p, '/' + pointerSegment(k), issues, child);
          continue;
        }
        const path = p + '/' + pointerSegment(k);
        pushIssue(issues, path, 'invalid_key', keyExpected, k);
        collect(table, value, x[k], path, issues, child);
      }
      return;
    }
    case '&': {
      // Members often restate the same property: report each path once.
      const mark = issues.length;
      for (const m of node[1]) collect(table, m, x, p, issues, level === 0 ? 0 : 2);
      if (node[2] !== null && level === 1 && isPlainObject(x)) unknownKeys(issues, p, x, table.knownKeys(n, node[2]));
      onePerPath(issues, mark);
      return;
    }
    case '!':
      if (!accepts(table, node[1], x, level)) collectFailed(table, node[1], x, p, issues, level);
      else if (accepts(table, node[2], x, 0)) pushIssue(issues, p, 'not', node[3], x);
      return;
    case '|': {
      const [, expected, plan, candidates, selector] = node;
      if (plan !== null && isPlainObject(x)) return followPlan(table, plan, x, p, issues, level, expected);
      pickBranch(table, x, p, issues, level, candidates, selector, expected);
      return;
    }
  }
}

/** Whether `x` is valid for node `n` at this strictness. */
export function accepts(table: ShapeTable, n: NodeIndex, x: unknown, level: Strictness): boolean {
  if (level === 0) return predicateOf(table, n)(x);
  const found: ValidationIssue[] = [];
  collect(table, n, x, '', found, level);
  return found.length === 0;
}

/** A tagged union: follow the tag (an unknown tag is one issue at the tag's path). */
function followPlan(table: ShapeTable, plan: UnionPlan, x: Obj, p: string, issues: ValidationIssue[], level: Strictness, expected: string): void {
  if (plan[0] === 'try') {
    const members = plan[1];
    if (members.length === 1) collectFailed(table, members[0]!, x, p, issues, level);
    else pickBranch(table, x, p, issues, level, members.map((m) => [null, m, null] as const), null, expected);
    return;
  }
  const [, key, cases, valuesExpected] = plan;
  const flags = keyFlags(key);
  const tag = readProperty(x, key, flags);
  for (const [value, next] of cases) if (value === tag) return followPlan(table, next, x, p, issues, level, expected);
  pushIssue(issues, p + '/' + pointerSegment(key), hasProperty(x, key, flags) ? 'invalid_value' : 'missing', valuesExpected, tag);
}

/** How deep below `p` the deepest of a member's issues is: how far into the value the member matched. */
function reach(found: readonly ValidationIssue[], p: string): number {
  let deepest = 0;
  for (const i of found) {
    let depth = 0;
    for (let c = p.length; c < i.path.length; c++) if (i.path.charCodeAt(c) === 47) depth++;
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}

/** Whether the selector's value admits a member (an optional selector may be absent). */
function admits(table: ShapeTable, candidate: Candidate, x: Obj, key: string): boolean {
  const selection = candidate[2];
  if (selection === null) return true;
  const [type, flags] = selection;
  const v = x[key];
  if (!(flags & REQUIRED)) return v === undefined || accepts(table, type, v, 0);
  return (flags & ACCEPTS_UNDEFINED ? key in x : v !== undefined) && accepts(table, type, v, 0);
}

/**
 * Reports an untagged union: the one member of the value's kind, or, when several could apply, the
 * members the selector's value admits (GUILD_CREATE's `unavailable`), and of those the one that
 * matched deepest (fewest issues on a tie) — never every member's issues at once.
 */
function pickBranch(
  table: ShapeTable,
  x: unknown,
  p: string,
  issues: ValidationIssue[],
  level: Strictness,
  candidates: readonly Candidate[],
  selector: string | null,
  expected: string,
): void {
  const kind = kindOf(x);
  let pool = candidates;
  if (selector !== null && isPlainObject(x) && candidates.some((c) => c[2] !== null)) {
    const admitted = candidates.filter((c) => admits(table, c, x, selector));
    if (admitted.length > 0) pool = admitted;
  }
  let best: ValidationIssue[] | null = null;
  let bestReach = -1;
  for (const [kinds, member] of pool) {
    if (kinds !== null && !kinds.includes(kind)) continue;
    const found: ValidationIssue[] = [];
    collectFailed(table, member, x, p, found, level);
    if (found.length === 0) return;
    const r = reach(found, p);
    if (best === null || r > bestReach || (r === bestReach && found.length < best.length)) {
      best = found;
      bestReach = r;
    }
  }
  if (best === null) pushIssue(issues, p, 'invalid_type', expected, x);
  else for (const i of best) if (issues.length < MAX_ISSUES) issues.push(i);
}
