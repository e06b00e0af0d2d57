/**
 * `gatewire/intents`: intents derived from the events a bot wants, the events a mask delivers, and a
 * mask check that explains a 4013/4014 close before it happens. All data comes from the generated
 * intent table (schemas/protocol/gateway-intents.json).
 */
export {
  assertIntents,
  checkIntents,
  describeIntents,
  eventsForIntents,
  intentsForEvents,
  intentsFromNames,
  isEventEnabled,
  type CheckIntentsOptions,
  type EventScope,
  type EventsForIntentsOptions,
  type IntentDescription,
  type IntentsCheck,
  type IntentsDescription,
  type IntentsForEventsOptions,
  type IntentsForEventsResult,
  type IntentsInput,
} from './derive.js';
export { IntentsError, type IntentsErrorCode } from './errors.js';
export {
  intentlessEvents,
  privilegedIntentsMask,
  validIntentsMask,
  type IntentEvent,
  type IntentName,
  type IntentScope,
} from './table.js';
