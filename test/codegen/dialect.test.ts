/**
 * One small schema per construct of the discord-docs dialect, checked at the IR (what every emitter
 * reads) and, for the whole set at once, by generating the files and type-checking them.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IRType } from '../../codegen/ir.js';
import { decl, generate, irOf, removeScratch, schemaFolder, typecheck } from './helpers.js';
import { writeOutput } from '../../codegen/pipeline.js';

const user = {
  title: 'User',
  type: 'object',
  properties: {
    id: { $ref: '/objects/snowflake.json' },
    username: { type: 'string' },
    avatar: { type: ['string', 'null'] },
    bot: { type: 'boolean' },
    flags: { $ref: '#/$defs/flags' },
  },
  required: ['id', 'username', 'avatar'],
  $defs: { flags: { type: 'integer', 'x-flags': { staff: 1, partner: 2, bug_hunter_level_1: 8 } } },
};
const snowflake = { title: 'Snowflake', type: 'string' };

function objectProps(t: IRType): Record<string, { type: IRType; required: boolean }> {
  if (t.kind !== 'object') throw new Error(`expected an object, got ${t.kind}`);
  return Object.fromEntries(t.properties.map((p) => [p.name, { type: p.type, required: p.required }]));
}

function bodyType(ir: Awaited<ReturnType<typeof irOf>>, name: string): IRType {
  const body = decl(ir, name).body;
  if (body.kind !== 'type') throw new Error(`${name} is ${body.kind}`);
  return body.type;
}

describe('$ref siblings replace the target', () => {
  it('required: [] makes a named partial, required: [..] re-states the required set', async () => {
    const ir = await irOf('partial', {
      'objects/snowflake.json': snowflake,
      'objects/user.json': user,
      'objects/holder.json': {
        title: 'Holder',
        type: 'object',
        properties: {
          loose: { $ref: '/objects/user.json', required: [] },
          idOnly: { $ref: '/objects/user.json', required: ['id'] },
          same: { $ref: '/objects/user.json', required: ['avatar', 'id', 'username'] },
        },
      },
    });
    const props = objectProps(bodyType(ir, 'Holder'));
    expect(props['loose']!.type).toEqual({ kind: 'ref', name: 'PartialUser' });
    expect(decl(ir, 'PartialUser').body).toEqual({ kind: 'derived', base: 'User', required: [] });
    expect(props['idOnly']!.type).toEqual({ kind: 'ref', name: 'PartialUserWithId' });
    expect(decl(ir, 'PartialUserWithId').body).toEqual({ kind: 'derived', base: 'User', required: ['id'] });
    // Re-stating the target's own required set is the target itself.
    expect(props['same']!.type).toEqual({ kind: 'ref', name: 'User' });
  });

  it('other siblings replace the keyword of the same name instead of merging', async () => {
    const ir = await irOf('replace', {
      'objects/a.json': { title: 'A', type: 'object', properties: { x: { type: 'string' } }, required: ['x'] },
      'objects/b.json': {
        title: 'B',
        type: 'object',
        properties: { a: { $ref: '/objects/a.json', properties: { y: { type: 'integer' } } } },
      },
    });
    const a = objectProps(bodyType(ir, 'B'))['a']!.type;
    // `properties` replaced: only y; `required: ['x']` kept from the target, so x is required but untyped.
    const inner = a.kind === 'ref' ? bodyType(ir, a.name) : a;
    const props = objectProps(inner);
    expect(Object.keys(props)).toEqual(['y', 'x']);
    expect(props['y']!.type).toEqual({ kind: 'number', integer: true });
    expect(props['x']).toEqual({ type: { kind: 'unknown' }, required: true });
    expect(ir.diagnostics.map((d) => d.code)).toContain('required-undefined');
  });

  it('a titled partial takes the title as its name', async () => {
    const ir = await irOf('titled-partial', {
      'objects/snowflake.json': snowflake,
      'objects/user.json': user,
      'objects/m.json': { title: 'M', type: 'object', properties: { author: { title: 'Author', $ref: '/objects/user.json', required: ['id'] } } },
    });
    expect(objectProps(bodyType(ir, 'M'))['author']!.type).toEqual({ kind: 'ref', name: 'Author' });
    expect(decl(ir, 'Author').body).toEqual({ kind: 'derived', base: 'User', required: ['id'] });
  });
});

describe('allOf, anyOf and oneOf', () => {
  it('allOf of a declared object plus own properties is an intersection, not a copy', async () => {
    const ir = await irOf('allof', {
      'objects/snowflake.json': snowflake,
      'objects/user.json': user,
      'objects/ext.json': { title: 'Ext', allOf: [{ $ref: '/objects/user.json' }], properties: { extra: { type: 'string' } }, required: ['extra'] },
    });
    const t = bodyType(ir, 'Ext');
    expect(t.kind).toBe('intersection');
    if (t.kind !== 'intersection') return;
    expect(t.members[0]).toEqual({ kind: 'ref', name: 'User' });
    expect(objectProps(t.members[1]!)['extra']).toEqual({ type: { kind: 'string' }, required: true });
  });

  it('a required list above oneOf is pushed into every branch, and the branches get a discriminator', async () => {
    const ir = await irOf('pushdown', {
      'objects/shape.json': {
        title: 'Shape',
        type: 'object',
        properties: { name: { type: 'string' } },
        required: ['type', 'name'],
        oneOf: [
          { properties: { type: { enum: [1] }, radius: { type: 'number' } } },
          { properties: { type: { enum: [2] }, side: { type: 'number' } }, required: ['side'] },
        ],
      },
    });
    const t = bodyType(ir, 'Shape');
    expect(t.kind).toBe('union');
    if (t.kind !== 'union') return;
    expect(t.discriminator).toBe('type');
    const [circle, square] = t.members.map(objectProps);
    expect(circle!['type']).toEqual({ type: { kind: 'literal', value: 1 }, required: true });
    expect(circle!['name']!.required).toBe(true);
    expect(circle!['radius']!.required).toBe(false);
    expect(square!['side']!.required).toBe(true);
  });

  it('a base with anyOf is narrowed by the frame that extends it; contradictory branches drop out', async () => {
    const ir = await irOf('frames', {
      'events/base.json': {
        type: 'object',
        properties: { d: {} },
        anyOf: [
          { properties: { op: { type: 'integer', enum: [0] }, s: { type: 'integer' }, t: { type: 'string' } } },
          { properties: { op: { type: 'integer', enum: [1, 10] }, s: { type: 'null' }, t: { type: 'null' } } },
        ],
        required: ['op', 'd', 's', 't'],
      },
      'events/ping.json': {
        type: 'object',
        allOf: [{ $ref: '/events/base.json' }],
        properties: { op: { enum: [0] }, t: { enum: ['PING'] }, d: { type: 'object', properties: { at: { type: 'integer' } }, required: ['at'] } },
      },
      'events/hello.json': {
        type: 'object',
        allOf: [{ $ref: '/events/base.json' }],
        properties: { op: { enum: [10] }, d: { type: 'object', properties: { heartbeat_interval: { type: 'integer' } } } },
      },
      'events/receive.json': { oneOf: [{ $ref: '/events/ping.json' }, { $ref: '/events/hello.json' }] },
    });
    const ping = objectProps(bodyType(ir, 'Ping'));
    expect(ping['op']).toEqual({ type: { kind: 'literal', value: 0 }, required: true });
    expect(ping['t']).toEqual({ type: { kind: 'literal', value: 'PING' }, required: true });
    expect(ping['s']).toEqual({ type: { kind: 'number', integer: true }, required: true });
    expect(ping['d']!.type).toEqual({ kind: 'ref', name: 'PingData' });
    const hello = objectProps(bodyType(ir, 'Hello'));
    expect(hello['t']).toEqual({ type: { kind: 'null' }, required: true });
    expect(ir.frames.map((f) => [f.name, f.op, f.t, f.dataName])).toEqual([
      ['Ping', 0, 'PING', 'PingData'],
      ['Hello', 10, null, 'HelloData'],
    ]);
  });

  it('not stays as a constraint on its base', async () => {
    const ir = await irOf('not', {
      'objects/c.json': {
        title: 'C',
        type: 'object',
        properties: { type: { type: 'integer' }, children: { type: 'array', items: { allOf: [{ $ref: '#' }, { not: { properties: { type: { enum: [1] } } } }] } } },
        required: ['type'],
      },
    });
    const items = objectProps(bodyType(ir, 'C'))['children']!.type;
    expect(items.kind === 'array' && items.items.kind).toBe('not');
  });
});

describe('values', () => {
  it('type arrays with null stay distinct from optional', async () => {
    const ir = await irOf('nullable', {
      'objects/snowflake.json': snowflake,
      'objects/user.json': user,
    });
    const props = objectProps(bodyType(ir, 'User'));
    expect(props['avatar']).toEqual({ type: { kind: 'union', members: [{ kind: 'string' }, { kind: 'null' }] }, required: true });
    expect(props['bot']).toEqual({ type: { kind: 'boolean' }, required: false });
  });

  it('a single-value enum is a literal; a multi-value enum is a named declaration with x-members names', async () => {
    const ir = await irOf('enums', {
      'objects/e.json': {
        title: 'E',
        type: 'object',
        properties: {
          kind: { type: 'integer', enum: [7] },
          level: { title: 'Level', type: 'integer', enum: [0, 1], 'x-members': [{ name: 'Low', value: 0, description: 'quiet' }, { name: 'High', value: 1, aliases: ['Loud'] }] },
          sort: { type: ['integer', 'null'], enum: [0, 1, null] },
          status: { type: 'string', enum: ['online', 'do-not-disturb'] },
        },
      },
    });
    const props = objectProps(bodyType(ir, 'E'));
    expect(props['kind']!.type).toEqual({ kind: 'literal', value: 7 });
    const level = decl(ir, 'Level').body;
    expect(level.kind === 'enum' && level.members.map((m) => [m.name, m.value, m.aliases])).toEqual([
      ['Low', 0, []],
      ['High', 1, ['Loud']],
    ]);
    expect(props['sort']!.type).toEqual({ kind: 'union', members: [{ kind: 'ref', name: 'ESort' }, { kind: 'null' }] });
    const status = decl(ir, 'EStatus').body;
    expect(status.kind === 'enum' && status.members.map((m) => m.name)).toEqual(['Online', 'DoNotDisturb']);
  });

  it('x-flags: integer bits and string (bigint) bits', async () => {
    const ir = await irOf('flags', {
      'objects/snowflake.json': snowflake,
      'objects/user.json': user,
      'objects/permissions.json': { title: 'Permissions', type: 'string', 'x-flags': { administrator: '8', huge: '1099511627776' } },
    });
    const flags = decl(ir, 'UserFlags').body;
    expect(flags.kind === 'flags' && flags.base).toBe('integer');
    expect(flags.kind === 'flags' && flags.members.map((m) => [m.name, m.value])).toEqual([
      ['Staff', 1],
      ['Partner', 2],
      ['BugHunterLevel1', 8],
    ]);
    const perms = decl(ir, 'Permissions').body;
    expect(perms.kind === 'flags' && perms.base).toBe('bigint-string');
    expect(objectProps(bodyType(ir, 'User'))['flags']!.type).toEqual({ kind: 'ref', name: 'UserFlags' });
  });

  it('prefixItems is a labelled tuple; propertyNames + additionalProperties is a record', async () => {
    const ir = await irOf('tuples', {
      'objects/snowflake.json': snowflake,
      'objects/t.json': {
        title: 'T',
        type: 'object',
        properties: {
          shard: { type: 'array', prefixItems: [{ type: 'integer', title: 'shard_id' }, { type: 'integer', title: 'shard_count' }], items: false, minItems: 2 },
          byId: { type: 'object', propertyNames: { $ref: '/objects/snowflake.json' }, additionalProperties: { type: 'string' } },
        },
      },
    });
    const props = objectProps(bodyType(ir, 'T'));
    expect(props['shard']!.type).toEqual({
      kind: 'tuple',
      items: [
        { label: 'shard_id', type: { kind: 'number', integer: true } },
        { label: 'shard_count', type: { kind: 'number', integer: true } },
      ],
      minItems: 2,
      rest: null,
    });
    const byId = props['byId']!.type;
    const record = byId.kind === 'ref' ? bodyType(ir, byId.name) : byId;
    expect(record).toEqual({ kind: 'record', key: { kind: 'ref', name: 'Snowflake' }, value: { kind: 'string' } });
  });

  it('root-relative refs resolve through $id, not through the file path', async () => {
    // The file sits at other/x.json but says it is /objects/moved.json.
    const ir = await irOf('ids', {
      'other/x.json': { $id: 'https://example.test/objects/moved.json', title: 'Moved', type: 'string' },
      'objects/user.json': { title: 'Uses', type: 'object', properties: { m: { $ref: '/objects/moved.json' } } },
    });
    expect(objectProps(bodyType(ir, 'Uses'))['m']!.type).toEqual({ kind: 'ref', name: 'Moved' });
  });

  it('names come from title, $defs keys and positions, never numeric suffixes', async () => {
    const ir = await irOf('names', {
      'objects/snowflake.json': snowflake,
      'objects/user.json': user,
      'objects/guild.json': { type: 'object', properties: { welcome_screen: { type: 'object', properties: { channels: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } } } } } },
    });
    const names = ir.declarations.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['User', 'UserFlags', 'Guild', 'GuildWelcomeScreen', 'GuildWelcomeScreenChannelsItem']));
    expect(names.filter((n) => /\d$/.test(n))).toEqual([]);
  });
});

describe('emitted code', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await removeScratch(dir);
  });

  it('type-checks under --strict, recursion included, and is deterministic', async () => {
    dir = await schemaFolder('emit', {
      'objects/snowflake.json': snowflake,
      'objects/user.json': user,
      'objects/node.json': {
        title: 'Node',
        type: 'object',
        properties: { id: { $ref: '/objects/snowflake.json' }, children: { type: 'array', items: { $ref: '#' } }, owner: { $ref: '/objects/user.json', required: [] } },
        required: ['id', 'children'],
      },
      'objects/shape.json': {
        title: 'Shape',
        type: 'object',
        required: ['type'],
        oneOf: [
          { properties: { type: { enum: [1] }, radius: { type: 'number' } } },
          { properties: { type: { enum: [2] }, side: { type: 'number' } } },
        ],
      },
    });
    const first = await generate(path.join(dir, 'schemas'), { label: 'schemas' });
    const second = await generate(path.join(dir, 'schemas'), { label: 'schemas' });
    expect(second.files).toEqual(first.files);
    await writeOutput(path.join(dir, 'out'), first.files);
    expect(typecheck(path.join(dir, 'out'))).toEqual([]);
    const types = first.files.find((f) => f.path === 'types.ts')!.contents;
    expect(types).toContain('export interface Node {');
    expect(types).toContain('children: Node[];');
    expect(types).toContain('avatar: string | null;');
    expect(types).toContain('bot?: boolean;');
    expect(types).not.toContain('[k: string]: unknown');
    const zod = first.files.find((f) => f.path === 'zod.ts')!.contents;
    expect(zod).toContain("z.discriminatedUnion('type'");
    expect(zod).toMatch(/get children\(\)/);
  });
});
