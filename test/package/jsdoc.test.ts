/**
 * Every function an `exports` entry point exports has JSDoc (the API reference of `npm run docs` is
 * generated from it). Checked with the TypeScript compiler on the sources behind package.json's
 * exports, re-exports followed to their declaration.
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { pkg, repo } from './scratch.js';

describe('API documentation', () => {
  it('gives every exported function of every entry point a JSDoc comment', () => {
    const entries = Object.entries(pkg.exports)
      .filter(([k]) => k !== './package.json')
      .map(([, v]) => path.join(repo, (v as { default: string }).default.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts')));
    const program = ts.createProgram(entries, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true, skipLibCheck: true, types: [] });
    const checker = program.getTypeChecker();
    const missing = new Set<string>();
    let functions = 0;
    for (const entry of entries) {
      const source = program.getSourceFile(entry)!;
      const moduleSymbol = checker.getSymbolAtLocation(source)!;
      for (const exported of checker.getExportsOfModule(moduleSymbol)) {
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        const declaration = symbol.valueDeclaration;
        if (declaration === undefined) continue;
        const isFunction =
          ts.isFunctionDeclaration(declaration) ||
          (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined && (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer)));
        if (!isFunction) continue;
        functions++;
        if (symbol.getDocumentationComment(checker).length === 0) {
          missing.add(`${path.relative(repo, declaration.getSourceFile().fileName)}: ${symbol.name}`);
        }
      }
    }
    expect(functions).toBeGreaterThan(500);
    expect([...missing].sort()).toEqual([]);
  }, 60_000);
});
