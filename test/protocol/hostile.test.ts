import { describe, expect, it } from 'vitest';
import { ProtocolError, opcodeForCommand } from '../../src/protocol/index.js';

describe('#15.14 opcodeForCommand with a non-string', () => {
  it('throws its own typed error for a bigint, a symbol or null, not a TypeError from formatting it', () => {
    for (const junk of [1n, Symbol('x'), null, undefined, 3]) {
      let error: unknown;
      try {
        opcodeForCommand(junk as unknown as string);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as ProtocolError).code).toBe('PROTOCOL_UNKNOWN_COMMAND');
    }
    expect(opcodeForCommand('IDENTIFY')).toBe(2);
  });
});
