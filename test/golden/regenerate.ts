/** `npm run golden`: rewrites test/golden/discord-docs/ from ../shared/reference/discord-docs. */
import { writeOutput } from '../../codegen/pipeline.js';
import { goldenDir, goldenFiles, hasUpstream, upstreamDir } from './golden.js';

if (!hasUpstream) {
  process.stderr.write(`cannot regenerate the golden files: ${upstreamDir} is absent (it comes with ../shared)\n`);
  process.exit(1);
}
const files = await goldenFiles();
await writeOutput(goldenDir, files);
process.stdout.write(`wrote ${files.length} golden files to ${goldenDir}\n`);
