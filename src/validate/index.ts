/**
 * Runtime validation of gateway payloads (`gatewire/validate`).
 *
 * Every entry point dispatches on `op` and then on `t`, so a payload is checked against exactly one
 * frame schema; union members are never tried one after another. Two engines validate from the
 * same IR: the compiled validators (generated/validators.ts, the default: plain functions, no eval)
 * and the generated zod schemas (generated/zod.ts).
 */
export * from './parse.js';
