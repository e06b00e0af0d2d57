/** How the validator emitter spells values, property reads and names in emitted code. */
import { createHash } from 'node:crypto';

/** A JS literal for a JSON value, with strings single-quoted (the style of the rest of generated/). */
export function js(value: unknown): string {
  if (typeof value === 'string') return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(js).join(', ')}]`;
  return JSON.stringify(value);
}

/** Whether reading `name` from a plain object could see an inherited value (`constructor`, `__proto__`). */
export function isProtoName(name: string): boolean {
  return name in Object.prototype;
}

/**
 * A read of property `name` of `x` in emitted code. For names Object.prototype has (`constructor`,
 * `__proto__`, `toString`, …) a plain `x['constructor']` would see the inherited value, so every
 * object lacking the property would fail its check: those read own properties only.
 */
export function readProp(x: string, name: string): string {
  return isProtoName(name) ? `(Object.prototype.hasOwnProperty.call(${x}, ${js(name)}) ? ${x}[${js(name)}] : undefined)` : `${x}[${js(name)}]`;
}

/** Emitted test that `x` has property `name` (own only, for names Object.prototype has). */
export function hasProp(x: string, name: string): string {
  return isProtoName(name) ? `Object.prototype.hasOwnProperty.call(${x}, ${js(name)})` : `${js(name)} in ${x}`;
}

/** The first `length` hex digits of the SHA-256 of `text`: a name that depends only on content. */
export function contentHash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** The local for `what` (a property, `i`/`e`/`k`, an index) inside the value held by `of`: `x_author_id`. */
export function localName(of: string, what: string): string {
  return `${of}_${what.replace(/[^A-Za-z0-9_$]/g, '_') || 'k'}`;
}

/** Whether `e` is one parenthesised group: `(a || b)` but not `(a) || (b)`. */
function isGrouped(e: string): boolean {
  if (!e.startsWith('(') || !e.endsWith(')')) return false;
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < e.length; i++) {
    const c = e[i]!;
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0 && i < e.length - 1) return false;
  }
  return true;
}

/** Parenthesises an expression unless it is a plain call, an identifier or already one group. */
export function wrap(e: string): string {
  return /^[\w.$]+(\([^()]*\))?$/.test(e) || isGrouped(e) ? e : `(${e})`;
}
