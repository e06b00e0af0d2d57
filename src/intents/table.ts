/**
 * Lookup structures built once from the generated intent table. Nothing here is hand-written data:
 * every name, bit and event comes from schemas/protocol/gateway-intents.json through the codegen,
 * and the list of dispatches from schemas/events/ (so a new dispatch needs no change here).
 */
import { GatewayIntentBits, GatewayIntentBitsTable, GatewayOpcodesTable } from '../../generated/enums.js';
import { GatewayDispatchEvents } from '../../generated/events.js';

export type IntentRow = (typeof GatewayIntentBitsTable)[number];
/** A current intent name, as in `GatewayIntentBits` (`'GuildMembers'`). */
export type IntentName = IntentRow['name'];
/** A dispatch name some intent enables or widens. */
export type IntentEvent = IntentRow['events'][number] | IntentRow['widens'][number];
/** Where an intent's events come from. */
export type IntentScope = IntentRow['scope'];

/** Per event: the intents that enable it, split by scope, and the intents that only widen it. */
export interface EventIntents {
  readonly guild: readonly IntentRow[];
  readonly dm: readonly IntentRow[];
  readonly widenedBy: readonly IntentRow[];
  /** OR of the values of every intent that enables the event on its own (either scope). */
  readonly mask: number;
}

export const intentRows: readonly IntentRow[] = GatewayIntentBitsTable;

/** Every assigned intent bit ORed together; any other bit makes Discord close with 4013. */
export const validIntentsMask: number = intentRows.reduce((mask, row) => mask | row.value, 0);

/** Every privileged intent ORed together; requesting one that is not enabled closes with 4014. */
export const privilegedIntentsMask: number = intentRows.reduce(
  (mask, row) => (row.privileged ? mask | row.value : mask),
  0,
);

function buildEventIndex(): Map<string, EventIntents> {
  const draft = new Map<string, { guild: IntentRow[]; dm: IntentRow[]; widenedBy: IntentRow[]; mask: number }>();
  const entry = (event: string) => {
    let found = draft.get(event);
    if (found === undefined) {
      found = { guild: [], dm: [], widenedBy: [], mask: 0 };
      draft.set(event, found);
    }
    return found;
  };
  for (const row of intentRows) {
    for (const event of row.events) {
      const found = entry(event);
      if (row.scope !== 'dm') found.guild.push(row);
      if (row.scope !== 'guild') found.dm.push(row);
      found.mask |= row.value;
    }
    for (const event of row.widens) entry(event).widenedBy.push(row);
  }
  return draft;
}

/** Event name → the intents that concern it. Events absent from this map need no intent. */
export const eventIntents: ReadonlyMap<string, EventIntents> = buildEventIndex();

/** Every dispatch name the schemas know (`t` of op 0 frames). */
export const dispatchEvents: ReadonlySet<string> = new Set<string>(Object.values(GatewayDispatchEvents));

/**
 * Receive frames that are not dispatches (HELLO, RECONNECT, INVALID_SESSION, HEARTBEAT_ACK), in the
 * spelling libraries use for them as events. They never need an intent; accepting them lets a caller
 * pass the full list of frames it handles.
 */
export const nonDispatchReceiveEvents: ReadonlySet<string> = new Set(
  GatewayOpcodesTable.filter((row) => row.direction === 'receive' && row.name !== 'Dispatch').map((row) =>
    screamingSnake(row.name),
  ),
);

/** Dispatches that no intent governs: Discord always sends them. */
export const intentlessEvents: readonly string[] = [...dispatchEvents].filter((event) => !eventIntents.has(event));

/** Current and former intent names → bit value (`GuildBans` → 4). */
export const intentValueByName: ReadonlyMap<string, number> = new Map(Object.entries(GatewayIntentBits));

/** `GuildMessagePolls` → `GUILD_MESSAGE_POLLS`, the spelling of Discord's docs and portal. */
export function screamingSnake(name: string): string {
  return name.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '_').toUpperCase();
}
