/**
 * `gatewire diff OLD NEW` / `gatewire diff --git REV NEW`: argument parsing and running, for the
 * `gatewire` command (codegen/cli.ts dispatches here). Exit codes: 0 the report was produced and
 * `--fail-on` did not trigger; 1 it triggered; 2 bad usage or unreadable input.
 */
import path from 'node:path';
import { GatewireError } from '../../src/errors.js';
import { CodegenErrors } from '../errors.js';
import { DiffInputError } from './errors.js';
import { folderAtRevision, type RevisionFolder } from './git.js';
import { diffSchemas } from './diff.js';
import type { DiffReport } from './model.js';
import { renderJson, renderMarkdown, renderText } from './render.js';

export const DIFF_USAGE = `usage: gatewire diff OLD NEW [--format text|markdown|json] [--fail-on breaking|any] [--no-patches]
       gatewire diff --git REV NEW [options]

  OLD, NEW           schema folders (the project's schemas/ or an upstream discord-docs checkout)
  --git REV          read OLD from git revision REV of the folder NEW (e.g. --git HEAD schemas)
  --format FORMAT    text (default), markdown (a CHANGELOG.md section and a table) or json
  --fail-on WHAT     exit 1 when a change is breaking for readers or writers (breaking), or on any change (any)
  --no-patches       do not apply the versioned patch lists for known upstream snapshots

exit codes: 0 report produced, 1 --fail-on triggered, 2 bad usage or unreadable input`;

export interface DiffArgs {
  readonly old: string | null;
  readonly new: string;
  readonly git: string | null;
  readonly format: 'text' | 'markdown' | 'json';
  readonly failOn: 'breaking' | 'any' | null;
  readonly patches: boolean;
}

export interface CommandIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIO: CommandIO = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
};

/** Parses the arguments after `diff`: the arguments, `'help'`, or a message saying what is wrong. */
export function parseDiffArgs(argv: readonly string[]): DiffArgs | 'help' | { readonly error: string } {
  const positional: string[] = [];
  let git: string | null = null;
  let format: DiffArgs['format'] = 'text';
  let failOn: DiffArgs['failOn'] = null;
  let patches = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | null => {
      if (eq > 0 && arg.startsWith('--')) return arg.slice(eq + 1);
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) return null;
      i++;
      return next;
    };
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--no-patches') patches = false;
    else if (flag === '--git') {
      const v = value();
      if (v === null || v === '') return { error: '--git needs a revision' };
      git = v;
    } else if (flag === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'markdown' && v !== 'json') return { error: `--format must be text, markdown or json${v === null ? '' : `, got ${JSON.stringify(v)}`}` };
      format = v;
    } else if (flag === '--fail-on') {
      const v = value();
      if (v !== 'breaking' && v !== 'any') return { error: `--fail-on must be breaking or any${v === null ? '' : `, got ${JSON.stringify(v)}`}` };
      failOn = v;
    } else if (arg.startsWith('-') && arg !== '-') return { error: `unknown option ${JSON.stringify(arg)}` };
    else positional.push(arg);
  }
  if (git !== null) {
    if (positional.length !== 1) return { error: `with --git, give exactly one folder (NEW); got ${positional.length}` };
    return { old: null, new: positional[0]!, git, format, failOn, patches };
  }
  if (positional.length !== 2) return { error: `give two schema folders, OLD and NEW (or --git REV NEW); got ${positional.length}` };
  return { old: positional[0]!, new: positional[1]!, git: null, format, failOn, patches };
}

function render(report: DiffReport, format: DiffArgs['format']): string {
  if (format === 'json') return renderJson(report);
  if (format === 'markdown') return renderMarkdown(report);
  return renderText(report);
}

/** Whether `--fail-on` fires for this report. */
export function failOnTriggered(report: DiffReport, failOn: DiffArgs['failOn']): boolean {
  if (failOn === 'any') return report.changes.length > 0;
  if (failOn === 'breaking') return report.changes.some((c) => c.readers.level === 'breaking' || c.writers.level === 'breaking');
  return false;
}

/** Runs `gatewire diff` with the arguments after `diff`; resolves to the exit code. */
export async function runDiffCommand(argv: readonly string[], io: CommandIO = processIO): Promise<number> {
  const args = parseDiffArgs(argv);
  if (args === 'help') {
    io.stdout(DIFF_USAGE + '\n');
    return 0;
  }
  if ('error' in args) {
    io.stderr(`error: ${args.error}\n${DIFF_USAGE}\n`);
    return 2;
  }
  let revision: RevisionFolder | null = null;
  try {
    if (args.git !== null) revision = await folderAtRevision(args.new, args.git);
    const oldDir = revision ? revision.dir : path.resolve(args.old!);
    const newDir = path.resolve(args.new);
    const label = (p: string) => path.relative(process.cwd(), p).split(path.sep).join('/') || '.';
    const report = await diffSchemas(oldDir, newDir, {
      oldLabel: revision ? revision.label : label(oldDir),
      newLabel: label(newDir),
      patches: args.patches,
    });
    io.stdout(render(report, args.format));
    return failOnTriggered(report, args.failOn) ? 1 : 0;
  } catch (error) {
    if (error instanceof DiffInputError) {
      io.stderr(`error: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CodegenErrors || error instanceof GatewireError) {
      const code = error instanceof CodegenErrors ? '' : `[${error.code}] `;
      io.stderr(`error: ${code}${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await revision?.dispose();
  }
}
