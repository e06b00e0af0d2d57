/**
 * Reads `op`, `s` and `t` of a JSON gateway frame without parsing `d`, so that a dispatch the
 * session will drop (its event is not enabled by the intents) costs a scan, not a parse and the
 * garbage of a full object tree. Anything unusual returns `null` and the caller parses the whole
 * frame instead, so this never decides validity.
 */
export interface JsonFrameHeader {
  op: number;
  s: number | null;
  t: string | null;
  /** Offsets of the `d` value in the text, or -1 when absent. */
  dStart: number;
  dEnd: number;
}

const enum Ch {
  Quote = 0x22,
  Backslash = 0x5c,
  Colon = 0x3a,
  Comma = 0x2c,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
  OpenBracket = 0x5b,
  CloseBracket = 0x5d,
}

function skipWs(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** Index just past the closing quote of the string starting at `i` (which is a quote), or -1. */
function skipString(text: string, i: number): number {
  i++;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return -1;
    // Count the backslashes before the quote: an odd number escapes it.
    let b = q - 1;
    while (text.charCodeAt(b) === Ch.Backslash) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    i = q + 1;
  }
}

/** Index just past the value starting at `i`, or -1. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === Ch.Quote) return skipString(text, i);
  if (c === Ch.OpenBrace || c === Ch.OpenBracket) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === Ch.Quote) {
        j = skipString(text, j);
        if (j < 0) return -1;
        j--;
      } else if (d === Ch.OpenBrace || d === Ch.OpenBracket) depth++;
      else if (d === Ch.CloseBrace || d === Ch.CloseBracket) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  }
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === Ch.Comma || d === Ch.CloseBrace || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
    j++;
  }
  return j > i ? j : -1;
}

export function scanJsonFrame(text: string): JsonFrameHeader | null {
  let i = skipWs(text, 0);
  if (text.charCodeAt(i) !== Ch.OpenBrace) return null;
  i = skipWs(text, i + 1);
  let op: number | undefined;
  let s: number | null = null;
  let t: string | null = null;
  let dStart = -1;
  let dEnd = -1;
  if (text.charCodeAt(i) === Ch.CloseBrace) return null;
  for (;;) {
    if (text.charCodeAt(i) !== Ch.Quote) return null;
    const keyEnd = skipString(text, i);
    if (keyEnd < 0) return null;
    const key = text.slice(i + 1, keyEnd - 1);
    i = skipWs(text, keyEnd);
    if (text.charCodeAt(i) !== Ch.Colon) return null;
    i = skipWs(text, i + 1);
    const end = skipValue(text, i);
    if (end < 0) return null;
    if (key === 'op' || key === 's' || key === 't') {
      let v: unknown;
      try {
        v = JSON.parse(text.slice(i, end));
      } catch {
        return null;
      }
      if (key === 'op') {
        if (typeof v !== 'number') return null;
        op = v;
      } else if (key === 's') {
        if (v !== null && typeof v !== 'number') return null;
        s = v;
      } else {
        if (v !== null && typeof v !== 'string') return null;
        t = v;
      }
    } else if (key === 'd') {
      dStart = i;
      dEnd = end;
    } else if (key.includes('\\')) {
      // An escaped key might spell one of ours; let the full parser decide.
      return null;
    }
    i = skipWs(text, end);
    const c = text.charCodeAt(i);
    if (c === Ch.CloseBrace) break;
    if (c !== Ch.Comma) return null;
    i = skipWs(text, i + 1);
  }
  if (skipWs(text, i + 1) !== text.length) return null;
  if (op === undefined) return null;
  return { op, s, t, dStart, dEnd };
}
