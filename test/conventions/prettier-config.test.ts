import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quote, WIDTH } from '../../codegen/emit/layout.js';

// Hand-written code is formatted with prettier (.prettierrc.json); generated code is printed in its
// final form by the emitters, which follow the same style without running prettier.
describe('one style for hand-written and generated code', () => {
  const rc = JSON.parse(readFileSync(new URL('../../.prettierrc.json', import.meta.url), 'utf8')) as Record<string, unknown>;

  it('.prettierrc.json holds the settings the emitters print with', () => {
    expect(rc).toEqual({ printWidth: WIDTH, singleQuote: true, trailingComma: 'all' });
  });

  it('strings are single-quoted unless that needs more escapes, as singleQuote prints them', () => {
    expect(quote('a')).toBe(`'a'`);
    expect(quote(`it's`)).toBe(`"it's"`);
    expect(quote(`it's "x"`)).toBe(`'it\\'s "x"'`);
  });
});
