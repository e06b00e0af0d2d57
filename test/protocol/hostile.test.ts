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

import { SendLimiter, commandBudget } from '../../src/protocol/index.js';
import { FakeDriver, sends } from '../session/helpers.js';

describe('#15.7 SendLimiter keeps limiting when the command budget is 0', () => {
  it('a 500 ms heartbeat interval (budget 0) never gives NaN and lets at most one command per window through', () => {
    let now = 0;
    const limiter = new SendLimiter({ heartbeatInterval: 500, clock: () => now });
    expect(commandBudget(500)).toBe(0);
    const delay = limiter.delay('command');
    expect(Number.isNaN(delay)).toBe(false);
    let acquired = 0;
    for (let i = 0; i < 1000; i++) if (limiter.tryAcquire()) acquired++;
    expect(acquired).toBe(1);
    expect(limiter.delay('command')).toBe(60_000);
    now = 60_000;
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
  });

  it('a tiny limit (budget 0) limits too, and no window ever holds more than the limit', () => {
    let now = 0;
    const limiter = new SendLimiter({ heartbeatInterval: 30_000, limit: 2, clock: () => now });
    const sent: number[] = [];
    for (let t = 0; t < 300_000; t += 100) {
      now = t;
      if (limiter.tryAcquire()) sent.push(t);
    }
    for (const t of sent) expect(sent.filter((u) => u > t - 60_000 && u <= t).length).toBeLessThanOrEqual(1);
    expect(sent.length).toBeGreaterThan(0);
  });

  it('a session given a 500 ms Hello does not send 300 commands at once', () => {
    const d = new FakeDriver();
    d.open();
    d.hello(500);
    d.advance(0);
    d.ready();
    for (let i = 0; i < 300; i++) d.session.requestGuildMembers({ guild_id: '1', query: '', limit: 0 }, d.now);
    const commands = sends(d.pump()).filter((p) => p.op === 8);
    expect(commands.length).toBeLessThanOrEqual(1);
  });
});
