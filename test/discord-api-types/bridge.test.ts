/**
 * gatewire/discord-api-types at run time: the guards accept exactly what gatewire's validator
 * accepts, narrow to discord-api-types' own types (usable where @discordjs/ws hands out its
 * dispatch payloads), refuse an event that is not bridged, and the README names every excluded event.
 */
import { readFileSync } from 'node:fs';
import type { ManagerShardEventsMap, WebSocketShardEvents } from '@discordjs/ws';
import type { GatewayDispatchPayload, GatewayMessageDeleteDispatch, GatewayVoiceServerUpdateDispatch } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import {
  DiscordApiTypesBridgeError,
  DiscordApiTypesBridgedEvents,
  isDiscordApiTypesBridgedEvent,
  isDiscordApiTypesDispatch,
  parseDiscordApiTypesDispatch,
  type DiscordApiTypesBridgedEvent,
} from '../../src/discord-api-types/index.js';
import { GatewayValidationError, isDispatchPayload } from '../../src/validate/index.js';
import { applyMutation, loadFixtures, loadMutations } from '../fixtures/index.js';
import { excludedEvents } from './excluded.js';

/** What @discordjs/ws passes to a `dispatch` listener: discord-api-types' dispatch union. */
type DiscordJsDispatch = ManagerShardEventsMap[WebSocketShardEvents.Dispatch][0];
const handled: string[] = [];
function discordJsListener(payload: DiscordJsDispatch): void {
  handled.push(payload.t);
}

const fixtures = loadFixtures().filter((f) => f.direction === 'receive');
const bridgedFixtures = fixtures.filter((f) => isDiscordApiTypesBridgedEvent(f.event));

describe('gatewire/discord-api-types', () => {
  it('has a fixture for most bridged events (so the guards below run on real frames)', () => {
    const covered = new Set(bridgedFixtures.map((f) => f.event));
    expect(covered.size).toBeGreaterThanOrEqual(DiscordApiTypesBridgedEvents.length - 2);
  });

  it('accepts every bridged fixture, and its payload is what @discordjs/ws listeners take', () => {
    handled.length = 0;
    for (const f of bridgedFixtures) {
      const event = f.event as DiscordApiTypesBridgedEvent;
      const payload: unknown = structuredClone(f.payload);
      expect(isDiscordApiTypesDispatch(event, payload), f.id).toBe(true);
      if (isDiscordApiTypesDispatch(event, payload)) discordJsListener(payload);
      const parsed = parseDiscordApiTypesDispatch(payload);
      expect(parsed, f.id).toBe(payload);
      if (parsed !== undefined) {
        const asDiscordJs: GatewayDispatchPayload = parsed;
        expect(asDiscordJs.t).toBe(event);
      }
    }
    expect(handled.length).toBe(bridgedFixtures.length);
  });

  it('narrows to the exact discord-api-types frame of the event', () => {
    const frame: unknown = { op: 0, s: 3, t: 'MESSAGE_DELETE', d: { id: '1', channel_id: '2' } };
    if (!isDiscordApiTypesDispatch('MESSAGE_DELETE', frame)) throw new Error('expected a MESSAGE_DELETE');
    const typed: GatewayMessageDeleteDispatch = frame;
    expect(typed.d.channel_id).toBe('2');
    const voice: unknown = { op: 0, s: 4, t: 'VOICE_SERVER_UPDATE', d: { token: 't', guild_id: '1', endpoint: null } };
    expect(isDiscordApiTypesDispatch('VOICE_SERVER_UPDATE', voice)).toBe(true);
    if (isDiscordApiTypesDispatch('VOICE_SERVER_UPDATE', voice)) {
      const v: GatewayVoiceServerUpdateDispatch = voice;
      expect(v.d.endpoint).toBeNull();
    }
  });

  it('rejects what gatewire rejects: every mutation of a bridged fixture, and other events', () => {
    const byId = new Map(fixtures.map((f) => [f.id, f]));
    let checked = 0;
    for (const m of loadMutations()) {
      const f = byId.get(m.fixture);
      if (f === undefined || !isDiscordApiTypesBridgedEvent(f.event)) continue;
      const broken = applyMutation(f.payload, m);
      const event = f.event;
      expect(isDiscordApiTypesDispatch(event, broken), `${m.fixture} ${m.pointer}`).toBe(isDispatchPayload(event, broken));
      expect(isDiscordApiTypesDispatch(event, broken), `${m.fixture} ${m.pointer}`).toBe(false);
      expect(() => parseDiscordApiTypesDispatch(broken)).toThrow(GatewayValidationError);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    const messageDelete = fixtures.find((f) => f.event === 'MESSAGE_DELETE')!.payload;
    expect(isDiscordApiTypesDispatch('MESSAGE_DELETE_BULK', messageDelete)).toBe(false);
    for (const hostile of [null, undefined, 42, 'x', [], { op: 0 }, { op: 0, t: 'MESSAGE_DELETE', s: 1 }]) {
      expect(isDiscordApiTypesDispatch('MESSAGE_DELETE', hostile)).toBe(false);
    }
  });

  it('returns undefined for valid frames it does not bridge, and for unknown events', () => {
    const create = fixtures.find((f) => f.event === 'MESSAGE_CREATE')!.payload;
    expect(parseDiscordApiTypesDispatch(create)).toBeUndefined();
    expect(parseDiscordApiTypesDispatch(fixtures.find((f) => f.event === 'HELLO')!.payload)).toBeUndefined();
    expect(parseDiscordApiTypesDispatch({ op: 0, s: 1, t: 'SOME_FUTURE_EVENT', d: {} })).toBeUndefined();
  });

  it('strict mode rejects unknown keys, as gatewire/validate does', () => {
    const frame = { op: 0, s: 3, t: 'MESSAGE_DELETE', d: { id: '1', channel_id: '2', surprise: true } };
    expect(parseDiscordApiTypesDispatch(frame)).toBe(frame);
    expect(() => parseDiscordApiTypesDispatch(frame, { mode: 'strict' })).toThrow(GatewayValidationError);
  });

  it('throws a typed usage error for an event it does not bridge (a JavaScript caller)', () => {
    const call = () => isDiscordApiTypesDispatch('MESSAGE_CREATE' as DiscordApiTypesBridgedEvent, {});
    expect(call).toThrow(DiscordApiTypesBridgeError);
    try {
      call();
    } catch (e) {
      expect((e as DiscordApiTypesBridgeError).code).toBe('BRIDGE_EVENT_NOT_COVERED');
      expect((e as DiscordApiTypesBridgeError).event).toBe('MESSAGE_CREATE');
    }
  });

  it('the README lists every excluded event, and no bridged one, in its exclusions table', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- bridge-exclusions -->'), readme.indexOf('<!-- /bridge-exclusions -->'));
    expect(section.length).toBeGreaterThan(0);
    const listed = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual(Object.keys(excludedEvents).sort());
    for (const e of DiscordApiTypesBridgedEvents) expect(listed).not.toContain(e);
  });
});
