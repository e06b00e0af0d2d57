/**
 * Every change kind `gatewire diff` reports, each from a hand-made pair of schema sets (the base set
 * of helpers.ts and one edit of it): the kind, where it is, how it is classified for readers and
 * writers, and the validation examples.
 */
import { describe, expect, it } from 'vitest';
import { at, baseSet, diffSets, edited, only, type SchemaSet } from './helpers.js';

const user = (s: SchemaSet) => at(s, 'objects/user.json');
const userProps = (s: SchemaSet) => at(s, 'objects/user.json', 'properties');
const identifyData = (s: SchemaSet) => at(s, 'events/identify.json', 'properties', 'd');
const rows = (s: SchemaSet, file: string) => at(s, file)['x-members'] as Record<string, unknown>[];

describe('no change', () => {
  it('reports nothing and suggests no bump for identical sets, and ignores documentation', async () => {
    const report = await diffSets(baseSet(), edited((s) => (userProps(s)['username'] = { type: 'string', description: 'The name.' })));
    expect(report.changes).toEqual([]);
    expect(report.bump.level).toBe('none');
  });
});

describe('declarations', () => {
  it('declaration added and removed', async () => {
    const more = edited((s) => (s['objects/role.json'] = { title: 'Role', type: 'object', properties: { id: { $ref: '/objects/snowflake.json' } }, required: ['id'] }));
    const added = only(await diffSets(baseSet(), more), 'declaration-added');
    expect(added.subject).toEqual({ kind: 'declaration', old: null, new: 'Role' });
    expect(added.new).toEqual({ file: 'objects/role.json', pointer: '' });
    expect(added.old).toBeNull();
    expect(added.readers.level).toBe('additive');
    const removed = only(await diffSets(more, baseSet()), 'declaration-removed');
    expect(removed.subject).toEqual({ kind: 'declaration', old: 'Role', new: null });
    expect(removed.readers.level).toBe('breaking');
    expect((await diffSets(more, baseSet())).bump.level).toBe('major');
  });

  it('declaration renamed when the content is the same, and references to it are not changes', async () => {
    const report = await diffSets(baseSet(), edited((s) => (user(s)['title'] = 'APIUser')));
    expect(report.changes.map((c) => c.kind)).toEqual(['declaration-renamed']);
    const c = report.changes[0]!;
    expect(c.subject).toEqual({ kind: 'declaration', old: 'User', new: 'APIUser' });
    expect(c.events).toEqual(['MESSAGE_CREATE']);
    expect(c.readers.level).toBe('breaking');
  });

  it('a renamed declaration whose content also changed is removed + added, and its fields are compared where it is used', async () => {
    const report = await diffSets(
      baseSet(),
      edited((s) => {
        user(s)['title'] = 'APIUser';
        userProps(s)['global_name'] = { type: ['string', 'null'] };
      }),
    );
    expect(report.changes.map((c) => c.kind).sort()).toEqual(['declaration-added', 'declaration-removed', 'field-added']);
    const field = only(report, 'field-added');
    expect(field.subject).toEqual({ kind: 'declaration', old: 'User', new: 'APIUser' });
    expect(field.path).toBe('/global_name');
  });
});

describe('events', () => {
  const withGuildDelete = () =>
    edited((s) => {
      s['events/guild-delete.json'] = {
        title: 'GatewayGuildDeleteDispatch',
        type: 'object',
        properties: {
          op: { type: 'integer', enum: [0] },
          s: { type: 'integer' },
          t: { type: 'string', enum: ['GUILD_DELETE'] },
          d: { title: 'GatewayGuildDeleteDispatchData', type: 'object', properties: { id: { $ref: '/objects/snowflake.json' } }, required: ['id'] },
        },
        required: ['op', 's', 't', 'd'],
      };
      (at(s, 'events/receive.json')['oneOf'] as unknown[]).push({ $ref: '/events/guild-delete.json' });
    });

  it('event added: additive for readers, may reach exhaustive switches, and the new frame is now accepted', async () => {
    const report = await diffSets(baseSet(), withGuildDelete());
    const c = only(report, 'event-added');
    expect(c.subject).toMatchObject({ kind: 'event', event: 'GUILD_DELETE', direction: 'receive', old: null, new: 'GatewayGuildDeleteDispatch' });
    expect(c.readers).toMatchObject({ level: 'additive' });
    expect(c.readers.note).toMatch(/exhaustive switches/);
    expect(c.writers.level).toBe('none');
    expect(c.validation.nowAccepted[0]?.payload).toEqual({ op: 0, s: 0, t: 'GUILD_DELETE', d: { id: '0' } });
    expect(report.bump.level).toBe('minor');
  });

  it('event removed: breaking', async () => {
    const report = await diffSets(withGuildDelete(), baseSet());
    const c = only(report, 'event-removed');
    expect(c.subject).toMatchObject({ event: 'GUILD_DELETE', old: 'GatewayGuildDeleteDispatch', new: null });
    expect(c.readers.level).toBe('breaking');
    expect(c.validation.nowRejected[0]?.payload).toMatchObject({ t: 'GUILD_DELETE' });
    expect(report.bump.level).toBe('major');
  });

  it('event renamed when its data is the same', async () => {
    const report = await diffSets(baseSet(), edited((s) => (at(s, 'events/channel-create.json', 'properties', 't')['enum'] = ['CHANNEL_MADE'])));
    const c = only(report, 'event-renamed');
    expect(c.subject).toMatchObject({ event: 'CHANNEL_MADE' });
    expect(c.detail).toMatchObject({ from: 'CHANNEL_CREATE', to: 'CHANNEL_MADE' });
    expect(c.readers.level).toBe('breaking');
    expect(report.changes.some((x) => x.kind === 'event-added' || x.kind === 'event-removed')).toBe(false);
  });

  it('a frame that moved to another opcode is an opcode change', async () => {
    const report = await diffSets(
      baseSet(),
      edited((s) => {
        at(s, 'events/hello.json', 'properties', 'op')['enum'] = [12];
      }),
    );
    const c = report.changes.find((x) => x.kind === 'opcode-changed' && x.subject.kind === 'event')!;
    expect(c).toBeDefined();
    expect(c.detail).toEqual({ from: 10, to: 12 });
    expect(c.readers.level).toBe('breaking');
  });
});

describe('fields', () => {
  it('optional field added to a receive payload: additive for readers; tolerant validation rejects a wrong value, strict now accepts it', async () => {
    const report = await diffSets(baseSet(), edited((s) => (userProps(s)['global_name'] = { type: ['string', 'null'] })));
    const c = only(report, 'field-added');
    expect(c.path).toBe('/global_name');
    expect(c.new).toEqual({ file: 'objects/user.json', pointer: '/properties/global_name' });
    expect(c.old).toEqual({ file: 'objects/user.json', pointer: '' });
    expect(c.events).toEqual(['MESSAGE_CREATE']);
    expect(c.readers.level).toBe('additive');
    expect(c.writers.level).toBe('none');
    expect(c.validation.effect).toBe('both');
    const rejected = c.validation.nowRejected.find((e) => e.mode === 'tolerant')!.payload as Record<string, unknown>;
    expect(rejected).toMatchObject({ id: '0', username: '' });
    expect(rejected['global_name']).not.toBeNull();
    expect(typeof rejected['global_name']).not.toBe('string');
    expect(c.validation.nowAccepted.find((e) => e.mode === 'strict')!.payload).toMatchObject({ global_name: expect.anything() });
    expect(report.bump).toMatchObject({ level: 'minor' });
    expect(report.bump.rule).toMatch(/^R2/);
  });

  it('required field added to a send payload breaks writers; a payload without it is now rejected', async () => {
    const report = await diffSets(
      baseSet(),
      edited((s) => {
        (identifyData(s)['properties'] as Record<string, unknown>)['shard'] = { type: 'array', items: { type: 'integer' } };
        (identifyData(s)['required'] as string[]).push('shard');
      }),
    );
    const c = only(report, 'field-added');
    expect(c.subject).toEqual({ kind: 'declaration', old: 'GatewayIdentifyData', new: 'GatewayIdentifyData' });
    expect(c.events).toEqual(['send op 2']);
    expect(c.writers.level).toBe('breaking');
    expect(c.readers.level).toBe('none');
    expect(c.validation.nowRejected.map((e) => e.payload)).toContainEqual({ token: '', intents: 0 });
    expect(report.bump.level).toBe('major');
  });

  it('optional field added to a send payload is additive for writers', async () => {
    const report = await diffSets(baseSet(), edited((s) => ((identifyData(s)['properties'] as Record<string, unknown>)['large_threshold'] = { type: 'integer' })));
    expect(only(report, 'field-added').writers.level).toBe('additive');
  });

  it('field removed: breaking for readers; tolerant validation now accepts what the field rejected', async () => {
    const report = await diffSets(baseSet(), edited((s) => delete userProps(s)['bot']));
    const c = only(report, 'field-removed');
    expect(c.path).toBe('/bot');
    expect(c.old).toEqual({ file: 'objects/user.json', pointer: '/properties/bot' });
    expect(c.readers.level).toBe('breaking');
    expect(c.validation.nowAccepted.find((e) => e.mode === 'tolerant')?.payload).toMatchObject({ id: '0' });
    expect(c.validation.nowRejected.find((e) => e.mode === 'strict')?.payload).toMatchObject({ bot: false });
  });

  it('optional → required and required → optional', async () => {
    const required = await diffSets(baseSet(), edited((s) => (user(s)['required'] as string[]).push('bot')));
    const r = only(required, 'field-required');
    expect(r.path).toBe('/bot');
    expect(r.readers.level).toBe('compatible');
    expect(r.validation.nowRejected[0]?.payload).toEqual({ id: '0', username: '', avatar: '' });
    const optional = await diffSets(baseSet(), edited((s) => (user(s)['required'] = ['id', 'avatar'])));
    const o = only(optional, 'field-optional');
    expect(o.path).toBe('/username');
    expect(o.readers.level).toBe('breaking');
    expect(o.validation.effect).toBe('loosened');
    expect(o.validation.nowAccepted[0]?.payload).not.toHaveProperty('username');
  });

  it('nullable added and removed, with null as the example', async () => {
    const added = only(await diffSets(baseSet(), edited((s) => (userProps(s)['username'] = { type: ['string', 'null'] }))), 'nullable-added');
    expect(added.readers.level).toBe('breaking');
    expect(added.validation.nowAccepted[0]?.payload).toMatchObject({ username: null });
    const removed = only(await diffSets(baseSet(), edited((s) => (userProps(s)['avatar'] = { type: 'string' }))), 'nullable-removed');
    expect(removed.readers.level).toBe('compatible');
    expect(removed.validation.nowRejected[0]?.payload).toMatchObject({ avatar: null });
  });

  it('a field inside an array item of a union variant is found and located', async () => {
    const report = await diffSets(
      baseSet(),
      edited((s) => {
        const variants = at(s, 'objects/component.json')['oneOf'] as Record<string, Record<string, unknown>>[];
        (variants[1]!['properties'] as Record<string, unknown>)['emoji'] = { type: 'string' };
      }),
    );
    const c = only(report, 'field-added');
    expect(c.subject).toMatchObject({ old: 'Component', new: 'Component' });
    expect(c.path).toBe('/emoji');
    expect(c.summary).toContain('type=2');
    expect(c.new).toEqual({ file: 'objects/component.json', pointer: '/oneOf/1/properties/emoji' });
  });
});

describe('types', () => {
  it('type changed incompatibly (string → integer) breaks both, with examples both ways', async () => {
    const report = await diffSets(baseSet(), edited((s) => ((identifyData(s)['properties'] as Record<string, unknown>)['token'] = { type: 'integer' })));
    const c = only(report, 'type-changed');
    expect(c.detail).toMatchObject({ from: 'string', to: 'integer', relation: 'incompatible' });
    expect(c.writers.level).toBe('breaking');
    expect(c.validation.effect).toBe('both');
  });

  it('widened type breaks readers, narrowed type breaks writers', async () => {
    const widened = only(await diffSets(baseSet(), edited((s) => (userProps(s)['bot'] = { type: ['boolean', 'string'] }))), 'type-changed');
    expect(widened.detail['relation']).toBe('widened');
    expect(widened.readers.level).toBe('breaking');
    expect(widened.validation.nowAccepted[0]?.payload).toMatchObject({ bot: expect.any(String) });
    const narrowed = only(await diffSets(baseSet(), edited((s) => ((identifyData(s)['properties'] as Record<string, unknown>)['compress'] = { type: 'boolean', enum: [false] }))), 'type-changed');
    expect(narrowed.detail['relation']).toBe('narrowed');
    expect(narrowed.writers.level).toBe('breaking');
    expect(narrowed.validation.nowRejected[0]?.payload).toMatchObject({ compress: true });
  });

  it('a constraint change is validation-only: no type impact, tightening suggests minor (R3), loosening patch (R4)', async () => {
    const tighter = await diffSets(baseSet(), edited((s) => (at(s, 'objects/channel.json', 'properties', 'name')['maxLength'] = 50)));
    const c = only(tighter, 'type-changed');
    expect(c.readers.level).toBe('none');
    expect(c.validation.effect).toBe('tightened');
    const name = (c.validation.nowRejected[0]?.payload as { name: string }).name;
    expect(name.length).toBeGreaterThan(50);
    expect(name.length).toBeLessThanOrEqual(100);
    expect(tighter.bump.rule).toMatch(/^R3/);
    expect(tighter.bump.level).toBe('minor');
    const looser = await diffSets(baseSet(), edited((s) => (at(s, 'objects/channel.json', 'properties', 'name')['maxLength'] = 200)));
    expect(only(looser, 'type-changed').validation.effect).toBe('loosened');
    expect(looser.bump).toMatchObject({ level: 'patch' });
    expect(looser.bump.rule).toMatch(/^R4/);
  });

  it('variant added to and removed from a discriminated union', async () => {
    const three = edited((s) =>
      (at(s, 'objects/component.json')['oneOf'] as unknown[]).push({
        type: 'object',
        properties: { type: { type: 'integer', enum: [3] }, url: { type: 'string' } },
        required: ['type', 'url'],
      }),
    );
    const added = only(await diffSets(baseSet(), three), 'variant-added');
    expect(added.detail).toEqual({ discriminator: 'type', value: 3 });
    expect(added.readers.note).toMatch(/exhaustive/);
    expect(added.validation.nowAccepted[0]?.payload).toEqual({ type: 3, url: '' });
    const removed = only(await diffSets(three, baseSet()), 'variant-removed');
    expect(removed.readers.level).toBe('breaking');
  });
});

describe('enums and flags', () => {
  const channelType = (s: SchemaSet) => at(s, 'objects/channel.json', '$defs', 'type');

  it('member added: additive, may reach exhaustive switches, its value now accepted', async () => {
    const report = await diffSets(
      baseSet(),
      edited((s) => {
        channelType(s)['enum'] = [0, 2, 4];
        (channelType(s)['x-members'] as unknown[]).push({ name: 'GuildCategory', value: 4 });
      }),
    );
    const c = only(report, 'member-added');
    expect(c.subject).toMatchObject({ old: 'ChannelType', new: 'ChannelType' });
    expect(c.detail).toMatchObject({ member: 'GuildCategory', value: 4 });
    expect(c.readers).toMatchObject({ level: 'additive', note: 'may reach exhaustive switches' });
    expect(c.events).toEqual(['CHANNEL_CREATE']);
    expect(c.validation.nowAccepted[0]?.payload).toBe(4);
  });

  it('member removed, renumbered, renamed (with and without the old name kept as an alias)', async () => {
    const withCategory = edited((s) => {
      channelType(s)['enum'] = [0, 2, 4];
      (channelType(s)['x-members'] as unknown[]).push({ name: 'GuildCategory', value: 4 });
    });
    const removed = only(await diffSets(withCategory, baseSet()), 'member-removed');
    expect(removed.detail).toMatchObject({ member: 'GuildCategory', value: 4 });
    expect(removed.readers.level).toBe('breaking');
    expect(removed.validation.nowRejected[0]?.payload).toBe(4);

    const renumbered = only(
      await diffSets(baseSet(), edited((s) => {
        channelType(s)['enum'] = [0, 3];
        channelType(s)['x-members'] = [{ name: 'GuildText', value: 0 }, { name: 'GuildVoice', value: 3 }];
      })),
      'member-renumbered',
    );
    expect(renumbered.detail).toMatchObject({ member: 'GuildVoice', from: 2, to: 3 });

    const renamed = await diffSets(baseSet(), edited((s) => (channelType(s)['x-members'] = [{ name: 'GuildText', value: 0 }, { name: 'Voice', value: 2 }])));
    expect(only(renamed, 'member-renamed')).toMatchObject({ detail: { from: 'GuildVoice', to: 'Voice', aliasKept: false }, readers: { level: 'breaking' } });
    const aliased = await diffSets(baseSet(), edited((s) => (channelType(s)['x-members'] = [{ name: 'GuildText', value: 0 }, { name: 'Voice', value: 2, aliases: ['GuildVoice'] }])));
    expect(only(aliased, 'member-renamed')).toMatchObject({ detail: { aliasKept: true }, readers: { level: 'compatible' } });
    expect(aliased.bump.level).toBe('patch');
  });

  it('flag added: additive without the exhaustive-switch note; validation unchanged', async () => {
    const report = await diffSets(baseSet(), edited((s) => (at(s, 'objects/user.json', '$defs', 'flags')['x-flags'] = { Staff: 1, Partner: 2, Hypesquad: 4 })));
    const c = only(report, 'member-added');
    expect(c.detail).toMatchObject({ body: 'flags', member: 'Hypesquad', value: 4 });
    expect(c.readers.level).toBe('additive');
    expect(c.readers.note).toBeUndefined();
    expect(c.validation.effect).toBe('none');
  });
});

describe('protocol tables', () => {
  it('intent ⇄ event table: events added to an intent are additive, removed ones breaking', async () => {
    const more = await diffSets(baseSet(), edited((s) => (rows(s, 'protocol/gateway-intents.json')[1]!['events'] = ['MESSAGE_CREATE', 'MESSAGE_UPDATE'])));
    const c = only(more, 'intent-events-changed');
    expect(c.detail).toMatchObject({ member: 'GuildMessages', column: 'events', added: ['MESSAGE_UPDATE'], removed: [] });
    expect(c.readers.level).toBe('additive');
    const fewer = await diffSets(baseSet(), edited((s) => (rows(s, 'protocol/gateway-intents.json')[0]!['events'] = [])));
    expect(only(fewer, 'intent-events-changed')).toMatchObject({ detail: { removed: ['CHANNEL_CREATE'] }, readers: { level: 'breaking' } });
  });

  it('close-code action change', async () => {
    const report = await diffSets(baseSet(), edited((s) => (rows(s, 'protocol/gateway-close-codes.json')[0]!['action'] = 'identify')));
    const c = only(report, 'close-code-action-changed');
    expect(c.detail).toMatchObject({ member: 'UnknownError', value: 4000, column: 'action', from: 'resume', to: 'identify' });
    expect(c.subject).toMatchObject({ new: 'GatewayCloseCodes' });
    expect(report.bump.level).toBe('major');
  });

  it('opcode table: direction change, opcode added; other columns are table changes', async () => {
    const direction = await diffSets(baseSet(), edited((s) => (rows(s, 'protocol/gateway-opcodes.json')[2]!['direction'] = 'both')));
    expect(only(direction, 'opcode-changed').detail).toMatchObject({ member: 'Hello', column: 'direction', from: 'receive', to: 'both' });
    const added = await diffSets(
      baseSet(),
      edited((s) => {
        at(s, 'protocol/gateway-opcodes.json')['enum'] = [0, 1, 2, 10];
        rows(s, 'protocol/gateway-opcodes.json').splice(1, 0, { name: 'Heartbeat', value: 1, direction: 'both', command: 'HEARTBEAT' });
      }),
    );
    expect(only(added, 'member-added').detail).toMatchObject({ table: 'opcodes', member: 'Heartbeat', value: 1 });
    const privileged = await diffSets(baseSet(), edited((s) => (rows(s, 'protocol/gateway-intents.json')[1]!['privileged'] = true)));
    expect(only(privileged, 'table-changed').detail).toMatchObject({ column: 'privileged', from: false, to: true });
  });
});
