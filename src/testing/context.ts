/** What a connection needs from its server: the seam between connection.ts and server.ts. */
import type { TestGatewayConnection } from './connection.js';
import type { ClientPayload, CloseInfo, TestGatewayHooks } from './hooks.js';
import type { ResolvedOptions, ResolvedToken } from './options.js';
import type { TestGatewaySession } from './session.js';

export interface DispatchOptions {
  /** The payload was built by the server itself and is known to be valid. */
  readonly skipValidation?: boolean;
  /** Send an event gatewire has no schema for. */
  readonly allowUnknownEvent?: boolean;
}

export interface ServerContext {
  readonly options: ResolvedOptions;
  readonly resumeUrl: string;
  readonly sendOpcodes: ReadonlySet<number>;
  now(): number;
  sleep(ms: number): Promise<void>;
  timer(fn: () => void, ms: number): ReturnType<typeof setTimeout>;
  clearTimer(handle: ReturnType<typeof setTimeout>): void;
  report(error: unknown): void;
  callHook<K extends keyof TestGatewayHooks>(name: K, ...args: Parameters<NonNullable<TestGatewayHooks[K]>>): unknown;
  authenticate(token: unknown): ResolvedToken | null;
  revoke(record: ResolvedToken): void;
  createSession(
    record: ResolvedToken,
    shard: readonly [number, number],
    intents: number,
    connection: TestGatewayConnection,
  ): TestGatewaySession;
  findSession(id: string): TestGatewaySession | undefined;
  attach(session: TestGatewaySession, connection: TestGatewayConnection): void;
  detach(session: TestGatewaySession): void;
  invalidate(session: TestGatewaySession): void;
  dispatchToSession(session: TestGatewaySession, t: string, d: unknown, options?: DispatchOptions): number | null;
  command(connection: TestGatewayConnection, payload: ClientPayload): void;
  connectionClosed(connection: TestGatewayConnection, info: CloseInfo): void;
}
