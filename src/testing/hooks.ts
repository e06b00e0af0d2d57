/**
 * The plugin hook: functions the server calls at each point of a connection's life. Each may
 * return `false` (where noted) to take the event over, so the default handling is skipped; what a
 * hook throws goes to `onError` and never reaches a client or another session.
 */
import type { TestGatewayConnection } from './connection.js';
import type { TestGatewaySession } from './session.js';
import type { ServerFrame } from './wire.js';

/** A command a client sent, as decoded. */
export interface ClientPayload {
  readonly op: number;
  readonly d: unknown;
  readonly [key: string]: unknown;
}

export interface CloseInfo {
  /** The close code, or null when the socket dropped without a close frame. */
  readonly code: number | null;
  readonly reason: string;
  /** Who ended it: the server (a close code or `drop()`), or the client. */
  readonly by: 'server' | 'client';
}

export interface TestGatewayHooks {
  /** A client connected (after the query was accepted, before Hello). */
  onConnect?(connection: TestGatewayConnection): void;
  /** Identify arrived; return false to handle it yourself (for instance close with a code). */
  onIdentify?(connection: TestGatewayConnection, d: Record<string, unknown>): void | boolean;
  /** A session became READY (its READY is queued, GUILD_CREATEs follow). */
  onReady?(connection: TestGatewayConnection, session: TestGatewaySession): void;
  /** Resume arrived; return false to handle it yourself. */
  onResume?(connection: TestGatewayConnection, d: Record<string, unknown>): void | boolean;
  /** A session was resumed (replay and RESUMED are queued). */
  onResumed?(connection: TestGatewayConnection, session: TestGatewaySession): void;
  /** Every payload a client sends, before the server acts on it; return false to skip the server's handling. */
  onCommand?(connection: TestGatewayConnection, payload: ClientPayload): void | boolean;
  /** Every frame just before it is written (`data` is what goes on the wire after compression). */
  onFrame?(connection: TestGatewayConnection, frame: ServerFrame, data: string | Uint8Array): void;
  /** A connection closed. */
  onClose?(connection: TestGatewayConnection, info: CloseInfo): void;
}
