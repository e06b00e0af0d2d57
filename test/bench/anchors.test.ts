// The bench's same-rigour anchors (bench/anchors/: Ajv with tagged unions as if/then/else, and
// TypeBox TypeCompiler, both built from gatewire's generated zod schemas) must give gatewire's
// verdict on every input, or the ratios in bench/anchors.ts compare different work. Inputs: every
// receive fixture of the benched events, every mutation of them (test/fixtures/mutations.json),
// broken copies made here (each member removed, each leaf replaced by values of other kinds and
// ranges, each object replaced by an array, an unknown key added), and the bench's own payloads.
import { describe, expect, it } from 'vitest';
import { ajvAnchor } from '../../bench/anchors/ajv.js';
import { typeBoxAnchor } from '../../bench/anchors/typebox.js';
import { bigGuildCreate, invalidDeep, invalidDeepGuild, invalidEarly, shardReady } from '../../bench/inputs/payloads.js';
import { GatewayDispatchValidators } from '../../src/validate/validators.js';
import { GatewayDispatchSchemas } from '../../generated/zod.js';
import { isReceivePayload, safeParseReceive } from '../../src/validate/index.js';
import { applyMutation, loadFixtures, loadMutations } from '../fixtures/index.js';

type Json = Record<string, unknown>;

/** Broken (and some still valid) copies of a payload: one change each. */
function* copies(root: unknown): Generator<[string, unknown]> {
  const paths: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    paths.push(path);
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, i]));
    else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  walk(root, []);
  const at = (r: unknown, path: (string | number)[]): any => path.reduce<any>((o, k) => o[k], r);
  for (const path of paths) {
    if (path.length === 0) continue;
    const parentPath = path.slice(0, -1);
    const key = path[path.length - 1]!;
    const value = at(root, path);
    const put = (label: string, v: unknown): [string, unknown] => {
      const copy = structuredClone(root);
      at(copy, parentPath)[key] = v;
      return [`${path.join('/')} ${label}`, copy];
    };
    if (typeof key === 'string') {
      const copy = structuredClone(root);
      delete at(copy, parentPath)[key];
      yield [`${path.join('/')} removed`, copy];
    }
    if (typeof value === 'number') for (const v of ['7', -1, 1.5, 2 ** 53, 99]) yield put(`= ${v}`, v);
    else if (typeof value === 'string') for (const v of [12345, 'x!', '', '123', null]) yield put(`= ${JSON.stringify(v)}`, v);
    else if (typeof value === 'boolean') yield put('= "true"', 'true');
    else if (value === null) yield put('= "x"', 'x');
    else if (Array.isArray(value)) yield put('= {}', {});
    else if (typeof value === 'object') {
      yield put('= []', []);
      yield put('+ unknown key', { ...(value as Json), zz_unknown: [1] });
    }
  }
}

const EVENTS = ['MESSAGE_CREATE', 'READY', 'GUILD_CREATE'] as const;
const extra: Record<string, unknown[]> = {
  MESSAGE_CREATE: [invalidEarly(), invalidDeep()],
  READY: [shardReady(2500)],
  GUILD_CREATE: [bigGuildCreate(), invalidDeepGuild()],
};

describe('bench anchors agree with gatewire', () => {
  for (const event of EVENTS) {
    it(`${event}: Ajv (first error and allErrors) and TypeBox give the compiled validators' verdict`, () => {
      const schema = GatewayDispatchSchemas[event];
      const ajv = ajvAnchor(schema);
      const ajvAll = ajvAnchor(schema, { allErrors: true });
      const typebox = typeBoxAnchor(schema);
      const compiled = GatewayDispatchValidators.get(event)!;
      const fixtures = loadFixtures().filter((f) => f.direction === 'receive' && f.event === event);
      expect(fixtures.length).toBeGreaterThan(0);
      const inputs: [string, unknown][] = [];
      for (const f of fixtures) {
        inputs.push([f.id, f.payload]);
        for (const [label, copy] of copies(f.payload)) inputs.push([`${f.id}: ${label}`, copy]);
      }
      const ids = new Set(fixtures.map((f) => f.id));
      const mutations = loadMutations().filter((m) => ids.has(m.fixture));
      expect(mutations.length).toBeGreaterThan(0);
      for (const m of mutations) inputs.push([`${m.fixture} mutated at ${m.pointer}`, applyMutation(fixtures.find((f) => f.id === m.fixture)!.payload, m)]);
      extra[event]!.forEach((p, i) => inputs.push([`bench payload ${i}`, p]));

      const disagreements: string[] = [];
      let accepted = 0;
      for (const [label, input] of inputs) {
        const expected = compiled.check(input, 0);
        if (expected) accepted++;
        const frame = input as Json;
        // the frame guard and safeParseReceive too, where the input is still this event's frame
        const framed = frame.op === 0 && frame.t === event;
        const verdicts: Record<string, boolean> = { ajv: ajv(input), ajvAllErrors: ajvAll(input), typebox: typebox.Check(input) };
        if (framed) {
          verdicts.isReceivePayload = isReceivePayload(input);
          verdicts.safeParseReceive = safeParseReceive(input).success;
        }
        for (const [who, v] of Object.entries(verdicts)) if (v !== expected) disagreements.push(`${who} says ${v ? 'valid' : 'invalid'} on ${label}`);
      }
      expect(disagreements.slice(0, 20)).toEqual([]);
      // both verdicts are exercised
      expect(accepted).toBeGreaterThan(fixtures.length);
      expect(inputs.length - accepted).toBeGreaterThan(mutations.length);
    });
  }
});
