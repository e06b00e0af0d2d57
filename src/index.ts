/**
 * gatewire: Discord gateway (v10) types, enums, protocol tables and event maps generated from
 * schemas/, plus the runtime helpers: codecs (as codec objects; `gatewire/json` and `gatewire/etf`
 * also export plain `encode`/`decode`), transport decompression, intents, protocol helpers and
 * validation (compiled validators; pass the `gatewire/generated/zod` module as `engine` for zod).
 * The session and the zod schemas have their own entry points (`gatewire/session`,
 * `gatewire/generated/zod`).
 */
export * from '../generated/index.js';
export { GatewireError } from './errors.js';
export type { Codec, CodecInput } from './codec.js';
export { jsonCodec, JsonCodecError } from './json/index.js';
export { etfCodec, EtfError, etfShapes } from './etf/index.js';
export { createZlibStreamInflater, createZstdStreamDecompressor, hasNativeZstd, CompressionError } from './compression/index.js';
export * from './intents/index.js';
export * from './protocol/index.js';
export * from './validate/index.js';
