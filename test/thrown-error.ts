/** The typed error a call must throw, for the codec and compression tests. */
import { expect } from 'vitest';
import { GatewireError } from '../src/errors.js';

/**
 * The error `fn` throws, checked to be a `type` (and so a GatewireError); fails the test when `fn`
 * throws nothing or something else.
 */
export function thrownError<E extends GatewireError>(fn: () => unknown, type: abstract new (...args: never[]) => E): E {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(GatewireError);
    return error as E;
  }
  throw new Error(`expected a ${type.name}, nothing was thrown`);
}
