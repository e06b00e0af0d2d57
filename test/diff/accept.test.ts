/**
 * The diff checks every example payload with an interpreter over the IR (codegen/diff/accept.ts).
 * Here it must agree with the generated compiled validators, in tolerant and strict mode, on every
 * fixture frame and every broken copy of one, so an example the diff prints is one the shipped
 * validators treat the same way.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IRType } from '../../codegen/ir.js';
import { accepts } from '../../codegen/diff/accept.js';
import { DiffSideIndex } from '../../codegen/diff/side.js';
import { buildIR } from '../../codegen/pipeline.js';
import { safeParseReceive, safeParseSend } from '../../src/validate/index.js';
import { loadFixtures, loadMutations } from '../fixtures/index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function applyMutation(payload: unknown, pointer: string, action: 'remove' | 'replace', value?: unknown): unknown {
  const copy = structuredClone(payload) as Record<string, unknown>;
  const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  if (action === 'remove') {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

describe('the example checker agrees with the compiled validators', () => {
  let side: DiffSideIndex;
  const union = (direction: 'receive' | 'send'): IRType => ({
    kind: 'union',
    members: side.ir.frames.filter((f) => f.direction === direction).map((f) => ({ kind: 'ref', name: f.name })),
  });
  beforeAll(async () => {
    side = new DiffSideIndex(await buildIR(path.join(repoRoot, 'schemas')));
  });

  it('on every fixture and every mutation, tolerant and strict', () => {
    const fixtures = loadFixtures();
    const byId = new Map(fixtures.map((f) => [f.id, f]));
    const cases: { name: string; direction: 'receive' | 'send'; payload: unknown }[] = fixtures.map((f) => ({ name: f.id, direction: f.direction, payload: f.payload }));
    for (const m of loadMutations()) {
      const f = byId.get(m.fixture);
      if (f) cases.push({ name: `${m.fixture} ${m.action} ${m.pointer}`, direction: f.direction, payload: applyMutation(f.payload, m.pointer, m.action, m.value) });
    }
    // Unknown keys added at the top of `d`: strict rejects them, tolerant lets them through.
    for (const f of fixtures) {
      const p = f.payload as { d?: unknown };
      if (p.d && typeof p.d === 'object' && !Array.isArray(p.d)) cases.push({ name: `${f.id} + unknown key`, direction: f.direction, payload: { ...p, d: { ...p.d, zz_unknown: 1 } } });
    }
    expect(cases.length).toBeGreaterThan(100);
    const disagreements: string[] = [];
    let rejected = 0;
    for (const c of cases) {
      for (const mode of ['tolerant', 'strict'] as const) {
        const real = c.direction === 'receive' ? safeParseReceive(c.payload, { mode }).success : safeParseSend(c.payload, { mode }).success;
        const ours = accepts(side, union(c.direction), c.payload, mode);
        if (!real) rejected++;
        if (real !== ours) disagreements.push(`${c.name} (${mode}): validators ${real ? 'accept' : 'reject'}, diff ${ours ? 'accepts' : 'rejects'}`);
      }
    }
    expect(rejected).toBeGreaterThan(50);
    expect(disagreements).toEqual([]);
  });
});
