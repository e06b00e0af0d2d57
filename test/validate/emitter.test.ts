// The validator emitter on a hand-made IR: the compiled code is written to a temporary module,
// imported, and checked against a zod schema built independently from the same IR.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitValidators } from '../../codegen/emit/validators.js';
import { bindValidators } from '../../src/validate/compiled.js';
import type { GeneratedValidators } from '../../src/validate/description.js';
import { handIR } from './hand-ir.js';
import { mutate, referenceZod, validArbitrary } from './ir-support.js';

interface Issue {
  path: string;
  code: string;
  expected: string;
  received: string;
}
interface Compiled {
  check(v: unknown, st: 0 | 1 | 2): boolean;
  collect(v: unknown, p: string, is: Issue[], st: 0 | 1 | 2): void;
  strip(v: unknown): unknown;
}
type Module = {
  Validators: Record<string, Compiled>;
  GatewayDispatchValidators: Map<string, Compiled>;
  GatewayReceiveOpValidators: Map<number, Compiled>;
  GatewaySendOpValidators: Map<number, Compiled>;
  ReceiveFrameValidator: Compiled;
  SendFrameValidator: Compiled;
} & Record<string, unknown>;

const dir = new URL(`./tmp-emitter-${process.pid}/`, import.meta.url);
let m: Module;
const zods = referenceZod(handIR);

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  const [file] = emitValidators(handIR);
  writeFileSync(new URL('validators.ts', dir), file!.contents);
  writeFileSync(new URL('index.ts', dir), 'export {};\n');
  const generated = (await import(new URL('validators.ts', dir).href)) as GeneratedValidators & Record<string, unknown>;
  m = { ...generated, ...bindValidators(generated) } as unknown as Module;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const issues = (name: string, v: unknown, st: 0 | 1 = 0): Issue[] => {
  const is: Issue[] = [];
  m.Validators[name]!.collect(v, '', is, st);
  return is;
};

const user = { id: '1', username: 'a', avatar: null };
const select = { type: 3, custom_id: 's', options: [{ label: 'a', value: 'a' }, { label: 'b', value: 'b' }, { label: 'c', value: 'c' }] };
const message = {
  id: '10',
  channel_id: '11',
  author: user,
  content: 'hi',
  mentions: [{ ...user, member: { roles: [] } }],
  components: [{ type: 2, style: 1 }, select],
};

describe('emitted code', () => {
  it('has no runtime code generation and one check function (its type guard) per declaration', () => {
    const [file] = emitValidators(handIR);
    expect(file!.path).toBe('validators.ts');
    expect(file!.contents).not.toMatch(/\beval\(|new Function\(|\bFunction\(/);
    for (const d of handIR.declarations) {
      expect(file!.contents).toContain(`export function is${d.name}(x: any): x is T.${d.name} {`);
    }
  });
  it('is deterministic', () => {
    expect(emitValidators(handIR)[0]!.contents).toBe(emitValidators(handIR)[0]!.contents);
  });
  it('dispatches the tagged union with a switch instead of trying members', () => {
    const src = emitValidators(handIR)[0]!.contents;
    expect(src).toMatch(/switch \(x\['type'\]\) \{\s*case 1:/);
    // The receive frames switch on op first, then on t.
    expect(src).toMatch(/switch \(x\['op'\]\) \{\s*case 0: \{\s*switch \(x\['t'\]\)/);
  });
});

describe('verdicts', () => {
  it('accepts a valid message and rejects broken ones', () => {
    expect(m.Validators.APIMessage!.check(message, 0)).toBe(true);
    expect(m.Validators.APIMessage!.check({ ...message, author: { ...user, id: 1 } }, 0)).toBe(false);
    expect(m.Validators.APIMessage!.check({ ...message, components: [{ type: 1, components: [] }] }, 0)).toBe(false); // `not` an action row
  });
  it('derived partials require only the listed keys', () => {
    expect(m.Validators.PartialMember!.check({ roles: [] }, 0)).toBe(true);
    expect(m.Validators.PartialMember!.check({ nick: 'x' }, 0)).toBe(false);
    expect(issues('PartialMember', { nick: 'x' })).toEqual([{ path: '/roles', code: 'missing', expected: 'array of Snowflake', received: 'undefined' }]);
  });
  it('flags: integers and decimal bigint strings, not membership', () => {
    expect(m.Validators.UserFlags!.check(1 << 30, 0)).toBe(true);
    expect(m.Validators.UserFlags!.check(1.5, 0)).toBe(false);
    expect(m.Validators.Permissions!.check('1099511627775', 0)).toBe(true);
    expect(m.Validators.Permissions!.check('12a', 0)).toBe(false);
    expect(m.Validators.Permissions!.check(8, 0)).toBe(false);
  });
  it('tuples, records, closed objects, catch-all objects, unknown', () => {
    expect(m.Validators.Shard!.check([0, 1], 0)).toBe(true);
    expect(m.Validators.Shard!.check([0, 1, 2], 0)).toBe(false);
    expect(issues('Shard', [0])).toEqual([{ path: '', code: 'too_small', expected: 'at least 2 items', received: 'array' }]);
    expect(m.Validators.Loose!.check(['a'], 0)).toBe(true);
    expect(m.Validators.Loose!.check(['a', 1, true, false], 0)).toBe(true);
    expect(issues('Loose', ['a', 1, true, 3])).toEqual([{ path: '/3', code: 'invalid_type', expected: 'boolean', received: 'number' }]);
    expect(issues('UserMap', { '1': user, '2': { ...user, username: 5 } })).toEqual([
      { path: '/2/username', code: 'invalid_type', expected: 'string', received: 'number' },
    ]);
    expect(issues('Closed', { a: 1, b: 2 })).toEqual([{ path: '/b', code: 'unrecognized_key', expected: 'no such key', received: 'number' }]);
    expect(issues('Extra', { a: 1, b: 2, c: 'x' })).toEqual([{ path: '/b', code: 'invalid_type', expected: 'string', received: 'number' }]);
    expect(m.Validators.Anything!.check({ data: undefined }, 0)).toBe(true);
    expect(issues('Anything', {})).toEqual([{ path: '/data', code: 'missing', expected: 'any value', received: 'undefined' }]);
  });
  it('never accepts nothing', () => {
    expect(m.Validators.Never!.check(null, 0)).toBe(false);
    expect(issues('Never', 1)).toHaveLength(1);
  });
});

describe('constraints and merged intersections', () => {
  it('string length and pattern, number bounds, array bounds', () => {
    const ok = { code: 'ab', snowflake: '123', level: 10, ratio: 0.5, tags: ['x'] };
    expect(m.Validators.Bounded!.check(ok, 0)).toBe(true);
    expect(issues('Bounded', { ...ok, code: 'a' }).map((i) => [i.path, i.code])).toEqual([['/code', 'invalid_value']]);
    expect(issues('Bounded', { ...ok, code: 'ABC' }).map((i) => [i.path, i.code])).toEqual([['/code', 'invalid_value']]);
    expect(issues('Bounded', { ...ok, code: 5 }).map((i) => [i.path, i.code])).toEqual([['/code', 'invalid_type']]);
    expect(issues('Bounded', { ...ok, snowflake: '' }).map((i) => i.path)).toEqual(['/snowflake']);
    for (const bad of ['12a', '12:', '/1', ' 1', '１']) expect(issues('Bounded', { ...ok, snowflake: bad }).map((i) => i.path)).toEqual(['/snowflake']);
    expect(issues('Bounded', { ...ok, level: 11 }).map((i) => [i.path, i.code])).toEqual([['/level', 'invalid_value']]);
    expect(issues('Bounded', { ...ok, level: -1 }).map((i) => i.path)).toEqual(['/level']);
    expect(issues('Bounded', { ...ok, ratio: 1.5 }).map((i) => i.path)).toEqual(['/ratio']);
    expect(issues('Bounded', { ...ok, tags: [] }).map((i) => [i.path, i.code])).toEqual([['/tags', 'too_small']]);
    expect(issues('Bounded', { ...ok, tags: ['a', 'b', 'c'] }).map((i) => [i.path, i.code])).toEqual([['/tags', 'too_big']]);
  });
  it('a property shared by intersection members must satisfy both, once per path', () => {
    const friend = { ...user, member: { roles: [] } };
    expect(m.Validators.Merged!.check({ friends: [friend] }, 0)).toBe(true);
    expect(m.Validators.Merged!.check({ friends: [user] }, 0)).toBe(false); // no member: fails the second member
    expect(issues('Merged', { friends: [user] })).toEqual([{ path: '/friends/0/member', code: 'missing', expected: 'PartialMember', received: 'undefined' }]);
    expect(issues('Merged', { friends: [{ ...friend, id: 5 }] }).map((i) => i.path)).toEqual(['/friends/0/id']);
  });
  it('strict and strip know the keys of every member at every depth', () => {
    const friend = { ...user, member: { roles: [] } };
    expect(m.Validators.Merged!.check({ friends: [friend], note: 'n' }, 1)).toBe(true);
    expect(issues('Merged', { friends: [{ ...friend, zz: 1 }] }, 1).map((i) => i.path)).toEqual(['/friends/0/zz']);
    expect(m.Validators.Merged!.strip({ friends: [{ ...friend, zz: 1 }], zz: 2 })).toEqual({ friends: [friend] });
  });
});

describe('error paths', () => {
  it('one issue at the deep path of a tagged union member', () => {
    const broken = structuredClone(message);
    delete (broken.components[1] as { options: { value?: string }[] }).options[2]!.value;
    expect(issues('APIMessage', broken)).toEqual([{ path: '/components/1/options/2/value', code: 'missing', expected: 'string', received: 'undefined' }]);
  });
  it('an unknown tag is one issue at the tag', () => {
    const broken = { ...message, components: [{ type: 9 }] };
    expect(issues('APIMessage', broken)).toEqual([{ path: '/components/0/type', code: 'invalid_value', expected: '1 | 2 | 3', received: 'number' }]);
  });
  it('a `not` match is one issue at the value', () => {
    const is = issues('APIMessage', { ...message, components: [{ type: 1, components: [] }] });
    expect(is.map((i) => [i.path, i.code])).toEqual([['/components/0', 'not']]);
  });
  it('nullable and untagged unions report the branch of the value kind, once', () => {
    expect(issues('APIUser', { ...user, avatar: 5 })).toEqual([{ path: '/avatar', code: 'invalid_type', expected: 'string | null', received: 'number' }]);
    expect(issues('Untagged', { a: 1 })).toEqual([{ path: '/a', code: 'invalid_type', expected: 'string', received: 'number' }]);
    expect(issues('Untagged', true)).toHaveLength(1);
  });
  it('escapes JSON pointer segments', () => {
    expect(issues('UserMap', { 'a/b~c': 1 })).toEqual([{ path: '/a~1b~0c', code: 'invalid_type', expected: 'object', received: 'number' }]);
  });
  it('collects every independent problem', () => {
    const is = issues('APIMessage', { ...message, id: 1, content: null, author: {} });
    expect(is.map((i) => i.path)).toEqual(['/id', '/author/id', '/author/username', '/author/avatar', '/content']);
  });
});

describe('modes', () => {
  it('strict rejects unknown keys at every depth; tolerant keeps them', () => {
    const extra = { ...message, author: { ...user, zz: 1 } };
    expect(m.Validators.APIMessage!.check(extra, 0)).toBe(true);
    expect(m.Validators.APIMessage!.check(extra, 1)).toBe(false);
    expect(issues('APIMessage', extra, 1)).toEqual([{ path: '/author/zz', code: 'unrecognized_key', expected: 'no such key', received: 'number' }]);
  });
  it('strict on an intersection knows the keys of every member', () => {
    const tagged = { ...user, member: { roles: [] } };
    expect(m.Validators.Tagged!.check(tagged, 1)).toBe(true);
    expect(m.Validators.Tagged!.check({ ...tagged, zz: 1 }, 1)).toBe(false);
    expect(m.Validators.Tagged!.check({ ...tagged, member: { roles: [], zz: 1 } }, 1)).toBe(false);
    expect(issues('Tagged', { ...tagged, zz: 1 }, 1).map((i) => i.path)).toEqual(['/zz']);
  });
  it('strip removes unknown keys at every depth and keeps the rest', () => {
    const extra = { ...message, zz: 1, author: { ...user, zz: 1 }, mentions: [{ ...user, zz: 2, member: { roles: [], zz: 3 } }] };
    const out = m.Validators.APIMessage!.strip(extra);
    expect(out).toEqual(message);
    expect(m.Validators.APIMessage!.check(out, 1)).toBe(true);
    expect(extra.zz).toBe(1); // input untouched
  });
  it('strip keeps __proto__ as data', () => {
    const out = m.Validators.UserMap!.strip(JSON.parse('{"__proto__": {"id":"1","username":"a","avatar":null}}')) as object;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
  });
});

describe('frames', () => {
  it('tables and frame validators', () => {
    expect([...m.GatewayDispatchValidators.keys()]).toEqual(['MESSAGE_CREATE', 'USER_UPDATE']);
    expect([...m.GatewayReceiveOpValidators.keys()]).toEqual([10, 11]);
    expect([...m.GatewaySendOpValidators.keys()]).toEqual([1, 2]);
    const frame = { op: 0, s: 1, t: 'MESSAGE_CREATE', d: message };
    expect(m.ReceiveFrameValidator.check(frame, 0)).toBe(true);
    expect(m.ReceiveFrameValidator.check({ op: 10, s: null, t: null, d: { heartbeat_interval: 1 } }, 0)).toBe(true);
    const is: Issue[] = [];
    m.ReceiveFrameValidator.collect({ ...frame, t: 'NOPE' }, '', is, 0);
    expect(is).toEqual([{ path: '/t', code: 'invalid_value', expected: '"MESSAGE_CREATE" | "USER_UPDATE"', received: 'string' }]);
    const is2: Issue[] = [];
    m.ReceiveFrameValidator.collect({ ...frame, d: { ...message, author: null } }, '', is2, 0);
    expect(is2).toEqual([{ path: '/d/author', code: 'invalid_type', expected: 'object', received: 'null' }]);
    expect(m.SendFrameValidator.check({ op: 1, d: null }, 0)).toBe(true);
    expect(m.SendFrameValidator.check({ op: 2, d: { token: 't', intents: 1, shard: [0, 1] } }, 0)).toBe(true);
  });
});

describe('differential against a zod schema built from the same IR', () => {
  const names = handIR.declarations.map((d) => d.name);
  const agree = (name: string, v: unknown): void => {
    const c = m.Validators[name]!;
    const ok = c.check(v, 0);
    const z = zods.get(name)!.safeParse(v).success;
    if (ok !== z) throw new Error(`${name}: compiled ${ok}, zod ${z} on ${JSON.stringify(v)}`);
    const is: Issue[] = [];
    c.collect(v, '', is, 0);
    if (ok !== (is.length === 0)) throw new Error(`${name}: check ${ok} but ${is.length} issues on ${JSON.stringify(v)}`);
    if (ok) {
      const stripped = c.strip(v);
      if (!c.check(stripped, 1)) throw new Error(`${name}: strip output fails strict on ${JSON.stringify(v)}`);
    }
  };
  for (const name of names) {
    it(`${name}: generated, mutated and arbitrary inputs`, () => {
      const valid = validArbitrary(handIR, { kind: 'ref', name });
      fc.assert(fc.property(valid, (v) => agree(name, v)), { numRuns: 150 });
      fc.assert(
        fc.property(valid, fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.boolean(), (v, c, r, rm) => agree(name, mutate(v, c, r, rm).value)),
        { numRuns: 150 },
      );
      fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), (v) => agree(name, v)), { numRuns: 100 });
    });
  }
});
