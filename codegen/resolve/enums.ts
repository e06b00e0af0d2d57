/**
 * Enum and bitfield declarations: a multi-value `enum` (strings or numbers) and `x-flags`, with
 * member names from `x-members` rows where given and derived from the values otherwise.
 */
import type { IRDeclarationBody, IREnumMember } from '../ir.js';
import { joinPointer } from '../json-pointer.js';
import type { Json, JsonObject } from '../load.js';
import { pascalCase } from '../names.js';
import type { Ctx, ResolveState } from './context.js';
import { sameJson, typeList } from './schema-node.js';

/** The body of a multi-value `enum` declaration (`values` without `null`). */
export function enumBody(state: ResolveState, node: JsonObject, ctx: Ctx, values: Json[]): IRDeclarationBody {
  const strings = values.every((v) => typeof v === 'string');
  const integers = values.every((v) => typeof v === 'number' && Number.isInteger(v));
  const numbers = values.every((v) => typeof v === 'number');
  if (!strings && !numbers) state.fail('CODEGEN_MIXED_ENUM', ctx, 'a multi-value `enum` must hold only strings or only numbers');
  const hasRows = Array.isArray(node['x-members']);
  const members = membersFrom(state, node, ctx, values.map((v) => [String(v), v as string | number]), (v) => (typeof v === 'string' ? pascalCase(v) : `Value${String(v).replace(/[^0-9]/g, '_')}`));
  return {
    kind: 'enum',
    base: strings ? 'string' : integers ? 'integer' : 'number',
    members,
    named: strings || hasRows,
    nullable: false,
    table: hasExtraColumns(members),
  };
}

/** The body of an `x-flags` declaration. */
export function flagsBody(state: ResolveState, node: JsonObject, ctx: Ctx): IRDeclarationBody {
  const flags = node['x-flags'] as JsonObject;
  let base: 'integer' | 'bigint-string' = typeList(node)?.includes('string') ? 'bigint-string' : 'integer';
  let entries: [string, string | number][] = Object.entries(flags).map(([k, v]) => [k, v as string | number]);
  // Tolerant: flag values of the other kind than `type` says (a misspelt `type`) are read in the
  // kind that holds them all, with a warning (an error under --strict).
  const mismatched = entries.find(([, v]) => (base === 'integer' ? typeof v !== 'number' : typeof v !== 'string'));
  if (mismatched) {
    const fitsInteger = entries.every(([, v]) => Number.isSafeInteger(Number(v)));
    const read = base === 'integer' && !fitsInteger ? 'bigint-string' : base;
    state.warn('bad-flag', { file: ctx.file, pointer: joinPointer(ctx.pointer, 'x-flags', mismatched[0]) }, `${base === 'integer' ? 'an integer bitfield needs integer flag values' : 'a string bitfield needs decimal-string flag values'}; read as ${read === 'integer' ? 'integers' : 'decimal strings'}`);
    base = read;
    entries = entries.map(([k, v]) => [k, base === 'integer' ? Number(v) : String(v)]);
  }
  const members = membersFrom(state, node, ctx, entries, (_v, key) => pascalCase(key));
  return { kind: 'flags', base, members, table: hasExtraColumns(members) };
}

/** Whether any `x-members` row carries more than name, value and documentation (emitted as a table). */
function hasExtraColumns(members: readonly IREnumMember[]): boolean {
  return members.some((m) => Object.keys(m.extra).length > 0);
}

function membersFrom(state: ResolveState, node: JsonObject, ctx: Ctx, entries: [string, string | number][], derive: (value: string | number, key: string) => string): IREnumMember[] {
  const rows = Array.isArray(node['x-members']) ? (node['x-members'] as JsonObject[]) : null;
  const members: IREnumMember[] = [];
  const seen = new Set<string>();
  for (const [key, value] of entries) {
    const row = rows?.find((r) => (r['value'] !== undefined && sameJson(r['value'], value) && (rows.filter((x) => sameJson(x['value'], value)).length === 1 || r['name'] === key)));
    const name = row ? (row['name'] as string) : derive(value, key);
    if (seen.has(name)) state.fail('CODEGEN_DUPLICATE_MEMBER', ctx, `member name ${name} is used twice`);
    seen.add(name);
    const extra: Record<string, unknown> = {};
    if (row) for (const [k, v] of Object.entries(row)) if (!['name', 'value', 'description', 'deprecated', 'aliases'].includes(k)) extra[k] = v;
    const doc: { description?: string; deprecated?: boolean } = {};
    if (row && typeof row['description'] === 'string') doc.description = row['description'];
    if (row && row['deprecated'] === true) doc.deprecated = true;
    const aliases = row && Array.isArray(row['aliases']) ? (row['aliases'] as string[]) : [];
    members.push({ name, value, doc, aliases, extra });
  }
  if (rows) {
    for (const row of rows) {
      if (!entries.some(([, v]) => sameJson(v, row['value']))) {
        state.fail('CODEGEN_MEMBER_MISMATCH', { file: ctx.file, pointer: joinPointer(ctx.pointer, 'x-members') }, `row ${JSON.stringify(row['name'])} has value ${JSON.stringify(row['value'])}, which is not one of the schema's values`);
      }
    }
  }
  return members;
}
