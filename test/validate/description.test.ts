// The shape description (walked by src/validate for issues, strip and strict mode) against the
// generated check functions it sits beside: on every fixture and every mutated fixture, and on
// unknown keys added at random depths, the collected issues are empty exactly when the check
// passes, strict mode fails exactly when an unknown key was added, and the stripped copy of a
// valid payload passes strict mode.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../../src/validate/issues.js';
import { GatewayDispatchValidators, GatewayReceiveOpValidators, GatewaySendOpValidators, ReceiveFrameValidator, SendFrameValidator } from '../../src/validate/validators.js';
import type { CompiledValidator, RootValidator } from '../../src/validate/compiled.js';
import { applyMutation, loadFixtures, loadMutations, type Fixture } from '../fixtures/index.js';
import { mutate } from './ir-support.js';

const fixtures = loadFixtures();

/** The validators that apply to a payload: the whole-direction union, and its frame's own. */
function validatorsFor(direction: Fixture['direction'], v: unknown): CompiledValidator[] {
  const frame = v as { op?: unknown; t?: unknown } | null;
  const own =
    direction === 'send'
      ? GatewaySendOpValidators.get(frame?.op as number)
      : frame?.op === 0
        ? GatewayDispatchValidators.get(frame.t as string)
        : GatewayReceiveOpValidators.get(frame?.op as number);
  return [direction === 'receive' ? ReceiveFrameValidator : SendFrameValidator, ...(own ? [own] : [])];
}

function issues(c: CompiledValidator, v: unknown, st: 0 | 1): ValidationIssue[] {
  const found: ValidationIssue[] = [];
  c.collect(v, '', found, st);
  return found;
}

/** A copy of `v` with an unknown key on its `choice`-th object (depth-first), if it has objects. */
function withUnknownKey(v: unknown, choice: number): { value: unknown; added: boolean } {
  const copy = structuredClone(v);
  const objects: Record<string, unknown>[] = [];
  const walk = (x: unknown): void => {
    if (typeof x !== 'object' || x === null) return;
    if (!Array.isArray(x)) objects.push(x as Record<string, unknown>);
    for (const k in x) walk((x as Record<string, unknown>)[k]);
  };
  walk(copy);
  if (objects.length === 0) return { value: copy, added: false };
  objects[choice % objects.length]!.zz_not_in_any_schema = 1;
  return { value: copy, added: true };
}

describe('collect and check agree', () => {
  it('has fixtures and mutations to compare', () => {
    expect(fixtures.length).toBeGreaterThan(50);
    expect(loadMutations().length).toBeGreaterThan(50);
  });

  it('on every fixture: no issue, in tolerant and strict mode; strip keeps it strict-valid', () => {
    for (const f of fixtures)
      for (const c of validatorsFor(f.direction, f.payload)) {
        expect(c.check(f.payload), f.id).toBe(true);
        expect((c as RootValidator).rejection(f.payload), f.id).toBeNull();
        expect(issues(c, f.payload, 0), f.id).toEqual([]);
        expect(c.check(c.strip(f.payload), 1), f.id).toBe(true);
      }
  });

  it('on every mutated fixture: issues exactly when the check fails', () => {
    const byId = new Map(fixtures.map((f) => [f.id, f]));
    let rejected = 0;
    for (const m of loadMutations()) {
      const f = byId.get(m.fixture)!;
      const broken = applyMutation(f.payload, m);
      for (const c of validatorsFor(f.direction, broken)) {
        const ok = c.check(broken);
        // safeParse's one call: the verdict and, on a rejection, the same issues (the first rejection of a root switches it to checking its declaration property on its own)
        const rejection = (c as RootValidator).rejection(broken);
        expect(rejection === null, `${m.fixture} ${m.action} ${m.pointer} (rejection)`).toBe(ok);
        if (rejection !== null) expect(rejection, `${m.fixture} ${m.action} ${m.pointer} (rejection)`).toEqual(issues(c, broken, 0));
        if (!ok) {
          rejected++;
          // the walk safeParse uses after a rejection, which may lean on the verdict, reports the same
          const after: ValidationIssue[] = [];
          (c as RootValidator).collectRejected(broken, after);
          expect(after, `${m.fixture} ${m.action} ${m.pointer}`).toEqual(issues(c, broken, 0));
        }
        expect(issues(c, broken, 0).length === 0, `${m.fixture} ${m.action} ${m.pointer}`).toBe(ok);
        expect(issues(c, broken, 1).length === 0, `${m.fixture} ${m.action} ${m.pointer} (strict)`).toBe(c.check(broken, 1));
      }
    }
    expect(rejected).toBeGreaterThan(50);
  });

  it('on random mutants of the fixtures: issues exactly when the check fails, in both modes', () => {
    let both = 0;
    fc.assert(
      fc.property(fc.nat(fixtures.length - 1), fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.boolean(), (which, at, by, remove) => {
        const f = fixtures[which]!;
        const v = mutate(f.payload, at, by, remove).value;
        for (const c of validatorsFor(f.direction, v)) {
          const ok = c.check(v);
          const rejection = (c as RootValidator).rejection(v);
          if ((rejection === null) !== ok) throw new Error(`${f.id}: check ${ok}, rejection ${JSON.stringify(rejection)}`);
          if (rejection !== null && JSON.stringify(rejection) !== JSON.stringify(issues(c, v, 0))) throw new Error(`${f.id}: rejection reports ${JSON.stringify(rejection)}, not ${JSON.stringify(issues(c, v, 0))}`);
          if (!ok) {
            const after: ValidationIssue[] = [];
            (c as RootValidator).collectRejected(v, after);
            if (JSON.stringify(after) !== JSON.stringify(issues(c, v, 0))) throw new Error(`${f.id}: the walk after a rejection reports ${JSON.stringify(after)}, not ${JSON.stringify(issues(c, v, 0))}`);
          }
          if (ok !== (issues(c, v, 0).length === 0)) throw new Error(`${f.id}: check ${ok}, issues ${JSON.stringify(issues(c, v, 0))} for a mutant at ${at}`);
          if (c.check(v, 1) !== (issues(c, v, 1).length === 0)) throw new Error(`${f.id}: strict check and strict issues disagree`);
          if (ok) both++;
        }
      }),
      { numRuns: 600, seed: 14 },
    );
    expect(both).toBeGreaterThan(0);
  });

  it('an unknown key fails strict mode only (where the object is open), with one unrecognized_key issue; strip removes it', () => {
    let added = 0;
    for (const [i, f] of fixtures.entries()) {
      const { value, added: was } = withUnknownKey(f.payload, i * 7919);
      if (!was) continue;
      for (const c of validatorsFor(f.direction, value)) {
        // An object closed by its schema (`additionalProperties: false`) rejects it in every mode.
        if (!c.check(value)) {
          expect(issues(c, value, 0).length, f.id).toBeGreaterThan(0);
          continue;
        }
        added++;
        expect(c.check(value, 1), f.id).toBe(false);
        const strict = issues(c, value, 1);
        expect(strict.map((s) => s.code), f.id).toEqual(['unrecognized_key']);
        expect(strict[0]!.path, f.id).toMatch(/\/zz_not_in_any_schema$/);
        const stripped = c.strip(value);
        expect(JSON.stringify(stripped), f.id).not.toContain('zz_not_in_any_schema');
        expect(c.check(stripped, 1), f.id).toBe(true);
      }
    }
    expect(added).toBeGreaterThan(50);
  });
});
