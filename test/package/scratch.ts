/**
 * Builds and packs gatewire, then installs the tarball into a scratch project under a temp folder the
 * way a user's `npm install gatewire` would, without network: the scratch project's other
 * dependencies are `file:` links to this repository's node_modules, and npm runs with `--offline`.
 * Used by test/package/ and bench/package.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const repoModules = path.join(repo, 'node_modules');

export interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly exports: Record<string, string | { types: string; default: string }>;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  readonly engines?: Record<string, string>;
  readonly sideEffects?: unknown;
  readonly repository?: unknown;
  readonly files?: readonly string[];
}

export const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as PackageJson;

/** Every `exports` subpath as an import specifier (`gatewire`, `gatewire/etf`, …), package.json aside. */
export function exportSpecifiers(): string[] {
  return Object.keys(pkg.exports)
    .filter((k) => k !== './package.json')
    .map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));
}

export interface Scratch {
  /** The scratch project: node_modules/gatewire is the installed tarball. */
  readonly dir: string;
  readonly tarball: string;
  /** Size of the .tgz and of what it unpacks to, from npm pack. */
  readonly packedBytes: number;
  readonly unpackedBytes: number;
}

/** Packages the scratch project links from this repository (the package's dependencies and optional peers a consumer would add). */
const LINKED = ['fzstd', 'zod', 'discord-api-types', 'ws', '@types/ws', '@types/node', 'undici-types'];

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
}

/** Builds (unless `build: false`), packs and installs gatewire into a fresh scratch project. */
export function packAndInstall(options: { build?: boolean } = {}): Scratch {
  const work = mkdtempSync(path.join(tmpdir(), 'gatewire-package-'));
  if (options.build !== false) run(process.execPath, [path.join(repo, 'scripts', 'build.mjs')], repo);
  // --ignore-scripts: the build above is prepack's work; npm would otherwise run it again.
  const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], repo)) as { filename: string; size: number; unpackedSize: number }[];
  const info = packed[0]!;
  const tarball = path.join(work, info.filename);
  const dir = path.join(work, 'consumer');
  run('mkdir', ['-p', dir], work);
  const dependencies: Record<string, string> = {};
  for (const name of LINKED) {
    const at = path.join(repoModules, name);
    if (!existsSync(at)) throw new Error(`scratch install: ${name} is not installed in ${repoModules}`);
    dependencies[name] = `file:${at}`;
  }
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'gatewire-consumer', version: '1.0.0', private: true, type: 'module', dependencies }, null, 2));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', tarball], dir);
  return { dir, tarball, packedBytes: info.size, unpackedBytes: info.unpackedSize };
}
