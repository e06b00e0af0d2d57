/** schemas/README.md documents every keyword alias the codegen reads, and nothing else. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keywordAliases } from '../../codegen/patches/keyword-aliases.js';
import { repoRoot } from './helpers.js';

describe('keyword aliases', () => {
  it('the table in schemas/README.md lists exactly the aliases in codegen/patches/keyword-aliases.ts', async () => {
    const readme = await readFile(path.join(repoRoot, 'schemas', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Old spellings'), readme.indexOf('## Our keywords'));
    const rows = [...section.matchAll(/^\| `([^`]+)` \| `([^`]+)` \|/gm)].map((m) => `${m[1]} -> ${m[2]}`);
    expect(rows).toEqual(keywordAliases.map((a) => `${a.alias} -> ${a.keyword}`));
    expect(rows.length).toBeGreaterThan(0);
  });
});
