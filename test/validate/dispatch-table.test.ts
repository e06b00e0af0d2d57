// The receive frame check dispatches `t` through a table and checks open enums by their base
// type alone (codegen/emit/validators.ts): these are the edges where a table or a dropped Set
// lookup could change a verdict.
import { describe, expect, it } from 'vitest';
import { GatewayDispatchValidators, ReceiveFrameValidator, Validators } from '../../src/validate/validators.js';
import { isReceivePayload, safeParseReceive } from '../../src/validate/index.js';
import { loadFixtures } from '../fixtures/index.js';

const message = structuredClone(loadFixtures().find((f) => f.id === 'receive/MESSAGE_CREATE')!.payload) as Record<string, any>;

describe('frame dispatch by table', () => {
  it('routes every receive fixture to its own event validator', () => {
    const fixtures = loadFixtures().filter((f) => f.direction === 'receive');
    expect(fixtures.length).toBeGreaterThan(50);
    for (const f of fixtures) {
      const frame = f.payload as { op: number; t: string | null };
      expect(isReceivePayload(f.payload), f.id).toBe(true);
      if (frame.op === 0) expect(GatewayDispatchValidators.get(frame.t!)!.check(f.payload, 0), f.id).toBe(true);
    }
  });

  it('a valid body under another event name is checked as that event', () => {
    expect(isReceivePayload({ ...message, t: 'GUILD_CREATE' })).toBe(false);
    expect(isReceivePayload({ ...message, t: 'MESSAGE_UPDATE' })).toBe(true); // MESSAGE_UPDATE's data is a superset's partial
  });

  it.each([['unknown', 'NOT_AN_EVENT'], ['prototype key', 'constructor'], ['__proto__', '__proto__'], ['number', 5], ['null', null], ['missing', undefined], ['lower case', 'message_create']])(
    't %s is rejected by the frame check',
    (_, t) => {
      const frame = { ...message, t };
      if (t === undefined) delete frame.t;
      expect(ReceiveFrameValidator.check(frame, 0)).toBe(false);
      expect(ReceiveFrameValidator.check(frame, 1)).toBe(false);
      expect(isReceivePayload(frame)).toBe(false);
    },
  );

  it('strict mode goes through the table too', () => {
    expect(ReceiveFrameValidator.check(message, 1)).toBe(true);
    expect(ReceiveFrameValidator.check({ ...message, d: { ...message.d, zz: 1 } }, 1)).toBe(false);
    expect(ReceiveFrameValidator.check({ ...message, d: { ...message.d, zz: 1 } }, 0)).toBe(true);
  });
});

describe('open enums are checked by their base type', () => {
  const embed = { title: 't', type: 'rich' };
  it('a known member, an unknown string: valid; another kind: invalid, with an issue at its path', () => {
    expect(Validators.APIEmbed.check(embed, 0)).toBe(true);
    expect(Validators.APIEmbed.check({ ...embed, type: 'hologram' }, 0)).toBe(true);
    for (const bad of [5, null, [], {}, true]) {
      expect(Validators.APIEmbed.check({ ...embed, type: bad }, 0)).toBe(false);
      const is: { path: string }[] = [];
      Validators.APIEmbed.collect({ ...embed, type: bad }, '', is as never, 0);
      expect(is.map((i) => i.path)).toEqual(['/type']);
    }
  });

  it('guild features: unknown feature strings pass, numbers do not', () => {
    const r = safeParseReceive({ ...message, t: 'MESSAGE_CREATE' });
    expect(r.success).toBe(true);
    const guild = structuredClone(loadFixtures().find((f) => f.id === 'receive/GUILD_CREATE')!.payload) as Record<string, any>;
    guild.d.features = ['COMMUNITY', 'SOMETHING_NEW'];
    expect(isReceivePayload(guild)).toBe(true);
    guild.d.features = ['COMMUNITY', 7];
    const bad = safeParseReceive(guild);
    expect(bad.success).toBe(false);
    if (bad.kind === 'invalid') expect(bad.error.issues.map((i) => i.path)).toContain('/d/features/1');
  });
});

describe('snowflake digit check', () => {
  it.each([
    ['', false], ['0', true], ['1234567890123456789', true], ['12a', false], ['123\n', false], ['\n123', false], [' 123', false],
    ['１２３', false], ['12.5', false], ['-1', false], ['1e5', false], ['١٢٣', false], ['123\u0000', false],
  ])('%j → %s, as /^[0-9]+$/ says', (id, ok) => {
    expect(/^[0-9]+$/.test(id)).toBe(ok);
    expect(Validators.APIUnavailableGuild.check({ id, unavailable: true }, 0)).toBe(ok);
  });
});

describe('small integer enum bit test', () => {
  // APIChannelMention.type is a ChannelType (0-5, 10-16): checked with a bit mask, not a Set.
  const values = [0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16];
  const asSet = new Set<unknown>(values);
  it.each([
    [0], [5], [6], [16], [17], [-0], [-1], [30], [31], [32], [2 ** 32 + 1], [1.5], [NaN], [Infinity], ['1'], [true], [null], [[1]],
  ])('type %j: as Set.has says', (type) => {
    const mention = { id: '1', guild_id: '2', type, name: 'general' };
    expect(Validators.APIChannelMention.check(mention, 0)).toBe(asSet.has(type));
  });
});
