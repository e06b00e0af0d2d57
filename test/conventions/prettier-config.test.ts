import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRETTIER } from '../../codegen/pipeline.js';

// Hand-written code (.prettierrc.json) and generated code (the codegen's fixed settings) follow one
// style; the codegen keeps its own copy so its output never depends on where the CLI runs.
describe('prettier settings', () => {
  it('.prettierrc.json matches the settings the codegen formats with', () => {
    const rc = JSON.parse(readFileSync(new URL('../../.prettierrc.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const { parser: _parser, ...codegen } = PRETTIER;
    expect(rc).toEqual(codegen);
  });
});
