/**
 * `gatewire serve` as another language's test suite would use it: a child process, the URLs read
 * from its stdout, a scenario file, a raw WebSocket client, then SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { serve } from '../../src/testing/cli.js';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'gatewire-serve-'));
const children: ReturnType<typeof spawn>[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function capture() {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } },
    out: () => out,
    err: () => err,
  };
}

describe('gatewire serve', () => {
  it('runs as a process: prints its URLs, follows the scenario file, stops on SIGTERM', async () => {
    const scenario = path.join(dir, 'scenario.json');
    writeFileSync(
      scenario,
      JSON.stringify({
        server: { heartbeatIntervalMs: 777, tokens: [{ token: 'file-token', privilegedIntents: [] }] },
        rules: [
          {
            on: 'ready',
            steps: [
              { dispatch: 'MESSAGE_CREATE', data: { content: 'from the file' } },
              { close: 4000, reason: 'scripted' },
            ],
          },
        ],
      }),
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'codegen/cli.ts', 'serve', '--port', '0', '--token', 'cli-token', '--scenario', scenario],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    let stdout = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const end = Date.now() + 20_000;
    while (!/^api /m.test(stdout)) {
      if (Date.now() > end || child.exitCode !== null) throw new Error(`no URLs printed: ${stdout}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const gateway = /^gateway (\S+)$/m.exec(stdout)![1]!;
    const api = /^api (\S+)$/m.exec(stdout)![1]!;
    expect(gateway).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    // --token replaces the file's token list (flags win over the file's server options).
    expect((await fetch(`${api}/v10/gateway/bot`, { headers: { authorization: 'Bot cli-token' } })).status).toBe(200);
    expect((await fetch(`${api}/v10/gateway/bot`, { headers: { authorization: 'Bot file-token' } })).status).toBe(401);

    const ws = new WebSocket(`${gateway}/?v=10&encoding=json`);
    const frames: { op: number; t: string | null; d: { content?: string; heartbeat_interval?: number } }[] = [];
    // ws hands each whole message over as one Buffer (binaryType 'nodebuffer').
    ws.on('message', (d) => frames.push(JSON.parse((d as Buffer).toString())));
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    await new Promise((r) => ws.once('open', r));
    ws.send(
      JSON.stringify({
        op: 2,
        d: { token: 'cli-token', intents: 4096 | 1, properties: { os: 'x', browser: 'y', device: 'z' } },
      }),
    );
    expect(await closed).toBe(4000);
    expect(frames[0]!.d.heartbeat_interval).toBe(777);
    expect(frames.map((f) => f.t).filter(Boolean)).toEqual(['READY', 'GUILD_CREATE', 'MESSAGE_CREATE']);
    expect(frames.find((f) => f.t === 'MESSAGE_CREATE')!.d.content).toBe('from the file');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('bad usage exits 2; a bad scenario exits 1 naming the JSON pointer', async () => {
    const a = capture();
    expect(await serve(['--port', 'x'], a.io)).toBe(2);
    expect(a.err()).toContain('--port needs a non-negative integer');
    const b = capture();
    expect(await serve(['--bogus'], b.io)).toBe(2);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ rules: [{ on: 'ready', steps: [{ reconnect: true }, { teleport: 1 }] }] }));
    const c = capture();
    expect(await serve(['--scenario', bad], c.io)).toBe(1);
    expect(c.err()).toContain('/rules/0/steps/1/teleport');
    const d = capture();
    expect(await serve(['--port', '70000'], d.io)).toBe(2);
    expect(d.err()).toContain('TESTING_BAD_OPTION');
    const e = capture();
    expect(await serve(['--help'], e.io)).toBe(0);
    expect(e.out()).toContain('usage: gatewire serve');
  });

  it('stops when told to, and frees its port', async () => {
    let stop!: () => void;
    const c = capture();
    const running = serve(['--port', '0'], { ...c.io, stopSignal: new Promise<void>((r) => (stop = r)) });
    const end = Date.now() + 5000;
    while (!c.out().includes('api ')) {
      if (Date.now() > end) throw new Error('not started');
      await new Promise((r) => setTimeout(r, 10));
    }
    const http = /^http (\S+)$/m.exec(c.out())![1]!;
    expect((await fetch(`${http}/api/v10/gateway`)).status).toBe(200);
    stop();
    expect(await running).toBe(0);
    await expect(fetch(`${http}/api/v10/gateway`)).rejects.toThrow();
  });
});
