/**
 * No import cycle in hand-written code (src/, codegen/): a cycle makes module order matter and
 * turns a refactor into a hunt for the first `undefined`. The import graph is read with the
 * TypeScript parser (imports, re-exports and `import()` with a string literal), and a DFS reports
 * every cycle it meets. `import type` counts too: the session's index.ts ⇄ runner.ts cycle was
 * one, and a type cycle still means two files that cannot be read apart.
 *
 * KNOWN lists cycles not fixed yet; it is empty, so any cycle fails. (The test gateway's connection,
 * session, hooks, options, scenario and context once named each other's types; they now share
 * src/testing/types.ts.) A cycle may be listed only while it is being fixed, and a listed one
 * that is gone fails too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Relative specifiers imported by a file, resolved to .ts paths (`./x.js` → `./x.ts`). */
export function importsOf(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg !== undefined && ts.isStringLiteral(arg)) specifiers.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => path.resolve(path.dirname(file), s.replace(/\.js$/, '.ts')));
}

/** Every cycle a DFS over `graph` meets, each as the list of files from its first to its last module. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      const s = state.get(next);
      if (s === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

const KNOWN: Record<string, readonly string[]> = {
  src: [],
  codegen: [],
};

describe('import graph', () => {
  it('the cycle finder finds a cycle (so an empty answer below means something)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      importsOf('/x/a.ts', "import type { T } from './t.js';\nimport { type U } from './u.js';\nimport { type V, w } from './b.js';\nexport * from '../c.js';\nconst m = import('./d.js');"),
    ).toEqual(['/x/t.ts', '/x/u.ts', '/x/b.ts', '/c.ts', '/x/d.ts']);
  });

  it.each(['src', 'codegen'])('%s/ has no import cycle', (folder) => {
    const files = sourceFiles(path.join(repo, folder));
    expect(files.length).toBeGreaterThan(5);
    const graph = new Map(files.map((f) => [f, importsOf(f, readFileSync(f, 'utf8'))]));
    const cycles = findCycles(graph).map((c) => c.map((f) => path.relative(repo, f)).join(' → '));
    expect(cycles.sort()).toEqual([...(KNOWN[folder] ?? [])].sort());
  });
});
