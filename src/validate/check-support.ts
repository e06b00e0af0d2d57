/**
 * The helpers the generated check functions call. generated/ never imports src/, so the validator
 * emitter copies this file's text (without the `export` keywords) into generated/validators.ts:
 * keep it self-contained, with no imports.
 */

/** Snowflakes and bigint bitfields: one or more ASCII digits (no m flag: the end anchor never matches before a newline). */
export const DIGITS = /^[0-9]+$/;

/** An own property's value; undefined when `x` has none (an inherited `constructor` does not count). */
export function own(x: any, k: string): any {
  return Object.prototype.hasOwnProperty.call(x, k) ? x[k] : undefined;
}
