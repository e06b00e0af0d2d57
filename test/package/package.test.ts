/**
 * The package as a user installs it: `npm pack`, then the tarball installed (offline) into a scratch
 * project. Every `exports` subpath must import in Node and resolve its types under
 * `moduleResolution` node16 and bundler (under bundler with skipLibCheck off, so our declaration
 * files are checked too), @arethetypeswrong/cli must pass for the ESM profile, the codecs, intents, protocol and
 * session must bundle for the browser, and what the install brings must not include a formatter
 * (the codegen prints its output in its final form).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSpecifiers, packAndInstall, pkg, repo, repoModules, type Scratch } from './scratch.js';

let scratch: Scratch;

beforeAll(() => {
  scratch = packAndInstall();
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(path.dirname(scratch.dir), { recursive: true, force: true });
});

/** `code` bundled by esbuild for the browser from the scratch project (the installed tarball), with its metafile. */
function browserBundle(code: string, options: { minify?: boolean } = {}) {
  return build({
    absWorkingDir: scratch.dir,
    stdin: { contents: code, resolveDir: scratch.dir, loader: 'js' },
    bundle: true,
    minify: options.minify === true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
}

function node(cwd: string, code: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the installed tarball', () => {
  it('imports every exports subpath in Node, each with named exports', () => {
    const specs = exportSpecifiers();
    const r = node(scratch.dir, `const out = {}; for (const s of ${JSON.stringify(specs)}) out[s] = Object.keys(await import(s)).length; console.log(JSON.stringify(out));`);
    expect(r.stderr).toBe('');
    const counts = JSON.parse(r.stdout) as Record<string, number>;
    expect(Object.keys(counts).sort()).toEqual([...specs].sort());
    for (const s of specs) expect(counts[s], s).toBeGreaterThan(0);
  });

  it('keeps one GatewireError class across entry points (shared chunks, not copies)', () => {
    const r = node(scratch.dir, `
      const root = await import('gatewire'); const etf = await import('gatewire/etf'); const v = await import('gatewire/validate');
      let e; try { etf.decode(new Uint8Array([1])); } catch (x) { e = x; }
      console.log(JSON.stringify([e instanceof root.GatewireError, e instanceof etf.EtfError, v.GatewayValidationError === root.GatewayValidationError]));`);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([true, true, true]);
  });

  for (const resolution of ['node16', 'bundler'] as const) {
    // Declaration files are checked once (skipLibCheck off under bundler): resolution is what differs.
    const skipLibCheck = resolution === 'node16';
    it(`resolves the types of every subpath under moduleResolution ${resolution}${skipLibCheck ? '' : ' (skipLibCheck off)'}`, () => {
      const dir = path.join(scratch.dir, `types-${resolution}`);
      mkdirSync(dir, { recursive: true });
      const specs = exportSpecifiers();
      const lines = specs.map((s, i) => `import * as m${i} from '${s}';\nexport const n${i}: number = Object.keys(m${i}).length;`);
      // A few real uses, so a subpath that resolves to `any` would not pass silently.
      lines.push(
        `import { GatewayOpcodes, type GatewayReceivePayload } from 'gatewire';`,
        `import { safeParseReceive } from 'gatewire/validate';`,
        `import { APIUserSchema } from 'gatewire/generated/zod';`,
        `import { isDiscordApiTypesDispatch } from 'gatewire/discord-api-types';`,
        `import type { z } from 'zod';`,
        `export const op: 0 = GatewayOpcodes.Dispatch;`,
        `export function t(p: GatewayReceivePayload): string | null { return p.op === 0 ? p.d && p.t : null; }`,
        `export const ok: boolean = safeParseReceive({}).success;`,
        `export const user: z.infer<typeof APIUserSchema>['id'] = '1';`,
        `export const picked = APIUserSchema.pick({ id: true }).extend({ extra: APIUserSchema.shape.username }).safeParse({});`,
        `export function channelOf(x: unknown): string | null { return isDiscordApiTypesDispatch('MESSAGE_DELETE', x) ? x.d.channel_id : null; }`,
        `// @ts-expect-error a typo in an event name must not type-check`,
        `export const bad = isDiscordApiTypesDispatch('MESSAGE_DELETED', {});`,
      );
      writeFileSync(path.join(dir, 'consumer.ts'), lines.join('\n') + '\n');
      const compilerOptions =
        resolution === 'node16'
          ? { module: 'node16', moduleResolution: 'node16' }
          : { module: 'esnext', moduleResolution: 'bundler' };
      writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { ...compilerOptions, target: 'es2022', strict: true, noEmit: true, skipLibCheck, types: ['node'] }, files: ['consumer.ts'] }),
      );
      const tsc = path.join(repoModules, 'typescript', 'bin', 'tsc');
      const r = spawnSync(process.execPath, [tsc, '-p', dir], { cwd: dir, encoding: 'utf8' });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
    }, 60_000);
  }

  it('passes @arethetypeswrong/cli for the ESM profile', () => {
    const attw = path.join(repoModules, '@arethetypeswrong', 'cli', 'dist', 'index.js');
    const r = spawnSync(process.execPath, [attw, scratch.tarball, '--profile', 'esm-only', '--no-definitely-typed', '--format', 'ascii', '--no-color', '--no-emoji'], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  }, 60_000);

  it('bundles gatewire/etf, /json, /intents, /protocol and /session for the browser, without node:zlib', async () => {
    for (const spec of ['gatewire/etf', 'gatewire/json', 'gatewire/intents', 'gatewire/protocol', 'gatewire/session']) {
      const result = await browserBundle(`export * from '${spec}';`);
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.filter((i) => i.startsWith('node:') || i.includes('zlib')), spec).toEqual([]);
    }
  });

  it('bundles one enum from `gatewire` in at most 5 KB (minified): the rest of the root entry shakes off', async () => {
    const result = await browserBundle(`import { GatewayOpcodes } from 'gatewire'; console.log(GatewayOpcodes.Dispatch);`, { minify: true });
    const output = Object.values(result.metafile.outputs)[0]!;
    const biggest = Object.entries(output.inputs)
      .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
      .map(([file, { bytesInOutput }]) => `${file} ${bytesInOutput} B`);
    expect(result.outputFiles[0]!.contents.length, `what the bundle holds: ${biggest.join(', ')}`).toBeLessThanOrEqual(5 * 1024);
    expect(result.outputFiles[0]!.text).toContain('Dispatch');
  });

  it('bundles everything the root entry exports without the validators, zod or fzstd (each costs load time)', async () => {
    const result = await browserBundle(`export * from 'gatewire';`);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((i) => /validators|node_modules\/(zod|fzstd)\/|^node:/.test(i))).toEqual([]);
  });

  it('installs no prettier and no zod unless asked: zod, ws, @types/ws and discord-api-types are optional peers', () => {
    const installed = readdirSync(path.join(scratch.dir, 'node_modules'));
    expect(installed).not.toContain('prettier');
    expect(Object.keys(pkg.dependencies ?? {})).toEqual(['fzstd']);
    expect(pkg.peerDependencies?.['prettier'], 'the codegen no longer needs prettier').toBeUndefined();
    for (const peer of ['zod', 'ws', '@types/ws', 'discord-api-types']) {
      expect(pkg.peerDependencies?.[peer], peer).toBeTypeOf('string');
      expect(pkg.peerDependenciesMeta?.[peer]?.optional, peer).toBe(true);
    }
  });

  it('runs `gatewire codegen` from the install, without prettier and without the sources, to the committed output', () => {
    const out = path.join(path.dirname(scratch.dir), 'codegen-out');
    const cli = path.join(scratch.dir, 'node_modules', 'gatewire', 'dist', 'codegen', 'cli.js');
    const r = spawnSync(process.execPath, [cli, 'codegen', '--schemas', path.join(scratch.dir, 'node_modules', 'gatewire', 'schemas'), '--out', out, '--quiet'], { cwd: scratch.dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    // Every file is printed in its final form, and the runtime text it inlines (src/ is not shipped) is carried by the CLI.
    const body = (file: string): string => readFileSync(file, 'utf8').split('\n').slice(1).join('\n');
    for (const f of ['types.ts', 'zod.ts', 'shapes.ts']) expect(body(path.join(out, f)), f).toBe(body(path.join(repo, 'generated', f)));
  });

  it('ships LICENSE, README.md and CHANGELOG.md, and declares repository, engines and sideEffects', () => {
    const root = path.join(scratch.dir, 'node_modules', 'gatewire');
    for (const f of ['LICENSE', 'README.md', 'CHANGELOG.md']) expect(existsSync(path.join(root, f)), f).toBe(true);
    expect(pkg.repository).toBeTruthy();
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.engines?.node).toBe('^20.19.0 || >=22.12.0');
    const list = execFileSync('tar', ['tzf', scratch.tarball], { encoding: 'utf8' });
    expect(list).not.toMatch(/\.map$/m);
    expect(list).not.toMatch(/^package\/(src|test|bench|generated)\//m);
  });
});
