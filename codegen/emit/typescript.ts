/**
 * IR → TypeScript declarations (generated/types.ts), enums and protocol tables (generated/enums.ts),
 * and the gateway event maps (generated/events.ts).
 *
 * We print source text ourselves rather than building a ts-morph AST: the IR already has the exact
 * shape we want, and string building is an order of magnitude faster than AST printing for ~500
 * declarations. The text is final: lines break at brackets and ./layout.ts indents them.
 */
import type { GeneratedFile, IR, IRDeclaration, IRType } from '../ir.js';
import { declarationsByName, declRefs, enumBase, isFiniteKey, isKeywordType, objectProps, refsOf } from '../ir-query.js';
import { header, importLine, isEnumLike, jsdoc, mergedArrayProperties } from './common.js';
import { indentBlocks, key as propertyKey, list, literal, printValue, WIDTH } from './layout.js';

/** Precedence: 0 = top level, 1 = inside a union, 2 = inside an intersection, 3 = array element. */
export function printType(type: IRType, decls: ReadonlyMap<string, IRDeclaration>, level = 0): string {
  const wrap = (text: string, own: number): string => (level > own ? `(${text})` : text);
  if (isKeywordType(type)) return type.kind;
  switch (type.kind) {
    case 'literal':
      return literal(type.value);
    case 'ref':
    case 'flags':
      return type.name;
    case 'array':
      return `${printType(type.items, decls, 3)}[]`;
    case 'tuple': {
      const labelled = type.items.length > 0 && type.items.every((i) => i.label !== undefined);
      const parts = type.items.map((item, i) => {
        const optional = i >= type.minItems;
        const t = printType(item.type, decls, optional && !labelled ? 3 : 0);
        return labelled ? `${item.label}${optional ? '?' : ''}: ${t}` : `${t}${optional ? '?' : ''}`;
      });
      if (type.rest) parts.push(labelled ? `...rest: ${printType(type.rest, decls, 3)}[]` : `...${printType(type.rest, decls, 3)}[]`);
      return `[${parts.join(', ')}]`;
    }
    case 'object':
      return printObject(type, decls);
    case 'record': {
      const key = printType(type.key, decls);
      const value = printType(type.value, decls);
      // Keys drawn from an enum are never all present at once.
      const finiteKeys = isFiniteKey(type.key, decls);
      return finiteKeys ? `Partial<Record<${key}, ${value}>>` : `Record<${key}, ${value}>`;
    }
    case 'union':
      return wrap(unionMembers(type.members, decls).join(' | '), 1);
    case 'intersection': {
      // A field several members declare as different arrays is printed once, as one array of the
      // merged items (`A[] & B[]` would not type-check `map`): the members without it, plus it.
      const merged = mergedArrayProperties(type.members, decls);
      if (merged.size === 0) return wrap(type.members.map((m) => printType(m, decls, 2)).join(' & '), 2);
      const keys = [...merged.keys()].map(literal).join(' | ');
      const parts = type.members.map((m) => {
        const props = objectProps(m, decls);
        return props !== null && [...merged.keys()].some((k) => props.has(k)) ? `Omit<${printType(m, decls)}, ${keys}>` : printType(m, decls, 2);
      });
      parts.push(printObject({ kind: 'object', properties: [...merged.values()], additional: null }, decls));
      return wrap(parts.join(' & '), 2);
    }
    case 'not':
      // TypeScript has no negation; the validators enforce `not`.
      return printType(type.base, decls, level);
  }
}

/** The members of a union as printed, each ready to stand between ` | `. */
function unionMembers(members: readonly IRType[], decls: ReadonlyMap<string, IRDeclaration>): string[] {
  const open = openBases(members, decls);
  return members.map((m) => {
    const base = plainBase(m);
    // `MessageType | number` is just `number` to TypeScript: `number & {}` keeps the known
    // members visible (completion, narrowing) while any other number is still allowed.
    return base !== null && open.has(base) ? `(${base} & {})` : printType(m, decls, 1);
  });
}

/** `export type Name = A | B;`, or one member per line when that is wider than {@link WIDTH}. */
export function typeAlias(name: string, members: readonly string[]): string {
  const oneLine = `export type ${name} = ${members.join(' | ')};`;
  if (members.length < 2 || (oneLine.length <= WIDTH && !oneLine.includes('\n'))) return `${oneLine}\n`;
  return `export type ${name} =\n${members.map((m) => `  | ${m}`).join('\n')};\n`;
}

/** `string` or `number` when `t` is that primitive without constraints a type could show. */
function plainBase(t: IRType): 'string' | 'number' | null {
  if (t.kind === 'string') return 'string';
  if (t.kind === 'number') return 'number';
  return null;
}

/** The primitives of a union that would swallow its enum or literal members (an open enum). */
function openBases(members: readonly IRType[], decls: ReadonlyMap<string, IRDeclaration>): Set<'string' | 'number'> {
  const known = new Set<'string' | 'number'>();
  for (const m of members) {
    if (m.kind === 'literal' && (typeof m.value === 'string' || typeof m.value === 'number')) known.add(typeof m.value === 'string' ? 'string' : 'number');
    const base = enumBase(m, decls);
    if (base !== null) known.add(base === 'string' ? 'string' : 'number');
  }
  return new Set(members.map(plainBase).filter((b): b is 'string' | 'number' => b !== null && known.has(b)));
}

function printObject(type: Extract<IRType, { kind: 'object' }>, decls: ReadonlyMap<string, IRDeclaration>): string {
  if (type.properties.length === 0) {
    // An object whose keys the schema does not list (RESUMED's `d`): any object, but not any value.
    if (type.additional === null) return 'Record<string, unknown>';
    return type.additional.kind === 'never' ? 'Record<string, never>' : `Record<string, ${printType(type.additional, decls)}>`;
  }
  const lines = type.properties.map((p) => `${jsdoc(p.doc)}${propertyKey(p.name)}${p.required ? '' : '?'}: ${printFieldType(p.type, decls)};`);
  return `{\n${lines.join('\n')}\n}`;
}

/**
 * A field's type; a union (or an array of one) that would make the line wider than {@link WIDTH}
 * goes one member per line, so a new member is a one-line change.
 */
function printFieldType(type: IRType, decls: ReadonlyMap<string, IRDeclaration>): string {
  const text = printType(type, decls);
  // the field's indent and name are not known here; most fields sit one level deep with short names
  if (text.length <= WIDTH - 24 || text.includes('\n')) return text;
  if (type.kind === 'union' && type.members.length > 1) return `\n${unionMembers(type.members, decls).map((m) => `  | ${m}`).join('\n')}`;
  if (type.kind === 'array' && type.items.kind === 'union' && type.items.members.length > 1) {
    return `(\n${unionMembers(type.items.members, decls).map((m) => `| ${m}`).join('\n')}\n)[]`;
  }
  return text;
}

function printDeclaration(decl: IRDeclaration, decls: ReadonlyMap<string, IRDeclaration>): string {
  const doc = jsdoc(decl.doc);
  const body = decl.body;
  if (body.kind === 'derived') {
    const pick = body.required.length > 0 ? ` & Required<Pick<${body.base}, ${body.required.map(literal).join(' | ')}>>` : '';
    const note = body.required.length > 0 ? `${body.base} with every field optional except ${body.required.join(', ')}.` : `${body.base} with every field optional.`;
    return `${doc || jsdoc({ description: note })}export type ${decl.name} = Partial<${body.base}>${pick};\n`;
  }
  if (body.kind !== 'type') return '';
  if (body.type.kind === 'object' && body.type.properties.length > 0) {
    return `${doc}export interface ${decl.name} ${printObject(body.type, decls)}\n`;
  }
  if (body.type.kind === 'union') return `${doc}${typeAlias(decl.name, unionMembers(body.type.members, decls))}`;
  return `${doc}export type ${decl.name} = ${printType(body.type, decls)};\n`;
}

function memberKey(name: string): string {
  return propertyKey(name);
}

function printEnum(decl: IRDeclaration): string {
  const body = decl.body;
  if (body.kind === 'enum') {
    if (!body.named) {
      const values = body.members.map((m) => literal(m.value));
      return (
        `${jsdoc(decl.doc)}${typeAlias(decl.name, values)}` +
        `/** Every value of {@link ${decl.name}}, in schema order. */\n` +
        `export const ${decl.name}Values = ${list(values, '[', ']', WIDTH - decl.name.length - 30)} as const;\n`
      );
    }
    const lines: string[] = [];
    for (const m of body.members) {
      lines.push(`${jsdoc(m.doc)}${memberKey(m.name)}: ${literal(m.value)},`);
      for (const alias of m.aliases) lines.push(`${jsdoc({ deprecated: `Renamed to ${m.name}.` })}${memberKey(alias)}: ${literal(m.value)},`);
    }
    return (
      `${jsdoc(decl.doc)}export const ${decl.name} = {\n${lines.join('\n')}\n} as const;\n` +
      `export type ${decl.name} = (typeof ${decl.name})[keyof typeof ${decl.name}];\n` +
      (body.table ? printTable(decl) : '')
    );
  }
  if (body.kind === 'flags') {
    const bigint = body.base === 'bigint-string';
    const lines: string[] = [];
    const valueText = (v: string | number): string => {
      if (bigint) {
        const b = BigInt(v);
        const bit = b > 0n && (b & (b - 1n)) === 0n ? b.toString(2).length - 1 : -1;
        return bit >= 0 ? `1n << ${bit}n` : `${b}n`;
      }
      const n = Number(v);
      const bit = n > 0 && Number.isInteger(Math.log2(n)) ? Math.log2(n) : -1;
      return bit >= 0 && bit <= 30 ? `1 << ${bit}` : String(n);
    };
    for (const m of body.members) {
      lines.push(`${jsdoc(m.doc)}${memberKey(m.name)}: ${valueText(m.value)},`);
      for (const alias of m.aliases) lines.push(`${jsdoc({ deprecated: `Renamed to ${m.name}.` })}${memberKey(alias)}: ${valueText(m.value)},`);
    }
    const typeDoc = bigint
      ? `A bitfield serialised as a decimal string (a bigint); its bits are the {@link ${decl.name}} constants.`
      : `A bitfield; its bits are the {@link ${decl.name}} constants.`;
    return (
      `${jsdoc(decl.doc)}export const ${decl.name} = {\n${lines.join('\n')}\n} as const;\n` +
      `${jsdoc({ description: typeDoc })}export type ${decl.name} = ${bigint ? 'string' : 'number'};\n` +
      (body.table ? printTable(decl) : '')
    );
  }
  return '';
}

function printTable(decl: IRDeclaration): string {
  const body = decl.body;
  if (body.kind !== 'enum' && body.kind !== 'flags') return '';
  const rows = body.members.map((m) => {
    const row: Record<string, unknown> = { name: m.name, value: m.value };
    if (m.doc.description !== undefined) row['description'] = m.doc.description;
    if (m.aliases.length > 0) row['aliases'] = m.aliases;
    Object.assign(row, m.extra);
    return `${printValue(row, 2)},`;
  });
  return `/** Every row of the {@link ${decl.name}} table, in schema order. */\nexport const ${decl.name}Table = [\n${rows.join('\n')}\n] as const;\n`;
}

export function emitTypes(ir: IR): GeneratedFile[] {
  const decls = declarationsByName(ir);
  const enumNames = new Set<string>();
  for (const d of ir.declarations) {
    if (isEnumLike(d)) continue;
    for (const r of declRefs(d)) if (decls.get(r) && isEnumLike(decls.get(r)!)) enumNames.add(r);
  }
  const imports = enumNames.size > 0 ? `${importLine([...enumNames].sort(), './enums.js', true)}\n` : '';
  const types = ir.declarations.filter((d) => !isEnumLike(d)).map((d) => printDeclaration(d, decls));
  const enums = ir.declarations.filter(isEnumLike).map(printEnum);
  return [
    { path: 'types.ts', contents: header(ir, 'TypeScript types, one declaration per schema definition.') + indentBlocks(imports + types.join('\n')) },
    { path: 'enums.ts', contents: header(ir, 'Enums, bitfields and protocol tables: `as const` objects plus union types.') + indentBlocks(enums.length > 0 ? enums.join('\n') : 'export {};\n') },
  ];
}

export function emitEvents(ir: IR): GeneratedFile[] {
  const decls = declarationsByName(ir);
  const receive = ir.frames.filter((f) => f.direction === 'receive');
  const send = ir.frames.filter((f) => f.direction === 'send');
  const dispatches = receive.filter((f) => f.op === 0 && f.t !== null);
  const used = new Set<string>();
  const typeText = (t: IRType): string => {
    for (const r of refsOf(t)) used.add(r);
    return printType(t, decls);
  };
  const mapLines = dispatches.map((f) => `${propertyKey(f.t!)}: ${typeText(f.data)};`);
  for (const f of dispatches) used.add(f.name);
  const enumRefs = [...used].filter((n) => decls.get(n) && isEnumLike(decls.get(n)!)).sort();
  const typeRefs = [...used].filter((n) => !enumRefs.includes(n)).sort();
  let out = '';
  if (typeRefs.length > 0) out += importLine(typeRefs, './types.js', true);
  if (enumRefs.length > 0) out += importLine(enumRefs, './enums.js', true);
  out += '\n';
  out += `/** The data (\`d\`) of every dispatch, by event name (\`t\`). */\nexport interface GatewayDispatchEventMap {\n${mapLines.join('\n')}\n}\n\n`;
  out += `/** Every dispatch frame (op 0); \`switch (payload.t)\` narrows \`d\`. */\n${typeAlias('GatewayDispatchPayload', dispatches.length > 0 ? dispatches.map((f) => f.name) : ['never'])}\n`;
  out += `/** A dispatch frame for one event name. */\nexport type GatewayDispatchPayloadOf<T extends keyof GatewayDispatchEventMap> = Extract<\n  GatewayDispatchPayload,\n  { t: T }\n>;\n\n`;
  out += `/** Every dispatch event name, as a runtime object of name → name. */\nexport const GatewayDispatchEvents = {\n${dispatches.map((f) => `${propertyKey(f.t!)}: ${literal(f.t)},`).join('\n')}\n} as const;\n`;
  out += `export type GatewayDispatchEvents = (typeof GatewayDispatchEvents)[keyof typeof GatewayDispatchEvents];\n\n`;
  out += `/** Every command a client sends, by name → opcode. */\nexport const GatewaySendCommands = {\n${send.map((f) => `${propertyKey(f.command ?? f.name)}: ${f.op},`).join('\n')}\n} as const;\n`;
  out += `export type GatewaySendCommands = (typeof GatewaySendCommands)[keyof typeof GatewaySendCommands];\n\n`;
  const frameRow = (f: (typeof ir.frames)[number]): string => `{ name: ${literal(f.name)}, op: ${f.op}, t: ${literal(f.t)} },`;
  out += `/** Every frame the gateway sends: its declaration name, opcode and event name. */\nexport const GatewayReceiveFrames = [\n${receive.map(frameRow).join('\n')}\n] as const;\n\n`;
  out += `/** Every frame a client sends. */\nexport const GatewaySendFrames = [\n${send.map(frameRow).join('\n')}\n] as const;\n`;
  const what = 'Gateway event maps, payload unions and the lists of events and commands.';
  return [{ path: 'events.ts', contents: header(ir, what) + indentBlocks(out) }];
}
