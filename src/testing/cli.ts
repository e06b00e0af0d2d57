/**
 * `gatewire serve`: runs the test gateway from the command line, so clients in any language can be
 * tested against it. Prints where it listens, then runs until SIGINT or SIGTERM.
 */
import { readFile } from 'node:fs/promises';
import { GatewireError } from '../errors.js';
import { parseScenario, type Scenario } from './scenario.js';
import { startTestGateway } from './server.js';

export const SERVE_USAGE = `usage: gatewire serve [--host 127.0.0.1] [--port N] [--token T]... [--scenario FILE] [--heartbeat-interval MS]

  --host HOST               address to listen on (default 127.0.0.1)
  --port N                  port (default 0: a free one, printed)
  --token T                 a token the server accepts (repeatable; default: any token)
  --scenario FILE           a JSON scenario: server options and rules (see the README, "Testing your client")
  --heartbeat-interval MS   heartbeat_interval sent in Hello (default 41250)

Prints "gateway <ws url>", "http <http url>" and "api <REST base>" on stdout once listening.`;

export interface ServeIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Resolves when the server should stop (default: the first SIGINT or SIGTERM). */
  readonly stopSignal?: Promise<unknown>;
}

interface ServeArgs {
  host?: string;
  port?: number;
  tokens: string[];
  scenario?: string;
  heartbeatIntervalMs?: number;
}

function parseServeArgs(argv: readonly string[]): ServeArgs | string {
  const args: ServeArgs = { tokens: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return SERVE_USAGE;
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const take = (): string | null => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) return null;
      i++;
      return next;
    };
    const number = (name: string): number | string => {
      const v = take();
      if (v === null || !/^\d+$/.test(v)) return `${name} needs a non-negative integer`;
      return Number(v);
    };
    switch (flag) {
      case '--host': {
        const v = take();
        if (v === null || v === '') return '--host needs an address';
        args.host = v;
        break;
      }
      case '--port': {
        const v = number('--port');
        if (typeof v === 'string') return v;
        args.port = v;
        break;
      }
      case '--heartbeat-interval': {
        const v = number('--heartbeat-interval');
        if (typeof v === 'string') return v;
        args.heartbeatIntervalMs = v;
        break;
      }
      case '--token': {
        const v = take();
        if (v === null || v === '') return '--token needs a token';
        args.tokens.push(v);
        break;
      }
      case '--scenario': {
        const v = take();
        if (v === null) return '--scenario needs a file';
        args.scenario = v;
        break;
      }
      default:
        return `unknown option ${JSON.stringify(arg)}`;
    }
  }
  return args;
}

function signals(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/**
 * Runs `gatewire serve` with `argv` (the arguments after `serve`). Resolves with the exit code: 0
 * after a clean stop, 1 when the server cannot start (bad scenario, port taken), 2 for bad usage.
 */
export async function serve(
  argv: readonly string[],
  io: ServeIO = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const args = parseServeArgs(argv);
  if (typeof args === 'string') {
    if (args === SERVE_USAGE) {
      io.stdout.write(`${SERVE_USAGE}\n`);
      return 0;
    }
    io.stderr.write(`${args}\n${SERVE_USAGE}\n`);
    return 2;
  }
  let scenario: Scenario | undefined;
  try {
    if (args.scenario !== undefined) {
      let text: string;
      try {
        text = await readFile(args.scenario, 'utf8');
      } catch (cause) {
        io.stderr.write(`error: cannot read ${args.scenario}: ${(cause as Error).message}\n`);
        return 1;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (cause) {
        io.stderr.write(`error: ${args.scenario} is not JSON: ${(cause as Error).message}\n`);
        return 1;
      }
      scenario = parseScenario(json);
    }
    const stop = io.stopSignal ?? signals();
    const server = await startTestGateway({
      ...(args.host === undefined ? {} : { host: args.host }),
      ...(args.port === undefined ? {} : { port: args.port }),
      ...(args.tokens.length === 0 ? {} : { tokens: args.tokens }),
      ...(args.heartbeatIntervalMs === undefined ? {} : { heartbeatIntervalMs: args.heartbeatIntervalMs }),
      ...(scenario === undefined ? {} : { scenario }),
      onError: (error) => io.stderr.write(`scenario/hook error: ${(error as Error).message ?? String(error)}\n`),
    });
    io.stdout.write(`gateway ${server.url}\nhttp ${server.httpUrl}\napi ${server.apiUrl}\n`);
    await stop;
    await server.stop();
    return 0;
  } catch (error) {
    if (error instanceof GatewireError) {
      const at = (error as { path?: string }).path;
      io.stderr.write(`error: [${error.code}]${at ? ` at ${at}` : ''} ${error.message}\n`);
      return error.code === 'TESTING_BAD_OPTION' ? 2 : 1;
    }
    throw error;
  }
}
