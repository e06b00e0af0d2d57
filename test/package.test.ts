/** The package surface: every subpath export has a source entry, and the root exports the runtime constants. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';
import { GatewayReceiveFrames } from '../generated/events.js';

const repo = fileURLToPath(new URL('../', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; bin: Record<string, string> };

describe('package.json', () => {
  it('maps every export and the bin to a source file that exists', () => {
    const targets: string[] = [];
    for (const [key, value] of Object.entries(pkg.exports)) {
      if (key === './package.json') continue;
      const js = (value as { default: string }).default;
      targets.push(js);
    }
    targets.push(...Object.values(pkg.bin));
    const missing = targets
      .map((js) => js.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'))
      .filter((ts) => !existsSync(path.join(repo, ts)));
    expect(missing).toEqual([]);
  });
});

describe('gatewire root', () => {
  it('exports the dispatch event names and the send commands as runtime constants', () => {
    const dispatchNames = GatewayReceiveFrames.filter((f) => f.op === 0).map((f) => f.t);
    expect(Object.keys(root.GatewayDispatchEvents).sort()).toEqual([...dispatchNames].sort());
    for (const [k, v] of Object.entries(root.GatewayDispatchEvents)) expect(v).toBe(k);
    expect(root.GatewaySendCommands).toEqual({
      Identify: 2,
      Resume: 6,
      Heartbeat: 1,
      RequestGuildMembers: 8,
      RequestSoundboardSounds: 31,
      RequestChannelInfo: 43,
      UpdateVoiceState: 4,
      UpdatePresence: 3,
    });
    expect(Object.keys(root.GatewayDispatchEvents)).toHaveLength(79);
    expect(typeof root.intentsForEvents).toBe('function');
    expect(typeof root.closeCodeAction).toBe('function');
  });
});
