/**
 * Golden output: regenerating from the upstream discord-docs snapshot gives, byte for byte, the
 * committed files under test/golden/discord-docs/ (the generated code and the warnings). When it does
 * not, the change in output is real: review it and run `npm run golden`.
 */
import { describe, expect, it } from 'vitest';
import { staleFiles } from '../../codegen/pipeline.js';
import { goldenDir, goldenFiles, hasUpstream, upstreamDir } from '../golden/golden.js';

if (!hasUpstream) console.log(`skipping the golden-output test: ${upstreamDir} is absent (it comes with ../shared)`);

describe.skipIf(!hasUpstream)('golden output from the upstream snapshot', () => {
  it('matches test/golden/discord-docs/ byte for byte (regenerate with `npm run golden`)', async () => {
    const files = await goldenFiles();
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['types.ts', 'validators.ts', 'zod.ts', 'shapes.ts', 'warnings.txt']));
    expect(await staleFiles(goldenDir, files)).toEqual([]);
  }, 120_000);
});
