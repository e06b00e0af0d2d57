import { describe, expect, it } from 'vitest';
import { IntentsError, isEventEnabled } from '../../src/intents/index.js';

describe('#15.14 isEventEnabled with a bigint or junk mask', () => {
  it('reads a bigint mask as the same bits', () => {
    expect(isEventEnabled('MESSAGE_CREATE', 1n)).toBe(false);
    expect(isEventEnabled('MESSAGE_CREATE', 512n)).toBe(true);
    expect(isEventEnabled('MESSAGE_CREATE', (1n << 40n) | 512n)).toBe(true);
    expect(isEventEnabled('GUILD_CREATE', 1n)).toBe(true);
    expect(isEventEnabled('READY', 0n)).toBe(true);
  });
  it('refuses a mask of another type with a typed error', () => {
    for (const junk of [null, '512', undefined, {}]) {
      let error: unknown;
      try {
        isEventEnabled('MESSAGE_CREATE', junk as unknown as number);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(IntentsError);
      expect((error as IntentsError).code).toBe('INTENTS_INVALID_MASK');
    }
  });
});
