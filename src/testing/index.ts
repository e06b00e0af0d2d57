/**
 * `gatewire/testing`: a loopback Discord gateway (v10) to test clients against — any client, in
 * any language (see also `gatewire serve`). It speaks JSON and ETF, zlib-stream and zstd-stream,
 * serves `GET /api/v10/gateway/bot`, keeps sessions resumable across connections, enforces the
 * close codes Discord sends for client mistakes, and lets a test script faults per connection.
 * Needs the `ws` package (an optional peer dependency of gatewire).
 */
export { startTestGateway, TestGateway, type ServerDispatchOptions, type TestGatewayStats } from './server.js';
export { TestGatewayConnection, TestGatewaySession, type TestGatewayConnectionState } from './connection.js';
export type { LoggedDispatch, TestGatewaySessionState } from './session.js';
export { TestGatewayError, type TestGatewayErrorCode } from './errors.js';
export type { ClientPayload, CloseInfo, TestGatewayHooks } from './hooks.js';
export type { TestGatewayOptions, TestGatewayTokenOptions } from './options.js';
export {
  parseScenario,
  scenarioTriggers,
  type Scenario,
  type ScenarioRule,
  type ScenarioStep,
  type ScenarioTrigger,
} from './scenario.js';
export { createZstdCompressor, hasNativeZstdCompressor, type MessageCompressor } from './compressors.js';
export {
  fillDispatch,
  guildCreateTemplate,
  messageTemplate,
  snowflake,
  templatedEvents,
  userTemplate,
} from './templates.js';
export type { ServerFrame } from './wire.js';
/** Keys Discord sends that its docs do not list (so gatewire's strict mode reports them), as JSON pointers into frames. */
export { UNDOCUMENTED_FRAME_KEYS } from './undocumented.js';
