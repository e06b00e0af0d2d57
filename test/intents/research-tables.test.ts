/**
 * Every intent ⇄ event row of gateway-protocol.md §2.3 against the generated table and the helpers.
 */
import { describe, expect, it } from 'vitest';
import { GatewayIntentBits, GatewayIntentBitsTable } from '../../generated/enums.js';
import {
  describeIntents,
  eventsForIntents,
  intentlessEvents,
  intentsForEvents,
  isEventEnabled,
  privilegedIntentsMask,
  validIntentsMask,
} from '../../src/intents/index.js';
import { expandEvents, plain, research, section, skipReason, tableWith } from '../protocol/research.js';

const docName = (name: string) => name.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '_').toUpperCase();
const rowByDocName = new Map(GatewayIntentBitsTable.map((row) => [docName(row.name), row]));

if (research === null) {
  describe('intents against gateway-protocol.md §2.3', () => {
    it('skips: the research file is absent', () => {
      console.warn(skipReason());
      expect(research).toBeNull();
    });
  });
} else {
  const text = section(research, '2.3');

  describe('intents against gateway-protocol.md §2.3: bits, names, privileged, events', () => {
    const table = tableWith(text, 'Bit', 'Value', 'Name (aliases)', 'Privileged', 'Events');
    const assigned = table.rows.filter((row) => /^\d+$/.test(plain(row[1]!)));

    it('lists as many intents as the generated table', () => {
      expect(assigned.length).toBe(GatewayIntentBitsTable.length);
    });

    for (const [bit, value, nameCell, privilegedCell, eventsCell] of assigned) {
      const name = plain(nameCell!).replace(/\s*\(.*\)$/, '');
      it(`${name} (1 << ${bit})`, () => {
        const row = rowByDocName.get(name);
        expect(row, `no generated intent for ${name}`).toBeDefined();
        expect(row!.value).toBe(Number(value));
        expect(row!.value).toBe(2 ** Number(bit));
        expect(row!.privileged).toBe(/yes/.test(privilegedCell!));
        const expected = /^\*no events\*/.test(eventsCell!) ? [] : expandEvents(eventsCell!);
        // The research lists widened events (THREAD_MEMBERS_UPDATE*) under both intents.
        expect([...row!.events, ...row!.widens].sort()).toEqual([...expected].sort());
        // Former names from "(old name X)".
        const old = /old name ([A-Z_]+)/.exec(nameCell!)?.[1];
        if (old !== undefined) {
          const pascal = old.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase());
          expect((GatewayIntentBits as Record<string, number>)[pascal], `alias ${pascal}`).toBe(row!.value);
        }
      });
    }

    it('valid and privileged masks match the values stated above the table', () => {
      const valid = /Valid mask = .*?`(0x[0-9A-F]+)` \((\d+)\)/.exec(text);
      const privileged = /Privileged = .*?`(0x[0-9A-F]+)` \((\d+)\)/.exec(text);
      expect(valid).not.toBeNull();
      expect(privileged).not.toBeNull();
      expect(validIntentsMask).toBe(Number(valid![2]));
      expect(validIntentsMask).toBe(Number.parseInt(valid![1]!, 16));
      expect(privilegedIntentsMask).toBe(Number(privileged![2]));
    });
  });

  describe('event → intents (reverse table of §2.3)', () => {
    const table = tableWith(text, 'Event', 'Intent(s) — any one suffices', 'Scope');
    it('covers every event some intent governs', () => {
      const events = new Set(GatewayIntentBitsTable.flatMap((row) => [...row.events, ...row.widens]));
      expect(new Set(table.rows.map((row) => plain(row[0]!)))).toEqual(events);
    });

    for (const [eventCell, intentsCell, scopeCell] of table.rows) {
      const event = plain(eventCell!);
      const [required, widening] = intentsCell!.split(';');
      const alternatives = [...required!.matchAll(/([A-Z_]+) \((\d+)\)/g)].map((m) => ({
        name: m[1]!,
        value: Number(m[2]),
      }));
      const widens = widening === undefined ? [] : [...widening.matchAll(/([A-Z_]+) \((\d+)\)/g)].map((m) => m[1]!);
      it(`${event}: ${alternatives.map((a) => a.name).join(' | ')}${widens.length > 0 ? ` (+ ${widens.join(', ')} widens)` : ''}`, () => {
        const both = intentsForEvents([event], { scope: 'both' });
        expect(both.grantedBy[event]!.map(docName).sort()).toEqual(alternatives.map((a) => a.name).sort());
        expect(both.intents).toBe(alternatives.reduce((mask, a) => mask | a.value, 0));
        const guildOnly = plain(scopeCell!) === 'guild';
        if (guildOnly) {
          expect(intentsForEvents([event], { scope: 'dm' }).intents).toBe(0);
          expect(intentsForEvents([event], { scope: 'dm' }).outOfScope).toEqual([event]);
        }
        for (const alternative of alternatives) {
          expect(isEventEnabled(event, alternative.value)).toBe(true);
          expect(eventsForIntents(alternative.value)).toContain(event);
        }
        const others = validIntentsMask & ~alternatives.reduce((mask, a) => mask | a.value, 0);
        expect(isEventEnabled(event, others)).toBe(false);
        const widened = intentsForEvents([event], { scope: 'guild', widen: true }).grantedBy[event]!.map(docName);
        for (const name of widens) expect(widened).toContain(name);
        const plainGrant = intentsForEvents([event], { scope: 'guild' }).grantedBy[event]!.map(docName);
        for (const name of widens) expect(plainGrant).not.toContain(name);
      });
    }
  });

  describe('events that arrive under a guild intent and a DM intent (§2.3)', () => {
    const table = tableWith(text, 'Event', 'Guild-scope intent', 'DM-scope intent');
    for (const [eventsCell, guildCell, dmCell] of table.rows) {
      for (const event of expandEvents(eventsCell!)) {
        it(`${event}: guild ${plain(guildCell!)}, DM ${plain(dmCell!)}`, () => {
          const guildName = /^[A-Z_]+/.exec(plain(guildCell!))![0];
          expect(intentsForEvents([event], { scope: 'guild' }).grantedBy[event]!.map(docName)).toEqual([guildName]);
          const dm = /^[A-Z_]+/.exec(plain(dmCell!))?.[0];
          expect(intentsForEvents([event], { scope: 'dm' }).grantedBy[event]!.map(docName)).toEqual(
            dm === undefined ? [] : [dm],
          );
          if (/GUILD_MEMBERS \(widens/.test(guildCell!)) {
            expect(intentsForEvents([event], { scope: 'guild', widen: true }).grantedBy[event]!.map(docName)).toEqual([
              guildName,
              'GUILD_MEMBERS',
            ]);
          }
        });
      }
    }
  });

  describe('events that need no intent (§2.3)', () => {
    const paragraph = /\*\*Events that need no intent\*\*.*?\n([\s\S]*?)\n\n/.exec(text);
    const names = [...(paragraph?.[0] ?? '').matchAll(/`([A-Z_/]+)`/g)].flatMap((m) => expandEvents(m[1]!));
    const count = Number(/(\d+) names\)/.exec(paragraph?.[0] ?? '')?.[1]);

    it('parses the list the research states', () => {
      expect(names.length).toBe(count);
    });
    it('each is accepted and adds no intent', () => {
      const result = intentsForEvents(names, { scope: 'both' });
      expect(result.intents).toBe(0);
      expect([...result.intentless].sort()).toEqual([...names].sort());
      for (const name of names) expect(isEventEnabled(name, 0)).toBe(true);
    });
    it('the dispatches among them are exactly the intentless dispatches of the schemas', () => {
      const nonDispatch = ['HELLO', 'RECONNECT', 'INVALID_SESSION'];
      expect([...intentlessEvents].sort()).toEqual(names.filter((n) => !nonDispatch.includes(n)).sort());
      expect(eventsForIntents(0, { includeIntentless: true }).sort()).toEqual([...intentlessEvents].sort());
    });
  });

  describe('describeIntents names what the research says about each bit', () => {
    it('every intent, privileged flagged', () => {
      const described = describeIntents(validIntentsMask);
      expect(described.intents.map((i) => i.docName)).toEqual([...rowByDocName.keys()]);
      expect(described.privileged.map(docName).sort()).toEqual(['GUILD_MEMBERS', 'GUILD_PRESENCES', 'MESSAGE_CONTENT']);
    });
  });
}
