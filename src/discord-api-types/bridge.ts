/**
 * `gatewire/discord-api-types`: validate with gatewire, keep discord-api-types' types.
 *
 * Most Discord libraries in JavaScript are typed with discord-api-types. These guards run gatewire's
 * compiled validator of an event and narrow `unknown` to discord-api-types' own dispatch type
 * (`GatewayMessageDeleteDispatch`, …), for the events where that is sound: where gatewire's schema
 * accepts nothing that discord-api-types' type forbids (enum members compared by value), proven per
 * event at compile time. discord-api-types is an optional peer dependency, used for types only: this
 * module never loads it.
 *
 * @packageDocumentation
 */
import { GatewayDispatchValidators } from '../validate/validators.js';
import { GatewireError } from '../errors.js';
import { safeParseReceive, type ValidateOptions } from '../validate/index.js';
import type { DiscordApiTypesDispatchOf } from './compare.js';
import { DiscordApiTypesBridgedEvents, type DiscordApiTypesBridgedEvent } from './events.js';

export { DiscordApiTypesBridgedEvents, type DiscordApiTypesBridgedEvent } from './events.js';
export type { AcceptsNoMoreThan, DiscordApiTypesDispatchOf, DiscordApiTypesValues } from './compare.js';

/** discord-api-types' dispatch frame type of a bridged event, e.g. `GatewayMessageDeleteDispatch`. */
export type DiscordApiTypesDispatch<K extends DiscordApiTypesBridgedEvent = DiscordApiTypesBridgedEvent> = DiscordApiTypesDispatchOf<K>;

const bridged: ReadonlySet<string> = new Set<string>(DiscordApiTypesBridgedEvents);

/** Whether `event` is one the bridge narrows (see {@link DiscordApiTypesBridgedEvents}). */
export function isDiscordApiTypesBridgedEvent(event: string): event is DiscordApiTypesBridgedEvent {
  return bridged.has(event);
}

/** A call that names an event the bridge does not cover: a usage error, not a bad payload. */
export class DiscordApiTypesBridgeError extends GatewireError {
  declare readonly code: 'BRIDGE_EVENT_NOT_COVERED';
  /** The event name passed. */
  readonly event: string;

  constructor(event: string) {
    super(
      'BRIDGE_EVENT_NOT_COVERED',
      `${JSON.stringify(event)} is not bridged to discord-api-types: gatewire's schema for it accepts values discord-api-types' type forbids (the README lists why); use gatewire/validate and gatewire's own types for it`,
    );
    this.event = event;
  }
}

function covered(event: string): void {
  if (!bridged.has(event)) throw new DiscordApiTypesBridgeError(event);
}

/**
 * True when `payload` is a valid `event` dispatch frame (op 0, `t` = `event`), by gatewire's compiled
 * validator with unknown keys allowed; it is then typed as discord-api-types' frame for that event.
 * Never throws for any payload; throws {@link DiscordApiTypesBridgeError} when `event` is not bridged.
 *
 * @example
 * ```ts
 * if (isDiscordApiTypesDispatch('MESSAGE_DELETE', frame)) frame.d.channel_id; // GatewayMessageDeleteDispatch
 * ```
 */
export function isDiscordApiTypesDispatch<K extends DiscordApiTypesBridgedEvent>(event: K, payload: unknown): payload is DiscordApiTypesDispatchOf<K> {
  covered(event);
  try {
    return GatewayDispatchValidators.get(event)?.check(payload, 0) === true;
  } catch {
    return false;
  }
}

/**
 * Validates a received frame and returns it typed as discord-api-types' dispatch of its event, or
 * `undefined` when it is valid but not a dispatch of a bridged event (a Hello, an event the bridge
 * leaves out, an event gatewire does not know). Throws `GatewayValidationError` when the payload is
 * invalid; `options` are those of `safeParseReceive` (`mode: 'strict'` rejects unknown keys,
 * `'strip'` returns a copy without them).
 */
export function parseDiscordApiTypesDispatch(payload: unknown, options?: Pick<ValidateOptions, 'mode'>): DiscordApiTypesDispatch | undefined {
  const r = safeParseReceive(payload, options);
  if (r.kind === 'invalid') throw r.error;
  if (r.kind === 'unknown-event') return undefined;
  const data = r.data;
  if (data.op !== 0 || !bridged.has(data.t)) return undefined;
  return data as unknown as DiscordApiTypesDispatch;
}
