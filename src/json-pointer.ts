/**
 * JSON pointer (RFC 6901) segments, as every error `path` in gatewire spells them. Kept in src/ so
 * the runtime and the code generator (codegen/json-pointer.ts) escape keys the one same way.
 */

/** Escapes one JSON pointer segment (`~` → `~0`, `/` → `~1`). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}
