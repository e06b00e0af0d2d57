/**
 * Reads a schema folder as it was at a git revision into a temporary folder, so the old side of a
 * diff goes through exactly the same pipeline as the new side. Uses the `git` executable of the
 * checkout (ls-tree for the file list, one `cat-file --batch` for every blob), nothing else.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DiffError } from './errors.js';

const run = promisify(execFile);

export interface RevisionFolder {
  /** The temporary folder holding the files. */
  readonly dir: string;
  /** `schemas@REV`. */
  readonly label: string;
  /** Removes the temporary folder. */
  readonly dispose: () => Promise<void>;
}

async function git(cwd: string, args: string[], what: string): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (cause) {
    const stderr = String((cause as { stderr?: string }).stderr ?? (cause as Error).message).trim();
    throw new DiffError('DIFF_GIT_FAILED', what, `git ${args[0]} failed: ${stderr.split('\n')[0] ?? ''}`, { cause });
  }
}

/** Every blob's content, in the order of `shas`, from one `git cat-file --batch` process. */
function readBlobs(cwd: string, shas: readonly string[], what: string): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (cause) => reject(new DiffError('DIFF_GIT_FAILED', what, `cannot run git: ${cause.message}`, { cause })));
    child.on('close', (code) => {
      if (code !== 0) return reject(new DiffError('DIFF_GIT_FAILED', what, `git cat-file failed: ${stderr.trim()}`));
      const all = Buffer.concat(chunks);
      const out: Buffer[] = [];
      let at = 0;
      for (const sha of shas) {
        const eol = all.indexOf(0x0a, at);
        const header = all.subarray(at, eol).toString('utf8').split(' ');
        if (header[0] !== sha || header[1] !== 'blob') return reject(new DiffError('DIFF_GIT_FAILED', what, `unexpected git cat-file output for ${sha}`));
        const size = Number(header[2]);
        out.push(all.subarray(eol + 1, eol + 1 + size));
        at = eol + 1 + size + 1;
      }
      resolve(out);
    });
    child.stdin.end(shas.join('\n') + '\n');
  });
}

/**
 * Copies `folder` (a path in a git checkout, e.g. `schemas`) as of `revision` into a temporary
 * folder. Throws `DiffError` when git fails, the revision is unknown, or the folder holds no files
 * at that revision.
 */
export async function folderAtRevision(folder: string, revision: string): Promise<RevisionFolder> {
  const what = `${folder}@${revision}`;
  if (revision.startsWith('-') || revision.length === 0) throw new DiffError('DIFF_BAD_REVISION', what, 'a revision must not be empty or start with "-"');
  const abs = path.resolve(folder);
  const info = await stat(abs).catch(() => null);
  if (!info?.isDirectory()) throw new DiffError('DIFF_NO_FOLDER', what, `${folder} is not a folder (with --git, NEW names the schema folder in a git checkout)`);
  const top = (await git(abs, ['rev-parse', '--show-toplevel'], what)).trim();
  const prefix = path.relative(await realpath(top), await realpath(abs)).split(path.sep).join('/');
  if (prefix.startsWith('..')) throw new DiffError('DIFF_GIT_FAILED', what, 'the folder is outside the git checkout');
  await git(top, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], what).catch((cause: unknown) => {
    throw new DiffError('DIFF_BAD_REVISION', what, `unknown revision ${JSON.stringify(revision)}`, { cause });
  });
  const listing = await git(top, ['ls-tree', '-r', '-z', '--full-tree', revision, '--', prefix === '' ? '.' : prefix], what);
  const entries: { sha: string; file: string }[] = [];
  for (const record of listing.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [, type, sha] = record.slice(0, tab).split(' ');
    const file = record.slice(tab + 1);
    if (type !== 'blob' || sha === undefined) continue;
    const rel = prefix === '' ? file : file.slice(prefix.length + 1);
    entries.push({ sha, file: rel });
  }
  if (entries.length === 0) throw new DiffError('DIFF_NO_SCHEMAS_AT_REVISION', what, `no files under ${prefix || '.'} at ${revision}`);
  const blobs = await readBlobs(top, entries.map((e) => e.sha), what);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gatewire-diff-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    for (let i = 0; i < entries.length; i++) {
      const target = path.join(dir, entries[i]!.file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, blobs[i]!);
    }
  } catch (cause) {
    await dispose();
    throw new DiffError('DIFF_GIT_FAILED', what, `cannot write the files of ${revision}: ${(cause as Error).message}`, { cause });
  }
  return { dir, label: `${prefix || '.'}@${revision}`, dispose };
}
