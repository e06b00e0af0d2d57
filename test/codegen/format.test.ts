// Every generated file is printed in its final form by its emitter (no formatter runs in the
// codegen): single-quoted strings, two-space indents by block, clean lines. These check the layout
// helpers and then every committed generated file with TypeScript's own scanner.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { indentBlocks, printValue, quote, WIDTH } from '../../codegen/emit/layout.js';
import { repoRoot } from './helpers.js';

/** Every string literal token of `source`, as [raw text, value]. */
function stringTokens(source: string): [string, string][] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, source);
  const out: [string, string][] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.StringLiteral) out.push([scanner.getTokenText(), scanner.getTokenValue()]);
  }
  return out;
}

const PAIRS = new Map([
  [ts.SyntaxKind.CloseParenToken, ts.SyntaxKind.OpenParenToken],
  [ts.SyntaxKind.CloseBracketToken, ts.SyntaxKind.OpenBracketToken],
  [ts.SyntaxKind.CloseBraceToken, ts.SyntaxKind.OpenBraceToken],
]);
const OPEN = new Set(PAIRS.values());

/**
 * Bracket pairs that span lines, as [line of the opener, line of the closer], found by TypeScript's
 * scanner (which reads regular expressions where the parser would, after `(`). Independent of the
 * emitters' own bracket counting.
 */
function multiLinePairs(source: string): [number, number][] {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, false);
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, source);
  const stack: { kind: ts.SyntaxKind; line: number }[] = [];
  const pairs: [number, number][] = [];
  let previous = ts.SyntaxKind.Unknown;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SlashToken && previous === ts.SyntaxKind.OpenParenToken) kind = scanner.reScanSlashToken();
    const line = file.getLineAndCharacterOfPosition(scanner.getTokenStart()).line;
    if (OPEN.has(kind)) stack.push({ kind, line });
    const opener = PAIRS.get(kind);
    if (opener !== undefined) {
      const top = stack.pop();
      expect(top?.kind, `unbalanced bracket at line ${line + 1}`).toBe(opener);
      if (top!.line !== line) pairs.push([top!.line, line]);
    }
    previous = kind;
  }
  expect(stack, 'brackets left open').toEqual([]);
  return pairs;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** Where `source` is not indented by block: a closing line off its opening line's indent, or a line inside a block not deeper than its opener. */
function layoutProblems(source: string): string[] {
  const lines = source.split('\n');
  const wrong: string[] = [];
  for (const [open, close] of multiLinePairs(source)) {
    const base = indentOf(lines[open]!);
    const closing = lines[close]!;
    // a closer that ends a line of code (`foo })`) is not a closing line
    if (/^[)\]}]/.test(closing.trimStart()) && indentOf(closing) !== base) wrong.push(`${open + 1}-${close + 1}: closer at ${indentOf(closing)}, opener at ${base}`);
    for (let i = open + 1; i < close; i++) {
      if (lines[i]!.trim() !== '' && indentOf(lines[i]!) <= base) wrong.push(`${i + 1}: at ${indentOf(lines[i]!)}, inside a block opened at ${base} (line ${open + 1})`);
    }
  }
  return wrong;
}

describe('layout helpers', () => {
  it('the layout check finds a misplaced closer and a line not inside its block', () => {
    expect(layoutProblems('const a = {\n  b: 1,\n  };\n')).toEqual(['1-3: closer at 2, opener at 0']);
    expect(layoutProblems('f(\nx,\n);\n')).toEqual(['2: at 0, inside a block opened at 0 (line 1)']);
    expect(layoutProblems(indentBlocks('f(\nx,\n);\n'))).toEqual([]);
  });

  it('quote() reads back as the same string for any text, quotes and backslashes included', () => {
    const tricky = ['', "it's", 'say "hi"', `it's "both"`, 'back\\slash', '\\"', "\\'", 'line\nbreak\ttab', '\u2028\u2029', '\u0000', 'ß数据🎉', '\ud800'];
    for (const s of [...tricky, ...fc.sample(fc.string({ unit: 'binary' }), 300)]) {
      const tokens = stringTokens(quote(s));
      expect(tokens).toHaveLength(1);
      expect(tokens[0]![1]).toBe(s);
      expect(tokens[0]![0].startsWith("'") || (s.includes("'") && !s.includes('"'))).toBe(true);
    }
  });

  it('indentBlocks() indents by the lines that open blocks, not by the brackets on them', () => {
    const text = ['const a = z.looseObject({', 'b: z.array(z.object({', 'c: 1,', '})),', "d: '{(',", '/**', ' * a ( comment', ' */', 'e: x.regex(/^[(]+$/),', '}).extend({', 'f: 2,', '});'].join('\n');
    expect(indentBlocks(text).split('\n')).toEqual([
      'const a = z.looseObject({',
      '  b: z.array(z.object({',
      '    c: 1,',
      '  })),',
      "  d: '{(',",
      '  /**',
      '   * a ( comment',
      '   */',
      '  e: x.regex(/^[(]+$/),',
      '}).extend({',
      '  f: 2,',
      '});',
    ]);
  });

  it('indentBlocks() keeps an indent the emitter wrote and indents blocks from it', () => {
    expect(indentBlocks('type A =\n  | {\na: 1;\n}\n  | B;')).toBe('type A =\n  | {\n    a: 1;\n  }\n  | B;');
    expect(indentBlocks('a: 1,', '  ')).toBe('  a: 1,');
  });

  it('printValue() keeps what fits on one line and breaks the rest one entry per line', () => {
    expect(printValue({ o: { a: 's', 'b-c': '#1' } })).toBe(`{ o: { a: 's', 'b-c': '#1' } }`);
    const wide = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`field_${i}`, 's']));
    const printed = indentBlocks(printValue({ o: wide }));
    expect(printed.split('\n').length).toBe(24);
    expect(Math.max(...printed.split('\n').map((l) => l.length))).toBeLessThanOrEqual(WIDTH);
    expect(JSON.parse(JSON.stringify(runInNewContext(`(${printed})`)))).toEqual({ o: wide });
  });
});

const generated = path.join(repoRoot, 'generated');
for (const name of readdirSync(generated).filter((f) => f.endsWith('.ts')).sort()) {
  describe(`generated/${name}`, () => {
    const source = readFileSync(path.join(generated, name), 'utf8');
    const lines = source.split('\n');

    it('uses single-quoted strings (double only around a single quote)', () => {
      const strings = stringTokens(source);
      expect(strings.filter(([raw, value]) => !raw.startsWith("'") && !(value.includes("'") && !value.includes('"'))).map(([raw]) => raw)).toEqual([]);
    });

    it('has two-space indentation, no tabs, no trailing spaces, no runs of blank lines, one final newline', () => {
      expect(lines.filter((l) => /\t| $/.test(l))).toEqual([]);
      expect(lines.filter((l) => indentOf(l) % 2 !== 0 && !l.trimStart().startsWith('*'))).toEqual([]);
      expect(source).not.toContain('\n\n\n');
      expect(source.endsWith('\n') && !source.endsWith('\n\n')).toBe(true);
    });

    it('indents by block: a closing line lines up with its opening line, and what is between sits deeper', () => {
      expect(layoutProblems(source).slice(0, 10)).toEqual([]);
    });
  });
}
