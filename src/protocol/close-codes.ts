import { GatewayCloseCodesTable } from '../../generated/enums.js';
import { ProtocolError } from './errors.js';

type CloseCodeRow = (typeof GatewayCloseCodesTable)[number];

/**
 * What to do after a connection closed: `resume` (reconnect to the resume URL, send Resume),
 * `identify` (the session is gone: reconnect to the cached gateway URL, send Identify) or `fatal`
 * (stop and report; reconnecting would fail the same way).
 */
export type CloseAction = CloseCodeRow['action'];

/** Who ended the connection. Only a close the gateway initiated carries a Discord close code. */
export type CloseInitiator = 'server' | 'client';

export interface CloseDecision {
  readonly action: CloseAction;
  /** Why, in words fit for a log line or an error message. */
  readonly reason: string;
  /** The close code, or null when the connection dropped without one. */
  readonly code: number | null;
  /** The GatewayCloseCodes member name for a Discord code (`SessionTimedOut`), otherwise null. */
  readonly name: CloseCodeRow['name'] | null;
  readonly initiator: CloseInitiator;
}

/**
 * Close codes a client sends itself. Discord invalidates the session when a client closes with 1000
 * or 1001 (the bot goes offline); any other code keeps it resumable. 1001 is left out because WHATWG
 * `WebSocket.close()` rejects it. `Resumable` is 3000 because
 * WHATWG WebSockets accept only 1000 and 3000–4999, and 4000–4999 is where Discord puts its own codes,
 * which a client must never be mistaken for.
 */
export const ClientCloseCodes = {
  /** Ends the session: use for a permanent shutdown. */
  Normal: 1000,
  /** Closes the connection but keeps the session, to resume on the next connection (zombie, op 7, op 9 true). */
  Resumable: 3000,
} as const;
export type ClientCloseCodes = (typeof ClientCloseCodes)[keyof typeof ClientCloseCodes];

const rowByCode = new Map<number, CloseCodeRow>(GatewayCloseCodesTable.map((row) => [row.value, row]));

/** Whether a client closing with `code` ends its session (true only for 1000 and 1001). */
export function closeEndsSession(code: number): boolean {
  // 1001 (going away) ends it too, though WHATWG WebSockets will not send it.
  return code === ClientCloseCodes.Normal || code === 1001;
}

/**
 * The code a client should close with: `Normal` (1000) when the session should end, `Resumable`
 * (3000) when it should survive for a resume.
 */
export function clientCloseCode(options: { readonly keepSession: boolean }): ClientCloseCodes {
  return options.keepSession ? ClientCloseCodes.Resumable : ClientCloseCodes.Normal;
}

/**
 * Throws unless `code` is one a client may send: 1000, or 3000–3999 (4000–4999 is Discord's space,
 * and the other ranges are rejected by WHATWG WebSockets or reserved by RFC 6455).
 *
 * @throws {ProtocolError} `PROTOCOL_INVALID_CLOSE_CODE`.
 */
export function assertClientCloseCode(code: number): void {
  if (Number.isInteger(code) && (code === 1000 || (code >= 3000 && code <= 3999))) return;
  throw new ProtocolError(
    'PROTOCOL_INVALID_CLOSE_CODE',
    `A client must close with 1000 (ends the session) or 3000–3999 (keeps it), not ${code}: WebSocket implementations reject other codes, and 4000–4999 would read as one of Discord's.`,
  );
}

/**
 * What to do after a close. For a close the gateway initiated, Discord's close codes decide (from
 * the generated table): 4003, 4005, 4007 and 4009 mean the session is gone, 4004 and 4010–4014 are
 * fatal, everything else (4000–4002, 4008, unknown future 4xxx, transport closes such as 1006, or no
 * code at all) keeps the session, so resume; if it did not survive, Discord answers Resume with
 * Invalid Session and the client identifies then.
 *
 * A close the client initiated (`initiator: 'client'`) is never read as a Discord code, even when the
 * server echoes it back: 1000/1001 ended the session, any other code kept it.
 */
export function closeCodeAction(
  code: number | null | undefined,
  options: { readonly initiator?: CloseInitiator } = {},
): CloseDecision {
  const initiator = options.initiator ?? 'server';
  const known = typeof code === 'number' && Number.isFinite(code) ? code : null;
  if (initiator === 'client') {
    if (known !== null && closeEndsSession(known)) {
      return {
        action: 'identify',
        reason: `The client closed with ${known}, which ends the session; a new connection must identify.`,
        code: known,
        name: null,
        initiator,
      };
    }
    return {
      action: 'resume',
      reason: `The client closed with ${known ?? 'no code'}, which keeps the session; resume it.`,
      code: known,
      name: null,
      initiator,
    };
  }
  if (known === null) {
    return {
      action: 'resume',
      reason: 'The connection dropped without a close code; the session survives, so resume.',
      code: null,
      name: null,
      initiator,
    };
  }
  const row = rowByCode.get(known);
  if (row !== undefined) {
    return {
      action: row.action,
      reason: `${row.name} (${row.value}): ${row.description}`,
      code: known,
      name: row.name,
      initiator,
    };
  }
  const reason =
    known >= 4000 && known <= 4999
      ? `Close code ${known} is not one Discord documents; assume the session survives and resume (Discord answers with Invalid Session if it did not).`
      : `Close code ${known} is a transport-level close, not one of Discord's; the session survives, so resume.`;
  return { action: 'resume', reason, code: known, name: null, initiator };
}
