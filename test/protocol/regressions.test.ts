/**
 * gateway-protocol.md §4, the bugs that concern the protocol helpers: one test each, named after it.
 */
import { describe, expect, it } from 'vitest';
import {
  ClientCloseCodes,
  IdentifyScheduler,
  SendLimiter,
  assertClientCloseCode,
  clientCloseCode,
  closeCodeAction,
  gatewayUrl,
  laneForOpcode,
  opcodeForCommand,
  resumeUrl,
  shardForGuild,
  validateShard,
} from '../../src/protocol/index.js';

describe('§4 #1 resume on 4007/4009', () => {
  it('4007 (invalid seq) and 4009 (session timed out) start a new session instead of a doomed resume', () => {
    for (const code of [4007, 4009]) {
      const decision = closeCodeAction(code);
      expect(decision.action, String(code)).toBe('identify');
      expect(decision.reason).toMatch(/new session|new one/);
    }
  });
});

describe('§4 #2 resume URL without query parameters', () => {
  const original = gatewayUrl({
    base: 'wss://gateway.discord.gg',
    version: 10,
    encoding: 'json',
    compress: 'zlib-stream',
  });
  it('the bare resume_gateway_url gets v, encoding and compress back', () => {
    expect(resumeUrl('wss://gateway-us-east1-c.discord.gg', original)).toBe(
      'wss://gateway-us-east1-c.discord.gg/?v=10&encoding=json&compress=zlib-stream',
    );
  });
  it('a trailing slash on the resume URL does not produce //?', () => {
    expect(resumeUrl('wss://gateway-us-east1-c.discord.gg/', original)).toBe(
      'wss://gateway-us-east1-c.discord.gg/?v=10&encoding=json&compress=zlib-stream',
    );
  });
  it('an existing query is merged, not concatenated into a second ?', () => {
    const url = resumeUrl('wss://gateway-us-east1-c.discord.gg/?region=us', original);
    expect(url).toBe('wss://gateway-us-east1-c.discord.gg/?region=us&v=10&encoding=json&compress=zlib-stream');
    expect(url.split('?')).toHaveLength(2);
  });
  it('gatewayUrl gives the research example', () => {
    expect(
      gatewayUrl({
        base: 'wss://gateway-us-east1-c.discord.gg',
        version: 10,
        encoding: 'json',
        compress: 'zlib-stream',
      }),
    ).toBe('wss://gateway-us-east1-c.discord.gg/?v=10&encoding=json&compress=zlib-stream');
  });
});

describe('§4 #6 zombie → new session instead of resume', () => {
  it('a zombie close uses a code that keeps the session, and reading it back says resume', () => {
    const code = clientCloseCode({ keepSession: true });
    expect(code).not.toBe(1000);
    expect(code).not.toBe(1001);
    expect(code >= 3000 && code <= 4999).toBe(true);
    expect(closeCodeAction(code, { initiator: 'client' }).action).toBe('resume');
  });
});

describe('§4 #9 ETF snowflakes / shard ids need BigInt', () => {
  it('shardForGuild is exact where Number(id) >> 22 is not', () => {
    expect(Number('41771983444115456') >> 22).toBe(-213);
    expect(shardForGuild('41771983444115456', 1000)).toBe(939);
    // 613425648685547541 is not representable as a double: a number-based formula is off.
    expect(BigInt(Number('613425648685547541'))).not.toBe(613425648685547541n);
    expect(shardForGuild('613425648685547541', 1000)).toBe(544);
    expect(shardForGuild(613425648685547541n, 16)).toBe(8);
  });
});

describe('§4 send-command ↔ opcode name collision (discordpkg)', () => {
  it('UPDATE_PRESENCE is 3 and UPDATE_VOICE_STATE is 4; the dispatch names are not send commands', () => {
    expect(opcodeForCommand('UPDATE_PRESENCE')).toBe(3);
    expect(opcodeForCommand('UPDATE_VOICE_STATE')).toBe(4);
    expect(() => opcodeForCommand('PRESENCE_UPDATE')).toThrow(
      expect.objectContaining({ code: 'PROTOCOL_UNKNOWN_COMMAND' }),
    );
    expect(() => opcodeForCommand('VOICE_STATE_UPDATE')).toThrow(
      expect.objectContaining({ code: 'PROTOCOL_UNKNOWN_COMMAND' }),
    );
  });
});

describe('§4 shard validation off by one (discordpkg)', () => {
  it('shardId === numShards and numShards === 0 are rejected', () => {
    expect(() => validateShard(4, 4)).toThrow(expect.objectContaining({ code: 'SHARD_OUT_OF_RANGE' }));
    expect(() => validateShard(0, 0)).toThrow(expect.objectContaining({ code: 'SHARD_INVALID_COUNT' }));
    expect(() => validateShard(3, 4)).not.toThrow();
  });
});

describe('§4 command throttle lane (discordpkg throttled only heartbeats)', () => {
  it('116 presence updates inside 60 s are throttled while heartbeats still go out on time', () => {
    let now = 0;
    const limiter = new SendLimiter({ clock: () => now, heartbeatInterval: 41_250 });
    const presence = laneForOpcode(opcodeForCommand('UPDATE_PRESENCE'));
    const heartbeat = laneForOpcode(opcodeForCommand('HEARTBEAT'));
    expect(presence).toBe('command');
    expect(heartbeat).toBe('heartbeat');
    let sent = 0;
    for (let i = 0; i < 200; i++) {
      now = i * 250; // 200 attempts over 50 s
      if (limiter.tryAcquire(presence)) sent++;
    }
    expect(sent).toBe(117);
    for (const at of [41_250, 82_500 - 60_000 + 41_250]) {
      now = Math.max(now, at);
      expect(limiter.delay(heartbeat)).toBe(0);
      expect(limiter.tryAcquire(heartbeat)).toBe(true);
    }
  });
});

describe('§4 identify buckets (kord, discord-api-docs#1328)', () => {
  it('max_concurrency 2, shards 0–3: 0 and 1 at once, 2 and 3 after 5 s, in order; remaining 0 blocks until reset_after', () => {
    let now = 0;
    const scheduler = new IdentifyScheduler({
      maxConcurrency: 2,
      clock: () => now,
      sessionStartLimit: { total: 1000, remaining: 3, reset_after: 20_000 },
    });
    for (const shard of [0, 1, 2, 3]) scheduler.enqueue(shard);
    expect(scheduler.poll().ready).toEqual([0, 1]);
    now = 5_000;
    const second = scheduler.poll();
    expect(second.ready).toEqual([2]);
    expect(second).toMatchObject({ wakeAt: 20_000, waitingFor: 'session-start-limit' });
    now = 20_000;
    expect(scheduler.poll().ready).toEqual([3]);
  });
});

describe('§4 WHATWG close codes', () => {
  it('the client never closes with a code outside {1000} ∪ [3000, 4999] (nor with one of Discord’s)', () => {
    for (const code of Object.values(ClientCloseCodes)) expect(() => assertClientCloseCode(code)).not.toThrow();
    for (const code of [1001, 1005, 1008, 1012]) expect(() => assertClientCloseCode(code)).toThrow();
  });
});
