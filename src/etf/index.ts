/**
 * ETF codec for `encoding=etf`: a pure-TypeScript encoder/decoder of the Erlang external term format
 * as Discord's gateway uses it. See `decode` and `encode` for the exact mapping.
 */
import type { Codec } from '../codec.js';
import { decode } from './decode.js';
import { encode } from './encode.js';

export { decode, ETF_VERSION, type EtfDecodeOptions } from './decode.js';
export { encode, type EtfEncodeOptions } from './encode.js';
export { EtfError, type EtfErrorCode } from './error.js';
export { normalizeFrame, normalizeValue, type EtfShapeNode, type EtfShapeTable } from './normalize.js';
/** The shape table generated from the gateway schemas (what `decode(bytes, { normalize: true })` uses). */
export { etfShapes } from '../../generated/shapes.js';

/** The ETF codec as a `Codec` object (binary frames, default options). */
export const etfCodec: Codec = {
  encoding: 'etf',
  binary: true,
  encode: (value) => encode(value),
  decode: (data) => decode(data as Uint8Array | ArrayBuffer),
};
export default etfCodec;
