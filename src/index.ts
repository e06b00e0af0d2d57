/**
 * gatewire: Discord gateway (v10) types, enums, protocol tables and event maps generated from
 * schemas/, plus the runtime helpers that have no I/O of their own. Codecs, compression, the
 * session and zod schemas have their own entry points (`gatewire/json`, `gatewire/etf`,
 * `gatewire/compression`, `gatewire/session`, `gatewire/generated/zod`).
 */
export * from '../generated/index.js';
export { GatewireError } from './errors.js';
export * from './intents/index.js';
export * from './protocol/index.js';
