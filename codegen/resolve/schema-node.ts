/**
 * Reading one schema node's keywords, without following references: which keywords carry structure,
 * its `type` list, its documentation, and the value sets `type`/`enum`/`const` allow together.
 */
import type { Doc } from '../ir.js';
import { isObject, type Json, type JsonObject } from '../load.js';
import { ANNOTATION_KEYWORDS } from '../prepare.js';

const STRUCTURAL_IGNORED = new Set([...ANNOTATION_KEYWORDS, '$id', '$schema', '$defs']);

/** The keywords of a node that say something about the value (not annotations, not `$defs`). */
export function structuralKeys(node: JsonObject): string[] {
  return Object.keys(node).filter((k) => !STRUCTURAL_IGNORED.has(k));
}

/** Whether a node allows every value. */
export function isTrivial(node: Json): boolean {
  return node === true || (isObject(node) && structuralKeys(node).length === 0);
}

/** The node's `type` as a list, or null when it has none. */
export function typeList(node: JsonObject): string[] | null {
  const t = node['type'];
  if (t === undefined) return null;
  return (Array.isArray(t) ? t : [t]) as string[];
}

/** Whether a schema describes an object without following references (nullable refs stay inline). */
export function looksLikeObject(node: Json): boolean {
  if (!isObject(node)) return false;
  if (isObject(node['properties']) || (typeList(node)?.includes('object') ?? false)) return true;
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const list = node[keyword];
    if (Array.isArray(list) && list.some((m) => looksLikeObject(m))) return true;
  }
  return false;
}

export function docOf(node: Json): Doc {
  if (!isObject(node)) return {};
  const doc: { description?: string; deprecated?: boolean; see?: string; undocumented?: boolean } = {};
  if (typeof node['description'] === 'string') doc.description = node['description'];
  if (node['deprecated'] === true) doc.deprecated = true;
  if (typeof node['x-see'] === 'string') doc.see = node['x-see'];
  if (node['x-undocumented'] === true) doc.undocumented = true;
  return doc;
}

/** Structural equality of JSON values (and of IR types, which are JSON too). */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function valueMatchesType(value: Json, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    default:
      return false;
  }
}

/** The `type`s both lists allow (`integer` within `number`); null stands for "any type". */
export function intersectTypes(a: Set<string> | null, b: string[] | null): Set<string> | null {
  if (b === null) return a;
  const next = new Set<string>();
  for (const t of b) {
    if (a === null || a.has(t) || (t === 'integer' && a.has('number'))) next.add(t);
    else if (t === 'number' && a.has('integer')) next.add('integer');
  }
  return next;
}

/** The values both lists allow; null stands for "any value". */
export function intersectValues(a: Json[] | null, b: Json[] | null): Json[] | null {
  if (b === null) return a;
  if (a === null) return b;
  return a.filter((v) => b.some((w) => sameJson(v, w)));
}
