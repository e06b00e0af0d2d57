import type { Json } from '../load.js';

/**
 * One explicit change to an upstream schema before generation. A patch names the value it expects to
 * find: when upstream has changed that spot, the patch is skipped with a warning instead of being
 * applied blindly.
 */
export interface SchemaPatch {
  readonly id: string;
  /** The file's `$id` path (`/events/hello.json`). */
  readonly file: string;
  readonly pointer: string;
  readonly expect: Json;
  readonly value: Json;
  /** Why: the upstream bug, in one sentence. */
  readonly reason: string;
}

/** A known upstream problem that is reported as a warning and left as it is. */
export interface KnownIssue {
  readonly id: string;
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
}

export interface PatchSet {
  readonly name: string;
  /** The upstream commit this list was written against. */
  readonly version: string;
  /** The `$id` origin of the schemas this list applies to. */
  readonly origin: string;
  readonly patches: readonly SchemaPatch[];
  readonly knownIssues: readonly KnownIssue[];
}

const openPair: Json = { type: 'array', prefixItems: [{ type: 'integer' }, { type: 'integer' }] };

function closedPair(first: string, second: string): Json {
  return {
    type: 'array',
    prefixItems: [
      { type: 'integer', title: first },
      { type: 'integer', title: second },
    ],
    items: false,
    minItems: 2,
  };
}

/**
 * Fixes for the fleuralice/discord-docs snapshot at 744131e (2023-11-26), the upstream input the
 * codegen must read unmodified. Each entry is one bug found in that snapshot (see
 * ../shared/research/codegen-anchors.md §1); the files on disk are never changed.
 */
export const discordDocs744131e: PatchSet = {
  name: 'discord-docs',
  version: '744131e',
  origin: 'https://docs.helvetica.moe',
  patches: [
    {
      id: 'hello-required-string',
      file: '/events/hello.json',
      pointer: '/properties/d/required',
      expect: 'heartbeat_interval',
      value: ['heartbeat_interval'],
      reason: '`required` is a string, not an array; JSON Schema rejects it.',
    },
    {
      id: 'presence-update-required',
      file: '/events/presence-update.json',
      pointer: '/properties/d/required',
      expect: ['user_id', 'channel_id', 'message_id', 'emoji'],
      value: ['user', 'guild_id', 'status', 'activities', 'client_status'],
      reason: '`required` was copied from the reaction events and names keys PRESENCE_UPDATE does not have, so every real payload fails.',
    },
    {
      id: 'heartbeat-d-nullable',
      file: '/events/heartbeat.json',
      pointer: '/properties/d',
      expect: { type: 'integer' },
      value: { type: ['integer', 'null'] },
      reason: 'the first heartbeat carries `d: null` (no sequence yet).',
    },
    {
      id: 'identify-presence-data',
      file: '/events/identify.json',
      pointer: '/properties/d/properties/presence',
      expect: { $ref: '/events/update-presence.json' },
      value: { $ref: '/events/update-presence.json#/properties/d' },
      reason: "`presence` is the update-presence payload's `d`, not the whole frame.",
    },
    {
      id: 'identify-shard-tuple',
      file: '/events/identify.json',
      pointer: '/properties/d/properties/shard',
      expect: openPair,
      value: closedPair('shard_id', 'shard_count'),
      reason: '`shard` is exactly [shard_id, shard_count]; the open tuple allows any length.',
    },
    {
      id: 'ready-shard-tuple',
      file: '/events/ready.json',
      pointer: '/properties/d/properties/shard',
      expect: openPair,
      value: closedPair('shard_id', 'shard_count'),
      reason: '`shard` is exactly [shard_id, shard_count]; the open tuple allows any length.',
    },
    {
      id: 'activity-party-size-tuple',
      file: '/events/presence-update.json',
      pointer: '/properties/d/properties/activities/items/properties/party/properties/size',
      expect: openPair,
      value: closedPair('current_size', 'max_size'),
      reason: '`party.size` is exactly [current_size, max_size]; the open tuple allows any length.',
    },
  ],
  knownIssues: [
    {
      id: 'entitlement-type-flags',
      file: '/schemas/entitlement.json',
      pointer: '/properties/type',
      message: '`type` is an enum (8 = APPLICATION_SUBSCRIPTION) written as `x-flags`; generated as a bitfield.',
    },
    {
      id: 'base-op-11-without-frame',
      file: '/events/base.json',
      pointer: '/anyOf/1/properties/op/enum',
      message: 'lists op 11 (Heartbeat ACK) but no event file defines that frame; opcodes 31 and 43 and every close code are absent.',
    },
  ],
};

/** Every patch list the codegen knows, chosen by the `$id` origin of the input. */
export const patchSets: readonly PatchSet[] = [discordDocs744131e];
