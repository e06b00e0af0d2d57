import { IntentsError } from './errors.js';
import {
  dispatchEvents,
  eventIntents,
  intentlessEvents,
  intentRows,
  intentValueByName,
  nonDispatchReceiveEvents,
  privilegedIntentsMask,
  screamingSnake,
  validIntentsMask,
  type IntentName,
  type IntentRow,
  type IntentScope,
} from './table.js';

/** Which of an event's alternatives to take when it arrives under a guild intent and a DM intent. */
export type EventScope = 'guild' | 'dm' | 'both';

export interface IntentsForEventsOptions {
  /**
   * `guild`: guild-channel intents only (MESSAGE_CREATE → GuildMessages); `dm`: DM intents only
   * (MESSAGE_CREATE → DirectMessages; guild-only events then add nothing); `both` (default): both.
   */
  readonly scope?: EventScope;
  /**
   * Also request intents that only widen an event (GuildMembers makes THREAD_MEMBERS_UPDATE cover
   * every user rather than only the bot). Off by default because that intent is privileged.
   */
  readonly widen?: boolean;
}

export interface IntentsForEventsResult {
  /** The intents to send in Identify. */
  readonly intents: number;
  /** The privileged intents in `intents`: each must be enabled in the Developer Portal (else 4014). */
  readonly privileged: readonly IntentName[];
  /** For every requested event, the intents it contributed (empty when it needs none or is out of scope). */
  readonly grantedBy: Readonly<Record<string, readonly IntentName[]>>;
  /** Requested events that need no intent: Discord always sends them. */
  readonly intentless: readonly string[];
  /** Requested events that exist but have no intent in the chosen scope (GUILD_CREATE with `dm`). */
  readonly outOfScope: readonly string[];
}

function isKnownEvent(event: string): boolean {
  return eventIntents.has(event) || dispatchEvents.has(event) || nonDispatchReceiveEvents.has(event);
}

function namesOf(mask: number, rows: readonly IntentRow[] = intentRows): IntentName[] {
  return rows.filter((row) => (mask & row.value) !== 0).map((row) => row.name);
}

/**
 * The intents a connection needs to receive `events`. Deduplicates, keeps scope explicit (the event
 * → intent map differs for guild and DM channels) and never adds an intent an event does not need:
 * GUILD_CREATE needs Guilds only, not the privileged GuildMembers.
 *
 * @throws {IntentsError} `INTENTS_UNKNOWN_EVENT` naming every unknown event (typos are not ignored).
 */
export function intentsForEvents(
  events: Iterable<string>,
  options: IntentsForEventsOptions = {},
): IntentsForEventsResult {
  const scope = options.scope ?? 'both';
  if (scope !== 'guild' && scope !== 'dm' && scope !== 'both') {
    throw new IntentsError(
      'INTENTS_INVALID_OPTION',
      `Unknown scope ${JSON.stringify(scope)}: expected guild, dm or both.`,
    );
  }
  if (typeof events === 'string') events = [events];
  if (events === null || typeof events !== 'object' || !(Symbol.iterator in events)) {
    throw new IntentsError(
      'INTENTS_INVALID_OPTION',
      'Events must be a list of event names such as ["MESSAGE_CREATE"].',
    );
  }
  const list = [...events];
  const unknown: string[] = [];
  let firstUnknown = -1;
  list.forEach((event, index) => {
    if (typeof event !== 'string' || !isKnownEvent(event)) {
      if (firstUnknown < 0) firstUnknown = index;
      unknown.push(String(event));
    }
  });
  if (unknown.length > 0) {
    throw new IntentsError(
      'INTENTS_UNKNOWN_EVENT',
      `Unknown gateway event${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Event names are dispatch names such as MESSAGE_CREATE.`,
      { path: `/${firstUnknown}`, offending: unknown },
    );
  }

  let intents = 0;
  const grantedBy: Record<string, IntentName[]> = {};
  const intentless: string[] = [];
  const outOfScope: string[] = [];
  for (const event of list) {
    if (Object.prototype.hasOwnProperty.call(grantedBy, event)) continue;
    const entry = eventIntents.get(event);
    if (entry === undefined) {
      grantedBy[event] = [];
      intentless.push(event);
      continue;
    }
    const rows: IntentRow[] = [];
    if (scope !== 'dm') rows.push(...entry.guild);
    if (scope !== 'guild') rows.push(...entry.dm);
    if (rows.length > 0 && options.widen === true) rows.push(...entry.widenedBy);
    if (rows.length === 0) outOfScope.push(event);
    const granted: IntentName[] = [];
    for (const row of rows) {
      if (!granted.includes(row.name)) granted.push(row.name);
      intents |= row.value;
    }
    grantedBy[event] = granted;
  }
  return { intents, privileged: namesOf(intents & privilegedIntentsMask), grantedBy, intentless, outOfScope };
}

function assertMask(mask: number): void {
  if (typeof mask !== 'number' || !Number.isSafeInteger(mask) || mask < 0) {
    throw new IntentsError(
      'INTENTS_INVALID_MASK',
      `Intents must be a non-negative safe integer, got ${typeof mask === 'number' ? mask : typeof mask}.`,
    );
  }
}

/** Bit values set in `mask` that are not intents. BigInt because `&` on numbers keeps only 32 bits. */
function unknownBitsOf(mask: number): number[] {
  let rest = BigInt(mask) & ~BigInt(validIntentsMask);
  const bits: number[] = [];
  for (let bit = 1n; rest !== 0n; bit <<= 1n) {
    if ((rest & bit) !== 0n) {
      bits.push(Number(bit));
      rest &= ~bit;
    }
  }
  return bits;
}

export interface EventsForIntentsOptions {
  /**
   * Also list the dispatches no intent governs (READY, INTERACTION_CREATE, …), which arrive whatever
   * the mask. Off by default: whether they "belong" to a mask is a matter of taste, so it is asked.
   */
  readonly includeIntentless?: boolean;
}

/**
 * The dispatches a connection identified with `mask` receives, in table order without duplicates.
 * A widening intent adds nothing by itself: THREAD_MEMBERS_UPDATE is listed only when Guilds is set.
 *
 * @throws {IntentsError} `INTENTS_INVALID_MASK` for a negative, fractional or unsafe number.
 */
export function eventsForIntents(mask: number, options: EventsForIntentsOptions = {}): string[] {
  assertMask(mask);
  const events = new Set<string>();
  for (const row of intentRows) {
    if ((mask & row.value) === 0) continue;
    for (const event of row.events) events.add(event);
  }
  if (options.includeIntentless === true) for (const event of intentlessEvents) events.add(event);
  return [...events];
}

/**
 * Whether a dispatch named `event` is delivered under `mask`: the cheap check that lets a session
 * drop dispatches nobody asked for before parsing their body. Events no intent governs, and event
 * names the tables do not know yet (a dispatch newer than this build), count as enabled: Discord sent
 * them, so no mask can have excluded them.
 */
export function isEventEnabled(event: string, mask: number | bigint): boolean {
  const entry = eventIntents.get(event);
  if (typeof mask !== 'number') {
    // A bigint mask (as some bitfield classes hold intents) means the same bits.
    if (typeof mask === 'bigint') return entry === undefined || (mask & BigInt(entry.mask)) !== 0n;
    throw new IntentsError('INTENTS_INVALID_MASK', `An intents mask is a number or bigint, got ${mask === null ? 'null' : typeof mask}.`);
  }
  // `&` keeps the low 32 bits of `mask`; every intent bit is below 2^31, so the test stays exact.
  return entry === undefined || (mask & entry.mask) !== 0;
}

export interface IntentDescription {
  readonly name: IntentName;
  /** The docs' spelling (`GUILD_MEMBERS`). */
  readonly docName: string;
  readonly value: number;
  readonly privileged: boolean;
  readonly scope: IntentScope;
  readonly description: string;
  readonly events: readonly string[];
}

export interface IntentsDescription {
  readonly mask: number;
  readonly intents: readonly IntentDescription[];
  readonly privileged: readonly IntentName[];
  /** Bits set in `mask` that are not intents (Discord closes with 4013). */
  readonly unknownBits: readonly number[];
  /** `eventsForIntents(mask)`. */
  readonly events: readonly string[];
  /** One line for logs: `GUILDS | GUILD_MEMBERS (privileged) | unknown 1<<17`. */
  readonly summary: string;
}

/**
 * Everything a person debugging an Identify wants to know about a mask.
 *
 * @throws {IntentsError} `INTENTS_INVALID_MASK` for a negative, fractional or unsafe number.
 */
export function describeIntents(mask: number): IntentsDescription {
  assertMask(mask);
  const rows = intentRows.filter((row) => (mask & row.value) !== 0);
  const unknownBits = unknownBitsOf(mask);
  const intents = rows.map((row) => ({
    name: row.name,
    docName: screamingSnake(row.name),
    value: row.value,
    privileged: row.privileged,
    scope: row.scope,
    description: row.description,
    events: [...row.events],
  }));
  const parts = [
    ...intents.map((intent) => (intent.privileged ? `${intent.docName} (privileged)` : intent.docName)),
    ...unknownBits.map((bit) => `unknown 1<<${Math.log2(bit)}`),
  ];
  return {
    mask,
    intents,
    privileged: intents.filter((intent) => intent.privileged).map((intent) => intent.name),
    unknownBits,
    events: eventsForIntents(mask),
    summary: parts.length > 0 ? parts.join(' | ') : '(no intents)',
  };
}

/** A mask, or a list of intent names (current or former), naming the privileged intents the application has enabled. */
export type IntentsInput = number | readonly string[];

/**
 * The mask of a list of intent names. Former names (`GuildBans`) are accepted.
 *
 * @throws {IntentsError} `INTENTS_UNKNOWN_NAME` naming every unknown name.
 */
export function intentsFromNames(names: readonly string[]): number {
  let mask = 0;
  const unknown: string[] = [];
  let firstUnknown = -1;
  names.forEach((name, index) => {
    const value = intentValueByName.get(name);
    if (value === undefined) {
      if (firstUnknown < 0) firstUnknown = index;
      unknown.push(String(name));
    } else mask |= value;
  });
  if (unknown.length > 0) {
    throw new IntentsError(
      'INTENTS_UNKNOWN_NAME',
      `Unknown intent name${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`,
      {
        path: `/${firstUnknown}`,
        offending: unknown,
      },
    );
  }
  return mask;
}

export interface CheckIntentsOptions {
  /**
   * The privileged intents enabled for the application in the Developer Portal. When given, any
   * other privileged intent in the mask is reported as disallowed (4014). When omitted, privileged
   * intents are only listed: gatewire cannot see the portal.
   */
  readonly enabledPrivileged?: IntentsInput;
}

export interface IntentsCheck {
  /** True when Discord would accept the mask (as far as the options let us tell). */
  readonly ok: boolean;
  /** Bits that are not intents: Discord closes with 4013. */
  readonly unknownBits: readonly number[];
  /** Privileged intents requested. */
  readonly privileged: readonly IntentName[];
  /** Privileged intents requested but not in `enabledPrivileged`: Discord closes with 4014. */
  readonly disallowed: readonly IntentName[];
  /** The close code Discord would send, checking 4013 first (it is the first one found). */
  readonly closeCode: 4013 | 4014 | null;
  /** The problem as an error, ready to throw or report; null when `ok`. */
  readonly error: IntentsError | null;
}

/**
 * Checks a mask before connecting, so that a 4013 or 4014 close becomes an error naming the bits.
 *
 * @throws {IntentsError} `INTENTS_INVALID_MASK` (not a non-negative safe integer) and
 *   `INTENTS_UNKNOWN_NAME` (bad `enabledPrivileged` names); problems with the mask itself are returned.
 */
export function checkIntents(mask: number, options: CheckIntentsOptions = {}): IntentsCheck {
  assertMask(mask);
  const unknownBits = unknownBitsOf(mask);
  const privileged = namesOf(mask & privilegedIntentsMask);
  let disallowed: IntentName[] = [];
  if (options.enabledPrivileged !== undefined) {
    const enabled =
      typeof options.enabledPrivileged === 'number'
        ? options.enabledPrivileged
        : intentsFromNames(options.enabledPrivileged);
    assertMask(enabled);
    disallowed = namesOf(mask & privilegedIntentsMask & ~enabled);
  }
  let error: IntentsError | null = null;
  if (unknownBits.length > 0) {
    error = new IntentsError(
      'INTENTS_UNKNOWN_BITS',
      `Intents ${mask} set bit${unknownBits.length > 1 ? 's' : ''} that ${unknownBits.length > 1 ? 'are' : 'is'} not an intent (${unknownBits
        .map((bit) => `1<<${Math.log2(bit)}`)
        .join(', ')}); Discord would close the connection with 4013.`,
      { offending: unknownBits, closeCode: 4013 },
    );
  } else if (disallowed.length > 0) {
    error = new IntentsError(
      'INTENTS_DISALLOWED',
      `Intents ${mask} request privileged intent${disallowed.length > 1 ? 's' : ''} ${disallowed
        .map(screamingSnake)
        .join(
          ', ',
        )} that ${disallowed.length > 1 ? 'are' : 'is'} not enabled for this application; Discord would close the connection with 4014. Enable ${disallowed.length > 1 ? 'them' : 'it'} in the Developer Portal (Bot page) or drop ${disallowed.length > 1 ? 'them' : 'it'} from the mask.`,
      { offending: disallowed, closeCode: 4014 },
    );
  }
  return {
    ok: error === null,
    unknownBits,
    privileged,
    disallowed,
    closeCode: error?.closeCode ?? null,
    error,
  };
}

/**
 * {@link checkIntents}, throwing its error.
 *
 * @throws {IntentsError} `INTENTS_UNKNOWN_BITS` (4013), `INTENTS_DISALLOWED` (4014), `INTENTS_INVALID_MASK`.
 */
export function assertIntents(mask: number, options: CheckIntentsOptions = {}): void {
  const check = checkIntents(mask, options);
  if (check.error !== null) throw check.error;
}
