/**
 * Discord closes with 4002 when an ETF payload uses atoms as map keys (they must be binaries).
 * gatewire's decoder reads atom keys as strings, as a tolerant reader should, so the server looks
 * at the key tags itself: a walk over the term structure (no values built) that reports the byte
 * offset of the first atom key. Client payloads are at most 4096 bytes, and the walk keeps its own
 * stack, so hostile nesting cannot recurse.
 */

const ATOM_TAGS = new Set([100, 115, 118, 119]);

/**
 * Byte offset of the first map key that is an atom, or null when there is none or the bytes are
 * not a term this walk understands (the decoder then reports the real problem).
 */
export function findAtomKey(bytes: Uint8Array): number | null {
  if (bytes.length < 2 || bytes[0] !== 131) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  /** Terms still to read; `key` marks a term that is a map key. */
  const pending: { key: boolean }[] = [{ key: false }];
  let p = 1;
  const need = (n: number): boolean => p + n <= bytes.length;
  while (pending.length > 0) {
    const { key } = pending.pop()!;
    if (!need(1)) return null;
    const tag = bytes[p]!;
    if (key && ATOM_TAGS.has(tag)) return p;
    p++;
    switch (tag) {
      case 97: // SMALL_INTEGER
        p += 1;
        break;
      case 98: // INTEGER
        p += 4;
        break;
      case 70: // NEW_FLOAT
        p += 8;
        break;
      case 99: // FLOAT (31-byte text)
        p += 31;
        break;
      case 106: // NIL
        break;
      case 100: // ATOM
      case 118: // ATOM_UTF8
      case 107: // STRING (u16 length)
        if (!need(2)) return null;
        p += 2 + view.getUint16(p);
        break;
      case 115: // SMALL_ATOM
      case 119: // SMALL_ATOM_UTF8
        if (!need(1)) return null;
        p += 1 + bytes[p]!;
        break;
      case 109: // BINARY
        if (!need(4)) return null;
        p += 4 + view.getUint32(p);
        break;
      case 110: // SMALL_BIG
        if (!need(1)) return null;
        p += 2 + bytes[p]!;
        break;
      case 111: // LARGE_BIG
        if (!need(4)) return null;
        p += 5 + view.getUint32(p);
        break;
      case 104: // SMALL_TUPLE
      case 105: {
        // LARGE_TUPLE
        const wide = tag === 105;
        if (!need(wide ? 4 : 1)) return null;
        const n = wide ? view.getUint32(p) : bytes[p]!;
        p += wide ? 4 : 1;
        if (n > bytes.length) return null;
        for (let i = 0; i < n; i++) pending.push({ key: false });
        break;
      }
      case 108: {
        // LIST: n elements and a tail
        if (!need(4)) return null;
        const n = view.getUint32(p);
        p += 4;
        if (n > bytes.length) return null;
        for (let i = 0; i <= n; i++) pending.push({ key: false });
        break;
      }
      case 116: {
        // MAP: n key/value pairs; pushed so each key is read before its value
        if (!need(4)) return null;
        const n = view.getUint32(p);
        p += 4;
        if (n > bytes.length) return null;
        for (let i = 0; i < n; i++) pending.push({ key: false }, { key: true });
        break;
      }
      default:
        return null;
    }
  }
  return null;
}
