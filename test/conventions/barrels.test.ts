/**
 * An index.ts in src/ or codegen/ is always a barrel: it re-exports and implements nothing, so a
 * reader who opens a folder's index.ts sees what the folder offers and where each piece lives.
 * Exempt: src/etf until its rework lands (its index.ts still holds code), and codegen/emit, whose
 * index.ts is the emitter registry (the one table of what the folder offers).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const EXEMPT = new Set(['src/etf/index.ts', 'codegen/emit/index.ts']);

function indexFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? indexFiles(full) : name === 'index.ts' ? [full] : [];
  });
}

/** Statements of a file that are not `export … from '…'` (a barrel has none). */
export function nonBarrelStatements(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  return source.statements
    .filter((s) => !(ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined))
    .map((s) => s.getText(source).split('\n')[0]!);
}

describe('index.ts files', () => {
  it('the check tells a barrel from an implementation', () => {
    expect(nonBarrelStatements('a.ts', "/** doc */\nexport * from './x.js';\nexport { default } from './x.js';\nexport type { T } from './t.js';")).toEqual([]);
    expect(nonBarrelStatements('a.ts', "export * from './x.js';\nexport function f() {}")).toEqual(['export function f() {}']);
  });

  it('every index.ts in src/ is a barrel', () => {
    const files = indexFiles(path.join(repo, 'src')).filter((f) => !EXEMPT.has(path.relative(repo, f)));
    expect(files.length).toBeGreaterThan(8);
    const offenders = files
      .map((f) => ({ file: path.relative(repo, f), code: nonBarrelStatements(f, readFileSync(f, 'utf8')) }))
      .filter((o) => o.code.length > 0);
    expect(offenders).toEqual([]);
  });

  it('every index.ts in codegen/ is a barrel', () => {
    const files = indexFiles(path.join(repo, 'codegen')).filter((f) => !EXEMPT.has(path.relative(repo, f)));
    expect(files.map((f) => path.relative(repo, f))).toEqual(expect.arrayContaining(['codegen/diff/index.ts', 'codegen/resolve/index.ts']));
    const offenders = files
      .map((f) => ({ file: path.relative(repo, f), code: nonBarrelStatements(f, readFileSync(f, 'utf8')) }))
      .filter((o) => o.code.length > 0);
    expect(offenders).toEqual([]);
  });
});
