/** Hand-made schema sets for the diff tests: a small gateway (objects, frames, protocol tables) and edits of it. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildIR } from '../../codegen/pipeline.js';
import type { IR } from '../../codegen/ir.js';
import { diffIR, readRawSchemaFiles, type DiffChange, type DiffReport, type RawSchemaFiles } from '../../codegen/diff/index.js';

export type SchemaSet = Record<string, Record<string, unknown>>;

const SCHEMA = 'https://json-schema.org/draft/2020-12/schema';
const ORIGIN = 'https://diff.test';

const snowflake = { $ref: '/objects/snowflake.json' };

function dispatch(title: string, t: string, d: Record<string, unknown>): Record<string, unknown> {
  return {
    title,
    type: 'object',
    properties: { op: { type: 'integer', enum: [0] }, s: { type: 'integer' }, t: { type: 'string', enum: [t] }, d },
    required: ['op', 's', 't', 'd'],
  };
}

/** The base set every test edits. */
export function baseSet(): SchemaSet {
  return {
    'objects/snowflake.json': { title: 'Snowflake', type: 'string', pattern: '^[0-9]+$' },
    'objects/user.json': {
      title: 'User',
      type: 'object',
      properties: {
        id: snowflake,
        username: { type: 'string' },
        avatar: { type: ['string', 'null'] },
        flags: { $ref: '#/$defs/flags' },
        bot: { type: 'boolean' },
      },
      required: ['id', 'username', 'avatar'],
      $defs: { flags: { title: 'UserFlags', type: 'integer', 'x-flags': { Staff: 1, Partner: 2 } } },
    },
    'objects/channel.json': {
      title: 'Channel',
      type: 'object',
      properties: { id: snowflake, type: { $ref: '#/$defs/type' }, name: { type: 'string', maxLength: 100 } },
      required: ['id', 'type'],
      $defs: {
        type: {
          title: 'ChannelType',
          type: 'integer',
          enum: [0, 2],
          'x-members': [
            { name: 'GuildText', value: 0 },
            { name: 'GuildVoice', value: 2 },
          ],
        },
      },
    },
    'objects/component.json': {
      title: 'Component',
      oneOf: [
        { type: 'object', properties: { type: { type: 'integer', enum: [1] }, components: { type: 'array', items: { type: 'string' } } }, required: ['type'] },
        { type: 'object', properties: { type: { type: 'integer', enum: [2] }, label: { type: 'string' } }, required: ['type', 'label'] },
      ],
    },
    'events/hello.json': {
      title: 'GatewayHello',
      type: 'object',
      properties: {
        op: { type: 'integer', enum: [10] },
        s: { type: 'null' },
        t: { type: 'null' },
        d: { title: 'GatewayHelloData', type: 'object', properties: { heartbeat_interval: { type: 'integer' } }, required: ['heartbeat_interval'] },
      },
      required: ['op', 's', 't', 'd'],
    },
    'events/message-create.json': dispatch('GatewayMessageCreateDispatch', 'MESSAGE_CREATE', {
      title: 'GatewayMessageCreateDispatchData',
      type: 'object',
      properties: {
        id: snowflake,
        channel_id: snowflake,
        author: { $ref: '/objects/user.json' },
        content: { type: 'string' },
        components: { type: 'array', items: { $ref: '/objects/component.json' } },
      },
      required: ['id', 'channel_id', 'author', 'content'],
    }),
    'events/channel-create.json': dispatch('GatewayChannelCreateDispatch', 'CHANNEL_CREATE', { $ref: '/objects/channel.json' }),
    'events/identify.json': {
      title: 'GatewayIdentify',
      type: 'object',
      properties: {
        op: { type: 'integer', enum: [2] },
        d: {
          title: 'GatewayIdentifyData',
          type: 'object',
          properties: { token: { type: 'string' }, intents: { type: 'integer' }, compress: { type: 'boolean' } },
          required: ['token', 'intents'],
        },
      },
      required: ['op', 'd'],
    },
    'events/receive.json': {
      title: 'GatewayReceivePayload',
      oneOf: [{ $ref: '/events/hello.json' }, { $ref: '/events/message-create.json' }, { $ref: '/events/channel-create.json' }],
    },
    'events/send.json': { title: 'GatewaySendPayload', oneOf: [{ $ref: '/events/identify.json' }] },
    'protocol/gateway-opcodes.json': {
      title: 'GatewayOpcodes',
      type: 'integer',
      enum: [0, 2, 10],
      'x-members': [
        { name: 'Dispatch', value: 0, direction: 'receive', command: null },
        { name: 'Identify', value: 2, direction: 'send', command: 'IDENTIFY' },
        { name: 'Hello', value: 10, direction: 'receive', command: null },
      ],
    },
    'protocol/gateway-close-codes.json': {
      title: 'GatewayCloseCodes',
      type: 'integer',
      enum: [4000, 4004],
      'x-members': [
        { name: 'UnknownError', value: 4000, reconnect: true, action: 'resume' },
        { name: 'AuthenticationFailed', value: 4004, reconnect: false, action: 'fatal' },
      ],
    },
    'protocol/gateway-intents.json': {
      title: 'GatewayIntentBits',
      type: 'integer',
      'x-flags': { Guilds: 1, GuildMessages: 512 },
      'x-members': [
        { name: 'Guilds', value: 1, privileged: false, scope: 'guild', events: ['CHANNEL_CREATE'], widens: [] },
        { name: 'GuildMessages', value: 512, privileged: false, scope: 'guild', events: ['MESSAGE_CREATE'], widens: [] },
      ],
    },
  };
}

/** A deep copy of the base set with `edit` applied. */
export function edited(edit: (set: SchemaSet) => void): SchemaSet {
  const set = structuredClone(baseSet());
  edit(set);
  return set;
}

/** `set[file]` navigated by keys, for edits: `at(set, 'objects/user.json', 'properties')`. */
export function at(set: SchemaSet, file: string, ...keys: string[]): Record<string, unknown> {
  let node = set[file] as Record<string, unknown>;
  for (const k of keys) node = node[k] as Record<string, unknown>;
  return node;
}

export async function writeSet(set: SchemaSet): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gatewire-diff-test-'));
  for (const [file, schema] of Object.entries(set)) {
    const full = path.join(dir, file);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, JSON.stringify({ $id: `${ORIGIN}/${file}`, $schema: SCHEMA, ...schema }, null, 2));
  }
  return dir;
}

export async function removeSet(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

async function irAndFiles(set: SchemaSet): Promise<{ ir: IR; files: RawSchemaFiles }> {
  const dir = await writeSet(set);
  try {
    const ir = await buildIR(dir, { label: 'schemas' });
    return { ir, files: await readRawSchemaFiles(dir, ir.source.files) };
  } finally {
    await removeSet(dir);
  }
}

/** The report from `before` to `after`, both through the codegen pipeline. */
export async function diffSets(before: SchemaSet, after: SchemaSet): Promise<DiffReport> {
  const [a, b] = await Promise.all([irAndFiles(before), irAndFiles(after)]);
  return diffIR(a.ir, b.ir, { oldFiles: a.files, newFiles: b.files });
}

/** The only change of `kind` in the report (fails the test when there is not exactly one). */
export function only(report: DiffReport, kind: DiffChange['kind']): DiffChange {
  const list = report.changes.filter((c) => c.kind === kind);
  if (list.length !== 1) throw new Error(`expected one ${kind}, got ${list.length}:\n${report.changes.map((c) => `  ${c.kind}: ${c.summary}`).join('\n')}`);
  return list[0]!;
}
