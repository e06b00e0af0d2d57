/**
 * gatewire: Discord gateway (v10) types, enums, protocol tables and event maps generated from
 * schemas/, plus the light runtime helpers: codecs (as codec objects; `gatewire/json` and
 * `gatewire/etf` also export plain `encode`/`decode`), zlib-stream decompression, intents and
 * protocol helpers. zstd-stream (`createZstdStreamDecompressor`) is in `gatewire/compression`
 * only: its pure-JS fallback decoder builds its tables when loaded, 2.5 ms of a 14 ms import.
 *
 * Validation, the session and the zod schemas have their own entry points (`gatewire/validate`,
 * `gatewire/session`, `gatewire/generated/zod`): the compiled validators are 1.7 MB of JavaScript,
 * and parsing them would be most of the cost of importing this entry for a library that only wants
 * the types, enums or a codec. The validation types and `GatewayValidationError` are re-exported
 * here, since they cost nothing to load.
 *
 * @packageDocumentation
 */
export * from '../generated/index.js';
export { GatewireError } from './errors.js';
export type { Codec, CodecInput } from './codec.js';
export { jsonCodec, JsonCodecError } from './json/index.js';
export { etfCodec, EtfError, etfShapes } from './etf/index.js';
// zstd-stream is `gatewire/compression` only: its pure-JS decoder (fzstd) builds tables when loaded.
export { CompressionError, type CompressionErrorCode } from './compression/errors.js';
export type { StreamDecompressor, StreamDecompressorOptions } from './compression/stream.js';
export { createZlibStreamInflater } from './compression/zlib-stream.js';
export * from './intents/index.js';
export * from './protocol/index.js';
export { GatewayValidationError, describeIssue } from './validate/errors.js';
export type {
  GatewayUnknownDispatchPayload,
  SafeParseReceiveResult,
  SafeParseSendResult,
  UnknownDispatchEventName,
  UnknownEventResult,
  ValidateOptions,
  ValidationEngine,
  ValidationFailure,
  ValidationIssue,
  ValidationIssueCode,
  ValidationMode,
  ValidationSuccess,
  ZodSchemaTables,
} from './validate/index.js';
