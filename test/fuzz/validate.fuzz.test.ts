/**
 * Bounded fuzzing of validation (issue #15): real fixtures mutated at random (keys deleted or
 * retyped, unknown, `constructor` and `__proto__` keys added, discriminators changed), through both
 * engines and every mode. Nothing throws; the engines agree; issue lists are capped and their
 * paths resolve; strip output passes strict mode.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as zodSchemas from '../../generated/zod.js';
import { MAX_ISSUES } from '../../src/validate/issues.js';
import { safeParseReceive, safeParseSend } from '../../src/validate/index.js';
import { loadFixtures, parsePointer } from '../fixtures/index.js';
import { budget, timeout } from './budget.js';

const fixtures = loadFixtures();

/** Every JSON pointer into `v` (objects and arrays), the root included. */
function pointers(v: unknown, at = '', out: string[] = []): string[] {
  out.push(at);
  if (typeof v === 'object' && v !== null) {
    for (const [k, child] of Object.entries(v)) pointers(child, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
  }
  return out;
}

function resolves(root: unknown, pointer: string): boolean {
  let node: unknown = root;
  const parts = parsePointer(pointer);
  // the last step may name a missing key (a `missing` issue)
  for (const part of parts.slice(0, -1)) {
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return parts.length === 0 || (typeof node === 'object' && node !== null);
}

const replacement = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 5 }),
  fc.integer(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constantFrom(0, 1, 7, 9, 10, 11, 'READY', 'MESSAGE_CREATE', 'GUILD_CREATE'),
);

const mutationArb = fc.record({
  fixture: fc.nat(),
  edits: fc.array(
    fc.record({
      target: fc.nat(),
      kind: fc.constantFrom('replace', 'delete', 'addKey', 'proto'),
      value: replacement,
      key: fc.constantFrom('zzz', 'constructor', '__proto__', 'toString', 'op', 't', 'd'),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

function mutate(payload: unknown, edits: { target: number; kind: string; value: unknown; key: string }[]): unknown {
  const root = { v: structuredClone(payload) };
  for (const e of edits) {
    const all = pointers(root.v);
    const pointer = all[e.target % all.length]!;
    const parts = parsePointer(pointer);
    let parent: Record<string, unknown> = root as unknown as Record<string, unknown>;
    let key = 'v';
    for (const part of parts) {
      parent = parent[key] as Record<string, unknown>;
      key = part;
    }
    const node = parent[key];
    // (a copy: fast-check hands the same constant object to every run)
    if (e.kind === 'replace') parent[key] = structuredClone(e.value);
    else if (e.kind === 'delete' && !Array.isArray(parent)) delete parent[key];
    else if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
      Object.defineProperty(node, e.key, { value: e.kind === 'proto' ? { polluted: true } : structuredClone(e.value), enumerable: true, writable: true, configurable: true });
    }
  }
  return root.v;
}

describe('validation fuzz (bounded)', () => {
  it('mutated fixtures: no throw, engines agree, capped issues whose paths resolve, strip output passes strict', { timeout: timeout(60_000) }, () => {
    fc.assert(
      fc.property(mutationArb, ({ fixture, edits }) => {
        const f = fixtures[fixture % fixtures.length]!;
        const payload = mutate(f.payload, edits);
        const parse = f.direction === 'receive' ? safeParseReceive : safeParseSend;
        for (const mode of ['tolerant', 'strip', 'strict'] as const) {
          const compiled = parse(payload, { mode });
          const zod = parse(payload, { mode, engine: zodSchemas });
          expect(zod.kind, `${f.id} ${mode}`).toBe(compiled.kind);
          if (compiled.kind === 'invalid') {
            expect(compiled.issues.length).toBeGreaterThan(0);
            expect(compiled.issues.length).toBeLessThanOrEqual(MAX_ISSUES);
            for (const issue of compiled.issues) expect(resolves(payload, issue.path), `${f.id} ${issue.path}`).toBe(true);
          }
          if (mode === 'strip' && compiled.kind === 'payload') {
            expect(parse(compiled.data, { mode: 'strict' }).kind).toBe('payload');
          }
        }
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      budget(300),
    );
  });

  it('arbitrary values never throw from the safe entry points', { timeout: timeout(60_000) }, () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4 }), (v) => {
        for (const mode of ['tolerant', 'strip', 'strict'] as const) {
          expect(['payload', 'unknown-event', 'invalid']).toContain(safeParseReceive(v, { mode }).kind);
          expect(['payload', 'invalid']).toContain(safeParseSend(v, { mode, engine: zodSchemas }).kind);
        }
      }),
      budget(500),
    );
  });
});
