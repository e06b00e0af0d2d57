/** JSON pointers (RFC 6901), as every message and every `$ref` fragment in the codegen spells them. */

/** Escapes one JSON pointer segment (`~` → `~0`, `/` → `~1`). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `base` followed by one escaped segment per key. */
export function joinPointer(base: string, ...keys: (string | number)[]): string {
  return base + keys.map((k) => '/' + pointerSegment(k)).join('');
}

/** The unescaped segments of a pointer (`/a~1b/c` → `['a/b', 'c']`; `''` → `[]`). */
export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}
