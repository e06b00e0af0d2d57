/** JSON pointers (RFC 6901), as every message and every `$ref` fragment in the codegen spells them. */

import { pointerSegment } from '../src/json-pointer.js';

// one escaping for the generator and the runtime (src/ cannot import codegen/, so it lives there)
export { pointerSegment };

/** `base` followed by one escaped segment per key. */
export function joinPointer(base: string, ...keys: (string | number)[]): string {
  return base + keys.map((k) => '/' + pointerSegment(k)).join('');
}

/** The unescaped segments of a pointer (`/a~1b/c` → `['a/b', 'c']`; `''` → `[]`). */
export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}
