#!/usr/bin/env node
/**
 * The `gatewire` command. `gatewire codegen [--schemas DIR] [--out DIR] [--check] [--strict] [--no-patches] [--quiet]`.
 * Exit codes: 0 success; 1 invalid schemas, stale output (--check) or a failed write; 2 bad usage.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GatewireError } from '../src/errors.js';
import { CodegenErrors } from './errors.js';
import { runDiffCommand } from './diff/cli.js';
import { generate, staleFiles, writeOutput } from './pipeline.js';

const USAGE = `usage: gatewire codegen [--schemas DIR] [--out DIR] [--check] [--strict] [--no-patches] [--quiet]
       gatewire diff OLD NEW | --git REV NEW [--format text|markdown|json] [--fail-on breaking|any]   (gatewire diff --help)
       gatewire serve [--host H] [--port N] [--token T]... [--scenario FILE]                          (gatewire serve --help)

  --schemas DIR   schema folder in the discord-docs dialect (default: schemas)
  --out DIR       output folder, replaced whole (default: generated)
  --check         write nothing; exit 1 naming each stale file
  --strict        every warning is an error (ignored keywords, repaired values, patches, repeats)
  --no-patches    do not apply the patch lists for known upstream schema bugs
  --quiet         do not print warnings (errors are always printed)`;

interface Args {
  schemas: string;
  out: string;
  check: boolean;
  patches: boolean;
  quiet: boolean;
  strict: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') return USAGE;
  if (command !== 'codegen') return `unknown command ${JSON.stringify(command)}\n${USAGE}`;
  const args: Args = { schemas: 'schemas', out: 'generated', check: false, patches: true, quiet: false, strict: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const value = (): string | null => {
      const [flag, inline] = a.split('=', 2);
      if (inline !== undefined) return inline;
      const next = rest[i + 1];
      if (next === undefined || next.startsWith('--')) return null;
      i++;
      return next ?? (flag ? null : null);
    };
    if (a === '--check') args.check = true;
    else if (a === '--no-patches') args.patches = false;
    else if (a === '--quiet') args.quiet = true;
    else if (a === '--strict') args.strict = true;
    else if (a === '--help' || a === '-h') return USAGE;
    else if (a.startsWith('--schemas')) {
      const v = value();
      if (v === null) return `--schemas needs a folder\n${USAGE}`;
      args.schemas = v;
    } else if (a.startsWith('--out')) {
      const v = value();
      if (v === null) return `--out needs a folder\n${USAGE}`;
      args.out = v;
    } else return `unknown option ${JSON.stringify(a)}\n${USAGE}`;
  }
  return args;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'diff') return runDiffCommand(argv.slice(1));
  if (argv[0] === 'serve') return (await import('../src/testing/cli.js')).serve(argv.slice(1));
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    const ok = args === USAGE;
    (ok ? process.stdout : process.stderr).write(args + '\n');
    return ok ? 0 : 2;
  }
  try {
    const started = performance.now();
    const result = await generate(path.resolve(args.schemas), { patches: args.patches, strict: args.strict });
    if (!args.quiet) {
      for (const d of result.diagnostics) process.stderr.write(`${d.level}: ${d.file}${d.pointer ? '#' + d.pointer : ''}: [${d.code}] ${d.message}\n`);
    }
    if (args.check) {
      const stale = await staleFiles(args.out, result.files);
      if (stale.length > 0) {
        process.stderr.write(`${args.out} is stale; run \`npm run codegen\`:\n${stale.map((f) => `  ${f}`).join('\n')}\n`);
        return 1;
      }
      process.stdout.write(`${args.out} is up to date (${result.files.length} files)\n`);
      return 0;
    }
    await writeOutput(args.out, result.files);
    const ms = Math.round(performance.now() - started);
    process.stdout.write(`wrote ${result.files.length} files to ${args.out} from ${result.ir.source.files.length} schemas (${result.ir.declarations.length} declarations, ${result.ir.frames.length} frames) in ${ms} ms\n`);
    return 0;
  } catch (error) {
    if (error instanceof CodegenErrors) {
      process.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    if (error instanceof GatewireError) {
      process.stderr.write(`error: [${error.code}] ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

const invoked = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (invoked === fileURLToPath(import.meta.url) || invoked.endsWith(`${path.sep}gatewire`)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`internal error: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
