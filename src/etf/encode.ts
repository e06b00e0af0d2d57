/**
 * ETF encoder for what a client sends Discord: maps with binary (string) keys — atom keys make the
 * gateway close with 4002 — strings as UTF-8 BINARY_EXT, integers by range, and JSON's rules for
 * what a value means (undefined properties dropped, `toJSON` honoured), so the same payload object
 * means the same thing whichever encoding a connection uses.
 *
 * Speed notes: one growable output buffer is reused between calls (each call returns a copy of its
 * bytes, never a view into the pool); short strings are written by a JS loop, long ones by the
 * engine's native UTF-8 writer; map counts are back-patched, so values are visited once.
 */
import { EtfError } from './error.js';
import { pointerSegment } from '../json-pointer.js';

export interface EtfEncodeOptions {
  /** Deepest nesting of arrays and objects accepted (default 256). */
  readonly maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 256;
const INITIAL_SIZE = 64 * 1024;
/** A pool that grew past this is dropped after the call, so one huge payload does not pin memory. */
const RETAIN_LIMIT = 4 * 1024 * 1024;
const LONG_STRING = 48;
/**
 * Results up to this size are carved out of a shared slab instead of each getting its own
 * ArrayBuffer: allocating a backing store costs about 1 µs, a quarter of encoding a whole
 * MESSAGE_CREATE. Node's Buffer pool does the same for the same reason (it is not used directly
 * because a FastBuffer costs three times a plain view). Each result owns its byte range exclusively.
 */
const POOL_MAX = 4096;
const SLAB_SIZE = 32 * 1024;
let slab = new ArrayBuffer(SLAB_SIZE);
let slabUsed = 0;

/** A copy of the encoded bytes, from the slab when small. */
function result(): Uint8Array {
  const n = pos;
  if (n > POOL_MAX) return buf.slice(0, n);
  if (slabUsed + n > SLAB_SIZE) {
    slab = new ArrayBuffer(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = new Uint8Array(slab, slabUsed, n);
  out.set(buf.subarray(0, n));
  // 8-byte alignment, so a caller may lay a Float64Array or DataView over its bytes cheaply
  slabUsed = (slabUsed + n + 7) & ~7;
  return out;
}

type WriteFn = (this: Uint8Array, text: string, offset: number, length: number) => number;
const bufferProto = (globalThis as { Buffer?: { prototype: Record<string, unknown> } }).Buffer?.prototype;
const nativeUtf8Write = typeof bufferProto?.['utf8Write'] === 'function' ? (bufferProto['utf8Write'] as WriteFn) : null;
const textEncoder = new TextEncoder();

// The encode in progress. `toJSON` can run user code that calls `encode` again; `encode` saves and
// restores this state around a nested call.
let buf = new Uint8Array(INITIAL_SIZE);
let view = new DataView(buf.buffer);
let pos = 0;
let maxDepth = DEFAULT_MAX_DEPTH;
/** The container at each depth on the current path, for cycle detection and error paths. */
let stack: unknown[] = [];
let busy = false;

function grow(need: number): void {
  let size = buf.length * 2;
  while (size < pos + need) size *= 2;
  const next = new Uint8Array(size);
  next.set(buf.subarray(0, pos));
  buf = next;
  view = new DataView(buf.buffer);
}

function ensure(need: number): void {
  if (pos + need > buf.length) grow(need);
}

/** JSON pointer to `leaf` below the containers on the stack (computed only when reporting an error). */
function pathTo(depth: number, leaf: unknown): string {
  let path = '';
  for (let d = 0; d < depth; d++) {
    const parent = stack[d] as Record<string, unknown>;
    const child = d + 1 < depth ? stack[d + 1] : leaf;
    const key = Object.keys(parent).find((k) => Object.is(parent[k], child));
    path += '/' + pointerSegment(key ?? '?');
  }
  return path;
}

function unsupported(what: string, depth: number, leaf: unknown): never {
  const path = pathTo(depth, leaf);
  throw new EtfError('ETF_UNSUPPORTED_VALUE', `cannot encode ${what} as ETF at ${path === '' ? 'the top level' : path}`, { path });
}

/** Set by `writeString` when it replaced a lone surrogate (strings up to LONG_STRING only). */
let loneSurrogate = false;

function writeString(s: string): void {
  const len = s.length;
  ensure(5 + len * 3);
  const b = buf;
  const head = pos;
  let q = head + 5;
  if (len > LONG_STRING) {
    // Native writers turn lone surrogates into U+FFFD, as required.
    q += nativeUtf8Write !== null ? nativeUtf8Write.call(b, s, q, len * 3) : textEncoder.encodeInto(s, b.subarray(q)).written;
  } else {
    // ASCII run first (keys, ids, timestamps are all ASCII), then the general loop from there.
    let i = 0;
    for (; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      b[q + i] = c;
    }
    q += i;
    for (; i < len; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        b[q++] = c;
      } else if (c < 0x800) {
        b[q++] = 0xc0 | (c >> 6);
        b[q++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < len ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          b[q++] = 0xf0 | (c >> 18);
          b[q++] = 0x80 | ((c >> 12) & 0x3f);
          b[q++] = 0x80 | ((c >> 6) & 0x3f);
          b[q++] = 0x80 | (c & 0x3f);
        } else {
          // A lone surrogate has no UTF-8 form: U+FFFD, as TextEncoder writes.
          loneSurrogate = true;
          b[q++] = 0xef;
          b[q++] = 0xbf;
          b[q++] = 0xbd;
        }
      } else {
        b[q++] = 0xe0 | (c >> 12);
        b[q++] = 0x80 | ((c >> 6) & 0x3f);
        b[q++] = 0x80 | (c & 0x3f);
      }
    }
  }
  const size = q - head - 5;
  b[head] = 109; // BINARY_EXT
  b[head + 1] = size >>> 24;
  b[head + 2] = (size >>> 16) & 0xff;
  b[head + 3] = (size >>> 8) & 0xff;
  b[head + 4] = size & 0xff;
  pos = q;
}

function writeAtom(text: 'nil' | 'true' | 'false'): void {
  // SMALL_ATOM_EXT, as erlpack writes it (Discord's own encoder): accepted by every OTP release.
  ensure(2 + text.length);
  buf[pos++] = 115;
  buf[pos++] = text.length;
  for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
}

function writeNumber(v: number, depth: number): void {
  if ((v | 0) === v) {
    // int32 (and -0, which JSON also writes as 0)
    if (v >= 0 && v <= 255) {
      ensure(2);
      buf[pos++] = 97; // SMALL_INTEGER_EXT
      buf[pos++] = v;
    } else {
      ensure(5);
      buf[pos++] = 98; // INTEGER_EXT
      view.setInt32(pos, v);
      pos += 4;
    }
    return;
  }
  if (Number.isSafeInteger(v)) {
    // SMALL_BIG_EXT: an exact integer, where erlpack would send a float.
    const negative = v < 0;
    const a = negative ? -v : v;
    const lo = a >>> 0;
    let hi = Math.floor(a / 4294967296);
    ensure(3 + 8);
    const head = pos;
    buf[head] = 110;
    buf[head + 2] = negative ? 1 : 0;
    let q = head + 3;
    buf[q++] = lo & 0xff;
    buf[q++] = (lo >>> 8) & 0xff;
    buf[q++] = (lo >>> 16) & 0xff;
    buf[q++] = lo >>> 24;
    while (hi > 0) {
      buf[q++] = hi & 0xff;
      hi = Math.floor(hi / 256);
    }
    buf[head + 1] = q - head - 3;
    pos = q;
    return;
  }
  if (v === v && v !== Infinity && v !== -Infinity) {
    ensure(9);
    buf[pos++] = 70; // NEW_FLOAT_EXT
    view.setFloat64(pos, v);
    pos += 8;
    return;
  }
  unsupported(String(v), depth, v);
}

function writeBigInt(v: bigint): void {
  const negative = v < 0n;
  let m = negative ? -v : v;
  const digits: number[] = [];
  while (m > 0n) {
    digits.push(Number(m & 0xffn));
    m >>= 8n;
  }
  const count = digits.length;
  ensure(6 + count);
  if (count <= 255) {
    buf[pos++] = 110; // SMALL_BIG_EXT
    buf[pos++] = count;
  } else {
    buf[pos++] = 111; // LARGE_BIG_EXT
    view.setUint32(pos, count);
    pos += 4;
  }
  buf[pos++] = negative ? 1 : 0;
  for (let i = 0; i < count; i++) buf[pos++] = digits[i]!;
}

function enter(container: object, depth: number): void {
  if (depth >= maxDepth) {
    for (let d = 0; d < depth; d++) {
      if (stack[d] === container) {
        const path = pathTo(depth, container);
        throw new EtfError('ETF_CYCLE', `cannot encode a cyclic structure (at ${path})`, { path });
      }
    }
    const path = pathTo(depth, container);
    throw new EtfError('ETF_DEPTH_EXCEEDED', `nesting deeper than ${maxDepth} (at ${path})`, { path });
  }
  stack[depth] = container;
}

function writeArray(a: readonly unknown[], depth: number): void {
  const len = a.length;
  if (len === 0) {
    ensure(1);
    buf[pos++] = 106; // NIL_EXT
    return;
  }
  enter(a, depth);
  ensure(5);
  buf[pos++] = 108; // LIST_EXT
  view.setUint32(pos, len);
  pos += 4;
  for (let i = 0; i < len; i++) {
    const item = a[i];
    // JSON writes null for undefined elements and holes.
    if (item === undefined) writeAtom('nil');
    else writeValue(item, depth + 1);
  }
  ensure(1);
  buf[pos++] = 106;
}

function writeObject(o: object, depth: number): void {
  const toJSON = (o as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    enter(o, depth);
    const replaced: unknown = toJSON.call(o, '');
    if (replaced === undefined) unsupported('a toJSON() that returned undefined', depth, o);
    writeValue(replaced, depth + 1);
    return;
  }
  // Plain objects (the common case) skip the checks for containers JSON would silently empty.
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) {
    // Boxed primitives mean their primitive, as in JSON (`new String('ab')` is "ab").
    if (o instanceof String) return writeString(String(o));
    if (o instanceof Number) {
      const v = Number(o);
      if (Number.isFinite(v)) return writeNumber(v, depth);
      unsupported(`a Number object holding ${v}`, depth, o);
    }
    if (o instanceof Boolean) return writeAtom(o.valueOf() ? 'true' : 'false');
    if (o instanceof BigInt) return writeBigInt(o.valueOf());
    if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer || o instanceof Map || o instanceof Set || o instanceof WeakMap || o instanceof WeakSet) {
      unsupported(`a ${kindName(o)} (not a plain object)`, depth, o);
    }
  }
  enter(o, depth);
  ensure(5);
  const head = pos;
  buf[head] = 116; // MAP_EXT
  pos += 5;
  let count = 0;
  const record = o as Record<string, unknown>;
  if (proto === Object.prototype && prototypeClean) {
    // for-in over a plain object lets the engine read each value through its enum cache instead of
    // a generic keyed lookup; with nothing enumerable on Object.prototype it yields own keys only,
    // in the same order as Object.keys.
    for (const key in record) {
      const value = record[key];
      // JSON drops undefined properties.
      if (value === undefined) continue;
      writeKey(key, depth, o);
      writeValue(value, depth + 1);
      count++;
    }
  } else {
    const keys = Object.keys(o);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const value = record[key];
      if (value === undefined) continue;
      writeKey(key, depth, o);
      writeValue(value, depth + 1);
      count++;
    }
  }
  view.setUint32(head + 1, count);
}

/** The built-in kind of `o` for a message, without trusting its (possibly missing) `constructor`. */
function kindName(o: object): string {
  return Object.prototype.toString.call(o).slice(8, -1);
}

/**
 * A map key. Keys are text, and a lone surrogate has no UTF-8 form: written as U+FFFD, two distinct
 * keys (`'\ud800'`, `'\udc00'`) would become one duplicated key, which Erlang refuses.
 */
function writeKey(key: string, depth: number, parent: object): void {
  // Short keys (nearly all) are checked by the writer's own loop, long ones before it.
  loneSurrogate = key.length > LONG_STRING && !(key as unknown as { isWellFormed(): boolean }).isWellFormed();
  if (!loneSurrogate) writeString(key);
  if (loneSurrogate) {
    loneSurrogate = false;
    const path = pathTo(depth, parent) + '/' + pointerSegment(key);
    throw new EtfError('ETF_UNSUPPORTED_VALUE', `cannot encode a map key with a lone surrogate as ETF at ${path}`, { path });
  }
}

/** Whether Object.prototype has no enumerable properties (checked once per `encode`). */
let prototypeClean = true;

function checkPrototype(): boolean {
  for (const _ in Object.prototype) return false;
  return true;
}

function writeValue(v: unknown, depth: number): void {
  switch (typeof v) {
    case 'string':
      writeString(v);
      return;
    case 'number':
      writeNumber(v, depth);
      return;
    case 'boolean':
      writeAtom(v ? 'true' : 'false');
      return;
    case 'object':
      if (v === null) writeAtom('nil');
      else if (Array.isArray(v)) writeArray(v, depth);
      else writeObject(v, depth);
      return;
    case 'bigint':
      writeBigInt(v);
      return;
    default:
      unsupported(`a ${typeof v}`, depth, v);
  }
}

/**
 * Encodes a payload as ETF (version byte 131 first), the way Discord expects client payloads:
 * objects → MAP_EXT with BINARY_EXT keys; strings → UTF-8 BINARY_EXT (lone surrogates → U+FFFD);
 * integers → SMALL_INTEGER_EXT (0..255), INTEGER_EXT (int32) or SMALL_BIG_EXT (other safe
 * integers); bigints → SMALL_BIG_EXT/LARGE_BIG_EXT; other finite numbers → NEW_FLOAT_EXT; null →
 * atom `nil`; booleans → atoms; arrays → LIST_EXT (empty → NIL_EXT, undefined elements → nil).
 * `toJSON` is honoured and undefined properties are dropped, as in JSON. NaN, ±Infinity,
 * functions, symbols, Map/Set/typed arrays, cycles and nesting over `maxDepth` throw `EtfError`
 * with a JSON-pointer `path`. The result is a Uint8Array the caller owns: nothing else ever writes
 * its bytes. Like a small Node Buffer, a result of 4 KB or less may share its underlying ArrayBuffer
 * with other results (so use `byteOffset`/`byteLength`, and do not transfer or detach its `.buffer`).
 */
export function encode(value: unknown, options?: EtfEncodeOptions): Uint8Array {
  if (value === undefined) throw new EtfError('ETF_UNSUPPORTED_VALUE', 'cannot encode undefined as a payload', { path: '' });
  if (busy) return encodeNested(value, options);
  busy = true;
  maxDepth = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
  prototypeClean = checkPrototype();
  pos = 0;
  try {
    ensure(1);
    buf[pos++] = 131;
    writeValue(value, 0);
    return result();
  } catch (error) {
    if (error instanceof EtfError) throw error;
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new EtfError('ETF_DEPTH_EXCEEDED', 'nesting too deep for the call stack', { path: '' }, { cause: error });
    }
    // A throwing getter or toJSON: the caller's error, passed through unchanged.
    throw error;
  } finally {
    busy = false;
    if (stack.length > 0) stack.length = 0;
    if (buf.length > RETAIN_LIMIT) {
      buf = new Uint8Array(INITIAL_SIZE);
      view = new DataView(buf.buffer);
    }
    pos = 0;
  }
}

/** `encode` called from inside a `toJSON` of an outer `encode`: runs on its own buffer. */
function encodeNested(value: unknown, options?: EtfEncodeOptions): Uint8Array {
  const saved = { buf, view, pos, maxDepth, stack };
  buf = new Uint8Array(256);
  view = new DataView(buf.buffer);
  pos = 0;
  stack = [];
  busy = false;
  try {
    return encode(value, options);
  } finally {
    ({ buf, view, pos, maxDepth, stack } = saved);
    busy = true;
  }
}
