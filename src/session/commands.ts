/**
 * The send commands an application issues through a session, in one table: each is keyed by its
 * name in the generated `GatewaySendCommands` table (so its opcode and its data type come from the
 * schemas) and names the method that sends it. `GatewaySession`, the session class and
 * `GatewayConnection` all derive their command methods from this table. Identify, Resume and
 * Heartbeat are the session's own and are not listed.
 */
import { GatewaySendCommands } from '../../generated/events.js';
import type { GatewaySendPayload } from '../../generated/types.js';

export const SessionCommands = {
  UpdatePresence: 'updatePresence',
  UpdateVoiceState: 'updateVoiceState',
  RequestGuildMembers: 'requestGuildMembers',
  RequestSoundboardSounds: 'requestSoundboardSounds',
  RequestChannelInfo: 'requestChannelInfo',
} as const satisfies { readonly [K in keyof typeof GatewaySendCommands]?: Uncapitalize<K> };

/** A command's name in the generated table (`UpdatePresence`, …). */
export type SessionCommandName = keyof typeof SessionCommands;
/** The method that sends a command (`updatePresence`, …). */
export type SessionCommandMethod = (typeof SessionCommands)[SessionCommandName];
/** The `d` a command sends, read from the generated send payload of its opcode. */
export type SessionCommandData<K extends SessionCommandName> = Extract<
  GatewaySendPayload,
  { op: (typeof GatewaySendCommands)[K] }
>['d'];

/** One method per command; `Extra` are the parameters after `d` (the session takes `now`). */
export type SessionCommandMethods<Extra extends unknown[] = []> = {
  [K in SessionCommandName as (typeof SessionCommands)[K]]: (d: SessionCommandData<K>, ...extra: Extra) => void;
};

/** `[method, opcode]` for every command. */
export const sessionCommandOps: readonly (readonly [SessionCommandMethod, number])[] = (
  Object.keys(SessionCommands) as SessionCommandName[]
).map((name) => [SessionCommands[name], GatewaySendCommands[name]] as const);
