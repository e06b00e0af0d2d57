/**
 * A private copy of a declaration check (codegen/emit/validators/check.ts, PRIVATE_COPIES) is a
 * second body for the same rules: it must give the shared check's verdict on every input. READY's
 * `user` is checked by its own copy of `isAPIUser`; this compares the two on the fixture's user and
 * on copies of it with each property removed, or replaced by values of every JSON kind.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAPIUser, isGatewayReadyDispatchData } from '../../generated/validators.js';
import { repoRoot } from './helpers.js';

const ready = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/receive/READY.json'), 'utf8')) as { d: Record<string, unknown> & { user: Record<string, unknown> } };

/** Values of every JSON kind, and snowflake edge cases for string properties. */
const REPLACEMENTS: readonly unknown[] = [null, true, 0, -1, 1.5, 2 ** 53, '', '0', '007', '1'.repeat(25), '１', '1\n', ' 1', 'x', [], {}];

function users(): Record<string, unknown>[] {
  const base = ready.d.user;
  const out: Record<string, unknown>[] = [base, {}, { id: base['id'] }];
  for (const key of [...Object.keys(base), 'system', 'primary_guild', 'clan']) {
    const { [key]: _removed, ...without } = base;
    out.push(without);
    for (const v of REPLACEMENTS) out.push({ ...base, [key]: v });
  }
  return out;
}

describe('private copies of declaration checks', () => {
  it("READY's user copy gives isAPIUser's verdict", () => {
    const cases = users();
    let rejected = 0;
    for (const user of cases) {
      const shared = isAPIUser(user);
      if (!shared) rejected++;
      expect(isGatewayReadyDispatchData({ ...ready.d, user }), JSON.stringify(user)).toBe(shared);
    }
    // The cases must exercise both verdicts for the comparison to mean anything.
    expect(rejected).toBeGreaterThan(50);
    expect(cases.length - rejected).toBeGreaterThan(10);
  });

  it('a user that is not an object is rejected through the copy', () => {
    for (const user of [null, 'u', 5, []]) expect(isGatewayReadyDispatchData({ ...ready.d, user })).toBe(false);
  });
});
