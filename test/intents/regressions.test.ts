/**
 * gateway-protocol.md §4, the bugs that concern intents: one test each, named after the bug.
 */
import { describe, expect, it } from 'vitest';
import { GatewayIntentBits, GatewayIntentBitsTable } from '../../generated/enums.js';
import { eventsForIntents, intentsForEvents, isEventEnabled } from '../../src/intents/index.js';

describe('§4 #10 wrong or missing intents for an event', () => {
  it('discordpkg: GUILD_CREATE must not request the privileged GUILD_MEMBERS (it closed with 4014)', () => {
    const result = intentsForEvents(['GUILD_CREATE'], { scope: 'guild' });
    expect(result.intents).toBe(1);
    expect(result.privileged).toEqual([]);
  });
  it('discordpkg: GUILD_MEMBER_* must map to GUILD_MEMBERS, not to nothing', () => {
    const result = intentsForEvents(['GUILD_MEMBER_ADD'], { scope: 'guild' });
    expect(result.intents).toBe(2);
    expect(result.privileged).toEqual(['GuildMembers']);
    expect(intentsForEvents(['GUILD_MEMBER_UPDATE', 'GUILD_MEMBER_REMOVE'], { scope: 'guild' }).intents).toBe(2);
  });
  it('discordpkg: AUTO_MODERATION_* events belong to their declared intents', () => {
    expect(intentsForEvents(['AUTO_MODERATION_RULE_CREATE'], { scope: 'guild' }).intents).toBe(1 << 20);
    expect(intentsForEvents(['AUTO_MODERATION_ACTION_EXECUTION'], { scope: 'guild' }).intents).toBe(1 << 21);
  });
  it('discordpkg: a combined mask lists the events of every bit (its lookup worked for single bits only)', () => {
    const events = eventsForIntents(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    expect(events).toContain('GUILD_CREATE');
    expect(events).toContain('MESSAGE_CREATE');
  });
  it('the research vectors: DM, both scopes, DM typing, interactions', () => {
    expect(intentsForEvents(['MESSAGE_CREATE'], { scope: 'dm' }).intents).toBe(4096);
    expect(intentsForEvents(['MESSAGE_CREATE'], { scope: 'both' }).intents).toBe(4608);
    expect(intentsForEvents(['TYPING_START'], { scope: 'dm' }).intents).toBe(16384);
    expect(intentsForEvents(['INTERACTION_CREATE'], { scope: 'guild' }).intents).toBe(0);
    expect(() => intentsForEvents(['NOT_AN_EVENT'], { scope: 'guild' })).toThrow(/NOT_AN_EVENT/);
  });
  it('hikari: DM typing needs DIRECT_MESSAGE_TYPING, not DIRECT_MESSAGES', () => {
    expect(isEventEnabled('TYPING_START', GatewayIntentBits.DirectMessages)).toBe(false);
    expect(isEventEnabled('TYPING_START', GatewayIntentBits.DirectMessageTyping)).toBe(true);
  });
  it('twilight: DIRECT_MESSAGES has CHANNEL_PINS_UPDATE and no MESSAGE_DELETE_BULK', () => {
    const dm = eventsForIntents(GatewayIntentBits.DirectMessages);
    expect(dm).toContain('CHANNEL_PINS_UPDATE');
    expect(dm).not.toContain('MESSAGE_DELETE_BULK');
  });
  it('twilight: every intent is its own bit (its event flags collided: READY = MESSAGE_POLL_VOTE_ADD)', () => {
    const values = GatewayIntentBitsTable.map((row) => row.value);
    expect(new Set(values).size).toBe(values.length);
    for (const value of values) expect(value & (value - 1)).toBe(0);
    // READY needs no intent, so a poll intent must not be what lets it through.
    expect(isEventEnabled('READY', 0)).toBe(true);
    expect(isEventEnabled('MESSAGE_POLL_VOTE_ADD', 0)).toBe(false);
  });
  it('twilight: GUILD_MESSAGES enables all four of its events', () => {
    expect(eventsForIntents(GatewayIntentBits.GuildMessages)).toEqual([
      'MESSAGE_CREATE',
      'MESSAGE_UPDATE',
      'MESSAGE_DELETE',
      'MESSAGE_DELETE_BULK',
    ]);
  });
});
