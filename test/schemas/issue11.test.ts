// Regression tests for issue #11 (defects found against Discord's docs, discord-api-types, real
// payloads and real clients), one `describe` per item, each naming the docs section that decides
// it (paths relative to ../shared/reference/discord-api-docs/developers/).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { buildIR, writeOutput } from '../../codegen/pipeline.js';
import { MessageType, NameplatePalette, type APIMessage, type APINameplateData, type GatewayDispatchEventMap, type GatewayMessageMentionUser } from '../../generated/index.js';
import * as zodSchemas from '../../generated/zod.js';
import { safeParseReceive, safeParseSend, type ValidateOptions } from '../../src/validate/index.js';
import { generate, irOf, removeScratch, schemaFolder, typecheck } from '../codegen/helpers.js';
import { loadFixtures } from '../fixtures/index.js';
import type { ValidationIssue } from '../../src/validate/issues.js';

const fixture = (id: string): any => {
  const f = loadFixtures().find((x) => x.id === id);
  if (!f) throw new Error(`no fixture ${id}`);
  return structuredClone(f.payload);
};

/** Both engines, so a schema fix holds for the compiled validators and for zod alike. */
const engines: readonly [string, ValidateOptions][] = [
  ['compiled', {}],
  ['zod', { engine: zodSchemas }],
];

/** The issue paths of a failed result ([] when it passed). */
const paths = (r: ReturnType<typeof safeParseReceive> | ReturnType<typeof safeParseSend>): string[] =>
  r.kind === 'invalid' ? r.issues.map((i) => i.path) : [];

describe('#11.1 thread events only accept thread channel types (events/gateway-events.mdx § Thread Create, Thread List Sync, Guild Create; resources/channel.mdx § Channel Types)', () => {
  it.each(engines)('#11.1 THREAD_CREATE / THREAD_UPDATE reject a "thread" of type 0 or 1 (%s)', (_name, options) => {
    for (const id of ['receive/THREAD_CREATE', 'receive/THREAD_UPDATE']) {
      expect(safeParseReceive(fixture(id), options).success).toBe(true);
      for (const type of [0, 1, 2, 4]) {
        const p = fixture(id);
        p.d.type = type;
        const r = safeParseReceive(p, options);
        expect(r.success, `${id} type ${type}`).toBe(false);
        expect(paths(r)).toContain('/d/type');
      }
    }
  });
  it.each(engines)('#11.1 THREAD_LIST_SYNC and GUILD_CREATE `threads` reject non-thread channels (%s)', (_name, options) => {
    const sync = fixture('receive/THREAD_LIST_SYNC');
    sync.d.threads[0].type = 0;
    expect(paths(safeParseReceive(sync, options))).toContain('/d/threads/0/type');
    const guild = fixture('receive/GUILD_CREATE');
    guild.d.threads[1].type = 5;
    expect(paths(safeParseReceive(guild, options))).toContain('/d/threads/1/type');
  });
  it.each(engines)('#11.1 GUILD_CREATE `channels` rejects DM, group DM and thread kinds (%s)', (_name, options) => {
    for (const type of [1, 3, 10, 11, 12]) {
      const guild = fixture('receive/GUILD_CREATE');
      guild.d.channels[1].type = type;
      expect(paths(safeParseReceive(guild, options)), `type ${type}`).toContain('/d/channels/1/type');
    }
    // every guild channel kind is still accepted (text 0 and voice 2 are in the fixture)
    const guild = fixture('receive/GUILD_CREATE');
    expect(safeParseReceive(guild, options).success).toBe(true);
  });
  it('#11.1 thread event types expose thread fields only', () => {
    type ThreadCreate = GatewayDispatchEventMap['THREAD_CREATE'];
    expectTypeOf<ThreadCreate['type']>().toEqualTypeOf<10 | 11 | 12>();
    expectTypeOf<GatewayDispatchEventMap['THREAD_UPDATE']['type']>().toEqualTypeOf<10 | 11 | 12>();
    expectTypeOf<GatewayDispatchEventMap['THREAD_LIST_SYNC']['threads'][number]['type']>().toEqualTypeOf<10 | 11 | 12>();
    type Available = Extract<GatewayDispatchEventMap['GUILD_CREATE'], { joined_at: string }>;
    expectTypeOf<Available['threads'][number]['type']>().toEqualTypeOf<10 | 11 | 12>();
    expectTypeOf<Available['channels'][number]['type']>().toEqualTypeOf<0 | 2 | 4 | 5 | 13 | 14 | 15 | 16>();
    // non-thread fields are gone from thread events
    expectTypeOf<ThreadCreate>().not.toHaveProperty('bitrate');
    expectTypeOf<ThreadCreate>().not.toHaveProperty('topic');
    expectTypeOf<ThreadCreate>().not.toHaveProperty('recipients');
    expectTypeOf<ThreadCreate>().toHaveProperty('thread_metadata');
  });
});

describe('#11.2 received presences never carry `invisible` (events/gateway-events.mdx § Presence Update Event Fields)', () => {
  it.each(engines)('#11.2 PRESENCE_UPDATE, GUILD_CREATE and GUILD_MEMBERS_CHUNK presences reject `invisible` and accept the four received statuses (%s)', (_name, options) => {
    const cases: [string, (p: any) => any, string][] = [
      ['receive/PRESENCE_UPDATE', (p) => p.d, '/d/status'],
      ['receive/GUILD_CREATE', (p) => p.d.presences[0], '/d/presences/0/status'],
      ['receive/GUILD_MEMBERS_CHUNK', (p) => p.d.presences[0], '/d/presences/0/status'],
    ];
    for (const [id, at, path] of cases) {
      for (const status of ['online', 'idle', 'dnd', 'offline']) {
        const p = fixture(id);
        at(p).status = status;
        expect(safeParseReceive(p, options).success, `${id} ${status}`).toBe(true);
      }
      const p = fixture(id);
      at(p).status = 'invisible';
      const r = safeParseReceive(p, options);
      expect(r.success, id).toBe(false);
      expect(paths(r)).toContain(path);
    }
  });
  it.each(engines)('#11.2 the send side keeps `invisible` (Update Presence, Identify presence) (%s)', (_name, options) => {
    const update = fixture('send/UPDATE_PRESENCE');
    update.d.status = 'invisible';
    expect(safeParseSend(update, options).success).toBe(true);
    const identify = fixture('send/IDENTIFY');
    if (identify.d.presence) {
      identify.d.presence.status = 'invisible';
      expect(safeParseSend(identify, options).success).toBe(true);
    }
  });
  it('#11.2 the received status type has no `invisible`', () => {
    expectTypeOf<GatewayDispatchEventMap['PRESENCE_UPDATE']['status']>().toEqualTypeOf<'online' | 'dnd' | 'idle' | 'offline'>();
  });
});

describe('#11.3 activities a bot sends carry only name, state, type and url (events/gateway-events.mdx § Activity Structure)', () => {
  const activityOf = (id: string) => (id === 'send/IDENTIFY' ? (p: any) => p.d.presence.activities : (p: any) => p.d.activities);
  it.each(engines)('#11.3 Update Presence and Identify presence accept the four bot fields (%s)', (_name, options) => {
    for (const id of ['send/UPDATE_PRESENCE', 'send/IDENTIFY']) {
      const p = fixture(id);
      activityOf(id)(p)[0] = { name: 'gatewire', type: 1, url: 'https://twitch.tv/gatewire', state: 'testing' };
      expect(safeParseSend(p, options).success, id).toBe(true);
      expect(safeParseSend(p, { ...options, mode: 'strict' }).success, id).toBe(true);
    }
  });
  it.each(engines)('#11.3 Update Presence and Identify presence reject any other activity field, in every mode (%s)', (_name, options) => {
    const extras: Record<string, unknown> = { details: 'x', created_at: 1, timestamps: { start: 1 }, application_id: '1', buttons: [], party: {}, flags: 1 };
    for (const id of ['send/UPDATE_PRESENCE', 'send/IDENTIFY']) {
      for (const [key, value] of Object.entries(extras)) {
        const p = fixture(id);
        activityOf(id)(p)[0][key] = value;
        const r = safeParseSend(p, options);
        expect(r.success, `${id} ${key}`).toBe(false);
        const prefix = id === 'send/IDENTIFY' ? '/d/presence/activities/0/' : '/d/activities/0/';
        expect(paths(r)).toContain(prefix + key);
      }
      const missingName = fixture(id);
      delete activityOf(id)(missingName)[0].name;
      expect(safeParseSend(missingName, options).success).toBe(false);
    }
  });
  it('#11.3 the send-side activity is a type of its own', () => {
    type Sent = import('../../generated/index.js').GatewayUpdatePresenceData['activities'][number];
    expectTypeOf<Sent>().toEqualTypeOf<import('../../generated/index.js').GatewayActivityUpdateData>();
    expectTypeOf<keyof Sent>().toEqualTypeOf<'name' | 'type' | 'url' | 'state'>();
    expectTypeOf<import('../../generated/index.js').GatewayIdentifyData['presence']>().exclude<undefined>().toHaveProperty('activities');
  });
});

describe('#11.7 unavailable guilds say `unavailable: true` (resources/guild.mdx § Unavailable Guild Object; events/gateway-events.mdx § Guild Delete)', () => {
  it.each(engines)('#11.7 READY guild stubs must carry unavailable: true (%s)', (_name, options) => {
    expect(safeParseReceive(fixture('receive/READY'), options).success).toBe(true);
    const absent = fixture('receive/READY');
    delete absent.d.guilds[0].unavailable;
    expect(paths(safeParseReceive(absent, options))).toContain('/d/guilds/0/unavailable');
    const falsy = fixture('receive/READY');
    falsy.d.guilds[0].unavailable = false;
    expect(paths(safeParseReceive(falsy, options))).toContain('/d/guilds/0/unavailable');
  });
  it.each(engines)('#11.7 GUILD_DELETE: unavailable is true when set, absent when the user was removed, never false (%s)', (_name, options) => {
    expect(safeParseReceive(fixture('receive/GUILD_DELETE'), options).success).toBe(true);
    expect(safeParseReceive(fixture('receive/GUILD_DELETE.removed'), options).success).toBe(true);
    const falsy = fixture('receive/GUILD_DELETE');
    falsy.d.unavailable = false;
    expect(paths(safeParseReceive(falsy, options))).toContain('/d/unavailable');
    const noId = fixture('receive/GUILD_DELETE');
    delete noId.d.id;
    expect(paths(safeParseReceive(noId, options))).toContain('/d/id');
  });
  it('#11.7 the types say so', () => {
    expectTypeOf<GatewayDispatchEventMap['READY']['guilds'][number]['unavailable']>().toEqualTypeOf<true>();
    expectTypeOf<GatewayDispatchEventMap['GUILD_DELETE']['unavailable']>().toEqualTypeOf<true | undefined>();
    expectTypeOf<GatewayDispatchEventMap['GUILD_DELETE']['id']>().toEqualTypeOf<string>();
  });
});

describe('#11.8 strict mode accepts the keys Discord really sends (events/gateway-events.mdx § Hello Structure, Ready Event Fields, Payload Structure)', () => {
  it.each(engines)('#11.8 a realistic READY, Hello, RESUMED and PRESENCE_UPDATE pass strict validation (%s)', (_name, options) => {
    for (const id of ['receive/READY.as-sent', 'receive/HELLO.as-sent', 'receive/RESUMED.as-sent', 'receive/PRESENCE_UPDATE.as-sent']) {
      const r = safeParseReceive(fixture(id), { ...options, mode: 'strict' });
      expect(r.kind === 'invalid' ? r.issues : [], id).toEqual([]);
    }
    // the fixtures do carry the undocumented keys
    const ready = fixture('receive/READY.as-sent').d;
    for (const key of ['_trace', 'session_type', 'geo_ordered_rtc_regions', 'private_channels', 'relationships', 'guild_join_requests', 'presences', 'user_settings', 'auth'])
      expect(ready, key).toHaveProperty(key);
    expect(fixture('receive/HELLO.as-sent').d).toHaveProperty('_trace');
  });
  it.each(engines)('#11.8 member hoisted_role and scheduled event sku_ids pass strict validation, and are checked (%s)', (_name, options) => {
    const member = fixture('receive/GUILD_MEMBER_ADD');
    member.d.hoisted_role = '1125867492537622530';
    expect(safeParseReceive(member, { ...options, mode: 'strict' }).success).toBe(true);
    member.d.hoisted_role = null;
    expect(safeParseReceive(member, { ...options, mode: 'strict' }).success).toBe(true);
    member.d.hoisted_role = 5;
    expect(paths(safeParseReceive(member, options))).toContain('/d/hoisted_role');
    const event = fixture('receive/GUILD_SCHEDULED_EVENT_CREATE');
    event.d.sku_ids = ['1125867492537622531'];
    expect(safeParseReceive(event, { ...options, mode: 'strict' }).success).toBe(true);
    event.d.sku_ids = 'none';
    expect(paths(safeParseReceive(event, options))).toContain('/d/sku_ids');
  });
  it.each(engines)('#11.8 an unknown key is still reported in strict mode (%s)', (_name, options) => {
    const ready = fixture('receive/READY.as-sent');
    ready.d.not_a_discord_key = 1;
    const r = safeParseReceive(ready, { ...options, mode: 'strict' });
    expect(r.kind === 'invalid' && r.issues.map((i) => [i.path, i.code])).toEqual([['/d/not_a_discord_key', 'unrecognized_key']]);
  });
  it.each(engines)('#11.8 send frames may carry "s": null, "t": null, in strict mode too, and nothing else there (%s)', (_name, options) => {
    for (const id of ['send/IDENTIFY', 'send/HEARTBEAT', 'send/UPDATE_PRESENCE', 'send/RESUME', 'send/REQUEST_GUILD_MEMBERS', 'send/UPDATE_VOICE_STATE']) {
      const p = { ...fixture(id), s: null, t: null };
      expect(safeParseSend(p, { ...options, mode: 'strict' }).success, id).toBe(true);
      expect(paths(safeParseSend({ ...p, s: 3 }, options)), id).toContain('/s');
      expect(paths(safeParseSend({ ...p, t: 'IDENTIFY' }, options)), id).toContain('/t');
    }
  });
  it('#11.8 x-undocumented is our keyword: true marks a field, anything else is a schema error', async () => {
    const files = (mark: unknown) => ({
      'objects/thing.json': { title: 'Thing', type: 'object', properties: { _trace: { type: 'array', items: { type: 'string' }, description: 'Debugging data.', 'x-undocumented': mark } }, required: [] },
    });
    const ir = await irOf('issue11-undocumented', files(true));
    const thing = ir.declarations.find((d) => d.name === 'Thing')!;
    expect(thing.body.kind === 'type' && thing.body.type.kind === 'object' && thing.body.type.properties[0]!.doc).toEqual({ description: 'Debugging data.', undocumented: true });
    // Tolerant reading (the default) warns and leaves the field unmarked; --strict refuses it.
    const tolerant = await irOf('issue11-undocumented-bad', files('yes'));
    expect(tolerant.diagnostics.some((d) => d.pointer.includes('x-undocumented'))).toBe(true);
    const dir = await schemaFolder('issue11-undocumented-strict', files('yes'));
    try {
      await expect(buildIR(path.join(dir, 'schemas'), { label: 'schemas', strict: true })).rejects.toThrow(/x-undocumented/);
    } finally {
      await removeScratch(dir);
    }
  });
  it('#11.8 undocumented fields are optional and marked `@remarks undocumented`', async () => {
    const { readFileSync } = await import('node:fs');
    const types = readFileSync(new URL('../../generated/types.ts', import.meta.url), 'utf8');
    const ready = /export interface GatewayReadyDispatchData \{[\s\S]*?\n\}/.exec(types)![0];
    expect(ready).toMatch(/@remarks undocumented\s*\*\/\s*_trace\?: string\[\];/);
    expect(ready).toMatch(/@remarks undocumented\s*\*\/\s*session_type\?: string;/);
    expectTypeOf<GatewayDispatchEventMap['READY']['_trace']>().toEqualTypeOf<string[] | undefined>();
  });
});

describe('#11.5 scheduled events are a union on entity_type (resources/guild-scheduled-event.mdx § Field Requirements By Entity Type)', () => {
  /** A valid scheduled event of each entity type, from the fixtures (one external, one stage). */
  const external = () => fixture('receive/GUILD_SCHEDULED_EVENT_CREATE');
  const stage = () => fixture('receive/GUILD_SCHEDULED_EVENT_UPDATE');
  it.each(engines)('#11.5 STAGE_INSTANCE and VOICE events need a channel_id and null entity_metadata (%s)', (_name, options) => {
    for (const entityType of [1, 2]) {
      const ok = stage();
      ok.d.entity_type = entityType;
      expect(safeParseReceive(ok, options).success, `type ${entityType}`).toBe(true);
      const noChannel = stage();
      noChannel.d.entity_type = entityType;
      noChannel.d.channel_id = null;
      expect(paths(safeParseReceive(noChannel, options))).toEqual(['/d/channel_id']);
      const withLocation = stage();
      withLocation.d.entity_type = entityType;
      withLocation.d.entity_metadata = { location: 'the park' };
      expect(paths(safeParseReceive(withLocation, options))).toEqual(['/d/entity_metadata']);
    }
  });
  it.each(engines)('#11.5 EXTERNAL events need channel_id null, entity_metadata.location and scheduled_end_time (%s)', (_name, options) => {
    expect(safeParseReceive(external(), options).success).toBe(true);
    const withChannel = external();
    withChannel.d.channel_id = '1130917294311723078';
    expect(paths(safeParseReceive(withChannel, options))).toEqual(['/d/channel_id']);
    const noLocation = external();
    delete noLocation.d.entity_metadata.location;
    expect(paths(safeParseReceive(noLocation, options))).toEqual(['/d/entity_metadata/location']);
    const nullMetadata = external();
    nullMetadata.d.entity_metadata = null;
    expect(paths(safeParseReceive(nullMetadata, options))).toEqual(['/d/entity_metadata']);
    const noEnd = external();
    noEnd.d.scheduled_end_time = null;
    expect(paths(safeParseReceive(noEnd, options))).toEqual(['/d/scheduled_end_time']);
    const unknownType = external();
    unknownType.d.entity_type = 9;
    expect(paths(safeParseReceive(unknownType, options))).toEqual(['/d/entity_type']);
  });
  it.each(engines)('#11.5 GUILD_CREATE scheduled events follow the same rules (%s)', (_name, options) => {
    const guild = fixture('receive/GUILD_CREATE');
    if (guild.d.guild_scheduled_events.length === 0) guild.d.guild_scheduled_events.push(external().d);
    expect(safeParseReceive(guild, options).success).toBe(true);
    guild.d.guild_scheduled_events[0] = { ...external().d, channel_id: '1130917294311723078' };
    expect(paths(safeParseReceive(guild, options))).toEqual(['/d/guild_scheduled_events/0/channel_id']);
  });
  it('#11.5 the type narrows on entity_type', () => {
    type Event = GatewayDispatchEventMap['GUILD_SCHEDULED_EVENT_CREATE'];
    expectTypeOf<Extract<Event, { entity_type: 3 }>['channel_id']>().toEqualTypeOf<null>();
    expectTypeOf<Extract<Event, { entity_type: 3 }>['entity_metadata']['location']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<Event, { entity_type: 3 }>['scheduled_end_time']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<Event, { entity_type: 2 }>['channel_id']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<Event, { entity_type: 1 }>['entity_metadata']>().toEqualTypeOf<null>();
  });
});

describe('#11.4 allOf over arrays is one array of the merged items, in TS and zod (events/gateway-events.mdx § Message Create Extra Fields)', () => {
  it('#11.4 MESSAGE_CREATE / MESSAGE_UPDATE mentions is GatewayMessageMentionUser[], so map reaches member', () => {
    type Create = GatewayDispatchEventMap['MESSAGE_CREATE'];
    expectTypeOf<Create['mentions']>().toEqualTypeOf<GatewayMessageMentionUser[]>();
    expectTypeOf<GatewayDispatchEventMap['MESSAGE_UPDATE']['mentions']>().toEqualTypeOf<GatewayMessageMentionUser[]>();
    // what the issue says did not compile
    const members = (m: Create) => m.mentions.map((u) => u.member?.nick);
    expectTypeOf(members).returns.toEqualTypeOf<(string | null | undefined)[]>();
    // the rest of the message is still there
    expectTypeOf<Create['content']>().toEqualTypeOf<string>();
    expectTypeOf<Create['member']>().not.toBeAny();
    // zod infers the same array
    type Parsed = z.output<typeof zodSchemas.GatewayMessageCreateDispatchDataSchema>;
    const zodMembers = (m: Parsed) => m.mentions.map((u) => u.member?.nick);
    expectTypeOf(zodMembers).returns.toEqualTypeOf<(string | null | undefined)[]>();
  });
  it.each(engines)('#11.4 mentions are validated as mention users, member included (%s)', (_name, options) => {
    const p = fixture('receive/MESSAGE_CREATE');
    expect(p.d.mentions.length).toBeGreaterThan(0);
    p.d.mentions[0].member = { roles: 'none' };
    expect(paths(safeParseReceive(p, options))).toEqual(['/d/mentions/0/member/roles']);
    delete p.d.mentions[0].member;
    delete p.d.mentions[0].username;
    expect(paths(safeParseReceive(p, options))).toEqual(['/d/mentions/0/username']);
  });

  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await removeScratch(dir);
  });
  it('#11.4 the codegen merges allOf over arrays, and arrays that intersected objects declare twice', async () => {
    const user = { title: 'User', type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };
    const mention = { title: 'Mention', allOf: [{ $ref: '/objects/user.json' }], type: 'object', properties: { member: { type: 'string' } }, required: [] };
    dir = await schemaFolder('issue11-arrays', {
      'objects/user.json': user,
      'objects/mention.json': mention,
      'objects/list.json': {
        title: 'MentionList',
        allOf: [
          { type: 'array', items: { $ref: '/objects/user.json' }, minItems: 1 },
          { type: 'array', items: { $ref: '/objects/mention.json' }, maxItems: 5 },
        ],
      },
      'objects/base.json': { title: 'Base', type: 'object', properties: { users: { type: 'array', items: { $ref: '/objects/user.json' } }, n: { type: 'integer' } }, required: ['users'] },
      'objects/extra.json': { title: 'Extra', type: 'object', properties: { users: { type: 'array', items: { $ref: '/objects/mention.json' } } }, required: [] },
      'objects/both.json': { title: 'Both', allOf: [{ $ref: '/objects/base.json' }, { $ref: '/objects/extra.json' }] },
    });
    const out = await generate(path.join(dir, 'schemas'), { label: 'schemas' });
    const types = out.files.find((f) => f.path === 'types.ts')!.contents;
    expect(types).toContain('export type MentionList = Mention[];');
    expect(types).not.toMatch(/\[\] &/);
    expect(types).toMatch(/export type Both = Omit<Base, 'users'> &\s*Omit<Extra, 'users'> & \{\s*users: Mention\[\];\s*\};/);
    await writeOutput(path.join(dir, 'out'), out.files);
    await writeFile(
      path.join(dir, 'out', 'use.ts'),
      [
        "import type { Both, MentionList } from './types.js';",
        "import { BothSchema, MentionListSchema } from './zod.js';",
        'export const a = (b: Both): (string | undefined)[] => b.users.map((u) => u.member);',
        'export const c = (l: MentionList): (string | undefined)[] => l.map((u) => u.member);',
        'export const d = (v: unknown): (string | undefined)[] => BothSchema.parse(v).users.map((u) => u.member);',
        'export const e = (v: unknown): (string | undefined)[] => MentionListSchema.parse(v).map((u) => u.member);',
        '',
      ].join('\n'),
    );
    expect(typecheck(path.join(dir, 'out'))).toEqual([]);
    const zod = await import(path.join(dir, 'out', 'zod.ts'));
    expect(zod.MentionListSchema.safeParse([{ id: '1', member: 'x' }]).success).toBe(true);
    expect(zod.MentionListSchema.safeParse([]).success).toBe(false); // minItems of one member
    expect(zod.MentionListSchema.safeParse(Array.from({ length: 6 }, () => ({ id: '1' }))).success).toBe(false); // maxItems of the other
    expect(zod.BothSchema.safeParse({ users: [{ id: '1', member: 2 }] }).success).toBe(false);
  }, 30_000);
});

describe('#11.6 open enums keep their known members in the types (resources/message.mdx § Message Types; resources/user.mdx § Nameplate Structure)', () => {
  it('#11.6 MessageType | number and NameplatePalette | string are printed with number & {} / string & {}', async () => {
    const { readFileSync } = await import('node:fs');
    const types = readFileSync(new URL('../../generated/types.ts', import.meta.url), 'utf8');
    expect(types).toContain('type: MessageType | (number & {});');
    expect(types).toContain('palette: NameplatePalette | (string & {});');
    expect(types).toContain('locale?: Locale | (string & {});');
    expect(types).not.toMatch(/: (MessageType|NameplatePalette|Locale) \| (number|string);/);
  });
  it('#11.6 the types stay open but are no longer plain number / string, and narrowing works', () => {
    type Type = APIMessage['type'];
    type Palette = APINameplateData['palette'];
    expectTypeOf<Type>().not.toEqualTypeOf<number>();
    expectTypeOf<Palette>().not.toEqualTypeOf<string>();
    // unknown values are still allowed by the types
    expectTypeOf<12345>().toMatchTypeOf<Type>();
    expectTypeOf<'neon'>().toMatchTypeOf<Palette>();
    expectTypeOf<typeof MessageType.Reply>().toMatchTypeOf<Type>();
    expectTypeOf<typeof NameplatePalette.Forest>().toMatchTypeOf<Palette>();
    // and nothing else
    expectTypeOf<'19'>().not.toMatchTypeOf<Type>();
    expectTypeOf<7>().not.toMatchTypeOf<Palette>();
    // equality keeps the known member in view (TypeScript keeps the open part too, as for any number)
    const equal = (t: Type) => (t === MessageType.Reply ? t : null);
    expectTypeOf(equal).returns.toEqualTypeOf<19 | (number & {}) | null>();
    // a guard on the known values narrows to the enum
    const isKnown = (t: Type): t is MessageType => Object.values(MessageType).includes(t as MessageType);
    const known = (t: Type) => (isKnown(t) ? t : null);
    expectTypeOf(known).returns.toEqualTypeOf<MessageType | null>();
    expect(known(19)).toBe(19);
    expect(known(9999)).toBe(null);
  });
  it.each(engines)('#11.6 unknown enum values still validate (%s)', (_name, options) => {
    const p = fixture('receive/MESSAGE_CREATE');
    p.d.type = 9999;
    p.d.mentions[0].collectibles.nameplate.palette = 'neon_future';
    expect(safeParseReceive(p, options).success).toBe(true);
    p.d.type = 'reply';
    expect(paths(safeParseReceive(p, options))).toEqual(['/d/type']);
  });
});

describe('#11.9 control frames as the docs write them (events/gateway.mdx § Sending Heartbeats, Connecting; events/gateway-events.mdx § Hello, Reconnect, Invalid Session, Payload Structure)', () => {
  const short: [string, unknown, object][] = [
    ['Heartbeat ACK', { op: 11 }, { op: 11, s: null, t: null, d: null }],
    ['Hello', { op: 10, d: { heartbeat_interval: 45000 } }, { op: 10, s: null, t: null, d: { heartbeat_interval: 45000 } }],
    ['Reconnect', { op: 7, d: null }, { op: 7, s: null, t: null, d: null }],
    ['Invalid Session', { op: 9, d: false }, { op: 9, s: null, t: null, d: false }],
    ['Heartbeat request', { op: 1 }, { op: 1, s: null, t: null, d: null }],
  ];
  for (const mode of ['tolerant', 'strip'] as const) {
    it.each(engines)(`#11.9 ${mode}: absent s/t (and a null-only d) read as null (%s)`, (_name, options) => {
      for (const [name, frame, read] of short) {
        const r = safeParseReceive(structuredClone(frame), { ...options, mode });
        expect(r.kind === 'invalid' ? r.issues : [], name).toEqual([]);
        expect(r.success && r.data, name).toEqual(read);
      }
      // a frame with every key is returned as it is
      const full = { op: 11, s: null, t: null, d: null };
      const r = safeParseReceive(full, options);
      if (mode === 'tolerant') expect(r.success && r.data).toBe(full);
    });
  }
  it.each(engines)('#11.9 what is there is still checked, and d is still required where it carries data (%s)', (_name, options) => {
    expect(paths(safeParseReceive({ op: 10 }, options))).toEqual(['/d']);
    expect(paths(safeParseReceive({ op: 9 }, options))).toEqual(['/d']);
    expect(paths(safeParseReceive({ op: 11, s: 5 }, options))).toEqual(['/s']);
    expect(paths(safeParseReceive({ op: 7, t: 'RECONNECT', d: null }, options))).toEqual(['/t']);
    expect(paths(safeParseReceive({ op: 10, d: { heartbeat_interval: 'soon' } }, options))).toEqual(['/d/heartbeat_interval']);
    // dispatches keep requiring s
    expect(paths(safeParseReceive({ op: 0, t: 'RESUMED', d: {} }, options))).toEqual(['/s']);
  });
  it.each(engines)('#11.9 strict mode still requires s and t (%s)', (_name, options) => {
    const r = safeParseReceive({ op: 11 }, { ...options, mode: 'strict' });
    expect(paths(r).sort()).toEqual(['/d', '/s', '/t']);
    expect(safeParseReceive({ op: 11, s: null, t: null, d: null }, { ...options, mode: 'strict' }).success).toBe(true);
  });
});

describe('#11.10 a failed union reports the branch its discriminator selects, else the one that matched deepest (events/gateway-events.mdx § Guild Create)', () => {
  const brokenGuild = () => {
    const g = fixture('receive/GUILD_CREATE');
    delete g.d.safety_alerts_channel_id;
    delete g.d.incidents_data;
    g.d.members[0].user.global_name = 5;
    return g;
  };
  const realCauses = ['/d/incidents_data', '/d/members/0/user/global_name', '/d/safety_alerts_channel_id'];
  it.each(engines)('#11.10 a full GUILD_CREATE missing fields reports those fields, not /d/unavailable (%s)', (_name, options) => {
    const absent = brokenGuild();
    delete absent.d.unavailable;
    expect(paths(safeParseReceive(absent, options)).sort()).toEqual(realCauses);
    const available = brokenGuild();
    available.d.unavailable = false;
    expect(paths(safeParseReceive(available, options)).sort()).toEqual(realCauses);
    for (const mode of ['tolerant', 'strip', 'strict'] as const) expect(paths(safeParseReceive(absent, { ...options, mode })).sort(), mode).toEqual(realCauses);
  });
  it.each(engines)('#11.10 with unavailable: true both branches are possible: the one that matched deepest is reported (%s)', (_name, options) => {
    const outage = () => {
      const g = brokenGuild();
      g.d.unavailable = true;
      return g;
    };
    // a full guild marked unavailable is accepted as the unavailable stub in tolerant mode
    expect(safeParseReceive(outage(), options).success).toBe(true);
    // strict mode rules the stub out (every guild key is unknown to it): the full guild's causes are reported
    expect(paths(safeParseReceive(outage(), { ...options, mode: 'strict' })).sort()).toEqual(realCauses);
    // a stub with a bad id is reported as a stub
    const stub = fixture('receive/GUILD_CREATE.unavailable');
    stub.d.id = 42;
    expect(paths(safeParseReceive(stub, options))).toEqual(['/d/id']);
    const noId = fixture('receive/GUILD_CREATE.unavailable');
    delete noId.d.id;
    expect(paths(safeParseReceive(noId, options))).toEqual(['/d/id']);
  });
  it.each(engines)('#11.10 an unavailable value neither branch admits is reported at the key (%s)', (_name, options) => {
    const g = fixture('receive/GUILD_CREATE');
    g.d.unavailable = 'yes';
    expect(paths(safeParseReceive(g, options))).toEqual(['/d/unavailable']);
  });

  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await removeScratch(dir);
  });
  it('#11.10 an untagged union reports the member that matched deepest, in both engines', async () => {
    dir = await schemaFolder('issue11-deepest', {
      'objects/thing.json': {
        title: 'Thing',
        anyOf: [
          {
            type: 'object',
            properties: { name: { type: 'string' }, owner: { type: 'object', properties: { id: { type: 'string' }, tag: { type: 'string' } }, required: ['id', 'tag'] } },
            required: ['name', 'owner'],
          },
          { type: 'object', properties: { code: { type: 'integer' } }, required: ['code'] },
        ],
      },
    });
    const out = await generate(path.join(dir, 'schemas'), { label: 'schemas' });
    await writeOutput(path.join(dir, 'out'), out.files);
    const { bindValidators } = await import('../../src/validate/compiled.js');
    const validators = bindValidators(await import(path.join(dir, 'out', 'validators.ts')));
    const zod = await import(path.join(dir, 'out', 'zod.ts'));
    zod.setCompiledFastPath(false);
    const { fromZodIssues } = await import('../../src/validate/zod-issues.js');
    // two deep issues in the first member against one shallow one in the second: the first matched deeper
    const value = { name: 'x', owner: { id: 1, tag: 2 } };
    const found: ValidationIssue[] = [];
    validators.Validators.Thing!.collect(value, '', found, 0);
    expect(found.map((i) => i.path)).toEqual(['/owner/id', '/owner/tag']);
    const r = zod.ThingSchema.safeParse(value);
    expect(r.success).toBe(false);
    expect(fromZodIssues(value, r.error.issues).map((i: { path: string }) => i.path)).toEqual(['/owner/id', '/owner/tag']);
    // at equal depth, the member with fewer issues
    const shallow = { code: 'x' };
    const few: ValidationIssue[] = [];
    validators.Validators.Thing!.collect(shallow, '', few, 0);
    expect(few.map((i) => i.path)).toEqual(['/code']);
    const z2 = zod.ThingSchema.safeParse(shallow);
    expect(fromZodIssues(shallow, z2.error.issues).map((i: { path: string }) => i.path)).toEqual(['/code']);
  }, 30_000);
});
