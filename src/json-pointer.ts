/**
 * JSON pointer (RFC 6901) segments, as every error `path` in gatewire spells them. Kept in src/ so
 * the runtime and the code generator (codegen/json-pointer.ts) escape keys the one same way.
 */

/** Escapes one JSON pointer segment (`~` → `~0`, `/` → `~1`). */
export function pointerSegment(key: string | number): string {
  const text = typeof key === 'string' ? key : String(key);
  // Most keys need no escaping; testing first spares the two replace calls on issue paths.
  return text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text;
}
