/**
 * Runs a gateway session over the standard (WHATWG) WebSocket: browsers, Deno, Bun, and Node 22+
 * where `globalThis.WebSocket` exists. Pass a constructor explicitly elsewhere. The adapter owns the
 * socket and the timers; every protocol decision is the session's.
 */
export * from './adapter.js';
