import { GatewayOpcodesTable } from '../../generated/enums.js';
import { ProtocolError } from './errors.js';

type OpcodeRow = (typeof GatewayOpcodesTable)[number];
/** Whether a client sends an opcode, receives it, or both (Heartbeat). */
export type OpcodeDirection = OpcodeRow['direction'];
/** The docs' name of a send event (`UPDATE_PRESENCE`), as listed in the opcode table. */
export type SendCommandName = Exclude<OpcodeRow['command'], null>;

const rowByOp = new Map<number, OpcodeRow>(GatewayOpcodesTable.map((row) => [row.value, row]));
const opByCommand = new Map<string, number>();
for (const row of GatewayOpcodesTable) if (row.command !== null) opByCommand.set(row.command, row.value);

/** The direction of a main-gateway opcode, or `undefined` for an opcode Discord does not define. */
export function opcodeDirection(op: number): OpcodeDirection | undefined {
  return rowByOp.get(op)?.direction;
}

/** Whether a client may send frames with this opcode. */
export function isSendOpcode(op: number): boolean {
  const direction = opcodeDirection(op);
  return direction === 'send' || direction === 'both';
}

/** Whether the gateway sends frames with this opcode to a client. */
export function isReceiveOpcode(op: number): boolean {
  const direction = opcodeDirection(op);
  return direction === 'receive' || direction === 'both';
}

/**
 * The opcode of a send command, by the docs' send-event name. Looked up in the table's explicit
 * `command` column, never by matching names: the dispatch PRESENCE_UPDATE is not the send command
 * UPDATE_PRESENCE (op 3), and a dispatch name must never resolve to a send opcode.
 *
 * @throws {ProtocolError} `PROTOCOL_UNKNOWN_COMMAND`.
 */
export function opcodeForCommand(command: string): number {
  const op = opByCommand.get(command);
  if (op === undefined) {
    throw new ProtocolError(
      'PROTOCOL_UNKNOWN_COMMAND',
      `${typeof command === 'string' ? JSON.stringify(command) : `a ${typeof command}`} is not a gateway send command; send commands are ${[...opByCommand.keys()].join(', ')}.`,
    );
  }
  return op;
}
