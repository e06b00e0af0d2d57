/**
 * The shared upstream discord-docs snapshot against the project's schemas/: both go through the
 * codegen pipeline (tolerant, with the versioned patches), events are matched by dispatch name or
 * opcode although every declaration is named differently, and the report names the 15 dispatch
 * events upstream lacks.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffSchemas, renderText } from '../../codegen/diff/index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const upstream = path.resolve(repoRoot, '../shared/reference/discord-docs');
const available = existsSync(path.join(upstream, 'events'));
if (!available) console.warn('test/diff/upstream: skipped, ../shared/reference/discord-docs is absent');

const MISSING_UPSTREAM = [
  'CHANNEL_INFO',
  'GUILD_SOUNDBOARD_SOUNDS_UPDATE',
  'GUILD_SOUNDBOARD_SOUND_CREATE',
  'GUILD_SOUNDBOARD_SOUND_DELETE',
  'GUILD_SOUNDBOARD_SOUND_UPDATE',
  'MESSAGE_POLL_VOTE_ADD',
  'MESSAGE_POLL_VOTE_REMOVE',
  'RATE_LIMITED',
  'SOUNDBOARD_SOUNDS',
  'SUBSCRIPTION_CREATE',
  'SUBSCRIPTION_DELETE',
  'SUBSCRIPTION_UPDATE',
  'VOICE_CHANNEL_EFFECT_SEND',
  'VOICE_CHANNEL_START_TIME_UPDATE',
  'VOICE_CHANNEL_STATUS_UPDATE',
];

describe.skipIf(!available)('upstream snapshot → schemas/', () => {
  it('names the 15 dispatch events upstream lacks, and no event we lack', async () => {
    const report = await diffSchemas(upstream, path.join(repoRoot, 'schemas'), { oldLabel: 'discord-docs', newLabel: 'schemas' });
    const added = report.changes.filter((c) => c.kind === 'event-added' && c.subject.kind === 'event');
    const dispatches = added.map((c) => (c.subject.kind === 'event' ? c.subject.event : '')).filter((e) => !e.includes(' op '));
    expect(dispatches.sort()).toEqual(MISSING_UPSTREAM);
    expect(MISSING_UPSTREAM).toHaveLength(15);
    // The frames that are not dispatches: heartbeat request and ACK, two newer send commands.
    expect(added.filter((c) => c.subject.kind === 'event' && c.subject.event.includes(' op ')).map((c) => c.summary).sort()).toEqual([
      'receive frame HeartbeatAck (op 11) added',
      'receive frame HeartbeatRequest (op 1) added',
      'send frame RequestChannelInfo (op 43) added',
      'send frame RequestSoundboardSounds (op 31) added',
    ]);
    expect(report.changes.filter((c) => c.kind === 'event-removed')).toEqual([]);
    const text = renderText(report).split('\n');
    expect(text.find((l) => l.startsWith('events added'))).toBe(`events added (15): ${MISSING_UPSTREAM.join(', ')}`);
    expect(text.find((l) => l.startsWith('other frames added'))).toBe(
      'other frames added (4): HeartbeatRequest (receive op 1), HeartbeatAck (receive op 11), RequestSoundboardSounds (send op 31), RequestChannelInfo (send op 43)',
    );
    // Matched events whose declarations are named differently are compared field by field.
    const presence = report.changes.filter((c) => c.events.includes('PRESENCE_UPDATE') && c.kind === 'field-added');
    expect(presence.length).toBeGreaterThan(0);
    for (const c of report.changes.filter((x) => x.kind === 'event-added')) {
      expect(c.new?.file).toMatch(/^events\//);
      expect(c.validation.nowAccepted.length).toBeGreaterThan(0);
    }
  });
});
