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
export * from './bridge.js';
