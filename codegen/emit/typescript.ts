/**
 * IR → TypeScript declarations (generated/types.ts), enums and protocol tables (generated/enums.ts),
 * and the gateway event maps (generated/events.ts).
 *
 * We print source text ourselves rather than building a ts-morph AST: the IR already has the exact
 * shape we want, string building is an order of magnitude faster than AST printing for ~500
 * declarations, and prettier gives the final layout either way.
 */
import type { GeneratedFile, IR, IRDeclaration, IRType } from '../ir.js';
import { propertyKey } from '../names.js';
import { declRefs, isFiniteKey, objectProps, refsOf } from '../ir-query.js';
import { header, isEnumLike, jsdoc, mergedArrayProperties } from './common.js';

function literal(value: unknown): string {
  return typeof value === 'bigint' ? `${value}n` : JSON.stringify(value);
}

/** Precedence: 0 = top level, 1 = inside a union, 2 = inside an intersection, 3 = array element. */
export function printType(type: IRType, decls: ReadonlyMap<string, IRDeclaration>, level = 0): string {
  const wrap = (text: string, own: number): string => (level > own ? `(${text})` : text);
  switch (type.kind) {
    case 'unknown':
      return 'unknown';
    case 'never':
      return 'never';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
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
    case 'union': {
      const open = openBases(type.members, decls);
      const printed = type.members.map((m) => {
        const base = plainBase(m);
        // `MessageType | number` is just `number` to TypeScript: `number & {}` keeps the known
        // members visible (completion, narrowing) while any other number is still allowed.
        return base !== null && open.has(base) ? `(${base} & {})` : printType(m, decls, 1);
      });
      return wrap(printed.join(' | '), 1);
    }
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
    if (m.kind === 'ref') {
      const body = decls.get(m.name)?.body;
      if (body?.kind === 'enum') known.add(body.base === 'string' ? 'string' : 'number');
    }
  }
  return new Set(members.map(plainBase).filter((b): b is 'string' | 'number' => b !== null && known.has(b)));
}

function printObject(type: Extract<IRType, { kind: 'object' }>, decls: ReadonlyMap<string, IRDeclaration>): string {
  if (type.properties.length === 0) {
    // An object whose keys the schema does not list (RESUMED's `d`): any object, but not any value.
    if (type.additional === null) return 'Record<string, unknown>';
    return type.additional.kind === 'never' ? 'Record<string, never>' : `Record<string, ${printType(type.additional, decls)}>`;
  }
  const lines = type.properties.map(
    (p) => `${jsdoc(p.doc)}${propertyKey(p.name)}${p.required ? '' : '?'}: ${printType(p.type, decls)};`,
  );
  return `{\n${lines.join('\n')}\n}`;
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
        `${jsdoc(decl.doc)}export type ${decl.name} = ${values.join(' | ')};\n` +
        `/** Every value of {@link ${decl.name}}, in schema order. */\n` +
        `export const ${decl.name}Values = [${values.join(', ')}] as const;\n`
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
    const fields: string[] = [`name: ${literal(m.name)}`, `value: ${literal(m.value)}`];
    if (m.doc.description !== undefined) fields.push(`description: ${literal(m.doc.description)}`);
    if (m.aliases.length > 0) fields.push(`aliases: ${literal(m.aliases)}`);
    for (const [k, v] of Object.entries(m.extra)) fields.push(`${propertyKey(k)}: ${literal(v)}`);
    return `{ ${fields.join(', ')} },`;
  });
  return `/** Every row of the {@link ${decl.name}} table, in schema order. */\nexport const ${decl.name}Table = [\n${rows.join('\n')}\n] as const;\n`;
}

export function emitTypes(ir: IR): GeneratedFile[] {
  const decls = new Map(ir.declarations.map((d) => [d.name, d]));
  const enumNames = new Set<string>();
  for (const d of ir.declarations) {
    if (isEnumLike(d)) continue;
    for (const r of declRefs(d)) if (decls.get(r) && isEnumLike(decls.get(r)!)) enumNames.add(r);
  }
  const imports = enumNames.size > 0 ? `import type { ${[...enumNames].sort().join(', ')} } from './enums.js';\n\n` : '';
  const types = ir.declarations.filter((d) => !isEnumLike(d)).map((d) => printDeclaration(d, decls));
  const enums = ir.declarations.filter(isEnumLike).map(printEnum);
  return [
    { path: 'types.ts', contents: header(ir, 'TypeScript types, one declaration per schema definition.') + imports + types.join('\n') },
    { path: 'enums.ts', contents: header(ir, 'Enums, bitfields and protocol tables: `as const` objects plus union types.') + (enums.length > 0 ? enums.join('\n') : 'export {};\n') },
  ];
}

export function emitEvents(ir: IR): GeneratedFile[] {
  const decls = new Map(ir.declarations.map((d) => [d.name, d]));
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
  let out = header(ir, 'Gateway event maps, payload unions and the lists of events and commands.');
  if (typeRefs.length > 0) out += `import type { ${typeRefs.join(', ')} } from './types.js';\n`;
  if (enumRefs.length > 0) out += `import type { ${enumRefs.join(', ')} } from './enums.js';\n`;
  out += '\n';
  out += `/** The data (\`d\`) of every dispatch, by event name (\`t\`). */\nexport interface GatewayDispatchEventMap {\n${mapLines.join('\n')}\n}\n\n`;
  out += `/** Every dispatch frame (op 0); \`switch (payload.t)\` narrows \`d\`. */\nexport type GatewayDispatchPayload = ${dispatches.length > 0 ? dispatches.map((f) => f.name).join(' | ') : 'never'};\n\n`;
  out += `/** A dispatch frame for one event name. */\nexport type GatewayDispatchPayloadOf<T extends keyof GatewayDispatchEventMap> = Extract<GatewayDispatchPayload, { t: T }>;\n\n`;
  out += `/** Every dispatch event name, as a runtime object of name → name. */\nexport const GatewayDispatchEvents = {\n${dispatches.map((f) => `${propertyKey(f.t!)}: ${literal(f.t)},`).join('\n')}\n} as const;\n`;
  out += `export type GatewayDispatchEvents = (typeof GatewayDispatchEvents)[keyof typeof GatewayDispatchEvents];\n\n`;
  out += `/** Every command a client sends, by name → opcode. */\nexport const GatewaySendCommands = {\n${send.map((f) => `${propertyKey(f.command ?? f.name)}: ${f.op},`).join('\n')}\n} as const;\n`;
  out += `export type GatewaySendCommands = (typeof GatewaySendCommands)[keyof typeof GatewaySendCommands];\n\n`;
  const frameRow = (f: (typeof ir.frames)[number]): string => `{ name: ${literal(f.name)}, op: ${f.op}, t: ${literal(f.t)} },`;
  out += `/** Every frame the gateway sends: its declaration name, opcode and event name. */\nexport const GatewayReceiveFrames = [\n${receive.map(frameRow).join('\n')}\n] as const;\n\n`;
  out += `/** Every frame a client sends. */\nexport const GatewaySendFrames = [\n${send.map(frameRow).join('\n')}\n] as const;\n`;
  return [{ path: 'events.ts', contents: out }];
}
