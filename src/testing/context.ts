/** What a connection needs from its server: the seam between connection.ts and server.ts. */
import type { TestGatewayConnection, TestGatewaySession } from './connection.js';
import type { ServerContext as ServerContextOf } from './types.js';

export type { DispatchOptions } from './types.js';

export type ServerContext = ServerContextOf<TestGatewayConnection, TestGatewaySession>;
