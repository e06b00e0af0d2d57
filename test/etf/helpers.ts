/** What the ETF tests share: bytes from hex text, and the EtfError a call must throw. */
import { expect } from 'vitest';
import { GatewireError } from '../../src/errors.js';
import { EtfError } from '../../src/etf/index.js';

/** The bytes a hex string spells (white space ignored, so a term can be laid out tag by tag). */
export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

/** The EtfError `fn` throws (a GatewireError too); fails the test when it throws nothing or something else. */
export function etfError(fn: () => unknown): EtfError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EtfError);
    expect(error).toBeInstanceOf(GatewireError);
    return error as EtfError;
  }
  throw new Error('expected an EtfError, nothing was thrown');
}
