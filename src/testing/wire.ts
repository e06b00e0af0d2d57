/**
 * What goes on the wire, both ways: JSON text frames, or ETF binary frames with snowflakes as
 * 64-bit integers the way Discord's ETF encoder sends them (gatewire's own codecs; the generated
 * shape table says which positions hold strings).
 */
import { TestGatewayError } from './errors.js';
import { decode as etfDecode, encode as etfEncode, etfShapes, type EtfShapeNode } from '../etf/index.js';
import { jsonCodec } from '../json/index.js';

export type ServerEncoding = 'json' | 'etf';

/** A frame the server sends: `s` and `t` are null except on dispatches. */
export interface ServerFrame {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

const SNOWFLAKE = /^[0-9]{1,20}$/;
const MAX_SNOWFLAKE = (1n << 64n) - 1n;

/** Keys whose string values are snowflakes (ids), and keys of arrays of them. */
function isSnowflakeKey(key: string): boolean {
  return key === 'id' || key.endsWith('_id');
}
function isSnowflakeListKey(key: string): boolean {
  return (
    key.endsWith('_ids') ||
    key === 'roles' ||
    key === 'mention_roles' ||
    key === 'exempt_roles' ||
    key === 'exempt_channels'
  );
}

function asInteger(value: unknown): unknown {
  if (typeof value !== 'string' || !SNOWFLAKE.test(value)) return value;
  const n = BigInt(value);
  return n <= MAX_SNOWFLAKE ? n : value;
}

/**
 * A copy of `value` (of shape `node`) with every snowflake string at a string position turned into
 * a bigint, which gatewire's ETF encoder writes as SMALL_BIG_EXT like Discord. Strings that are
 * not ids (content, names, permissions) stay binaries. Depth is bounded by the payload's own.
 */
function integerSnowflakes(
  value: unknown,
  id: number,
  nodes: readonly EtfShapeNode[],
  key: string,
  listKey: string,
  depth: number,
): unknown {
  const node = nodes[id];
  if (node === undefined || depth > 512) return value;
  if (node === 's') return isSnowflakeKey(key) || isSnowflakeListKey(listKey) ? asInteger(value) : value;
  if (typeof value !== 'object' || value === null) {
    return 'u' in node && node.s === 1 && isSnowflakeKey(key) ? asInteger(value) : value;
  }
  if ('o' in node) {
    if (Array.isArray(value)) return value;
    const src = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(src)) {
      const child = Object.prototype.hasOwnProperty.call(node.o, k) ? node.o[k] : node.x;
      // Record keys (`x`) are snowflakes themselves; the values under them are judged by their own key.
      out[k] =
        child === undefined
          ? src[k]
          : integerSnowflakes(src[k], child, nodes, node.x !== undefined && child === node.x ? '' : k, '', depth + 1);
    }
    return out;
  }
  if ('a' in node) {
    if (!Array.isArray(value)) return value;
    return value.map((item) => integerSnowflakes(item, node.a, nodes, '', key, depth + 1));
  }
  if ('t' in node) {
    if (!Array.isArray(value)) return value;
    return value.map((item, i) => {
      const child = i < node.t.length ? node.t[i]! : (node.r ?? -1);
      return child >= 0 ? integerSnowflakes(item, child, nodes, '', key, depth + 1) : item;
    });
  }
  if ('d' in node) {
    if (Array.isArray(value)) return value;
    const member = node.m[String((value as Record<string, unknown>)[node.d])];
    return member === undefined ? value : integerSnowflakes(value, member, nodes, key, listKey, depth + 1);
  }
  // A union: each member may know different fields; apply them one after another.
  let out: unknown = value;
  for (const member of node.u) out = integerSnowflakes(out, member, nodes, key, listKey, depth + 1);
  return out;
}

function etfFrame(frame: ServerFrame): ServerFrame {
  const node = frame.op === 0 && frame.t !== null ? etfShapes.dispatch[frame.t] : etfShapes.receive[String(frame.op)];
  if (node === undefined) return frame;
  return { ...frame, d: integerSnowflakes(frame.d, node, etfShapes.nodes, '', '', 0) };
}

/** Serialises one frame: a string (text frame) for JSON, bytes (binary frame) for ETF. */
export function encodeFrame(frame: ServerFrame, encoding: ServerEncoding): string | Uint8Array {
  if (encoding === 'json') return JSON.stringify(frame);
  return etfEncode(etfFrame(frame));
}

/**
 * Parses one frame a client sent. Throws gatewire's codec errors (JsonCodecError, EtfError) for
 * undecodable input; the caller closes with 4002.
 */
export function decodeClientFrame(data: Uint8Array, isBinary: boolean, encoding: ServerEncoding): unknown {
  if (encoding === 'etf') {
    if (!isBinary) throw new TestGatewayError('TESTING_BAD_FRAME', 'ETF connections take binary frames only');
    return etfDecode(data, { normalize: false });
  }
  if (isBinary) throw new TestGatewayError('TESTING_BAD_FRAME', 'JSON connections take text frames only');
  return jsonCodec.decode(data);
}
