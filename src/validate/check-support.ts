/**
 * What the generated check functions share. generated/ never imports src/, so the validator
 * emitter writes these values into generated/validators.ts (`const DIGITS = /^[0-9]+$/;`, from the
 * value itself): keep each one a value whose source text is its `String()`.
 */

/** Snowflakes and bigint bitfields: one or more ASCII digits (no m flag: the end anchor never matches before a newline). */
export const DIGITS = /^[0-9]+$/;
