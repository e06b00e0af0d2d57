/**
 * The IR questions the resolver and emitters share (codegen/ir-query.ts), on hand-built IR: an
 * object seen through a reference, a derived partial and an intersection; the literal values of a
 * type and of a discriminating property; finite record keys; enum bases; keyword types; dependency
 * order with a cycle.
 */
import { describe, expect, it } from 'vitest';
import type { IR, IRDeclaration, IRProperty, IRType } from '../../codegen/ir.js';
import { declRefs, dependencyOrder, enumBase, isFiniteKey, isKeywordType, literalValues, objectProps, objectView, propertyLiteral, refsOf } from '../../codegen/ir-query.js';

const str: IRType = { kind: 'string' };
const int: IRType = { kind: 'number', integer: true };
const prop = (name: string, type: IRType, required: boolean): IRProperty => ({ name, type, required, doc: {} });
const typeDecl = (name: string, type: IRType): IRDeclaration => ({ name, source: { file: 'x.json', pointer: '' }, doc: {}, body: { kind: 'type', type } });
const ref = (name: string): IRType => ({ kind: 'ref', name });

const user = typeDecl('User', { kind: 'object', properties: [prop('id', str, true), prop('name', str, true), prop('bot', { kind: 'boolean' }, false)], additional: null });
const partialUser: IRDeclaration = { name: 'PartialUserWithId', source: { file: 'x.json', pointer: '' }, doc: {}, body: { kind: 'derived', base: 'User', required: ['id'] } };
const member = typeDecl('Member', { kind: 'intersection', members: [ref('User'), { kind: 'object', properties: [prop('bot', { kind: 'literal', value: true }, true), prop('nick', str, false)], additional: int }] });
const status: IRDeclaration = {
  name: 'Status',
  source: { file: 'x.json', pointer: '' },
  doc: {},
  body: { kind: 'enum', base: 'string', members: [{ name: 'On', value: 'on', doc: {}, aliases: [], extra: {} }], named: true, nullable: false, table: false },
};
const loop = typeDecl('Loop', { kind: 'union', members: [ref('Loop'), { kind: 'null' }] });
const decls = new Map([user, partialUser, member, status, loop].map((d) => [d.name, d]));

describe('objectView / objectProps', () => {
  it('reads an object through a reference, keeping schema order', () => {
    expect(objectView(ref('User'), decls)?.properties.map((p) => p.name)).toEqual(['id', 'name', 'bot']);
  });

  it('a derived partial requires exactly its list', () => {
    const props = objectProps(ref('PartialUserWithId'), decls)!;
    expect([...props.values()].map((p) => [p.name, p.required])).toEqual([
      ['id', true],
      ['name', false],
      ['bot', false],
    ]);
  });

  it('an intersection keeps first positions, takes the later type, ORs required and keeps additional', () => {
    const view = objectView(ref('Member'), decls)!;
    expect(view.properties.map((p) => [p.name, p.type.kind, p.required])).toEqual([
      ['id', 'string', true],
      ['name', 'string', true],
      ['bot', 'literal', true],
      ['nick', 'string', false],
    ]);
    expect(view.additional).toEqual(int);
  });

  it('is null for what is not an object, a missing declaration and a cycle of aliases', () => {
    expect(objectView(str, decls)).toBeNull();
    expect(objectView(ref('Status'), decls)).toBeNull();
    expect(objectView(ref('Nowhere'), decls)).toBeNull();
    const selfAlias = typeDecl('Self', { kind: 'intersection', members: [ref('Self')] });
    expect(objectView(ref('Self'), new Map([['Self', selfAlias]]))).toBeNull();
  });
});

describe('literalValues / isFiniteKey', () => {
  it('lists a literal or a union of literals, and nothing else', () => {
    expect(literalValues({ kind: 'literal', value: 3 })).toEqual([3]);
    expect(literalValues({ kind: 'union', members: [{ kind: 'literal', value: 'a' }, { kind: 'literal', value: null }] })).toEqual(['a', null]);
    expect(literalValues({ kind: 'union', members: [{ kind: 'literal', value: 'a' }, str] })).toBeNull();
    expect(literalValues(str)).toBeNull();
  });

  it('a key of literals or an enum is finite; a string is not', () => {
    expect(isFiniteKey(ref('Status'), decls)).toBe(true);
    expect(isFiniteKey({ kind: 'union', members: [{ kind: 'literal', value: 'a' }, { kind: 'literal', value: 'b' }] }, decls)).toBe(true);
    expect(isFiniteKey(str, decls)).toBe(false);
  });
});

describe('refsOf / declRefs / dependencyOrder', () => {
  it('names every declaration a type mentions', () => {
    expect([...refsOf({ kind: 'record', key: ref('Status'), value: { kind: 'array', items: ref('User') } })]).toEqual(['Status', 'User']);
    expect([...declRefs(partialUser)]).toEqual(['User']);
    expect([...declRefs(status)]).toEqual([]);
  });

  it('puts dependencies first, a cycle together, ties by name', () => {
    const ir: IR = { source: { root: '.', files: [], patches: [] }, declarations: [member, partialUser, loop, status, user], frames: [], diagnostics: [] };
    expect(dependencyOrder(ir).map((d) => d.name)).toEqual(['User', 'Member', 'PartialUserWithId', 'Loop', 'Status']);
  });
});

describe('propertyLiteral / enumBase / isKeywordType', () => {
  it('reads the literal a property is fixed to, through a reference and an intersection', () => {
    expect(propertyLiteral(ref('Member'), 'bot', decls)).toBe(true);
    expect(propertyLiteral({ kind: 'object', properties: [prop('op', { kind: 'literal', value: 0 }, true)], additional: null }, 'op', decls)).toBe(0);
    // a property typed otherwise, a missing property, and what is not an object have none
    expect(propertyLiteral(ref('User'), 'bot', decls)).toBeUndefined();
    expect(propertyLiteral(ref('User'), 'op', decls)).toBeUndefined();
    expect(propertyLiteral(str, 'op', decls)).toBeUndefined();
  });

  it('follows a property typed by an alias of a literal, and stops at a cycle of aliases', () => {
    const aliases = new Map<string, IRDeclaration>([
      ['Zero', typeDecl('Zero', { kind: 'literal', value: 0 })],
      ['ZeroAgain', typeDecl('ZeroAgain', ref('Zero'))],
      ['Round', typeDecl('Round', ref('Round'))],
    ]);
    const frame = (op: IRType): IRType => ({ kind: 'object', properties: [prop('op', op, true)], additional: null });
    expect(propertyLiteral(frame(ref('ZeroAgain')), 'op', aliases)).toBe(0);
    expect(propertyLiteral(frame(ref('Round')), 'op', aliases)).toBeUndefined();
    // an enum is several values, not the one a discriminator needs
    expect(propertyLiteral(frame(ref('Status')), 'op', decls)).toBeUndefined();
  });

  it('names the base of a referenced enum only', () => {
    expect(enumBase(ref('Status'), decls)).toBe('string');
    expect(enumBase(ref('User'), decls)).toBeNull();
    expect(enumBase(ref('Nowhere'), decls)).toBeNull();
    expect(enumBase({ kind: 'literal', value: 'on' }, decls)).toBeNull();
  });

  it('is true for the kinds TypeScript spells as a keyword, constraints or not', () => {
    const keywords: IRType[] = [{ kind: 'unknown' }, { kind: 'never' }, { kind: 'string', minLength: 1 }, int, { kind: 'boolean' }, { kind: 'null' }];
    expect(keywords.filter(isKeywordType).map((t) => t.kind)).toEqual(['unknown', 'never', 'string', 'number', 'boolean', 'null']);
    expect([ref('User'), { kind: 'literal', value: 1 } as IRType, { kind: 'array', items: str } as IRType].some(isKeywordType)).toBe(false);
  });
});
