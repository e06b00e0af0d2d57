/**
 * Every example in examples/ runs as a user would run it (tsx, importing gatewire by name through
 * tsconfig paths) and prints what it promises. The bot runs against a loopback gateway.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../src/testing/index.js';
import { waitFor } from '../testing/helpers.js';
import { loadFixtures } from '../fixtures/index.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const examples = path.join(repo, 'examples');

function runExample(file: string, args: string[] = [], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(examples, file), ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.stop();
  gateway = undefined;
});

describe('examples/', () => {
  it('has a test for every example', () => {
    expect(readdirSync(examples).sort()).toEqual(['bot.ts', 'discord-api-types.ts', 'etf-zlib-stream.ts', 'intents.ts', 'strict-validation.test.ts']);
  });

  it('bot.ts connects, validates and logs a MESSAGE_CREATE, then closes', async () => {
    // The test gateway sends Discord's real READY shape, so the validating bot accepts it as it is.
    gateway = await startTestGateway({ heartbeatIntervalMs: 1000 });
    const gw = gateway;
    const message = loadFixtures().find((f) => f.id === 'receive/MESSAGE_CREATE')!.payload as { d: { content: string; author: { username: string } } };
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(examples, 'bot.ts')], {
      cwd: repo,
      env: { ...process.env, DISCORD_TOKEN: 'Bot example', GATEWAY_URL: gw.url, EXIT_AFTER_MESSAGES: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => stdout.includes('ready as '), 30_000);
      const session = [...gw.sessions.values()][0]!;
      const identify = gw.connections[0]!.received.find((p) => p.op === 2)!.d as { intents: number };
      expect(identify.intents & (1 << 15)).not.toBe(0); // MessageContent
      gw.dispatchTo(session, 'MESSAGE_CREATE', message.d);
      expect(await exited).toBe(0);
    } finally {
      child.kill();
    }
    expect(stderr).toBe('');
    expect(stdout).toContain(`${message.d.author.username}: ${message.d.content}`);
    expect(stdout).toContain('closed');
  }, 60_000);

  it('etf-zlib-stream.ts inflates and decodes both frames, snowflakes as strings', () => {
    const r = runExample('etf-zlib-stream.ts');
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { op: number; d: Record<string, unknown> });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({ op: 10, d: { heartbeat_interval: 41250 }, s: null, t: null });
    expect(lines[1]!.d.id).toBe('1188430611029917747');
  });

  it('intents.ts derives the mask from event names and names the privileged intents', () => {
    const r = runExample('intents.ts', ['MESSAGE_CREATE', 'GUILD_MEMBER_ADD']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`intents: ${(1 << 1) | (1 << 9) | (1 << 12)}`);
    expect(r.stdout).toContain('privileged (enable them in the Developer Portal): GuildMembers');
    const typo = runExample('intents.ts', ['MESSAGE_CRATE']);
    expect(typo.status).not.toBe(0);
    expect(typo.stderr).toContain('INTENTS_UNKNOWN_EVENT');
  });

  it('discord-api-types.ts narrows a frame to discord-api-types\' type', () => {
    const r = runExample('discord-api-types.ts');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('deleted 10 in 20\nMESSAGE_DELETE\n');
  });

  it('strict-validation.test.ts passes under node:test', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', path.join(examples, 'strict-validation.test.ts')], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).toMatch(/# pass 3/);
    expect(r.stdout).toMatch(/# fail 0/);
    expect(r.status).toBe(0);
  });
});
