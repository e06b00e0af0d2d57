/**
 * Runs a snippet in a child Node process with a small heap, so that a memory regression fails the
 * test that provoked it (the child dies, or reports) instead of taking down the test runner.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');

export interface ChildResult {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** The last line of stdout parsed as JSON (what the snippet reported), or undefined. */
  report: unknown;
}

/**
 * Runs `body` (TypeScript, top-level await allowed) as an ES module. `$REPO` in it is replaced by
 * the repository root, so it can `import … from '$REPO/src/etf/index.js'`. The snippet reports by
 * printing one JSON line last.
 */
export function runChild(body: string, options: { heapMb?: number; timeoutMs?: number; exposeGc?: boolean } = {}): ChildResult {
  const dir = mkdtempSync(join(tmpdir(), 'gatewire-child-'));
  try {
    const file = join(dir, 'snippet.mts');
    writeFileSync(file, body.replaceAll('$REPO', REPO));
    const args = [`--max-old-space-size=${options.heapMb ?? 128}`, '--import', 'tsx'];
    if (options.exposeGc === true) args.push('--expose-gc');
    const result = spawnSync(process.execPath, [...args, file], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const lines = result.stdout.trim().split('\n');
    let report: unknown;
    try {
      report = JSON.parse(lines[lines.length - 1]!);
    } catch {
      report = undefined;
    }
    return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
