/** What the ETF tests share: bytes from hex text, and the EtfError a call must throw. */
import { EtfError } from '../../src/etf/index.js';
import { thrownError } from '../thrown-error.js';

/** The bytes a hex string spells (white space ignored, so a term can be laid out tag by tag). */
export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

/** The EtfError `fn` throws; fails the test when it throws nothing or something else. */
export const etfError = (fn: () => unknown): EtfError => thrownError(fn, EtfError);
