/**
 * The send limiter and the identify scheduler, driven by a fake clock.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdentifyScheduler, SendLimiter, commandBudget } from '../../src/protocol/index.js';

function fakeClock(start = 0) {
  let now = start;
  return {
    clock: () => now,
    set: (t: number) => {
      now = t;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('commandBudget', () => {
  it('reserves one slot per scheduled heartbeat in a window plus one for a requested beat', () => {
    expect(commandBudget(60_000)).toBe(118);
    expect(commandBudget(41_250)).toBe(117);
    expect(commandBudget(30_000)).toBe(117);
    expect(commandBudget(29_999)).toBe(116);
    expect(commandBudget(Infinity)).toBe(118);
    expect(commandBudget(5_000)).toBe(107);
    expect(commandBudget(1_000)).toBe(59);
    expect(commandBudget(100)).toBe(0);
  });
  it('uses the floor before Hello and for nonsense', () => {
    for (const interval of [undefined, null, 0, -5, Number.NaN]) expect(commandBudget(interval)).toBe(110);
  });
});

describe('SendLimiter', () => {
  it('a burst: the budget goes out at once, the next command waits for the oldest to leave the window', () => {
    const t = fakeClock(1_000);
    const limiter = new SendLimiter({ clock: t.clock, heartbeatInterval: 41_250 });
    for (let i = 0; i < 117; i++) expect(limiter.tryAcquire(), `command ${i}`).toBe(true);
    expect(limiter.remaining).toBe(0);
    expect(limiter.tryAcquire()).toBe(false);
    expect(limiter.delay()).toBe(60_000);
    t.advance(59_999);
    expect(limiter.delay()).toBe(1);
    expect(limiter.tryAcquire()).toBe(false);
    t.advance(1);
    // All 117 were sent at the same instant, so they leave the window together.
    expect(limiter.remaining).toBe(117);
  });
  it('spread sends free one slot at a time', () => {
    const t = fakeClock();
    const limiter = new SendLimiter({ clock: t.clock, heartbeatInterval: 41_250 });
    for (let i = 0; i < 117; i++) {
      t.set(i * 100);
      expect(limiter.tryAcquire()).toBe(true);
    }
    expect(limiter.delay()).toBe(60_000 - 11_600);
    t.set(60_000);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    expect(limiter.delay()).toBe(100);
  });
  it('a sliding window, not a fixed one: no 60 s span ever holds more than the budget', () => {
    const t = fakeClock();
    const limiter = new SendLimiter({ clock: t.clock, heartbeatInterval: 60_000 });
    for (let i = 0; i < 60; i++) expect(limiter.tryAcquire()).toBe(true);
    t.set(50_000);
    for (let i = 0; i < 58; i++) expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    // At 60 000 the first 60 leave; a fixed window reset at 60 000 would allow 118 more here.
    t.set(60_000);
    let sent = 0;
    while (limiter.tryAcquire()) sent++;
    expect(sent).toBe(60);
  });
  it('heartbeat reserve: heartbeats go out on time while commands are exhausted', () => {
    const t = fakeClock();
    const interval = 41_250;
    const limiter = new SendLimiter({ clock: t.clock });
    expect(limiter.budget).toBe(110);
    limiter.setHeartbeatInterval(interval);
    expect(limiter.budget).toBe(117);
    while (limiter.tryAcquire('command'));
    for (let beat = 1; beat <= 3; beat++) {
      t.set(beat * interval - 1);
      expect(limiter.delay('heartbeat')).toBe(0);
      expect(limiter.tryAcquire('heartbeat')).toBe(true);
    }
    // A server-requested beat on top.
    expect(limiter.tryAcquire('heartbeat')).toBe(true);
  });
  it('heartbeats beyond the reservation shrink the command room instead of breaking the limit', () => {
    const t = fakeClock();
    const limiter = new SendLimiter({ clock: t.clock, heartbeatInterval: 60_000 });
    for (let i = 0; i < 10; i++) limiter.record('heartbeat');
    let commands = 0;
    while (limiter.tryAcquire()) commands++;
    expect(commands + 10).toBeLessThanOrEqual(119);
    expect(limiter.sentInWindow).toBe(commands + 10);
  });
  it('reset forgets the previous connection', () => {
    const t = fakeClock();
    const limiter = new SendLimiter({ clock: t.clock });
    while (limiter.tryAcquire());
    limiter.reset();
    expect(limiter.remaining).toBe(110);
  });
  it('a clock that goes backwards does not reopen the window', () => {
    const t = fakeClock(100_000);
    const limiter = new SendLimiter({ clock: t.clock, heartbeatInterval: 60_000 });
    while (limiter.tryAcquire());
    t.set(0);
    expect(limiter.tryAcquire()).toBe(false);
  });
  it('rejects nonsense options', () => {
    expect(() => new SendLimiter({ limit: 0 })).toThrow(expect.objectContaining({ code: 'RATE_LIMIT_INVALID_OPTION' }));
    expect(() => new SendLimiter({ period: -1 })).toThrow(
      expect.objectContaining({ code: 'RATE_LIMIT_INVALID_OPTION' }),
    );
  });
  it('property: with heartbeats on schedule and commands as fast as allowed, no 60 s window exceeds 120', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000, max: 90_000 }),
        fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 50, maxLength: 400 }),
        // At most one server-requested beat: that is what the budget reserves room for.
        fc.array(fc.integer({ min: 0, max: 200_000 }), { maxLength: 1 }),
        (interval, gaps, requested) => {
          const t = fakeClock();
          const limiter = new SendLimiter({ clock: t.clock, heartbeatInterval: interval });
          const sends: { at: number; lane: 'heartbeat' | 'command' }[] = [];
          let nextBeat = Math.floor(interval / 2);
          const requestedBeats = [...requested].sort((a, b) => a - b);
          for (const gap of gaps) {
            const target = t.clock() + gap;
            // Beats due before the next command attempt go out first, exactly on time.
            while (nextBeat <= target || (requestedBeats.length > 0 && requestedBeats[0]! <= target)) {
              const scheduled = nextBeat <= (requestedBeats[0] ?? Infinity);
              const at = scheduled ? nextBeat : requestedBeats.shift()!;
              if (scheduled) nextBeat += interval;
              t.set(Math.max(t.clock(), at));
              expect(limiter.tryAcquire('heartbeat')).toBe(true);
              sends.push({ at: t.clock(), lane: 'heartbeat' });
            }
            t.set(target);
            while (limiter.tryAcquire('command')) sends.push({ at: t.clock(), lane: 'command' });
          }
          for (let i = 0; i < sends.length; i++) {
            const windowEnd = sends[i]!.at + 60_000;
            let total = 0;
            let commands = 0;
            for (let j = i; j < sends.length && sends[j]!.at < windowEnd; j++) {
              total++;
              if (sends[j]!.lane === 'command') commands++;
            }
            expect(total).toBeLessThanOrEqual(120);
            expect(commands).toBeLessThanOrEqual(commandBudget(interval));
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('IdentifyScheduler', () => {
  it('one identify per bucket per 5 s; buckets start in order (max_concurrency 2, shards 0–3)', () => {
    const t = fakeClock();
    const scheduler = new IdentifyScheduler({ maxConcurrency: 2, clock: t.clock });
    for (const shard of [3, 2, 1, 0]) scheduler.enqueue(shard);
    expect(scheduler.poll()).toEqual({ ready: [0, 1], wakeAt: 5_000, waitingFor: 'bucket' });
    t.set(4_999);
    expect(scheduler.poll().ready).toEqual([]);
    t.set(5_000);
    expect(scheduler.poll()).toEqual({ ready: [2, 3], wakeAt: null, waitingFor: null });
  });
  it('sixteen shards with max_concurrency 16 all start at once; 32 take two rounds', () => {
    const t = fakeClock();
    const scheduler = new IdentifyScheduler({ maxConcurrency: 16, clock: t.clock });
    for (let shard = 31; shard >= 0; shard--) scheduler.enqueue(shard);
    expect(scheduler.poll().ready).toEqual(Array.from({ length: 16 }, (_, i) => i));
    t.set(5_000);
    expect(scheduler.poll().ready).toEqual(Array.from({ length: 16 }, (_, i) => i + 16));
  });
  it('a late shard waits for its own bucket only', () => {
    const t = fakeClock();
    const scheduler = new IdentifyScheduler({ maxConcurrency: 2, clock: t.clock });
    scheduler.enqueue(0);
    expect(scheduler.poll().ready).toEqual([0]);
    t.set(1_000);
    scheduler.enqueue(1);
    scheduler.enqueue(2);
    expect(scheduler.poll()).toEqual({ ready: [1], wakeAt: 5_000, waitingFor: 'bucket' });
  });
  it('enqueue is idempotent; cancel takes a shard out of line', () => {
    const t = fakeClock();
    const scheduler = new IdentifyScheduler({ maxConcurrency: 1, clock: t.clock });
    scheduler.enqueue(0);
    scheduler.enqueue(0);
    scheduler.enqueue(1);
    expect(scheduler.pending).toEqual([0, 1]);
    expect(scheduler.cancel(0)).toBe(true);
    expect(scheduler.cancel(0)).toBe(false);
    expect(scheduler.poll().ready).toEqual([1]);
  });
  it('daily session_start_limit: remaining 0 blocks until reset_after, then the budget is back', () => {
    const t = fakeClock();
    const scheduler = new IdentifyScheduler({
      maxConcurrency: 4,
      clock: t.clock,
      sessionStartLimit: { total: 1000, remaining: 2, reset_after: 3_600_000 },
    });
    for (const shard of [0, 1, 2, 3]) scheduler.enqueue(shard);
    expect(scheduler.poll()).toEqual({ ready: [0, 1], wakeAt: 3_600_000, waitingFor: 'session-start-limit' });
    t.set(3_599_999);
    expect(scheduler.poll().ready).toEqual([]);
    t.set(3_600_000);
    expect(scheduler.poll().ready).toEqual([2, 3]);
    expect(scheduler.sessionStarts).toEqual({ total: 1000, remaining: 998, resetAt: 3_600_000 + 86_400_000 });
  });
  it('a fresh Get Gateway Bot answer replaces the budget and re-buckets on a new max_concurrency', () => {
    const t = fakeClock();
    const scheduler = new IdentifyScheduler({ maxConcurrency: 1, clock: t.clock });
    for (const shard of [0, 1, 2, 3]) scheduler.enqueue(shard);
    expect(scheduler.poll().ready).toEqual([0]);
    scheduler.update({ total: 1000, remaining: 10, reset_after: 1_000, max_concurrency: 2 });
    expect(scheduler.maxConcurrency).toBe(2);
    // No new bucket may go before the busiest old one was free again.
    expect(scheduler.poll().ready).toEqual([]);
    t.set(5_000);
    expect(scheduler.poll().ready).toEqual([1, 2]);
    expect(scheduler.sessionStarts.remaining).toBe(1000 - 2);
  });
  it('reserve: the direct form charges bucket and budget and returns when to identify', () => {
    const t = fakeClock(100);
    const scheduler = new IdentifyScheduler({
      maxConcurrency: 1,
      clock: t.clock,
      sessionStartLimit: { total: 2, remaining: 1, reset_after: 60_000 },
    });
    expect(scheduler.reserve(0)).toBe(100);
    expect(scheduler.reserve(1)).toBe(60_100);
    expect(scheduler.reserve(2)).toBe(60_100 + 5_000);
    // The third start exhausts the next window (total 2): the fourth goes to the window after.
    expect(scheduler.reserve(3)).toBe(60_100 + 86_400_000);
    t.set(60_100);
    expect(scheduler.sessionStarts.remaining).toBe(0);
  });
  it('rejects nonsense options', () => {
    expect(() => new IdentifyScheduler({ maxConcurrency: 0 })).toThrow(
      expect.objectContaining({ code: 'RATE_LIMIT_INVALID_OPTION' }),
    );
    expect(
      () =>
        new IdentifyScheduler({ maxConcurrency: 1, sessionStartLimit: { total: 1, remaining: -1, reset_after: 0 } }),
    ).toThrow(expect.objectContaining({ code: 'RATE_LIMIT_INVALID_OPTION' }));
    expect(() => new IdentifyScheduler({ maxConcurrency: 1 }).enqueue(-1)).toThrow(
      expect.objectContaining({ code: 'SHARD_OUT_OF_RANGE' }),
    );
  });
});
