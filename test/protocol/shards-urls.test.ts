import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ProtocolError,
  gatewayUrl,
  isValidShard,
  rateLimitKey,
  resumeUrl,
  shardForGuild,
  validateShard,
} from '../../src/protocol/index.js';

describe('shardForGuild', () => {
  it('matches (id >> 22) % count computed with BigInt, for any snowflake (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 100_000 }), (id, count) => {
        const expected = Number((id / 4_194_304n) % BigInt(count));
        expect(shardForGuild(id.toString(), count)).toBe(expected);
        expect(shardForGuild(id, count)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
  it('single shard and shift vectors', () => {
    expect(shardForGuild('41771983444115456', 1)).toBe(0);
    for (let i = 0; i < 8; i++) expect(shardForGuild((BigInt(i) << 22n).toString(), 8)).toBe(i);
  });
  it('rejects ids that are not snowflakes and counts below 1', () => {
    for (const bad of ['', '-1', '12a', '1e5', '18446744073709551616', ' 1']) {
      expect(() => shardForGuild(bad, 2), JSON.stringify(bad)).toThrow(
        expect.objectContaining({ code: 'SHARD_INVALID_GUILD_ID' }),
      );
    }
    expect(() => shardForGuild(-1n, 2)).toThrow(expect.objectContaining({ code: 'SHARD_INVALID_GUILD_ID' }));
    expect(() => shardForGuild(123 as unknown as string, 2)).toThrow(ProtocolError);
    for (const count of [0, -1, 1.5, Number.NaN]) {
      expect(() => shardForGuild('1', count)).toThrow(expect.objectContaining({ code: 'SHARD_INVALID_COUNT' }));
    }
  });
});

describe('shard validation', () => {
  it('0 <= id < count, count >= 1', () => {
    expect(() => validateShard(0, 1)).not.toThrow();
    expect(() => validateShard(15, 16)).not.toThrow();
    expect(() => validateShard(16, 16)).toThrow(
      expect.objectContaining({ code: 'SHARD_OUT_OF_RANGE', path: '/shardId' }),
    );
    expect(() => validateShard(-1, 16)).toThrow(expect.objectContaining({ code: 'SHARD_OUT_OF_RANGE' }));
    expect(() => validateShard(0.5, 16)).toThrow(expect.objectContaining({ code: 'SHARD_OUT_OF_RANGE' }));
    expect(() => validateShard(0, 0)).toThrow(
      expect.objectContaining({ code: 'SHARD_INVALID_COUNT', path: '/shardCount' }),
    );
    expect(isValidShard(3, 4)).toBe(true);
    expect(isValidShard(4, 4)).toBe(false);
    expect(isValidShard(0, 0)).toBe(false);
  });
  it('rateLimitKey is shard % max_concurrency', () => {
    expect([0, 1, 2, 3, 16, 17].map((id) => rateLimitKey(id, 16))).toEqual([0, 1, 2, 3, 0, 1]);
    expect(() => rateLimitKey(1, 0)).toThrow(expect.objectContaining({ code: 'RATE_LIMIT_INVALID_OPTION' }));
  });
});

describe('gatewayUrl', () => {
  it('builds the documented example', () => {
    expect(gatewayUrl({ base: 'wss://gateway.discord.gg' })).toBe('wss://gateway.discord.gg/?v=10&encoding=json');
  });
  it('adds compress and etf', () => {
    expect(gatewayUrl({ base: 'wss://gateway.discord.gg/', encoding: 'etf', compress: 'zstd-stream' })).toBe(
      'wss://gateway.discord.gg/?v=10&encoding=etf&compress=zstd-stream',
    );
    expect(gatewayUrl({ base: 'wss://gateway.discord.gg', compress: null })).toBe(
      'wss://gateway.discord.gg/?v=10&encoding=json',
    );
  });
  it('replaces parameters already on the base and keeps others', () => {
    expect(gatewayUrl({ base: 'wss://gateway.discord.gg/?v=9&compress=zlib-stream&x=1#frag', version: 10 })).toBe(
      'wss://gateway.discord.gg/?x=1&v=10&encoding=json',
    );
  });
  it('rejects bad input with typed errors', () => {
    expect(() => gatewayUrl({ base: 'https://gateway.discord.gg' })).toThrow(
      expect.objectContaining({ code: 'GATEWAY_URL_SCHEME' }),
    );
    expect(() => gatewayUrl({ base: 'not a url' })).toThrow(expect.objectContaining({ code: 'GATEWAY_URL_INVALID' }));
    expect(() => gatewayUrl({ base: 'wss://g', version: 0 })).toThrow(
      expect.objectContaining({ code: 'GATEWAY_URL_INVALID_PARAM', path: '/version' }),
    );
    expect(() => gatewayUrl({ base: 'wss://g', encoding: 'xml' as 'json' })).toThrow(
      expect.objectContaining({ code: 'GATEWAY_URL_INVALID_PARAM', path: '/encoding' }),
    );
    expect(() => gatewayUrl({ base: 'wss://g', compress: 'gzip' as 'zlib-stream' })).toThrow(
      expect.objectContaining({ code: 'GATEWAY_URL_INVALID_PARAM', path: '/compress' }),
    );
  });
});

describe('resumeUrl', () => {
  const original = gatewayUrl({ base: 'wss://gateway.discord.gg', compress: 'zlib-stream' });
  it('keeps the original query (v, encoding, compress) on the bare resume URL', () => {
    expect(resumeUrl('wss://gateway-us-east1-c.discord.gg', original)).toBe(
      'wss://gateway-us-east1-c.discord.gg/?v=10&encoding=json&compress=zlib-stream',
    );
  });
  it('accepts the original query as options', () => {
    expect(resumeUrl('wss://gateway-us-east1-c.discord.gg', { encoding: 'etf' })).toBe(
      'wss://gateway-us-east1-c.discord.gg/?v=10&encoding=etf',
    );
  });
  it('does not carry compress over when the original had none', () => {
    expect(
      resumeUrl('wss://r.discord.gg/?compress=zlib-stream', gatewayUrl({ base: 'wss://gateway.discord.gg' })),
    ).toBe('wss://r.discord.gg/?v=10&encoding=json');
  });
  it('rejects a resume URL that is not a WebSocket URL', () => {
    expect(() => resumeUrl('https://r.discord.gg', original)).toThrow(
      expect.objectContaining({ code: 'GATEWAY_URL_SCHEME' }),
    );
    expect(() => resumeUrl('wss://r.discord.gg', 'wss://g/?v=ten')).toThrow(
      expect.objectContaining({ code: 'GATEWAY_URL_INVALID_PARAM' }),
    );
  });
});
