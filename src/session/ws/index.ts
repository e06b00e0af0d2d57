/**
 * Runs a gateway session over the `ws` package (Node). The adapter owns the socket and the timers;
 * every protocol decision is the session's. `ws` is a peer dependency: install it to use this entry.
 */
export * from './adapter.js';
