// A small hand-made IR covering every IRType kind the validator emitter handles: records, tuples,
// integer and bigint-string flags, `not`, intersections, derived partials, recursion, enums, tagged
// unions on integer and string tags, untagged unions, and frames in both directions.
import type { IR, IRDeclaration, IRProperty, IRType } from '../../codegen/ir.js';

const doc = {};
const src = { file: 'hand.json', pointer: '' };

export function prop(name: string, type: IRType, required = true): IRProperty {
  return { name, type, required, doc };
}
export const str: IRType = { kind: 'string' };
export const int: IRType = { kind: 'number', integer: true };
export const num: IRType = { kind: 'number', integer: false };
export const bool: IRType = { kind: 'boolean' };
export const nul: IRType = { kind: 'null' };
export const ref = (name: string): IRType => ({ kind: 'ref', name });
export const lit = (value: string | number | boolean | null): IRType => ({ kind: 'literal', value });
export const arr = (items: IRType): IRType => ({ kind: 'array', items });
export const obj = (properties: IRProperty[], additional: IRType | null = null): IRType => ({ kind: 'object', properties, additional });
export const union = (members: IRType[], discriminator?: string): IRType =>
  discriminator === undefined ? { kind: 'union', members } : { kind: 'union', members, discriminator };
export const nullable = (t: IRType): IRType => union([t, nul]);

function type(name: string, t: IRType): IRDeclaration {
  return { name, source: src, doc, body: { kind: 'type', type: t } };
}

const member = (name: string, value: number) => ({ name, value, doc, aliases: [], extra: {} });

const declarations: IRDeclaration[] = ([
  type('Snowflake', str),
  {
    name: 'ChannelType',
    source: src,
    doc,
    body: { kind: 'enum', base: 'integer', members: [0, 1, 2, 3, 4, 5].map((v) => member(`T${v}`, v)), named: true, nullable: false, table: false },
  },
  {
    name: 'Small',
    source: src,
    doc,
    body: { kind: 'enum', base: 'string', members: [{ name: 'A', value: 'a', doc, aliases: [], extra: {} }, { name: 'B', value: 'b', doc, aliases: [], extra: {} }], named: true, nullable: true, table: false },
  },
  { name: 'UserFlags', source: src, doc, body: { kind: 'flags', base: 'integer', members: [member('Staff', 1)], table: false } },
  { name: 'Permissions', source: src, doc, body: { kind: 'flags', base: 'bigint-string', members: [], table: false } },
  type(
    'APIUser',
    obj([
      prop('id', ref('Snowflake')),
      prop('username', str),
      prop('avatar', nullable(str)),
      prop('bot', bool, false),
      prop('public_flags', ref('UserFlags'), false),
    ]),
  ),
  type('APIGuildMember', obj([prop('user', ref('APIUser'), false), prop('roles', arr(ref('Snowflake'))), prop('nick', nullable(str), false), prop('permissions', ref('Permissions'), false)])),
  { name: 'PartialMember', source: src, doc, body: { kind: 'derived', base: 'APIGuildMember', required: ['roles'] } },
  type('APIButton', obj([prop('type', lit(2)), prop('style', int), prop('label', str, false), prop('custom_id', str, false)])),
  type(
    'APISelect',
    obj([prop('type', lit(3)), prop('custom_id', str), prop('options', arr(obj([prop('label', str), prop('value', str), prop('default', bool, false)])))]),
  ),
  // Recursion: an action row holds components, which may be action rows again (not in Discord, but it exercises cycles).
  type('APIActionRow', obj([prop('type', lit(1)), prop('components', arr(ref('APIComponent')))])),
  type('APIComponent', union([ref('APIActionRow'), ref('APIButton'), ref('APISelect')], 'type')),
  type('Shard', { kind: 'tuple', items: [{ label: 'shard_id', type: int }, { label: 'shard_count', type: int }], minItems: 2, rest: null }),
  type('Loose', { kind: 'tuple', items: [{ type: str }, { type: int }], minItems: 1, rest: bool }),
  type('UserMap', { kind: 'record', key: ref('Snowflake'), value: ref('APIUser') }),
  type('NotRow', { kind: 'not', base: ref('APIComponent'), not: obj([prop('type', lit(1))]) }),
  type('Tagged', { kind: 'intersection', members: [ref('APIUser'), obj([prop('member', ref('PartialMember'))])] }),
  type('Closed', obj([prop('a', int)], { kind: 'never' })),
  type('Extra', obj([prop('a', int)], str)),
  type('Anything', obj([prop('data', { kind: 'unknown' }), prop('maybe', { kind: 'unknown' }, false)])),
  type('Untagged', union([obj([prop('a', str)]), obj([prop('b', int)]), str, nul])),
  type('Never', { kind: 'never' }),
  type('EmptyUnion', { kind: 'union', members: [] }),
  type('EmptyIntersection', { kind: 'intersection', members: [] }),
  type(
    'Bounded',
    obj([
      prop('code', { kind: 'string', minLength: 2, maxLength: 4, pattern: '^[a-z]+$' }),
      prop('snowflake', { kind: 'string', pattern: '^[0-9]+$' }),
      prop('level', { kind: 'number', integer: true, minimum: 0, maximum: 10 }),
      prop('ratio', { kind: 'number', integer: false, minimum: 0, maximum: 1 }, false),
      prop('tags', { kind: 'array', items: str, minItems: 1, maxItems: 2 }, false),
    ]),
  ),
  // Both members define `friends` (users in one, users with a member in the other): the merged
  // object must require both shapes and, in strict mode, know the keys of both.
  type('WithFriends', obj([prop('friends', arr(ref('APIUser')))])),
  type('WithMemberFriends', obj([prop('friends', arr(ref('Tagged'))), prop('note', str, false)])),
  type('Merged', { kind: 'intersection', members: [ref('WithFriends'), ref('WithMemberFriends')] }),
  type(
    'APIMessage',
    obj([
      prop('id', ref('Snowflake')),
      prop('channel_id', ref('Snowflake')),
      prop('author', ref('APIUser')),
      prop('member', ref('PartialMember'), false),
      prop('content', str),
      prop('mentions', arr(ref('Tagged'))),
      prop('components', arr(ref('NotRow')), false),
      prop('channel_type', ref('ChannelType'), false),
      prop('kind', ref('Small'), false),
      prop('nonce', union([str, int]), false),
      prop('shard', ref('Shard'), false),
      prop('users', ref('UserMap'), false),
    ]),
  ),
  type('GatewayMessageCreateDispatch', obj([prop('op', lit(0)), prop('s', int), prop('t', lit('MESSAGE_CREATE')), prop('d', ref('APIMessage'))])),
  type('GatewayUserUpdateDispatch', obj([prop('op', lit(0)), prop('s', int), prop('t', lit('USER_UPDATE')), prop('d', ref('APIUser'))])),
  type('GatewayHello', obj([prop('op', lit(10)), prop('s', nul), prop('t', nul), prop('d', obj([prop('heartbeat_interval', int)]))])),
  type('GatewayHeartbeatAck', obj([prop('op', lit(11)), prop('s', nul), prop('t', nul), prop('d', nul)])),
  type('GatewayHeartbeat', obj([prop('op', lit(1)), prop('d', nullable(int))])),
  type('GatewayIdentify', obj([prop('op', lit(2)), prop('d', obj([prop('token', str), prop('intents', int), prop('shard', ref('Shard'), false)]))])),
] as IRDeclaration[]).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export const handIR: IR = {
  source: { root: 'hand/', files: ['hand.json'], patches: [] },
  declarations,
  frames: [
    { name: 'GatewayMessageCreateDispatch', direction: 'receive', op: 0, t: 'MESSAGE_CREATE', data: ref('APIMessage'), dataName: 'APIMessage', command: null },
    { name: 'GatewayUserUpdateDispatch', direction: 'receive', op: 0, t: 'USER_UPDATE', data: ref('APIUser'), dataName: 'APIUser', command: null },
    { name: 'GatewayHello', direction: 'receive', op: 10, t: null, data: obj([prop('heartbeat_interval', int)]), dataName: null, command: null },
    { name: 'GatewayHeartbeatAck', direction: 'receive', op: 11, t: null, data: nul, dataName: null, command: null },
    { name: 'GatewayHeartbeat', direction: 'send', op: 1, t: null, data: nullable(int), dataName: null, command: 'Heartbeat' },
    { name: 'GatewayIdentify', direction: 'send', op: 2, t: null, data: obj([]), dataName: null, command: 'Identify' },
  ],
  diagnostics: [],
};
