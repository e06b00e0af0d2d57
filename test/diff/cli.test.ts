/** The `gatewire diff` command: formats, --fail-on, exit codes, and bad input named by file and pointer. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../codegen/cli.js';
import { parseDiffArgs, runDiffCommand } from '../../codegen/diff/cli.js';
import type { DiffReport } from '../../codegen/diff/index.js';
import { at, baseSet, edited, removeSet, writeSet, type SchemaSet } from './helpers.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await removeSet(d);
});

async function folder(set: SchemaSet): Promise<string> {
  const dir = await writeSet(set);
  dirs.push(dir);
  return dir;
}

async function diff(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runDiffCommand(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

const additive = () => edited((s) => (at(s, 'objects/user.json', 'properties')['global_name'] = { type: 'string' }));
const breaking = () => edited((s) => delete at(s, 'objects/user.json', 'properties')['bot']);

describe('gatewire diff', () => {
  it('text: names each change with both locations and its classification; exit 0', async () => {
    const [a, b] = [await folder(baseSet()), await folder(additive())];
    const r = await diff([a, b]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('suggested bump: minor (R2:');
    expect(r.out).toContain('field-added: field `global_name` added (optional, `string`)');
    expect(r.out).toContain('new: objects/user.json#/properties/global_name');
    expect(r.out).toContain('readers: additive');
    expect(r.out).toMatch(/now rejected \(tolerant\): \{.*"global_name":/);
  });

  it('json: the whole report; markdown: a CHANGELOG section with the change under its heading', async () => {
    const [a, b] = [await folder(baseSet()), await folder(breaking())];
    const json = await diff([a, b, '--format', 'json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out) as DiffReport;
    expect(report.bump.level).toBe('major');
    expect(report.changes.map((c) => c.kind)).toEqual(['field-removed']);
    const md = await diff(['--format=markdown', a, b]);
    expect(md.out.startsWith('## Unreleased\n')).toBe(true);
    expect(md.out).toContain('Suggested bump: **major**');
    expect(md.out).toMatch(/### Breaking\n\n- \*\*User\*\*: field `bot` removed \(was optional\) — breaks readers/);
    expect(md.out).toContain('| User | field `bot` removed (was optional) | objects/user.json#/properties/bot | objects/user.json# |');
  });

  it('--fail-on breaking exits 1 only for a breaking change; --fail-on any for any change', async () => {
    const [a, plus, minus] = [await folder(baseSet()), await folder(additive()), await folder(breaking())];
    expect((await diff([a, plus, '--fail-on', 'breaking'])).code).toBe(0);
    expect((await diff([a, minus, '--fail-on', 'breaking'])).code).toBe(1);
    expect((await diff([a, plus, '--fail-on', 'any'])).code).toBe(1);
    expect((await diff([a, a, '--fail-on', 'any'])).code).toBe(0);
    const failed = await diff([a, minus, '--fail-on', 'breaking']);
    expect(failed.out).toContain('field-removed'); // the report is still printed
  });

  it('bad usage exits 2 with a message and the usage', async () => {
    for (const args of [[], ['only-one'], ['a', 'b', 'c'], ['a', 'b', '--format', 'xml'], ['a', 'b', '--fail-on'], ['a', 'b', '--frobnicate'], ['--git', 'HEAD'], ['--git', 'HEAD', 'a', 'b'], ['--git']]) {
      const r = await diff(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/^error: /);
      expect(r.err).toContain('usage: gatewire diff');
      expect(r.out).toBe('');
    }
    const help = await diff(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--fail-on');
    expect(parseDiffArgs(['--git=v0.1.0', 'schemas'])).toMatchObject({ git: 'v0.1.0', new: 'schemas', old: null });
  });

  it('unreadable input exits 2 naming the file and JSON pointer, as codegen does', async () => {
    const a = await folder(baseSet());
    const missing = await diff([path.join(a, 'no-such-folder'), a]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no-such-folder');

    const badJson = await folder(baseSet());
    await writeFile(path.join(badJson, 'objects/user.json'), '{ "title": ');
    const r1 = await diff([a, badJson]);
    expect(r1.code).toBe(2);
    expect(r1.err).toContain('[CODEGEN_BAD_JSON] objects/user.json');
    expect(r1.err).toMatch(/^error: NEW \(/);

    const brokenRef = await folder(edited((s) => (at(s, 'objects/user.json', 'properties')['id'] = { $ref: '/objects/nothing.json' })));
    const r2 = await diff([brokenRef, a]);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/objects\/user\.json#\/properties\/id/);
    expect(r2.err).toMatch(/^error: OLD \(/);
  });

  it('--git with an unknown revision exits 2 with a typed error', async () => {
    const r = await diff(['--git', 'no-such-revision-xyz', 'schemas']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\[DIFF_(BAD_REVISION|GIT_FAILED)\]/);
    const noFolder = await diff(['--git', 'HEAD', 'no-such-folder']);
    expect(noFolder.code).toBe(2);
    expect(noFolder.err).toContain('[DIFF_NO_FOLDER] no-such-folder@HEAD');
    const dash = await diff(['--git=-x', 'schemas']);
    expect(dash.code).toBe(2);
    expect(dash.err).toContain('[DIFF_BAD_REVISION]');
  });

  it('is reached through the gatewire command', async () => {
    const [a, b] = [await folder(baseSet()), await folder(additive())];
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    try {
      expect(await main(['diff', a, b, '--format', 'json', '--fail-on', 'any'])).toBe(1);
    } finally {
      vi.restoreAllMocks();
    }
    expect((JSON.parse(out) as DiffReport).changes).toHaveLength(1);
  });
});
