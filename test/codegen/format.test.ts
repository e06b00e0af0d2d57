// validators.ts skips prettier (formatting its 1.7 MB was most of a cold regeneration), so its
// emitter writes the house style itself: single-quoted strings, two-space indents, clean lines.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { js } from '../../codegen/emit/validators.js';
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

describe('js(): JSON values as single-quoted JS literals', () => {
  it('reads back as the same string for any text, quotes and backslashes included', () => {
    const tricky = ['', "it's", 'say "hi"', 'back\\slash', '\\"', "\\'", 'line\nbreak\ttab', '\u2028\u2029', '\u0000', 'ß数据🎉', '\ud800'];
    for (const s of [...tricky, ...fc.sample(fc.string({ unit: 'binary' }), 300)]) {
      const tokens = stringTokens(js(s));
      expect(tokens).toHaveLength(1);
      expect(tokens[0]![0].startsWith("'")).toBe(true);
      expect(tokens[0]![1]).toBe(s);
    }
  });

  it('prints arrays element by element and other values as JSON', () => {
    expect(js(['a', "b'c", 1, true, null])).toBe(`['a', 'b\\'c', 1, true, null]`);
    expect(js(-2.5)).toBe('-2.5');
  });
});

describe('generated/validators.ts', () => {
  const source = readFileSync(path.join(repoRoot, 'generated', 'validators.ts'), 'utf8');
  it('uses single-quoted strings throughout', () => {
    const strings = stringTokens(source);
    expect(strings.length).toBeGreaterThan(1000);
    expect(strings.filter(([raw]) => !raw.startsWith("'")).map(([raw]) => raw)).toEqual([]);
  });

  it('has two-space indentation, no tabs, no trailing spaces, no runs of blank lines, one final newline', () => {
    const lines = source.split('\n');
    expect(lines.filter((l) => /\t| $/.test(l))).toEqual([]);
    expect(lines.filter((l) => /^( *)/.exec(l)![1]!.length % 2 !== 0 && !l.trimStart().startsWith('*'))).toEqual([]);
    expect(source).not.toContain('\n\n\n');
    expect(source.endsWith('\n') && !source.endsWith('\n\n')).toBe(true);
  });
});
