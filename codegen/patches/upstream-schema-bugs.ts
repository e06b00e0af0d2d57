import type { Json } from '../load.js';

/**
 * One explicit change to an upstream schema before generation, applied by content: a patch names
 * the value it expects at its spot and is applied to any snapshot where that value is there, and
 * skipped with a warning where it is not (upstream fixed or changed that spot). The files on disk are
 * never changed.
 */
export interface SchemaPatch {
  readonly id: string;
  /** The file's `$id` path (`/events/hello.json`). */
  readonly file: string;
  readonly pointer: string;
  /** The value the patch expects at `pointer` (compared as JSON). */
  readonly expect: Json;
  readonly value: Json;
  /** Why: the upstream bug, in one sentence. */
  readonly reason: string;
}

/** A known upstream problem that is reported as a warning and left as it is, where it still holds. */
export interface KnownIssue {
  readonly id: string;
  readonly file: string;
  readonly pointer: string;
  /** Whether the problem is present, given the value at `pointer` (undefined when there is none). */
  readonly holds: (value: Json | undefined) => boolean;
  readonly message: string;
}

export interface PatchSet {
  /** What the list fixes (used in warnings and in `IR.source.patches` as `name/id`). */
  readonly name: string;
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
 * Schema bugs of upstream fleuralice/discord-docs (its `$id`s live under docs.helvetica.moe), the
 * upstream input the codegen must read unmodified. Each entry is one bug, found in the 2023
 * snapshots (see ../shared/research/codegen-anchors.md §1), and says what it expects to find, so the
 * list applies to every snapshot that still has the bug, whichever commit it is.
 */
export const discordDocsSchemaBugs: PatchSet = {
  name: 'discord-docs-schema-bugs',
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
      // older snapshots spell the keyword `flags`
      holds: (value) => typeof value === 'object' && value !== null && ('x-flags' in value || 'flags' in value),
      message: '`type` is an enum (8 = APPLICATION_SUBSCRIPTION) written as `x-flags`; generated as a bitfield.',
    },
    {
      id: 'base-op-11-without-frame',
      file: '/events/base.json',
      pointer: '/anyOf/1/properties/op/enum',
      holds: (value) => Array.isArray(value) && value.includes(11),
      message: 'lists op 11 (Heartbeat ACK) but no event file defines that frame; opcodes 31 and 43 and every close code are absent.',
    },
  ],
};

/** Every patch list the codegen knows, chosen by the `$id` origin of the input. */
export const patchSets: readonly PatchSet[] = [discordDocsSchemaBugs];
