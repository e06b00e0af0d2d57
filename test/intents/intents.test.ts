/**
 * Checks that need nothing outside the repository: the generated bits against discord-api-types,
 * the table's own invariants, and the helpers' behaviour.
 */
import {
  GatewayDispatchEvents as UpstreamDispatchEvents,
  GatewayIntentBits as UpstreamIntentBits,
} from 'discord-api-types/v10';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayIntentBits, GatewayIntentBitsTable } from '../../generated/enums.js';
import { GatewayDispatchEvents } from '../../generated/events.js';
import {
  IntentsError,
  assertIntents,
  checkIntents,
  describeIntents,
  eventsForIntents,
  intentlessEvents,
  intentsForEvents,
  intentsFromNames,
  isEventEnabled,
  privilegedIntentsMask,
  validIntentsMask,
} from '../../src/intents/index.js';

const upstreamNumeric = Object.entries(UpstreamIntentBits).filter(([, value]) => typeof value === 'number') as [
  string,
  number,
][];

describe('generated intent bits against discord-api-types GatewayIntentBits', () => {
  it('has every upstream member, former names included, with the same value', () => {
    for (const [name, value] of upstreamNumeric) {
      expect((GatewayIntentBits as Record<string, number>)[name], name).toBe(value);
    }
  });
  it('has no member upstream lacks', () => {
    const upstreamNames = new Set(upstreamNumeric.map(([name]) => name));
    for (const name of Object.keys(GatewayIntentBits)) expect(upstreamNames.has(name), name).toBe(true);
  });
  it('table rows are the current names; former names are the aliases', () => {
    const rowNames = new Set<string>(GatewayIntentBitsTable.map((row) => row.name));
    const aliases = Object.keys(GatewayIntentBits)
      .filter((name) => !rowNames.has(name))
      .sort();
    expect(aliases).toEqual(['GuildBans', 'GuildEmojisAndStickers']);
    expect(GatewayIntentBits.GuildModeration).toBe(UpstreamIntentBits.GuildBans);
    expect(GatewayIntentBits.GuildExpressions).toBe(UpstreamIntentBits.GuildEmojisAndStickers);
  });
});

describe('intent table invariants', () => {
  it('every intent is a distinct single bit', () => {
    const seen = new Set<number>();
    for (const row of GatewayIntentBitsTable) {
      expect(Number.isInteger(Math.log2(row.value)), row.name).toBe(true);
      expect(seen.has(row.value), row.name).toBe(false);
      seen.add(row.value);
    }
  });
  it('every event an intent lists is a dispatch of the schemas and of discord-api-types', () => {
    const ours = new Set<string>(Object.values(GatewayDispatchEvents));
    const upstream = new Set<string>(Object.values(UpstreamDispatchEvents));
    for (const row of GatewayIntentBitsTable) {
      for (const event of [...row.events, ...row.widens]) {
        expect(ours.has(event), `${row.name}: ${event} (schemas)`).toBe(true);
        expect(upstream.has(event), `${row.name}: ${event} (discord-api-types)`).toBe(true);
      }
    }
  });
  it('the schemas know every dispatch discord-api-types knows', () => {
    const ours = new Set<string>(Object.values(GatewayDispatchEvents));
    for (const event of Object.values(UpstreamDispatchEvents)) expect(ours.has(event), event).toBe(true);
  });
  it('a widened event is enabled on its own by another intent of the same scope', () => {
    for (const row of GatewayIntentBitsTable) {
      for (const event of row.widens) {
        const base = GatewayIntentBitsTable.filter(
          (other) => other !== row && (other.events as readonly string[]).includes(event),
        );
        expect(base.length, event).toBeGreaterThan(0);
        expect(base.some((other) => other.scope === row.scope)).toBe(true);
      }
    }
  });
  it('only the three documented intents are privileged', () => {
    expect(privilegedIntentsMask).toBe(
      GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent,
    );
  });
  it('the valid mask is the OR of every row', () => {
    expect(validIntentsMask).toBe(upstreamNumeric.reduce((mask, [, value]) => mask | value, 0));
  });
});

describe('intentsForEvents', () => {
  it('GUILD_CREATE needs Guilds only — not the privileged GuildMembers', () => {
    const result = intentsForEvents(['GUILD_CREATE'], { scope: 'guild' });
    expect(result.intents).toBe(GatewayIntentBits.Guilds);
    expect(result.privileged).toEqual([]);
    expect(result.grantedBy).toEqual({ GUILD_CREATE: ['Guilds'] });
  });
  it('scope picks the guild or DM alternative of a shared event', () => {
    expect(intentsForEvents(['MESSAGE_CREATE'], { scope: 'guild' }).intents).toBe(GatewayIntentBits.GuildMessages);
    expect(intentsForEvents(['MESSAGE_CREATE'], { scope: 'dm' }).intents).toBe(GatewayIntentBits.DirectMessages);
    expect(intentsForEvents(['MESSAGE_CREATE'], { scope: 'both' }).intents).toBe(
      GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages,
    );
    expect(intentsForEvents(['MESSAGE_CREATE']).intents).toBe(
      intentsForEvents(['MESSAGE_CREATE'], { scope: 'both' }).intents,
    );
  });
  it('MESSAGE_DELETE_BULK has no DM alternative', () => {
    const result = intentsForEvents(['MESSAGE_DELETE_BULK'], { scope: 'dm' });
    expect(result.intents).toBe(0);
    expect(result.outOfScope).toEqual(['MESSAGE_DELETE_BULK']);
  });
  it('DM scope ignores guild-only events (a DM bot asking for GUILD_CREATE gets nothing for it)', () => {
    const result = intentsForEvents(['GUILD_CREATE', 'CHANNEL_CREATE', 'TYPING_START'], { scope: 'dm' });
    expect(result.intents).toBe(GatewayIntentBits.DirectMessageTyping);
    expect(result.outOfScope).toEqual(['GUILD_CREATE', 'CHANNEL_CREATE']);
  });
  it('THREAD_MEMBERS_UPDATE is widened by GuildMembers only on request', () => {
    expect(intentsForEvents(['THREAD_MEMBERS_UPDATE'], { scope: 'guild' }).intents).toBe(GatewayIntentBits.Guilds);
    const widened = intentsForEvents(['THREAD_MEMBERS_UPDATE'], { scope: 'guild', widen: true });
    expect(widened.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMembers);
    expect(widened.privileged).toEqual(['GuildMembers']);
    expect(widened.grantedBy.THREAD_MEMBERS_UPDATE).toEqual(['Guilds', 'GuildMembers']);
    // Widening never adds an intent for an event that is out of scope.
    expect(intentsForEvents(['THREAD_MEMBERS_UPDATE'], { scope: 'dm', widen: true }).intents).toBe(0);
  });
  it('events that need no intent add 0 and are reported', () => {
    const result = intentsForEvents(['READY', 'INTERACTION_CREATE', 'HELLO', 'MESSAGE_CREATE'], { scope: 'guild' });
    expect(result.intents).toBe(GatewayIntentBits.GuildMessages);
    expect(result.intentless).toEqual(['READY', 'INTERACTION_CREATE', 'HELLO']);
    expect(result.grantedBy.READY).toEqual([]);
  });
  it('duplicates are harmless', () => {
    const result = intentsForEvents(['GUILD_MEMBER_ADD', 'GUILD_MEMBER_ADD', 'GUILD_MEMBER_REMOVE'], {
      scope: 'guild',
    });
    expect(result.intents).toBe(GatewayIntentBits.GuildMembers);
    expect(Object.keys(result.grantedBy)).toEqual(['GUILD_MEMBER_ADD', 'GUILD_MEMBER_REMOVE']);
  });
  it('an unknown event is a typed error naming it (and every other unknown one)', () => {
    let error: unknown;
    try {
      intentsForEvents(['MESSAGE_CREATE', 'MESAGE_CREATE', 'GUILD_CREATE', 'PRESENCE_UPDATES']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IntentsError);
    const e = error as IntentsError;
    expect(e.code).toBe('INTENTS_UNKNOWN_EVENT');
    expect(e.path).toBe('/1');
    expect(e.offending).toEqual(['MESAGE_CREATE', 'PRESENCE_UPDATES']);
    expect(e.message).toContain('MESAGE_CREATE');
    expect(e.message).toContain('PRESENCE_UPDATES');
  });
  it('a single name is one event, not a list of letters; a non-list is a typed error', () => {
    expect(intentsForEvents('GUILD_CREATE' as unknown as string[]).intents).toBe(GatewayIntentBits.Guilds);
    expect(() => intentsForEvents(null as unknown as string[])).toThrow(
      expect.objectContaining({ code: 'INTENTS_INVALID_OPTION' }),
    );
  });
  it('rejects an unknown scope', () => {
    expect(() => intentsForEvents(['GUILD_CREATE'], { scope: 'guilds' as 'guild' })).toThrow(
      expect.objectContaining({ code: 'INTENTS_INVALID_OPTION' }),
    );
  });
  it('property: the derived mask enables every requested event, and only needed bits', () => {
    const events = [...new Set(GatewayIntentBitsTable.flatMap((row) => [...row.events]))];
    fc.assert(
      fc.property(
        fc.subarray(events),
        fc.constantFrom('guild', 'dm', 'both') as fc.Arbitrary<'guild' | 'dm' | 'both'>,
        (picked, scope) => {
          const result = intentsForEvents(picked, { scope });
          for (const event of picked) {
            if (!result.outOfScope.includes(event)) expect(isEventEnabled(event, result.intents)).toBe(true);
          }
          // Every bit set was granted to some requested event.
          const granted = Object.values(result.grantedBy)
            .flat()
            .reduce((mask, name) => mask | GatewayIntentBits[name], 0);
          expect(result.intents).toBe(granted);
          expect(result.intents & ~validIntentsMask).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('eventsForIntents and isEventEnabled', () => {
  it('lists the events of a combined mask (not only of single bits)', () => {
    const events = eventsForIntents(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMembers);
    expect(events).toContain('GUILD_CREATE');
    expect(events).toContain('GUILD_MEMBER_ADD');
    expect(events.filter((e) => e === 'THREAD_MEMBERS_UPDATE')).toHaveLength(1);
  });
  it('a widening intent alone does not enable the widened event', () => {
    expect(eventsForIntents(GatewayIntentBits.GuildMembers)).not.toContain('THREAD_MEMBERS_UPDATE');
    expect(isEventEnabled('THREAD_MEMBERS_UPDATE', GatewayIntentBits.GuildMembers)).toBe(false);
    expect(isEventEnabled('THREAD_MEMBERS_UPDATE', GatewayIntentBits.Guilds)).toBe(true);
  });
  it('MessageContent enables no event', () => {
    expect(eventsForIntents(GatewayIntentBits.MessageContent)).toEqual([]);
  });
  it('intentless events are listed only on request', () => {
    expect(eventsForIntents(0)).toEqual([]);
    const all = eventsForIntents(0, { includeIntentless: true });
    expect(all).toContain('READY');
    expect(all).toContain('INTERACTION_CREATE');
    expect(all).not.toContain('GUILD_CREATE');
    expect(all).toEqual([...intentlessEvents]);
  });
  it('isEventEnabled drops what the mask did not ask for, keeps what no intent governs', () => {
    expect(isEventEnabled('MESSAGE_CREATE', GatewayIntentBits.Guilds)).toBe(false);
    expect(isEventEnabled('MESSAGE_CREATE', GatewayIntentBits.DirectMessages)).toBe(true);
    expect(isEventEnabled('READY', 0)).toBe(true);
    expect(isEventEnabled('SOME_FUTURE_EVENT', 0)).toBe(true);
  });
  it('isEventEnabled agrees with eventsForIntents for every mask (property)', () => {
    const governed = [...new Set(GatewayIntentBitsTable.flatMap((row) => [...row.events]))];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: validIntentsMask }), (raw) => {
        const mask = raw & validIntentsMask;
        const enabled = new Set(eventsForIntents(mask));
        for (const event of governed) expect(isEventEnabled(event, mask)).toBe(enabled.has(event));
      }),
      { numRuns: 200 },
    );
  });
  it('masks above 2^32 are handled exactly', () => {
    const mask = 2 ** 40 + GatewayIntentBits.Guilds;
    expect(isEventEnabled('GUILD_CREATE', mask)).toBe(true);
    expect(eventsForIntents(mask)).toContain('GUILD_CREATE');
    expect(describeIntents(mask).unknownBits).toEqual([2 ** 40]);
  });
  it('rejects a mask that is not a non-negative safe integer', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 60]) {
      expect(() => eventsForIntents(bad)).toThrow(expect.objectContaining({ code: 'INTENTS_INVALID_MASK' }));
    }
  });
});

describe('describeIntents', () => {
  it('names bits, privileged ones and unknown ones', () => {
    const d = describeIntents(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMembers | (1 << 17));
    expect(d.intents.map((i) => i.name)).toEqual(['Guilds', 'GuildMembers']);
    expect(d.intents[1]!.docName).toBe('GUILD_MEMBERS');
    expect(d.privileged).toEqual(['GuildMembers']);
    expect(d.unknownBits).toEqual([1 << 17]);
    expect(d.summary).toBe('GUILDS | GUILD_MEMBERS (privileged) | unknown 1<<17');
    expect(d.events).toContain('GUILD_MEMBER_ADD');
  });
  it('describes an empty mask', () => {
    expect(describeIntents(0).summary).toBe('(no intents)');
  });
});

describe('checkIntents (before connecting: 4013 and 4014 explained)', () => {
  it('unknown bits → 4013 naming them', () => {
    const check = checkIntents(GatewayIntentBits.Guilds | (1 << 18) | (1 << 22));
    expect(check.ok).toBe(false);
    expect(check.closeCode).toBe(4013);
    expect(check.unknownBits).toEqual([1 << 18, 1 << 22]);
    expect(check.error?.code).toBe('INTENTS_UNKNOWN_BITS');
    expect(check.error?.message).toContain('1<<18');
  });
  it('privileged bits are listed; 4014 only when they are not enabled', () => {
    const mask = GatewayIntentBits.Guilds | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
    const unknownPortal = checkIntents(mask);
    expect(unknownPortal.ok).toBe(true);
    expect(unknownPortal.privileged).toEqual(['GuildPresences', 'MessageContent']);
    const check = checkIntents(mask, { enabledPrivileged: ['MessageContent'] });
    expect(check.ok).toBe(false);
    expect(check.closeCode).toBe(4014);
    expect(check.disallowed).toEqual(['GuildPresences']);
    expect(check.error?.message).toContain('GUILD_PRESENCES');
    expect(
      checkIntents(mask, { enabledPrivileged: GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent }).ok,
    ).toBe(true);
  });
  it('assertIntents throws the typed error', () => {
    expect(() => assertIntents(GatewayIntentBits.GuildMembers, { enabledPrivileged: [] })).toThrow(IntentsError);
    expect(() => assertIntents(GatewayIntentBits.GuildMembers, { enabledPrivileged: [] })).toThrow(
      expect.objectContaining({ code: 'INTENTS_DISALLOWED', closeCode: 4014, offending: ['GuildMembers'] }),
    );
    expect(() => assertIntents(validIntentsMask)).not.toThrow();
  });
  it('intentsFromNames accepts former names and rejects unknown ones', () => {
    expect(intentsFromNames(['GuildBans', 'GuildEmojisAndStickers'])).toBe(
      GatewayIntentBits.GuildModeration | GatewayIntentBits.GuildExpressions,
    );
    expect(() => intentsFromNames(['Guilds', 'GUILDS'])).toThrow(
      expect.objectContaining({ code: 'INTENTS_UNKNOWN_NAME', offending: ['GUILDS'], path: '/1' }),
    );
  });
});
