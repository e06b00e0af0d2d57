/**
 * The plugin hook: functions the server calls at each point of a connection's life. Each may
 * return `false` (where noted) to take the event over, so the default handling is skipped; what a
 * hook throws goes to `onError` and never reaches a client or another session.
 */
import type { TestGatewayConnection, TestGatewaySession } from './connection.js';
import type { GatewayHooks } from './types.js';

export type { ClientPayload, CloseInfo } from './types.js';

/** The hooks of `startTestGateway`, over the gateway's own connection and session classes. */
export type TestGatewayHooks = GatewayHooks<TestGatewayConnection, TestGatewaySession>;
