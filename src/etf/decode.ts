/**
 * ETF (Erlang external term format) decoder, shaped for what Discord's gateway sends.
 *
 * Speed notes (the bar is JSON.parse on a TextDecoder'd buffer, not erlpack):
 * - One recursive pass over the bytes with the cursor in module state: no per-term objects, no
 *   closures, no DataView except a scratch Float64Array for doubles.
 * - Map keys and atoms are short and repeat endlessly (`id`, `username`, …), so short ASCII ones go
 *   through a small hash cache that returns the same string without allocating; other strings are
 *   cut by the engine's native UTF-8 decoder, which beats a JS loop at every length once the
 *   string has to be flat.
 * Every length is checked against the bytes that remain before anything is read or allocated, so a
 * hostile length can neither over-read nor make us allocate; the cursor state is reset on every call,
 * so no output can come from an earlier buffer.
 */
import { inflateSync } from '../runtime/node-zlib.js';
import { EtfError, type EtfErrorCode } from './error.js';
import { uint64Text } from './uint64-text.js';
import { etfShapes } from '../../generated/shapes.js';
import { normalizeFrame, normalizeValue, toText, type EtfShapeTable } from './normalize.js';
import { KIND_ARRAY, KIND_NONE, KIND_OBJECT, KIND_REFERENCE, KIND_STRING, KIND_TUPLE, KIND_UNION, resolveUnion, shapeIndex, type ShapeIndex } from './shape-index.js';

export interface EtfDecodeOptions {
  /**
   * How integers outside ±(2^53 − 1) come back: `'string'` (default) as exact decimal strings, which
   * is what JSON gives for snowflakes; `'bigint'` as bigints. Safe integers are always numbers.
   */
  readonly bigint?: 'string' | 'bigint';
  /** Deepest nesting of lists, tuples and maps accepted (default 256). */
  readonly maxDepth?: number;
  /** Largest size a compressed term (tag 80) may declare, in bytes (default 64 MiB). */
  readonly maxInflatedBytes?: number;
  /**
   * Most values (terms: every integer, string, list, map, …, and every element of a STRING_EXT) one
   * decode may build (default 2 000 000). Bytes do not bound objects: NIL_EXT is one byte and becomes
   * a fresh `[]`, so 16 KB of compressed input could otherwise build 16 M arrays. The largest real
   * GUILD_CREATE (a few MB) holds a few hundred thousand terms.
   */
  readonly maxTerms?: number;
  /**
   * Total bytes of integers wider than 64 bits one decode may convert (default 64 KiB). Converting
   * a big integer to a bigint or to decimal costs time quadratic in its size; Discord sends none.
   */
  readonly maxBigIntBytes?: number;
  /**
   * Schema-aware normalisation: `true` (the gateway schemas this package was generated from, i.e.
   * `etfShapes` of generated/shapes.ts) or another shape table. A received frame then decodes to
   * exactly what JSON would have given: integers at string-typed positions (snowflakes, permission
   * strings, …) become decimal strings. See `normalizeFrame`.
   */
  readonly normalize?: boolean | EtfShapeTable;
}

/** The external-format version byte every term starts with. */
export const ETF_VERSION = 131;

const DEFAULT_MAX_DEPTH = 256;
const DEFAULT_MAX_INFLATED = 64 * 1024 * 1024;
const DEFAULT_MAX_TERMS = 2_000_000;
const DEFAULT_MAX_BIG_TOTAL = 64 * 1024;
/** Big integers above this many bytes (≈ 9 800 decimal digits) are refused: converting them is quadratic. */
const MAX_BIG_BYTES = 4096;
const EMPTY = new Uint8Array(0);

// Cursor state of the decode in progress. Decoding runs no user code, so it cannot re-enter.
let b: Uint8Array = EMPTY;
let p = 0;
let n = 0;
let maxDepth = DEFAULT_MAX_DEPTH;
let bigintOut = false;
/** Terms the decode in progress may still build (counted down; below 0 fails). */
let termsLeft = DEFAULT_MAX_TERMS;
let maxTerms = DEFAULT_MAX_TERMS;
/** Bytes of wide (> 64-bit) integers the decode in progress may still convert. */
let bigBytesLeft = DEFAULT_MAX_BIG_TOTAL;
let maxBigTotal = DEFAULT_MAX_BIG_TOTAL;
/**
 * Where the compressed term (tag 80) being decoded starts in the input, or -1. Errors inside it are
 * reported at that offset (an offset into the inflated bytes would point past the input), with the
 * inflated position in the message and in `EtfError.inflatedOffset`.
 */
let compressedAt = -1;
/** Where the term being read sits: the shape whose last key it is the value of (null: elsewhere). */
let valueContext: Shape | null = null;
/** A DataView over `b`, made on first use in each decode (short payloads never need one). */
let dv: DataView | null = null;

function viewOfInput(): DataView {
  dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return dv;
}

const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type SliceFn = (this: Uint8Array, start: number, end: number) => string;
const bufferProto = (globalThis as { Buffer?: { prototype: Record<string, unknown> } }).Buffer?.prototype;
const nativeUtf8Slice = typeof bufferProto?.['utf8Slice'] === 'function' ? (bufferProto['utf8Slice'] as SliceFn) : null;
const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

function fail(code: EtfErrorCode, message: string, at: number): never {
  if (compressedAt >= 0) {
    throw new EtfError(code, `${message} at byte ${at} of the compressed term's inflated data (the term starts at byte ${compressedAt})`, {
      offset: compressedAt,
      inflatedOffset: at,
    });
  }
  throw new EtfError(code, `${message} at byte ${at}`, { offset: at });
}

/** Charges `count` terms to the decode's budget (see `maxTerms`). */
function charge(count: number, at: number): void {
  termsLeft -= count;
  if (termsLeft < 0) fail('ETF_LIMIT_EXCEEDED', `more than ${maxTerms} terms (maxTerms)`, at);
}

function truncated(at: number): never {
  fail('ETF_TRUNCATED', 'unexpected end of input', at);
}

/** Decodes `len` bytes at `start` as UTF-8 (invalid sequences → U+FFFD, as TextDecoder does). */
const fromCharCode = String.fromCharCode;

/**
 * Strings up to this many bytes are built by `String.fromCharCode` when ASCII: measured 19–31 ns
 * against 38–43 ns for the native UTF-8 slice (a runtime call) at 9–16 bytes; past 16 the native
 * call wins.
 */
const SHORT_ASCII_MAX = 16;

/** Short ASCII text (1 to SHORT_ASCII_MAX bytes) without a call into the runtime; null when a byte is not ASCII. */
function shortAscii(x: Uint8Array, s: number, len: number): string | null {
  if ((x[s]! | x[s + len - 1]!) >= 0x80) return null;
  switch (len) {
    case 1:
      return fromCharCode(x[s]!);
    case 2:
      return (x[s + 1]! >= 0x80) ? null : fromCharCode(x[s]!, x[s + 1]!);
    default: {
      let or = 0;
      for (let i = s; i < s + len; i++) or |= x[i]!;
      if (or >= 0x80) return null;
      switch (len) {
        case 3:
          return fromCharCode(x[s]!, x[s + 1]!, x[s + 2]!);
        case 4:
          return fromCharCode(x[s]!, x[s + 1]!, x[s + 2]!, x[s + 3]!);
        case 5:
          return fromCharCode(x[s]!, x[s + 1]!, x[s + 2]!, x[s + 3]!, x[s + 4]!);
        case 6:
          return fromCharCode(x[s]!, x[s + 1]!, x[s + 2]!, x[s + 3]!, x[s + 4]!, x[s + 5]!);
        case 7:
          return fromCharCode(x[s]!, x[s + 1]!, x[s + 2]!, x[s + 3]!, x[s + 4]!, x[s + 5]!, x[s + 6]!);
        case 8:
          return fromCharCode(x[s]!, x[s + 1]!, x[s + 2]!, x[s + 3]!, x[s + 4]!, x[s + 5]!, x[s + 6]!, x[s + 7]!);
        case 9:
          return fromCharCode(x[s]!, x[s + 1]!, x[s + 2]!, x[s + 3]!, x[s + 4]!, x[s + 5]!, x[s + 6]!, x[s + 7]!, x[s + 8]!);
        case 10:
          return fromCharCode(x[s]!, x[s + 1]!, x[s + 2]!, x[s + 3]!, x[s + 4]!, x[s + 5]!, x[s + 6]!, x[s + 7]!, x[s + 8]!, x[s + 9]!);
        case 11:
          return fromCharCode(x[s]!, x[s + 1]!, x[s + 2]!, x[s + 3]!, x[s + 4]!, x[s + 5]!, x[s + 6]!, x[s + 7]!, x[s + 8]!, x[s + 9]!, x[s + 10]!);
        case 12:
          return fromCharCode(x[s]!, x[s + 1]!, x[s + 2]!, x[s + 3]!, x[s + 4]!, x[s + 5]!, x[s + 6]!, x[s + 7]!, x[s + 8]!, x[s + 9]!, x[s + 10]!, x[s + 11]!);
        case 13:
          return fromCharCode(x[s]!, x[s + 1]!, x[s + 2]!, x[s + 3]!, x[s + 4]!, x[s + 5]!, x[s + 6]!, x[s + 7]!, x[s + 8]!, x[s + 9]!, x[s + 10]!, x[s + 11]!, x[s + 12]!);
        case 14:
          return fromCharCode(x[s]!, x[s + 1]!, x[s + 2]!, x[s + 3]!, x[s + 4]!, x[s + 5]!, x[s + 6]!, x[s + 7]!, x[s + 8]!, x[s + 9]!, x[s + 10]!, x[s + 11]!, x[s + 12]!, x[s + 13]!);
        case 15:
          return fromCharCode(x[s]!, x[s + 1]!, x[s + 2]!, x[s + 3]!, x[s + 4]!, x[s + 5]!, x[s + 6]!, x[s + 7]!, x[s + 8]!, x[s + 9]!, x[s + 10]!, x[s + 11]!, x[s + 12]!, x[s + 13]!, x[s + 14]!);
        default:
          return fromCharCode(x[s]!, x[s + 1]!, x[s + 2]!, x[s + 3]!, x[s + 4]!, x[s + 5]!, x[s + 6]!, x[s + 7]!, x[s + 8]!, x[s + 9]!, x[s + 10]!, x[s + 11]!, x[s + 12]!, x[s + 13]!, x[s + 14]!, x[s + 15]!);
      }
    }
  }
}

function utf8(start: number, len: number): string {
  if (len === 0) return '';
  if (len <= SHORT_ASCII_MAX) {
    const ascii = shortAscii(b, start, len);
    if (ascii !== null) return ascii;
  }
  if (nativeUtf8Slice !== null) return nativeUtf8Slice.call(b, start, start + len);
  return textDecoder.decode(b.subarray(start, start + len));
}

function latin1(start: number, len: number): string {
  let s = '';
  for (let i = start; i < start + len; i++) s += String.fromCharCode(b[i]!);
  return s;
}

const CACHE_SIZE = 8192;
const CACHE_MAX_LEN = 40;
// Allocated by the first decode (`allocateStringCache`), not at import: importing `gatewire` for
// its types or enums should not build a 64 KB array and reserve 330 KB of cache bytes.
let cacheStrings: (string | undefined)[] = [];
/** Length + 1 of the entry in each slot (0 = empty), and its bytes, compared without touching the string. */
let cacheLengths = new Uint8Array(0);
let cacheBytes = new Uint8Array(0);
/** Per two-way set: which way the next miss replaces. */
let cacheVictim = new Uint8Array(0);

function allocateStringCache(): void {
  cacheStrings = new Array<string | undefined>(CACHE_SIZE).fill(undefined);
  cacheLengths = new Uint8Array(CACHE_SIZE);
  cacheBytes = new Uint8Array(CACHE_SIZE * CACHE_MAX_LEN);
  cacheVictim = new Uint8Array(CACHE_SIZE / 2);
}

/** The engine's own (internalized) copy of `s`: property stores with it skip the string-table lookup. */
function internalize(s: string): string {
  const holder: Record<string, number> = {};
  holder[s] = 0;
  for (const key in holder) return key;
  return s;
}

/**
 * A short key or atom: served from the cache when the same bytes were seen before. `utf8Bytes`
 * says how non-ASCII bytes are read (UTF-8, or latin-1 for the legacy atom tags).
 */
function shortString(start: number, len: number, utf8Bytes: boolean): string {
  if (len > CACHE_MAX_LEN) return utf8Bytes ? utf8(start, len) : latin1(start, len);
  const bytes = b;
  let h = len;
  const end = start + len;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 0x80) return utf8Bytes ? utf8(start, len) : latin1(start, len);
    h = (Math.imul(h, 31) + c) | 0;
  }
  // Two-way set associative: a key seldom loses its slot to another key of the same payload.
  const slot = (h ^ (h >>> 13)) & (CACHE_SIZE - 2);
  if (cacheLengths[slot] === len + 1) {
    const at = slot * CACHE_MAX_LEN;
    let i = 0;
    while (i < len && cacheBytes[at + i] === bytes[start + i]) i++;
    if (i === len) return cacheStrings[slot]!;
  }
  if (cacheLengths[slot + 1] === len + 1) {
    const at = (slot + 1) * CACHE_MAX_LEN;
    let i = 0;
    while (i < len && cacheBytes[at + i] === bytes[start + i]) i++;
    if (i === len) return cacheStrings[slot + 1]!;
  }
  // Replace the way not used last in this set.
  const way = slot + cacheVictim[slot >> 1]!;
  cacheVictim[slot >> 1] = way === slot ? 1 : 0;
  return remember(way, start, len);
}

function remember(slot: number, start: number, len: number): string {
  const end = start + len;
  const s = len === 0 ? '' : internalize(nativeUtf8Slice !== null ? nativeUtf8Slice.call(b, start, end) : latin1(start, len));
  cacheStrings[slot] = s;
  cacheLengths[slot] = len + 1;
  cacheBytes.set(b.subarray(start, end), slot * CACHE_MAX_LEN);
  return s;
}

function u16(): number {
  if (p + 2 > n) truncated(p);
  const v = (b[p]! << 8) | b[p + 1]!;
  p += 2;
  return v;
}

function u8(): number {
  if (p >= n) truncated(p);
  return b[p++]!;
}

function u32(): number {
  if (p + 4 > n) truncated(p);
  const v = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  p += 4;
  return v;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** An atom's text; `utf8Bytes` for tags 118/119, latin-1 for 100/115. */
function atomText(len: number, utf8Bytes: boolean): string {
  const start = p;
  if (len > n - p) truncated(start);
  // Erlang caps atoms at 255 characters; a latin-1 byte is one character, UTF-8 needs counting.
  if (len > 255 && (!utf8Bytes || len > 1020)) fail('ETF_INVALID', `atom of ${len} bytes is over 255 characters`, start);
  p += len;
  if (utf8Bytes) {
    // Erlang refuses a UTF-8 atom that is not valid UTF-8 (binaries, unlike atoms, may hold any bytes).
    let or = 0;
    for (let i = start; i < start + len; i++) or |= b[i]!;
    if (or >= 0x80) {
      try {
        strictUtf8.decode(b.subarray(start, start + len));
      } catch {
        fail('ETF_INVALID', 'UTF-8 atom is not valid UTF-8', start);
      }
    }
  }
  const s = shortString(start, len, utf8Bytes);
  if (len > 255) {
    let chars = 0;
    for (const _ of s) chars++;
    if (chars > 255) fail('ETF_INVALID', `atom of ${chars} characters is over 255`, start);
  }
  return s;
}

/** An atom as a value: `nil`/`null` → null and `true`/`false` → booleans, read straight from the bytes. */
function atom(len: number, utf8Bytes: boolean): unknown {
  if (len <= 5 && p + len <= n) {
    const x = b;
    const at = p;
    if (len === 3 && x[at] === 0x6e && x[at + 1] === 0x69 && x[at + 2] === 0x6c) {
      p += 3;
      return null;
    }
    if (len === 4) {
      if (x[at] === 0x74 && x[at + 1] === 0x72 && x[at + 2] === 0x75 && x[at + 3] === 0x65) {
        p += 4;
        return true;
      }
      if (x[at] === 0x6e && x[at + 1] === 0x75 && x[at + 2] === 0x6c && x[at + 3] === 0x6c) {
        p += 4;
        return null;
      }
    }
    if (len === 5 && x[at] === 0x66 && x[at + 1] === 0x61 && x[at + 2] === 0x6c && x[at + 3] === 0x73 && x[at + 4] === 0x65) {
      p += 5;
      return false;
    }
  }
  return atomText(len, utf8Bytes);
}

/** SMALL_BIG / LARGE_BIG digits: `len` little-endian bytes at `p`, then `p` moves past them. */
function bigInteger(len: number, negative: boolean): unknown {
  const start = p;
  if (len > n - p) truncated(start);
  if (len > MAX_BIG_BYTES) fail('ETF_INVALID', `big integer of ${len} bytes is over the ${MAX_BIG_BYTES}-byte limit`, start - 5);
  p += len;
  if (len > 8) {
    bigBytesLeft -= len;
    if (bigBytesLeft < 0) fail('ETF_LIMIT_EXCEEDED', `more than ${maxBigTotal} bytes of big integers (maxBigIntBytes)`, start);
  }
  // Leading zero digits are legal (non-canonical); ignore them.
  let top = start + len;
  while (top > start && b[top - 1] === 0) top--;
  const size = top - start;
  if (size <= 6) {
    let v = 0;
    for (let i = top - 1; i >= start; i--) v = v * 256 + b[i]!;
    return negative && v !== 0 ? -v : v;
  }
  if (size <= 8) {
    const lo = (b[start]! | (b[start + 1]! << 8) | (b[start + 2]! << 16) | (b[start + 3]! << 24)) >>> 0;
    let hi = 0;
    for (let i = top - 1; i >= start + 4; i--) hi = hi * 256 + b[i]!;
    const v = hi * 4294967296 + lo;
    // Exact whenever the true value is safe; a true value ≥ 2^53 never rounds below it.
    if (v <= Number.MAX_SAFE_INTEGER) return negative ? -v : v;
    if (bigintOut) {
      const big = (BigInt(hi) << 32n) | BigInt(lo);
      return negative ? -big : big;
    }
    const text = uint64Text(hi, lo);
    return negative ? `-${text}` : text;
  }
  let hex = '';
  for (let i = top - 1; i >= start; i--) hex += (b[i]! < 16 ? '0' : '') + b[i]!.toString(16);
  const big = BigInt('0x' + hex);
  const signed = negative ? -big : big;
  return bigintOut ? signed : signed.toString();
}

function readFloat64(): number {
  if (p + 8 > n) truncated(p);
  // Erlang has no NaN or infinity: binary_to_term refuses those bit patterns.
  if ((b[p]! & 0x7f) === 0x7f && (b[p + 1]! & 0xf0) === 0xf0) fail('ETF_INVALID', 'NEW_FLOAT_EXT is NaN or infinite', p - 1);
  if (littleEndian) {
    for (let i = 0; i < 8; i++) f64Bytes[i] = b[p + 7 - i]!;
  } else {
    for (let i = 0; i < 8; i++) f64Bytes[i] = b[p + i]!;
  }
  p += 8;
  return f64[0]!;
}

/** FLOAT_EXT (99): 31 bytes of C `%.20e` text, NUL padded. */
function readFloatText(): number {
  const start = p;
  if (p + 31 > n) truncated(p);
  let end = p;
  while (end < p + 31 && b[end] !== 0) end++;
  const text = latin1(p, end - p);
  p += 31;
  // The form Erlang's binary_to_term accepts: digits on both sides of the point, no spaces.
  const v = /^[-+]?\d+\.\d+([eE][-+]?\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(v)) fail('ETF_INVALID', `FLOAT_EXT text ${JSON.stringify(text)} is not a finite number`, start - 1);
  return v;
}

function ownProperty(obj: Record<string, unknown>, key: string, value: unknown): void {
  // `obj[key] = value` would set the prototype for "__proto__"; JSON.parse makes an own property.
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** A map key as a property name: atoms and binaries are their text, other terms are stringified. */
function mapKey(depth: number): string {
  if (p >= n) truncated(p);
  const tag = b[p]!;
  switch (tag) {
    case 100: // ATOM_EXT
    case 118: // ATOM_UTF8_EXT
      p++;
      return atomText(u16(), tag === 118);
    case 115: // SMALL_ATOM_EXT
    case 119: // SMALL_ATOM_UTF8_EXT
      p++;
      return atomText(u8(), tag === 119);
    case 109: {
      // BINARY_EXT
      p++;
      const len = u32();
      if (len > n - p) truncated(p);
      const start = p;
      p += len;
      return shortString(start, len, true);
    }
    default: {
      // a map or list as a key is not the value of any key sequence
      valueContext = null;
      const key = term(depth);
      if (typeof key === 'string') return key;
      if (typeof key === 'object' && key !== null) return JSON.stringify(key, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
      return String(key);
    }
  }
}

/**
 * Object construction. Storing properties one by one under computed keys is the slowest part of
 * building objects in JavaScript, and gateway payloads repeat a few dozen key sequences endlessly.
 * So key sequences are tracked in a trie; once a sequence has been seen twice, a small function that
 * builds the object with a literal is compiled for it (the engine then allocates it with its final
 * shape in one step). Keys come from the atom/key cache, so comparing them is a pointer comparison.
 * Where `new Function` is unavailable (a CSP, say), objects are built property by property.
 */
interface Shape {
  readonly keys: readonly string[];
  /** The key most likely to follow this key sequence. */
  readonly pred: Prediction;
  /**
   * The first key of a map that is the value of this sequence's last key (or an element of a list
   * there). Without it every map's first key would be predicted from the one root, which misses
   * whenever the previous map started differently: the `user` inside a member, then a role's `id`.
   */
  readonly childPred: Prediction;
  readonly next: Map<string, Shape>;
  build: ((values: unknown[], base: number) => Record<string, unknown>) | null;
  seen: number;
  /** Keys repeat or include `__proto__`: a literal would not mean the same. */
  readonly plain: boolean;
  /**
   * Fused normalisation: the shape node of this sequence's last value, cached for the two object
   * nodes (`normFor`, `normFor2` of `normIndex`) it was last looked up under, so the lookup is a
   * compare, not a Map probe. Two, because a prefix is often shared by two kinds of object that
   * alternate (Erlang sorts keys: a user and a member both begin with `avatar`); with one, a
   * MESSAGE_CREATE missed 17 times.
   */
  normIndex: ShapeIndex | null;
  normFor: number;
  normChild: number;
  normFor2: number;
  normChild2: number;
}

/** A predicted key, as the exact bytes (tag, length, text) last seen there: matched in one pass, no hashing. */
interface Prediction {
  /** The bytes, in a buffer that is reused while a replacing key fits. */
  bytes: Uint8Array;
  /** How many bytes of `bytes` are the key; -1 when nothing is predicted (or the key was not text). */
  length: number;
  /** The key's whole 4-byte words, big-endian, compared four bytes at a time. */
  words: Int32Array;
  /** The shape reached by taking that key. */
  next: Shape | null;
}

const MAX_SHAPE_KEYS = 48;
const MAX_SHAPES = 4096;
/**
 * Keys longer than this (UTF-16 units) never enter the trie: the trie outlives the decode, and a
 * stream of distinct megabyte keys would otherwise pin them all. Discord's keys are all short.
 */
const MAX_TRIE_KEY = 128;
/** Key characters the trie may hold in total before it starts over (with MAX_TRIE_KEY: a few MB at most). */
const MAX_TRIE_CHARS = 1 << 20;
let trieChars = 0;
let shapeCount = 0;
let factories = true;
const NO_BYTES = new Uint8Array(0);
const NO_WORDS = new Int32Array(0);

function newPrediction(): Prediction {
  return { bytes: NO_BYTES, length: -1, words: NO_WORDS, next: null };
}

function newShape(keys: readonly string[], plain: boolean): Shape {
  shapeCount++;
  return { keys, pred: newPrediction(), childPred: newPrediction(), next: new Map(), build: null, seen: 0, plain, normIndex: null, normFor: -1, normChild: -1, normFor2: -1, normChild2: -1 };
}

/** Whether the input at `p` starts with the predicted key. */
function predicted(pr: Prediction): boolean {
  const len = pr.length;
  if (len < 0 || p + len > n) return false;
  let j = 0;
  if (len >= 8) {
    // Word compares: byte-at-a-time matching was a fifth of all decode time.
    const view = dv ?? viewOfInput();
    const words = pr.words;
    const count = len >> 2;
    for (let w = 0; w < count; w++) if (words[w] !== view.getInt32(p + (w << 2))) return false;
    j = count << 2;
  }
  const bytes = pr.bytes;
  for (; j < len; j++) if (bytes[j] !== b[p + j]) return false;
  return true;
}

/** Remembers the key read from `start` to `p` as the prediction, leading to `next`. */
function learn(pr: Prediction, start: number, next: Shape): void {
  pr.next = next;
  // Only text keys are predicted (a stringified key could come from many encodings).
  const tag = b[start];
  if (tag !== 100 && tag !== 115 && tag !== 118 && tag !== 119 && tag !== 109) {
    pr.length = -1;
    return;
  }
  const len = p - start;
  let bytes = pr.bytes;
  // Copied by hand into a reused array: `b.slice` on a Buffer allocates a Buffer each time.
  if (bytes.length < len) {
    bytes = new Uint8Array(Math.max(16, (len + 3) & ~3));
    pr.bytes = bytes;
    pr.words = new Int32Array(bytes.length >> 2);
  }
  for (let j = 0; j < len; j++) bytes[j] = b[start + j]!;
  const words = pr.words;
  for (let w = 0, count = len >> 2; w < count; w++) {
    const at = w << 2;
    words[w] = (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
  }
  pr.length = len;
}

let rootShape = newShape([], true);
/** Values of the maps being decoded, as a stack (nested maps push above their parent's entries). */
const scratch: unknown[] = [];
let sp = 0;
let scratchHigh = 0;

function step(shape: Shape, key: string): Shape {
  let next = shape.next.get(key);
  if (next === undefined) {
    if (shapeCount >= MAX_SHAPES || trieChars >= MAX_TRIE_CHARS) {
      // A hostile or very varied stream: start over rather than grow without bound.
      rootShape = newShape([], true);
      shapeCount = 1;
      trieChars = 0;
    }
    trieChars += key.length + shape.keys.length + 1;
    next = newShape([...shape.keys, key], shape.plain && key !== '__proto__' && !shape.keys.includes(key));
    shape.next.set(key, next);
  }
  return next;
}

/**
 * Compilations left in the current decode: a payload made of thousands of distinct key sets must not
 * turn into thousands of compilations (those objects are simply built property by property).
 */
let compileBudget = 0;
const COMPILES_PER_DECODE = 32;

function compile(keys: readonly string[]): ((values: unknown[], base: number) => Record<string, unknown>) | null {
  if (!factories || compileBudget <= 0) return null;
  compileBudget--;
  // JSON.stringify makes each key a valid, inert string literal.
  const body = `return {${keys.map((k, i) => `${JSON.stringify(k)}: v[b + ${i}]`).join(', ')}};`;
  try {
    return new Function('v', 'b', body) as (values: unknown[], base: number) => Record<string, unknown>;
  } catch {
    factories = false;
    return null;
  }
}

function buildObject(shape: Shape, base: number, count: number): Record<string, unknown> {
  if (shape.build !== null) return shape.build(scratch, base);
  if (shape.plain && ++shape.seen >= 2) {
    const build = compile(shape.keys);
    if (build !== null) {
      shape.build = build;
      return build(scratch, base);
    }
  }
  return buildFromKeys(shape.keys, base, count);
}

/**
 * A map. `node` is where it sits in the shapes when normalising (an object node of `fused`, or
 * FRAME for the frame itself), -1 otherwise: each value is then decoded knowing its own node.
 */
function map(depth: number, node: number): Record<string, unknown> {
  const at = p - 1;
  if (depth >= maxDepth) fail('ETF_DEPTH_EXCEEDED', `nesting deeper than ${maxDepth}`, at);
  const count = u32();
  // Every pair takes at least two bytes: check before looping or allocating.
  if (count > (n - p) / 2) truncated(at);
  if (count > termsLeft) charge(count, at);
  if (count > MAX_SHAPE_KEYS) {
    const obj: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const key = mapKey(depth + 1);
      valueContext = null;
      const child = node === -1 ? -1 : childOf(node, key);
      const value = child < 0 ? term(depth + 1) : normTerm(depth + 1, child);
      if (key === '__proto__') ownProperty(obj, key, value);
      else obj[key] = value;
    }
    return obj;
  }
  const base = sp;
  const context = valueContext;
  let shape = rootShape;
  /** Set once a key too long for the trie turns up: the rest of this map is read without it. */
  let ownKeys: string[] | null = null;
  for (let i = 0; i < count; i++) {
    sp = base + i;
    if (sp >= scratchHigh) scratchHigh = sp + 1;
    if (ownKeys !== null) {
      const key = mapKey(depth + 1);
      ownKeys.push(key);
      valueContext = null;
      const child = node === -1 ? -1 : childOf(node, key);
      scratch[base + i] = child < 0 ? term(depth + 1) : normTerm(depth + 1, child);
      continue;
    }
    const pr = i === 0 && context !== null ? context.childPred : shape.pred;
    if (predicted(pr)) {
      p += pr.length;
      shape = pr.next!;
    } else {
      const start = p;
      const key = mapKey(depth + 1);
      if (key.length > MAX_TRIE_KEY) {
        ownKeys = [...shape.keys, key];
        valueContext = null;
        const child = node === -1 ? -1 : childOf(node, key);
        scratch[base + i] = child < 0 ? term(depth + 1) : normTerm(depth + 1, child);
        continue;
      }
      const next = step(shape, key);
      learn(pr, start, next);
      shape = next;
    }
    // (a key that was itself a map has restored `sp` to base + i on its way out)
    valueContext = shape;
    if (node === -1) scratch[base + i] = term(depth + 1);
    else {
      let child: number;
      if (node === FRAME) child = childOf(node, shape.keys[i]!);
      else if (shape.normIndex !== fused) {
        child = childOf(node, shape.keys[i]!);
        shape.normIndex = fused;
        shape.normFor = node;
        shape.normChild = child;
        shape.normFor2 = -1;
      } else if (shape.normFor === node) child = shape.normChild;
      else if (shape.normFor2 === node) child = shape.normChild2;
      else {
        child = childOf(node, shape.keys[i]!);
        shape.normFor2 = shape.normFor;
        shape.normChild2 = shape.normChild;
        shape.normFor = node;
        shape.normChild = child;
      }
      // The string leaf, most of what a frame normalises, without the call into normTerm.
      scratch[base + i] = child < 0 ? term(depth + 1) : fused!.kind[child] === KIND_STRING ? toText(term(depth + 1)) : normTerm(depth + 1, child);
    }
  }
  sp = base + count;
  const obj = ownKeys === null ? buildObject(shape, base, count) : buildFromKeys(ownKeys, base, count);
  sp = base;
  return obj;
}

function buildFromKeys(keys: readonly string[], base: number, count: number): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const key = keys[i]!;
    if (key === '__proto__') ownProperty(obj, key, scratch[base + i]);
    else obj[key] = scratch[base + i];
  }
  return obj;
}

/** A list; `node` is its array or tuple node when normalising, else -1. */
function list(depth: number, node: number): unknown[] {
  const at = p - 1;
  if (depth >= maxDepth) fail('ETF_DEPTH_EXCEEDED', `nesting deeper than ${maxDepth}`, at);
  const count = u32();
  // Each element takes at least one byte, and the tail one more.
  if (count >= n - p) truncated(at);
  // Checked before the array is allocated: each element will be charged as it is read.
  if (count > termsLeft) charge(count, at);
  const arr = new Array<unknown>(count);
  // Maps in a list are predicted from where the list is (members, roles, …).
  const context = valueContext;
  for (let i = 0; i < count; i++) {
    valueContext = context;
    arr[i] = node === -1 ? term(depth + 1) : elementTerm(depth + 1, node, i);
  }
  // The tail: [] ends a proper list. Erlang also reads a tail that is itself a proper list
  // (LIST_EXT or STRING_EXT) as the concatenation, `[1 | [2]]` = `[1, 2]`.
  for (;;) {
    if (p >= n) truncated(p);
    const tag = b[p]!;
    if (tag === 106) {
      p++;
      return arr;
    }
    const tailAt = p;
    if (tag === 108) {
      p++;
      charge(1, tailAt);
      const more = u32();
      if (more >= n - p) truncated(tailAt);
      if (more > termsLeft) charge(more, tailAt);
      for (let i = 0; i < more; i++) {
        valueContext = context;
        arr.push(node === -1 ? term(depth + 1) : elementTerm(depth + 1, node, arr.length));
      }
      continue;
    }
    if (tag === 107) {
      p++;
      const len = u16();
      if (len > n - p) truncated(p);
      charge(len + 1, tailAt);
      if (node === -1) for (let i = 0; i < len; i++) arr.push(b[p + i]!);
      else for (let i = 0; i < len; i++) arr.push(scalarAt(elementNode(node, arr.length), b[p + i]!));
      p += len;
      return arr;
    }
    return fail('ETF_IMPROPER_LIST', 'improper list (the tail is not [])', tailAt);
  }
}

function tuple(count: number, depth: number, at: number, node: number): unknown[] {
  if (depth >= maxDepth) fail('ETF_DEPTH_EXCEEDED', `nesting deeper than ${maxDepth}`, at);
  if (count > n - p) truncated(at);
  if (count > termsLeft) charge(count, at);
  const arr = new Array<unknown>(count);
  for (let i = 0; i < count; i++) {
    valueContext = null;
    arr[i] = node === -1 ? term(depth + 1) : elementTerm(depth + 1, node, i);
  }
  return arr;
}

function term(depth: number): unknown {
  if (p >= n) truncated(p);
  const at = p;
  if (--termsLeft < 0) charge(0, at);
  const tag = b[p++]!;
  switch (tag) {
    case 97: // SMALL_INTEGER_EXT: unsigned byte
      return u8();
    case 98: {
      // INTEGER_EXT: signed 32-bit big-endian
      if (p + 4 > n) truncated(p);
      const v = (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
      p += 4;
      return v;
    }
    case 70: // NEW_FLOAT_EXT: IEEE 754 double, big-endian
      return readFloat64();
    case 109: {
      // BINARY_EXT: UTF-8 text for Discord
      const len = u32();
      if (len > n - p) truncated(p);
      const start = p;
      p += len;
      return utf8(start, len);
    }
    case 116: // MAP_EXT
      return map(depth, -1);
    case 108: // LIST_EXT
      return list(depth, -1);
    case 106: // NIL_EXT
      return [];
    case 100: // ATOM_EXT (latin-1)
      return atom(u16(), false);
    case 115: // SMALL_ATOM_EXT (latin-1)
      return atom(u8(), false);
    case 118: // ATOM_UTF8_EXT
      return atom(u16(), true);
    case 119: // SMALL_ATOM_UTF8_EXT (OTP 26+ default)
      return atom(u8(), true);
    case 110: {
      // SMALL_BIG_EXT
      if (p + 2 > n) truncated(p);
      const len = b[p]!;
      const sign = b[p + 1]!;
      p += 2;
      return bigInteger(len, sign !== 0);
    }
    case 111: {
      // LARGE_BIG_EXT
      const len = u32();
      return bigInteger(len, u8() !== 0);
    }
    case 107: {
      // STRING_EXT: a list of bytes (Erlang's encoding of any list of 0..255 integers)
      const len = u16();
      if (len > n - p) truncated(p);
      charge(len, at);
      const arr = new Array<number>(len);
      for (let i = 0; i < len; i++) arr[i] = b[p + i]!;
      p += len;
      return arr;
    }
    case 104: {
      // SMALL_TUPLE_EXT
      return tuple(u8(), depth, at, -1);
    }
    case 105: // LARGE_TUPLE_EXT
      return tuple(u32(), depth, at, -1);
    case 99: // FLOAT_EXT (legacy text float)
      return readFloatText();
    case 80:
      return fail('ETF_UNSUPPORTED_TAG', 'a compressed term (tag 80) is only accepted at the top level', at);
    default:
      return fail('ETF_UNSUPPORTED_TAG', `unsupported term tag ${tag}`, at);
  }
}

// ---------------------------------------------------------------- fused normalisation
//
// `normalize` used to walk the finished tree a second time (40–56 % on top of decode). Here each
// value is decoded knowing its node in the shapes, so integers at string positions come out as text
// at once and subtrees without string positions are decoded with no extra work at all. The second
// walk (`normalizeFrame`) stays the reference: unions are handed to it once built (their effect
// depends on the finished value), and it is the fallback for frames this cannot read ahead in.

/** The shape index of the fused decode in progress (null: not normalising). */
let fused: ShapeIndex | null = null;
/** `node` of the frame map itself: its `d` gets `frameData`, nothing else is normalised. */
const FRAME = -2;
let frameData = -1;
/** The fused decode could not read the frame's `op`/`t` ahead: normalise the result by the reference instead. */
let needsReference = false;
/** The dispatch name read from the tail was not the frame's: decode again without fusing. */
let guessedWrong = false;
/** `frameNode` stopped at `d`: the built frame must still have the `op` and `t` it read. */
let checkFrame = false;
let checkOp: unknown;
let checkT: unknown;

/** The node of the value under `key` in the object node `node` (or the frame), -1 for none. */
function childOf(node: number, key: string): number {
  if (node === FRAME) return key === 'd' ? frameData : -1;
  const index = fused!;
  const child = index.props[node]!.get(key);
  return child !== undefined ? child : index.other[node]!;
}

/** The node of element `i` of the array or tuple node `node`. */
function elementNode(node: number, i: number): number {
  const index = fused!;
  if (index.kind[node] === KIND_ARRAY) return index.other[node]!;
  const items = index.items[node]!;
  return i < items.length ? items[i]! : index.other[node]!;
}

/** A value already built (a STRING_EXT byte) at node `node`. */
function scalarAt(node: number, value: unknown): unknown {
  if (node < 0) return value;
  const kind = fused!.kind[node];
  if (kind === KIND_STRING) return toText(value);
  if (kind === KIND_UNION) return fused!.text[node] ? toText(value) : value;
  return value;
}

/** What the reference does to a built value at `node`, for nodes this index made too (merged objects, unions of them). */
function referenceAt(value: unknown, node: number): unknown {
  const index = fused!;
  if (node < index.table.nodes.length) return normalizeValue(value, node, index.table);
  if (typeof value !== 'object' || value === null) return index.kind[node] === KIND_UNION && index.text[node] ? toText(value) : value;
  let out: unknown = value;
  for (const part of index.items[node]!) out = referenceAt(out, part);
  return out;
}

function elementTerm(depth: number, node: number, i: number): unknown {
  const child = elementNode(node, i);
  return child < 0 ? term(depth) : normTerm(depth, child);
}

/** `term`, for a value at node `node` (≥ 0) of the shapes. */
function normTerm(depth: number, node: number): unknown {
  const kind = fused!.kind[node];
  if (kind === KIND_STRING) return toText(term(depth));
  if (kind === KIND_UNION) {
    if (p >= n) truncated(p);
    const tag = b[p]!;
    const isMap = tag === 116;
    if (!isMap && tag !== 108 && tag !== 104 && tag !== 105 && tag !== 107) return fused!.text[node] ? toText(term(depth)) : term(depth);
    const target = resolveUnion(fused!, node, isMap);
    if (target === -1) return term(depth);
    if (target === -2) {
      let value = term(depth);
      for (const member of fused!.items[node]!) value = referenceAt(value, member);
      return value;
    }
    return normTerm(depth, target);
  }
  if (kind === KIND_REFERENCE && p < n && b[p] === 116) {
    // A tagged union: its tag field is read ahead in the map, then the map is decoded as that member.
    const shape = fused!.table.nodes[node] as { readonly d: string; readonly m: Readonly<Record<string, number>> };
    const tag = readAheadField(shape.d);
    if (tag !== NOT_READ) {
      const key = String(tag);
      const member = tag !== undefined && Object.prototype.hasOwnProperty.call(shape.m, key) ? shape.m[key]! : -1;
      const index = fused!;
      return member >= 0 && member < index.kind.length && index.kind[member] !== KIND_NONE ? normTerm(depth, member) : term(depth);
    }
  }
  if (kind === KIND_REFERENCE || kind === KIND_NONE) {
    const value = term(depth);
    return kind === KIND_NONE ? value : normalizeValue(value, node, fused!.table);
  }
  if (p >= n) truncated(p);
  const tag = b[p]!;
  // Only the containers the node describes are read here; any other term is left as it is.
  if (kind === KIND_OBJECT ? tag !== 116 : tag !== 108 && tag !== 104 && tag !== 105 && tag !== 107) return term(depth);
  const at = p;
  if (--termsLeft < 0) charge(0, at);
  p++;
  switch (tag) {
    case 116:
      return map(depth, node);
    case 108:
      return list(depth, node);
    case 104:
      return tuple(u8(), depth, at, node);
    case 105:
      return tuple(u32(), depth, at, node);
    default: {
      // STRING_EXT: read as usual (from its tag again, the term already charged), then each byte placed.
      p = at;
      termsLeft++;
      const arr = term(depth) as unknown[];
      for (let i = 0; i < arr.length; i++) arr[i] = scalarAt(elementNode(node, i), arr[i]);
      return arr;
    }
  }
}

const NOT_READ = Symbol('not read');

/**
 * The value of field `name` of the map at `p` (the last one, as in the built object; undefined if
 * absent), read ahead without building the map, or NOT_READ when it is not a plain integer or text
 * or the map is not plainly readable (the reference then does it). Moves nothing.
 */
function readAheadField(name: string): unknown {
  const start = p;
  const terms = termsLeft;
  const context = valueContext;
  let found: unknown;
  try {
    p++;
    if (p + 4 > n) return NOT_READ;
    const count = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
    p += 4;
    if (count > MAX_SHAPE_KEYS) return NOT_READ;
    for (let i = 0; i < count; i++) {
      const keyTag = p < n ? b[p]! : 0;
      if (keyTag !== 100 && keyTag !== 115 && keyTag !== 118 && keyTag !== 119 && keyTag !== 109) return NOT_READ;
      const key = mapKey(1);
      if (p >= n) return NOT_READ;
      if (key === name) {
        const tag = b[p]!;
        if (tag !== 97 && tag !== 98 && tag !== 100 && tag !== 115 && tag !== 118 && tag !== 119 && tag !== 109) return NOT_READ;
        found = term(1);
      } else if (!skipTerm()) return NOT_READ;
    }
    return found;
  } catch {
    return NOT_READ;
  } finally {
    p = start;
    termsLeft = terms;
    valueContext = context;
  }
}

/**
 * Moves `p` past one term without building it; false for anything it does not know (the caller
 * then lets the real decode find the problem). Each step moves at least one byte, so hostile
 * input costs time linear in its size.
 */
function skipTerm(): boolean {
  let left = 1;
  while (left > 0) {
    if (p >= n) return false;
    left--;
    const tag = b[p++]!;
    switch (tag) {
      case 97:
        p += 1;
        break;
      case 98:
        p += 4;
        break;
      case 70:
        p += 8;
        break;
      case 99:
        p += 31;
        break;
      case 106:
        break;
      case 100:
      case 118:
      case 107:
        if (p + 2 > n) return false;
        p += 2 + ((b[p]! << 8) | b[p + 1]!);
        break;
      case 115:
      case 119:
        if (p >= n) return false;
        p += 1 + b[p]!;
        break;
      case 110:
        if (p >= n) return false;
        p += 2 + b[p]!;
        break;
      case 109:
      case 111:
      case 116:
      case 108:
      case 105: {
        if (p + 4 > n) return false;
        const count = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
        p += 4;
        if (tag === 109) p += count;
        else if (tag === 111) p += 1 + count;
        else if (count > n - p) return false;
        else left += tag === 116 ? 2 * count : tag === 108 ? count + 1 : count;
        break;
      }
      case 104:
        if (p >= n) return false;
        left += b[p++]!;
        break;
      default:
        return false;
    }
  }
  return p <= n;
}

/**
 * Reads the frame map at `p` ahead for its `op` and `t` (Erlang writes a small map's keys sorted,
 * so `d` comes before both) and returns the node of its `d`: ≥ 0, -1 when nothing is normalised,
 * or -3 when the frame is not plainly readable (then the reference does it). Moves nothing.
 */
function frameNode(table: EtfShapeTable): number {
  if (p >= n || b[p] !== 116) return -1; // not a map: normalizeFrame leaves it alone
  const start = p;
  const terms = termsLeft;
  let op: unknown;
  let t: unknown;
  let hasD = false;
  let opSeen = false;
  let tSeen = false;
  try {
    p++;
    if (p + 4 > n) return -3;
    const count = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
    p += 4;
    if (count > 16) return -3;
    for (let i = 0; i < count; i++) {
      const keyTag = p < n ? b[p]! : 0;
      if (keyTag !== 100 && keyTag !== 115 && keyTag !== 118 && keyTag !== 119 && keyTag !== 109) return -3;
      const key = mapKey(1);
      if (p >= n) return -3;
      const tag = b[p]!;
      if (key === 'd' && opSeen && tSeen) {
        // `op` and `t` came first (a frame written in JS key order): no need to step over `d`;
        // a later duplicate of either is caught by checking the built frame (see `root`).
        hasD = true;
        checkFrame = true;
        checkOp = op;
        checkT = t;
        break;
      }
      if (key === 'op' || key === 't') {
        const valueText = tag === 100 || tag === 115 || tag === 118 || tag === 119 || tag === 109;
        if (key === 'op' ? tag !== 97 && tag !== 98 : !valueText) return -3;
        const value = term(1);
        if (key === 'op') {
          op = value;
          opSeen = true;
        } else {
          t = value;
          tSeen = true;
        }
      } else {
        if (key === 'd') hasD = true;
        if (!skipTerm()) return -3;
      }
    }
  } catch {
    return -3;
  } finally {
    p = start;
    termsLeft = terms;
    valueContext = null;
  }
  if (!hasD) return -1;
  let node: number | undefined;
  if (op === 0 && typeof t === 'string') node = Object.prototype.hasOwnProperty.call(table.dispatch, t) ? table.dispatch[t] : undefined;
  else node = Object.prototype.hasOwnProperty.call(table.receive, String(op)) ? table.receive[String(op)] : undefined;
  return node === undefined ? -1 : node;
}

/** Whether the bytes at `at` are the key `d` (an atom) followed by an atom or `[]`. */
function keyDThenAtomAt(at: number): boolean {
  let v = -1;
  if ((b[at] === 115 || b[at] === 119) && b[at + 1] === 1 && b[at + 2] === 0x64) v = at + 3;
  else if ((b[at] === 100 || b[at] === 118) && b[at + 1] === 0 && b[at + 2] === 1 && b[at + 3] === 0x64) v = at + 4;
  if (v < 0 || v >= n) return false;
  const tag = b[v];
  return tag === 100 || tag === 115 || tag === 118 || tag === 119 || tag === 106;
}

/** A key `t` (any atom tag, or a binary) ending at `end`. */
function keyTEndsAt(end: number): boolean {
  if (end < 3 || b[end - 1] !== 0x74) return false;
  const tag3 = b[end - 3];
  if ((tag3 === 115 || tag3 === 119) && b[end - 2] === 1) return true;
  if (end >= 4 && (b[end - 4] === 100 || b[end - 4] === 118) && b[end - 3] === 0 && b[end - 2] === 1) return true;
  return end >= 6 && b[end - 6] === 109 && b[end - 5] === 0 && b[end - 4] === 0 && b[end - 3] === 0 && b[end - 2] === 1;
}

/**
 * The dispatch name a frame very probably has, read from its last bytes: Erlang writes a small
 * map's keys sorted, so a dispatch ends with `t => 'NAME'`. Only a guess (a binary inside `d` could
 * end the same way): `root` checks it against the decoded frame. Null when the tail does not look so.
 */
function guessDispatchName(): string | null {
  for (let len = 1; len <= 64 && len + 4 < n - p; len++) {
    const start = n - len;
    let headerAt = -1;
    let utf8Bytes = true;
    const small = b[start - 2];
    if ((small === 115 || small === 119) && b[start - 1] === len) {
      headerAt = start - 2;
      utf8Bytes = small === 119;
    } else if ((b[start - 3] === 100 || b[start - 3] === 118) && b[start - 2] === 0 && b[start - 1] === len) {
      headerAt = start - 3;
      utf8Bytes = b[start - 3] === 118;
    } else if (b[start - 5] === 109 && b[start - 4] === 0 && b[start - 3] === 0 && b[start - 2] === 0 && b[start - 1] === len) headerAt = start - 5;
    if (headerAt > p && keyTEndsAt(headerAt)) return shortString(start, len, utf8Bytes);
  }
  return null;
}

/** The top-level term: the frame, read with its `d` normalised when a fused decode is in progress. */
function root(): unknown {
  const index = fused;
  if (index === null) return term(0);
  if (p < n && b[p] === 116) {
    // Fast path: the dispatch name from the frame's tail, checked once the frame is built.
    const name = guessDispatchName();
    const table = index.table;
    const guessed = name !== null && Object.prototype.hasOwnProperty.call(table.dispatch, name) ? table.dispatch[name]! : -1;
    if (guessed >= 0 && guessed < index.kind.length && index.kind[guessed] !== KIND_NONE) {
      frameData = guessed;
      const at = p;
      if (--termsLeft < 0) charge(0, at);
      p++;
      const frame = map(0, FRAME);
      if (frame['op'] !== 0 || frame['t'] !== name) guessedWrong = true;
      return frame;
    }
  }
  if (p + 5 < n && b[p] === 116 && keyDThenAtomAt(p + 5)) {
    // A control frame (`d` is nil or another atom, e.g. HEARTBEAT_ACK): normalising can change
    // nothing but an integer or a container, so decode it plainly and let the reference handle any
    // `d` that turns out otherwise (a later duplicate key).
    const frame = term(0) as Record<string, unknown>;
    const d = frame['d'];
    if (typeof d === 'number' || typeof d === 'bigint' || (typeof d === 'object' && d !== null)) needsReference = true;
    return frame;
  }
  const node = frameNode(index.table);
  if (node === -3) {
    needsReference = true;
    return term(0);
  }
  if (node < 0 || node >= index.kind.length || index.kind[node] === KIND_NONE) return term(0);
  frameData = node;
  const at = p;
  if (--termsLeft < 0) charge(0, at);
  p++;
  const frame = map(0, FRAME);
  if (checkFrame && (frame['op'] !== checkOp || frame['t'] !== checkT)) guessedWrong = true;
  return frame;
}

/** Points the reader at `bytes` from byte `start`, with nothing cached from what it read before. */
function readFrom(bytes: Uint8Array, start: number): void {
  b = bytes;
  dv = null;
  valueContext = null;
  p = start;
  n = bytes.length;
}

/** Tag 80 at the top: u32 size of the term without the version byte, then a zlib stream of it. */
function compressed(maxInflated: number): unknown {
  const at = p;
  p++;
  const size = u32();
  if (size === 0 || size > maxInflated) {
    fail('ETF_COMPRESSED', `compressed term declares ${size} bytes (limit ${maxInflated})`, at);
  }
  let inflated: Uint8Array;
  let consumed: number;
  const stream = b.subarray(p);
  try {
    const result = inflateSync(stream, { maxOutputLength: size, info: true }) as unknown as {
      buffer: Uint8Array;
      engine: { bytesWritten: number };
    };
    inflated = result.buffer;
    consumed = result.engine.bytesWritten;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EtfError('ETF_COMPRESSED', `compressed term at byte ${at} does not inflate to ${size} bytes: ${reason}`, { offset: at }, { cause: error });
  }
  if (inflated.length !== size) {
    fail('ETF_COMPRESSED', `compressed term inflates to ${inflated.length} bytes, its header says ${size}`, at);
  }
  // Erlang refuses bytes after the zlib stream, as it refuses bytes after a plain term.
  if (consumed < stream.length) {
    fail('ETF_TRAILING_BYTES', `${stream.length - consumed} bytes after the compressed term's zlib stream`, p + consumed);
  }
  readFrom(inflated, 0);
  compressedAt = at;
  const value = root();
  if (p !== n) fail('ETF_TRAILING_BYTES', `${n - p} bytes after the term`, p);
  return value;
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) {
    try {
      return new Uint8Array(data);
    } catch (error) {
      // A detached (transferred) ArrayBuffer has no bytes to read.
      throw new EtfError('ETF_INPUT_TYPE', 'cannot decode ETF from a detached ArrayBuffer', { offset: 0 }, { cause: error });
    }
  }
  throw new EtfError('ETF_INPUT_TYPE', `cannot decode ETF from ${typeof data === 'string' ? 'a string (ETF is binary)' : typeof data}`);
}

/**
 * Decodes one ETF term (version byte 131 first). Throws `EtfError` with a byte `offset` for anything
 * malformed, truncated, too deep, unsupported, or followed by trailing bytes.
 *
 * Mapping: integers → numbers (big integers → number when safe, else decimal string or bigint per
 * `options.bigint`); floats → numbers; atoms `nil`/`null` → null, `true`/`false` → booleans, other
 * atoms → strings; binaries → UTF-8 strings (invalid bytes → U+FFFD); maps → plain objects with own
 * properties (non-text keys stringified, `__proto__` an ordinary key, the last duplicate wins);
 * lists and tuples → arrays; STRING_EXT → an array of byte values (Erlang writes every list of small
 * integers this way); a list whose tail is itself a list (LIST_EXT or STRING_EXT) → the concatenation,
 * as Erlang reads it; improper lists → `ETF_IMPROPER_LIST`; PIDs, ports, references, funs and bit
 * strings → `ETF_UNSUPPORTED_TAG`; a compressed term (tag 80) is inflated, size-checked and capped.
 * Where Erlang's `binary_to_term` is the definition, it is followed: invalid UTF-8 in a UTF-8 atom,
 * NaN/±Infinity floats, FLOAT_EXT text Erlang would not read and bytes after tag 80's zlib stream
 * are `ETF_INVALID` / `ETF_TRAILING_BYTES`. What one decode may build is bounded (`maxTerms`,
 * `maxBigIntBytes`): `ETF_LIMIT_EXCEEDED`, so no frame can exhaust memory or time.
 */
export function decode(data: Uint8Array | ArrayBuffer, options?: EtfDecodeOptions): unknown {
  const normalize = options?.normalize;
  if (normalize === undefined || normalize === false) return decodeTerm(data, options, null);
  const table = normalize === true ? etfShapes : normalize;
  // The reference walk counts its own depth up to 1024; past a nesting it could reach, fuse nothing.
  if (options?.maxDepth !== undefined && !(options.maxDepth <= MAX_FUSED_DEPTH)) return normalizeFrame(decodeTerm(data, options, null), table);
  needsReference = false;
  guessedWrong = false;
  checkFrame = false;
  if (table !== lastTable) {
    lastIndex = shapeIndex(table);
    lastTable = table;
  }
  const value = decodeTerm(data, options, lastIndex);
  if (guessedWrong) {
    // (only a crafted frame gets here: its `d` was normalised by the wrong node)
    guessedWrong = false;
    needsReference = false;
    return normalizeFrame(decodeTerm(data, options, null), table);
  }
  if (!needsReference) return value;
  needsReference = false;
  return normalizeFrame(value, table);
}

let lastTable: EtfShapeTable | null = null;
let lastIndex: ShapeIndex | null = null;

/** Deepest `maxDepth` the fused normalisation is used for (the reference walk stops at 1024). */
const MAX_FUSED_DEPTH = 512;

/** A numeric limit option: a number (Infinity allowed) of at least 0; NaN or junk is refused, never read as "no limit". */
function limitOption(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new EtfError('ETF_BAD_OPTION', `${name} must be a number of at least 0, got ${typeof value === 'number' ? String(value) : typeof value}`);
  }
  return value;
}

function decodeTerm(data: Uint8Array | ArrayBuffer, options: EtfDecodeOptions | undefined, index: ShapeIndex | null): unknown {
  const bytes = toBytes(data);
  if (bytes.length === 0) throw new EtfError('ETF_TRUNCATED', 'empty input', { offset: 0 });
  if (bytes[0] !== ETF_VERSION) {
    throw new EtfError('ETF_BAD_VERSION', `expected version byte 131, got ${bytes[0]}`, { offset: 0 });
  }
  if (cacheLengths.length === 0) allocateStringCache();
  maxDepth = limitOption('maxDepth', options?.maxDepth, DEFAULT_MAX_DEPTH);
  bigintOut = options?.bigint === 'bigint';
  const maxInflated = limitOption('maxInflatedBytes', options?.maxInflatedBytes, DEFAULT_MAX_INFLATED);
  maxTerms = termsLeft = limitOption('maxTerms', options?.maxTerms, DEFAULT_MAX_TERMS);
  maxBigTotal = bigBytesLeft = limitOption('maxBigIntBytes', options?.maxBigIntBytes, DEFAULT_MAX_BIG_TOTAL);
  readFrom(bytes, 1);
  compileBudget = COMPILES_PER_DECODE;
  compressedAt = -1;
  fused = index;
  frameData = -1;
  let failed = true;
  try {
    let value: unknown;
    if (n > 1 && b[1] === 80) value = compressed(maxInflated);
    else {
      value = root();
      if (p !== n) {
        throw new EtfError('ETF_TRAILING_BYTES', `${n - p} bytes after the term at byte ${p}`, { offset: p });
      }
    }
    failed = false;
    return value;
  } catch (error) {
    if (error instanceof EtfError) throw error;
    // Only a stack overflow (maxDepth set beyond what the engine's stack holds) gets here.
    const offset = compressedAt >= 0 ? compressedAt : p;
    throw new EtfError('ETF_DEPTH_EXCEEDED', `nesting too deep for the call stack near byte ${offset}`, { offset }, { cause: error });
  } finally {
    // Drop the references so the input and its values can be collected, and nothing can read them later.
    b = EMPTY;
    dv = null;
    valueContext = null;
    compressedAt = -1;
    fused = null;
    // A failed decode may have left values anywhere on the stack it reached.
    if (failed) scratch.fill(undefined);
    else if (scratchHigh > 0) scratch.fill(undefined, 0, scratchHigh);
    sp = 0;
    scratchHigh = 0;
    p = 0;
    n = 0;
  }
}
