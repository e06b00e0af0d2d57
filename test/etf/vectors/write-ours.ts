/**
 * Writes our encoder's output for every fixture to test/etf/vectors/ours/, for
 * make-vectors.escript to check with Erlang's binary_to_term:
 *
 *   npx tsx test/etf/vectors/write-ours.ts && escript test/etf/vectors/make-vectors.escript
 *
 * Run both whenever the encoder's output or the fixtures change (the test says when).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { encode } from '../../../src/etf/index.js';
import { loadFixtures } from '../../fixtures/index.js';

export function oursFileName(fixtureId: string): string {
  return fixtureId.replace('/', '__') + '.etf';
}

const isMain = import.meta.url === new URL(process.argv[1] ?? '', 'file://').href;
if (isMain) {
  const dir = new URL('./ours/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(dir)) rmSync(new URL(file, dir));
  const fixtures = loadFixtures();
  for (const fixture of fixtures) writeFileSync(new URL(oursFileName(fixture.id), dir), encode(fixture.payload));
  process.stdout.write(`wrote ${fixtures.length} files to ${dir.pathname}\n`);
}
