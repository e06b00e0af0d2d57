/**
 * Starts a private redis-server for one test file: a random free port on 127.0.0.1, a temporary
 * directory, no persistence (`--save '' --appendonly no`), stopped (and the directory removed) after.
 * Never a shared instance. Without the binary the tests skip, and say why.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll } from 'vitest';

/** REDIS_SERVER_BIN, else the first redis-server on PATH, else Debian's path. */
export const REDIS_SERVER_BIN =
  process.env['REDIS_SERVER_BIN'] ??
  (process.env['PATH'] ?? '')
    .split(path.delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => path.join(dir, 'redis-server'))
    .find((file) => existsSync(file)) ??
  '/usr/bin/redis-server';

/** Why the Redis tests cannot run here, or null when they can. */
export function redisUnavailableReason(): string | null {
  if (!existsSync(REDIS_SERVER_BIN)) return `no redis-server binary at ${REDIS_SERVER_BIN} (install Debian's redis-server, or set REDIS_SERVER_BIN)`;
  return null;
}

/** A port that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export class RedisServer {
  private child: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  /** Whether the process is up (not killed, not exited). */
  get running(): boolean {
    return this.child !== null && this.child.exitCode === null;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisServer> {
    const dir = await mkdtemp(path.join(tmpdir(), 'gatewire-redis-'));
    const server = new RedisServer(await freePort(), dir);
    await server.spawn();
    return server;
  }

  /** (Re)start the process on the same port, empty (nothing is persisted). */
  async spawn(): Promise<void> {
    const child = spawn(
      REDIS_SERVER_BIN,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${this.port}:\n${output}`)), 10_000);
      const check = setInterval(() => {
        if (output.includes('Ready to accept connections')) {
          clearInterval(check);
          clearTimeout(timer);
          resolve();
        }
      }, 10);
      child.once('exit', (code) => {
        clearInterval(check);
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${output}`));
      });
    });
    child.removeAllListeners('exit');
  }

  /** Stop the process (SIGTERM, then SIGKILL); `spawn()` brings it back on the same port. */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child === null || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill(signal);
    });
  }

  /** Pause the server (SIGSTOP) for `ms`: a slow or hung Redis. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }
  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** A connected node-redis client; the caller closes it. */
  async client(options: Parameters<typeof createClient>[0] = {}): Promise<ReturnType<typeof createClient>> {
    const client = createClient({ url: this.url, ...options });
    client.on('error', () => {});
    await client.connect();
    return client;
  }

  async stop(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }
}

export type RedisClient = Awaited<ReturnType<RedisServer['client']>>;

/** The calling describe block's server, and connections to it that the block does not close itself. */
export interface RedisServerFixture {
  /** The running server (from `beforeAll` on). */
  readonly server: RedisServer;
  /** A connection destroyed when the block ends. */
  client(): Promise<RedisClient>;
  /** The connections `client()` made, in order. */
  readonly clients: readonly RedisClient[];
}

/**
 * Registers the calling describe block's private server: started before its tests and stopped
 * after them, once `beforeStop` has run (closing what uses the connections) and every connection
 * `client()` made is destroyed.
 */
export function useRedisServer(beforeStop?: () => Promise<void>): RedisServerFixture {
  let server: RedisServer | undefined;
  const clients: RedisClient[] = [];
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await beforeStop?.();
    for (const c of clients) if (c.isOpen) c.destroy();
    await server?.stop();
  });
  const fixture: RedisServerFixture = {
    clients,
    get server(): RedisServer {
      if (server === undefined) throw new Error('the Redis server is started in beforeAll: use it inside a test');
      return server;
    },
    async client(): Promise<RedisClient> {
      const c = await fixture.server.client();
      clients.push(c);
      return c;
    },
  };
  return fixture;
}
