/**
 * Stable names: adding one optional string field to one object schema changes at most 60 lines
 * across all of generated/ (issue #12). Before names were derived from what they name, commit
 * 76fe423 (one optional field) changed 7,234 lines of validators.ts, nearly all of them renumbered
 * helper names. Each case copies schemas/, regenerates, adds the field, regenerates and counts the
 * changed lines with `git diff --no-index --numstat` (added + removed).
 */
import { execFileSync } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, writeOutput } from '../../codegen/pipeline.js';
import { removeScratch, repoRoot, scratch } from './helpers.js';

const LIMIT = 60;

/** Added + removed lines between two folders. */
function changedLines(a: string, b: string): { total: number; perFile: string } {
  let out: string;
  try {
    out = execFileSync('git', ['diff', '--no-index', '--numstat', a, b], { encoding: 'utf8' });
  } catch (error) {
    // git diff exits 1 when the folders differ
    out = String((error as { stdout?: string }).stdout ?? '');
  }
  const rows = out.trim().split('\n').filter(Boolean).map((l) => l.split('\t'));
  return {
    total: rows.reduce((sum, [added, removed]) => sum + Number(added) + Number(removed), 0),
    perFile: rows.map(([added, removed, file]) => `${path.basename(file!.replace(/[{}]/g, '').split(' => ').pop()!)} +${added} -${removed}`).join(', '),
  };
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await removeScratch(d);
});

describe('one optional field changes few generated lines', () => {
  const cases: [string, string, 'last' | 'first'][] = [
    ['APIUser (inlined into the most other objects)', 'objects/user.json', 'last'],
    ['APIUser, the new field listed first', 'objects/user.json', 'first'],
    ['APIMessage', 'objects/message.json', 'last'],
    ['APIGuild', 'objects/guild.json', 'last'],
  ];
  for (const [what, file, where] of cases) {
    it(`${what}: at most ${LIMIT} changed lines across generated/`, async () => {
      const dir = await scratch('one-field');
      dirs.push(dir);
      const schemas = path.join(dir, 'schemas');
      await cp(path.join(repoRoot, 'schemas'), schemas, { recursive: true });
      await writeOutput(path.join(dir, 'before'), (await generate(schemas, { label: 'schemas' })).files);

      const target = path.join(schemas, file);
      const schema = JSON.parse(await readFile(target, 'utf8')) as { properties: Record<string, unknown> };
      const added = { type: 'string', description: 'A field added by the one-field-change test.' };
      schema.properties = where === 'last' ? { ...schema.properties, added_for_test: added } : { added_for_test: added, ...schema.properties };
      await writeFile(target, JSON.stringify(schema, null, 2));
      const after = await generate(schemas, { label: 'schemas' });
      await writeOutput(path.join(dir, 'after'), after.files);

      const { total, perFile } = changedLines(path.join(dir, 'before'), path.join(dir, 'after'));
      console.log(`one-field change, ${what}: ${total} changed lines (${perFile})`);
      // the field really is there, and nothing else moved
      expect(after.files.find((f) => f.path === 'types.ts')!.contents).toContain('added_for_test?: string;');
      expect(total).toBeGreaterThan(0);
      expect(total).toBeLessThanOrEqual(LIMIT);
    }, 120_000);
  }
});
