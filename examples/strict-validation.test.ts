/**
 * Validating in strict mode in your own tests: a payload your code builds (or a fixture you
 * recorded) must match the schema exactly, unknown keys included, with the JSON pointer of every
 * problem in the failure.
 *
 *   node --import tsx --test examples/strict-validation.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSend, safeParseReceive } from 'gatewire/validate';

test('a recorded MESSAGE_DELETE matches the schema exactly', () => {
  const recorded = { op: 0, s: 12, t: 'MESSAGE_DELETE', d: { id: '1', channel_id: '2', guild_id: '3' } };
  const r = safeParseReceive(recorded, { mode: 'strict' });
  assert.equal(r.success, true);
});

test('strict mode names a key the schema does not have', () => {
  const recorded = { op: 0, s: 12, t: 'MESSAGE_DELETE', d: { id: '1', channel_id: '2', chanel_id: '2' } };
  const r = safeParseReceive(recorded, { mode: 'strict' });
  assert.equal(r.kind, 'invalid');
  if (r.kind === 'invalid') assert.deepEqual(r.issues.map((i) => [i.path, i.code]), [['/d/chanel_id', 'unrecognized_key']]);
});

test('the presence update your bot sends is a valid op 3', () => {
  const presence = { op: 3, d: { since: null, activities: [{ name: 'tests', type: 0 }], status: 'online', afk: false } };
  assert.doesNotThrow(() => parseSend(presence, { mode: 'strict' }));
  assert.throws(() => parseSend({ ...presence, d: { ...presence.d, status: 'busy' } }, { mode: 'strict' }), /status/);
});
