import { GatewireError } from '../errors.js';

export type TestGatewayErrorCode =
  /** An option of `startTestGateway` (or a CLI flag) is out of range or of the wrong type. */
  | 'TESTING_BAD_OPTION'
  /** The server could not listen (port taken, host not local, ...); `cause` holds the system error. */
  | 'TESTING_LISTEN_FAILED'
  /** A payload given to the server fails gatewire's receive validators. */
  | 'TESTING_INVALID_PAYLOAD'
  /** A dispatch name gatewire has no schema for (pass `allowUnknownEvent` to send it anyway). */
  | 'TESTING_UNKNOWN_EVENT'
  /** A scenario (JSON file or object) has an unknown step, trigger or a wrongly typed field. */
  | 'TESTING_BAD_SCENARIO'
  /** The server was used after `stop()`. */
  | 'TESTING_STOPPED'
  /** A client frame of the wrong WebSocket type for the connection's encoding (text on ETF, binary on JSON). */
  | 'TESTING_BAD_FRAME';

/**
 * Misuse of the test gateway's API. Never thrown at a client's connection: a client mistake gets the
 * close code Discord would send; this error is for the code that drives the server.
 */
export class TestGatewayError extends GatewireError {
  declare readonly code: TestGatewayErrorCode;
  /** JSON pointer to the offending option, scenario step or payload member, when there is one. */
  readonly path: string | undefined;
  /** Validation issues, for `TESTING_INVALID_PAYLOAD`. */
  readonly issues: readonly { path: string; code: string; expected: string; received: string }[];

  constructor(
    code: TestGatewayErrorCode,
    message: string,
    options: { path?: string; cause?: unknown; issues?: TestGatewayError['issues'] } = {},
  ) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.path = options.path;
    this.issues = options.issues ?? [];
  }
}
