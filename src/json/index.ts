/**
 * JSON codec for `encoding=json`. A thin, typed wrapper around the engine's JSON: V8's parser is the
 * fastest decoder available to JavaScript, so the only work here is turning bytes into a string
 * cheaply and turning the engine's `SyntaxError`/`TypeError` into errors with stable codes.
 */
export * from './codec.js';
export { default } from './codec.js';
