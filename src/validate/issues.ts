/**
 * What a failed validation reports: one issue per problem, each with the JSON pointer of the value,
 * what was expected there and the JS kind found. The compiled validators and the zod adapter both
 * report in this form.
 */

export type ValidationIssueCode =
  | 'invalid_type'
  | 'invalid_value'
  | 'missing'
  | 'unrecognized_key'
  | 'invalid_key'
  | 'too_small'
  | 'too_big'
  | 'not'
  | 'invalid_union';

/** One problem: where (a JSON pointer into the payload), what was expected, and what was found. */
export interface ValidationIssue {
  readonly path: string;
  readonly code: ValidationIssueCode;
  readonly expected: string;
  /** The JS kind of the value found: 'string', 'number', 'object', 'array', 'null', 'undefined', … */
  readonly received: string;
}

/** The JS kind of a value, as issues report it. */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * Issues kept per list (so per payload): a hostile payload could otherwise make one issue per
 * array element or per key, millions of objects for one frame. The first ones name the problem.
 */
export const MAX_ISSUES = 100;

/** Adds an issue unless the list is full. */
export function pushIssue(issues: ValidationIssue[], path: string, code: ValidationIssueCode, expected: string, value: unknown): void {
  if (issues.length < MAX_ISSUES) issues.push({ path, code, expected, received: kindOf(value) });
}

/** A key as one JSON pointer segment (`~` and `/` escaped): the one escaping every gatewire path uses. */
export { pointerSegment } from '../json-pointer.js';

/** Drops issues (from index `from` on) whose path was already reported, keeping the first. */
export function onePerPath(issues: ValidationIssue[], from: number): void {
  if (issues.length - from < 2) return;
  const seen = new Set<string>();
  let w = from;
  for (let r = from; r < issues.length; r++) {
    const i = issues[r]!;
    if (seen.has(i.path)) continue;
    seen.add(i.path);
    issues[w++] = i;
  }
  issues.length = w;
}
