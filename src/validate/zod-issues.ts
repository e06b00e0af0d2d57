import { pointerSegment } from '../json-pointer.js';
import { kindOf, type ValidationIssue, type ValidationIssueCode } from './issues.js';

/** The parts of a zod 4 issue this module reads (kept structural so no zod internals leak out). */
export interface ZodIssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly keys?: readonly string[];
  readonly discriminator?: string;
  readonly options?: readonly unknown[];
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  /** invalid_union: the issues of each member, with paths relative to the union. */
  readonly errors?: readonly (readonly ZodIssueLike[])[];
}

function segment(key: PropertyKey): string {
  return pointerSegment(typeof key === 'symbol' ? String(key) : key);
}

function pointer(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += '/' + segment(k);
  return out;
}

function at(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function fromZodCode(code: string): ValidationIssueCode {
  switch (code) {
    case 'invalid_type':
    case 'invalid_value':
    case 'invalid_union':
    case 'too_small':
    case 'too_big':
    case 'invalid_key':
      return code;
    case 'invalid_format':
      return 'invalid_value';
    case 'custom':
      return 'not';
    default:
      return 'invalid_value';
  }
}

/**
 * zod issues in gatewire's shape: a JSON pointer, what was expected, the kind received. A tag that
 * matches no member of a discriminated union is reported at the tag (zod reports the union).
 */
export function fromZodIssues(root: unknown, issues: readonly ZodIssueLike[]): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  collect(root, issues, [], out);
  return out;
}

/** How deep the deepest of a member's issues is: how far into the value the member matched. */
function reach(branch: readonly ZodIssueLike[]): number {
  let deepest = 0;
  for (const i of branch) deepest = Math.max(deepest, i.path.length + (i.code === 'unrecognized_keys' ? 1 : 0));
  return deepest;
}

/** Kinds zod reports when a value is of the wrong JS type for a member. */
function rootTypeMismatch(branch: readonly ZodIssueLike[]): boolean {
  return branch.length === 1 && branch[0]!.path.length === 0 && branch[0]!.code === 'invalid_type';
}

function collect(root: unknown, issues: readonly ZodIssueLike[], prefix: readonly PropertyKey[], out: ValidationIssue[]): void {
  for (const raw of issues) {
    const i = prefix.length === 0 ? raw : { ...raw, path: [...prefix, ...raw.path] };
    // An untagged union: report the member that matched deepest (fewest issues on a tie,
    // preferring members of the value's kind), as the compiled engine does, instead of one issue at
    // the union. (A union with a selector has already left zod one member to report: #11.10.)
    if (i.code === 'invalid_union' && i.errors && i.errors.length > 0 && i.discriminator === undefined) {
      const candidates = i.errors.filter((b) => b.length > 0 && !rootTypeMismatch(b));
      if (candidates.length > 0) {
        const best = candidates.reduce((a, b) => (reach(b) > reach(a) || (reach(b) === reach(a) && b.length < a.length) ? b : a));
        collect(root, best, i.path, out);
        continue;
      }
    }
    if (i.code === 'unrecognized_keys' && i.keys) {
      const base = pointer(i.path);
      for (const k of i.keys) out.push({ path: `${base}/${segment(k)}`, code: 'unrecognized_key', expected: 'no such key', received: kindOf(at(root, [...i.path, k])) });
      continue;
    }
    let path = i.path;
    if (i.code === 'invalid_union' && i.discriminator !== undefined && !path.includes(i.discriminator)) path = [...path, i.discriminator];
    const value = at(root, path);
    const parent = at(root, path.slice(0, -1));
    const last = path[path.length - 1];
    const missing =
      value === undefined && path.length > 0 && parent !== null && typeof parent === 'object' && !Array.isArray(parent) && last !== undefined && !(last in parent);
    const expected =
      i.expected ??
      (i.values ? i.values.map((v) => JSON.stringify(v)).join(' | ') : i.options ? i.options.map((v) => JSON.stringify(v)).join(' | ') : i.message);
    out.push({ path: pointer(path), code: missing ? 'missing' : fromZodCode(i.code), expected, received: kindOf(value) });
  }
}
