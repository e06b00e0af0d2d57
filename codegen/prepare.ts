/**
 * Before resolution: apply the patch list, read every keyword, and make every `$ref` absolute.
 * After this step a schema node can be moved anywhere (merged into another object, used through a
 * pointer) and still mean the same thing, because no reference depends on where it sits.
 *
 * Reading is tolerant, as JSON Schema 2020-12 asks: an unknown keyword is ignored (with a warning
 * naming file and pointer, and a "did you mean" hint when a known keyword is one or two edits
 * away), an old spelling from the dialect's history is read as the current keyword, a value that
 * cannot be read is given its most sensible reading or dropped, and a union member listed twice
 * counts once. Every such repair is a warning; `--strict` (GenerateOptions.strict) turns them into
 * errors. What cannot be read at all (a schema that is not an object, a nested `$id`, a `$ref` that
 * is not a URI reference) stays an error.
 */
import type { Diagnostic } from './ir.js';
import { CodegenError, CodegenErrors, type CodegenWarningCode } from './errors.js';
import { joinPointer, pointerSegments } from './json-pointer.js';
import { isObject, type Json, type JsonObject, type SchemaFile } from './load.js';
import { closestWord } from './names.js';
import { keywordAliases } from './patches/keyword-aliases.js';
import { patchSets, type PatchSet } from './patches/upstream-schema-bugs.js';

/** Keywords whose value is one schema. */
const SCHEMA_KEYWORDS = ['additionalProperties', 'propertyNames', 'items', 'not'] as const;
/** Keywords whose value is a list of schemas. */
const SCHEMA_LIST_KEYWORDS = ['prefixItems', 'allOf', 'anyOf', 'oneOf'] as const;
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP_KEYWORDS = ['properties', '$defs'] as const;

const JSON_TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'integer', 'string']);

/** Annotations: they document a schema and never change what it accepts. */
export const ANNOTATION_KEYWORDS = new Set([
  '$comment',
  'title',
  'description',
  'deprecated',
  'examples',
  'default',
  'x-see',
  'x-members',
  'x-undocumented',
  'format',
]);

type KeywordCheck = (value: Json) => string | null;

const isString: KeywordCheck = (v) => (typeof v === 'string' ? null : 'must be a string');
const isNonNegativeInteger: KeywordCheck = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? null : 'must be a non-negative integer';
const isNumber: KeywordCheck = (v) => (typeof v === 'number' ? null : 'must be a number');
const isSchema: KeywordCheck = (v) => (typeof v === 'boolean' || isObject(v) ? null : 'must be a schema (an object or a boolean)');
const isSchemaList: KeywordCheck = (v) =>
  Array.isArray(v) && v.length > 0 && v.every((s) => isSchema(s) === null) ? null : 'must be a non-empty array of schemas';
const isSchemaMap: KeywordCheck = (v) =>
  isObject(v) && Object.values(v).every((s) => isSchema(s) === null) ? null : 'must be an object whose values are schemas';

/** Every keyword the dialect knows, with the shape its value must have. Anything else is ignored with a warning. */
const KEYWORDS: Record<string, KeywordCheck> = {
  $id: isString,
  $schema: isString,
  $ref: isString,
  $defs: isSchemaMap,
  $comment: isString,
  title: (v) => (typeof v === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(v) ? null : 'must be a TypeScript identifier'),
  description: isString,
  deprecated: (v) => (typeof v === 'boolean' ? null : 'must be a boolean'),
  examples: (v) => (Array.isArray(v) ? null : 'must be an array'),
  default: () => null,
  format: isString,
  type: (v) => {
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0) return 'must name at least one type';
    for (const t of list) if (typeof t !== 'string' || !JSON_TYPES.has(t)) return `names an unknown type ${JSON.stringify(t)}`;
    return new Set(list).size === list.length ? null : 'repeats a type';
  },
  enum: (v) => (Array.isArray(v) && v.length > 0 ? null : 'must be a non-empty array'),
  const: () => null,
  properties: isSchemaMap,
  required: (v) =>
    Array.isArray(v) && v.every((k) => typeof k === 'string') && new Set(v).size === v.length
      ? null
      : 'must be an array of distinct strings',
  additionalProperties: isSchema,
  propertyNames: isSchema,
  items: isSchema,
  prefixItems: isSchemaList,
  minItems: isNonNegativeInteger,
  maxItems: isNonNegativeInteger,
  minLength: isNonNegativeInteger,
  maxLength: isNonNegativeInteger,
  pattern: (v) => {
    if (typeof v !== 'string') return 'must be a string';
    try {
      new RegExp(v, 'u');
      return null;
    } catch {
      return 'is not a valid regular expression';
    }
  },
  minimum: isNumber,
  maximum: isNumber,
  allOf: isSchemaList,
  anyOf: isSchemaList,
  oneOf: isSchemaList,
  not: isSchema,
  'x-flags': (v) =>
    isObject(v) && Object.keys(v).length > 0 && Object.values(v).every((f) => typeof f === 'number' || (typeof f === 'string' && /^\d+$/.test(f)))
      ? null
      : 'must map flag names to integers or decimal strings',
  'x-see': isString,
  'x-undocumented': (v) => (v === true ? null : 'must be true (leave it out for a documented field)'),
  'x-members': (v) =>
    Array.isArray(v) &&
    v.every((row) => isObject(row) && typeof row['name'] === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(row['name']) && 'value' in row)
      ? null
      : 'must be an array of rows with an identifier `name` and a `value`',
};

/**
 * JSON Schema 2020-12 keywords the dialect does not read. They are ignored like unknown ones, but
 * the warning says what they are instead of guessing a typo.
 */
const STANDARD_UNREAD = new Set([
  '$anchor', '$dynamicAnchor', '$dynamicRef', '$vocabulary', 'if', 'then', 'else', 'dependentSchemas',
  'dependentRequired', 'contains', 'minContains', 'maxContains', 'uniqueItems', 'unevaluatedItems',
  'unevaluatedProperties', 'patternProperties', 'minProperties', 'maxProperties', 'exclusiveMinimum',
  'exclusiveMaximum', 'multipleOf', 'readOnly', 'writeOnly', 'contentEncoding', 'contentMediaType',
  'contentSchema',
]);

const ALIASES = new Map(keywordAliases.map((a) => [a.alias, a]));

/** Type names upstream wrote that are more than two edits from the JSON type they mean. */
const TYPE_SYNONYMS: Record<string, string> = {
  list: 'array',
  tuple: 'array',
  str: 'string',
  text: 'string',
  int: 'integer',
  long: 'integer',
  float: 'number',
  double: 'number',
  decimal: 'number',
  bool: 'boolean',
  dict: 'object',
  map: 'object',
  record: 'object',
  nil: 'null',
  none: 'null',
};

/** The JSON type a misspelt type name most sensibly means, or null when nothing is close. */
function readTypeName(name: Json): string | null {
  if (typeof name !== 'string') return null;
  const lower = name.toLowerCase();
  if (JSON_TYPES.has(lower)) return lower;
  return TYPE_SYNONYMS[lower] ?? closestWord(lower, [...JSON_TYPES]);
}

/** A repaired value (`undefined`: drop the keyword) and the words that say how it was read. */
interface Reading {
  readonly value: Json | undefined;
  readonly how: string;
}

const ignored: Reading = { value: undefined, how: 'ignored' };

/**
 * The most sensible reading of a value that failed its check, per keyword. Positions inside lists
 * keep their index (a bad union member becomes `false`, a bad `allOf` member `true`), so every
 * later pointer still names the same place in the file.
 */
function readBadValue(key: string, value: Json): Reading {
  switch (key) {
    case 'type': {
      const list = Array.isArray(value) ? value : [value];
      const read = list.map(readTypeName);
      if (read.length === 0 || read.some((t) => t === null)) return { value: undefined, how: 'ignored (any type)' };
      const unique = [...new Set(read as string[])];
      const out = unique.length === 1 ? unique[0]! : unique;
      return { value: out, how: `read as ${JSON.stringify(out)}` };
    }
    case 'required': {
      if (typeof value === 'string') return { value: [value], how: `read as ${JSON.stringify([value])}` };
      if (Array.isArray(value)) {
        const names = [...new Set(value.filter((k): k is string => typeof k === 'string'))];
        return { value: names, how: `read as ${JSON.stringify(names)}` };
      }
      return ignored;
    }
    case 'enum':
      if (!Array.isArray(value)) return { value: [value], how: `read as [${JSON.stringify(value)}]` };
      return ignored;
    case 'properties':
    case '$defs': {
      if (!isObject(value)) return ignored;
      const kept: JsonObject = {};
      const dropped: string[] = [];
      for (const [k, v] of Object.entries(value)) {
        if (isSchema(v) === null) kept[k] = v;
        else dropped.push(k);
      }
      return { value: kept, how: `without ${dropped.map((k) => JSON.stringify(k)).join(', ')}` };
    }
    case 'allOf':
    case 'anyOf':
    case 'oneOf':
    case 'prefixItems': {
      if (!Array.isArray(value) || value.length === 0) return ignored;
      const neutral = key === 'anyOf' || key === 'oneOf' ? false : true;
      return { value: value.map((v) => (isSchema(v) === null ? v : neutral)), how: `with each member that is not a schema read as \`${String(neutral)}\`` };
    }
    case 'x-flags': {
      if (!isObject(value)) return ignored;
      const kept: JsonObject = {};
      for (const [k, v] of Object.entries(value)) if (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) kept[k] = v;
      return Object.keys(kept).length > 0 ? { value: kept, how: 'without the flags whose value is not a number' } : ignored;
    }
    default:
      return ignored;
  }
}

/** Keywords a schema node may carry, for "did you mean" hints. */
const KNOWN_NAMES = (): string[] => Object.keys(KEYWORDS);

export interface PreparedSchemas {
  readonly files: readonly SchemaFile[];
  readonly diagnostics: Diagnostic[];
  /** Ids of the patches that were applied (`list/patch`). */
  readonly patches: string[];
}

export interface PrepareOptions {
  /** Apply the known patch lists for upstream snapshots (default true). */
  readonly patches?: boolean;
}

function getAt(root: Json, pointer: string): { parent: JsonObject | Json[]; key: string } | null {
  const parts = pointerSegments(pointer);
  let node: Json = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    if (Array.isArray(node)) node = node[Number(part)] as Json;
    else if (isObject(node)) node = node[part] as Json;
    else return null;
    if (node === undefined) return null;
  }
  if (!isObject(node) && !Array.isArray(node)) return null;
  return { parent: node, key: parts[parts.length - 1]! };
}

function valueAt(root: Json, pointer: string): Json | undefined {
  const at = getAt(root, pointer);
  return at ? ((at.parent as Record<string, Json>)[at.key] as Json | undefined) : undefined;
}

function applyPatchSet(set: PatchSet, files: SchemaFile[], diagnostics: Diagnostic[], applied: string[]): void {
  const byPath = new Map(files.map((f) => [new URL(f.id).pathname, f]));
  for (const patch of set.patches) {
    const id = `${set.name}/${patch.id}`;
    const file = byPath.get(patch.file);
    // A snapshot without the file has nothing for the patch to fix.
    if (!file) continue;
    const at = getAt(file.root, patch.pointer);
    const current = at ? (at.parent as Record<string, Json>)[at.key] : undefined;
    if (!at || JSON.stringify(current) !== JSON.stringify(patch.expect)) {
      diagnostics.push({
        level: 'warning',
        code: 'patch-skipped',
        file: file.file,
        pointer: patch.pointer,
        message: `patch ${id} not applied: it expects ${JSON.stringify(patch.expect)} here and ${current === undefined ? 'there is nothing' : `finds ${JSON.stringify(current)}`} (upstream may have fixed or changed it)`,
      });
      continue;
    }
    (at.parent as Record<string, Json>)[at.key] = structuredClone(patch.value);
    applied.push(id);
    diagnostics.push({
      level: 'warning',
      code: 'upstream-bug-patched',
      file: file.file,
      pointer: patch.pointer,
      message: `${patch.reason} Patched by ${id}.`,
    });
  }
  for (const issue of set.knownIssues) {
    const file = byPath.get(issue.file);
    if (!file || !issue.holds(valueAt(file.root, issue.pointer))) continue;
    diagnostics.push({ level: 'warning', code: 'upstream-bug-known', file: file.file, pointer: issue.pointer, message: issue.message });
  }
}

/** Rebuilds `node` with `from` renamed to `to` in place (key order kept, so output order is too). */
function renameKey(node: JsonObject, from: string, to: string): void {
  const entries = Object.entries(node);
  for (const [k] of entries) delete node[k];
  for (const [k, v] of entries) node[k === from ? to : k] = v;
}

/**
 * Deepest JSON nesting (objects and arrays) a schema file may have: one `anyOf` level is two, and
 * the deepest real schema is a few dozen. Every stage after this one recurses over the nesting.
 */
export const MAX_SCHEMA_NESTING = 1000;

/** `CODEGEN_TOO_DEEP` at the first node past MAX_SCHEMA_NESTING, found without recursing. */
function nestingError(file: SchemaFile): CodegenError | null {
  const stack: { node: Json; pointer: string; depth: number }[] = [{ node: file.root, pointer: '', depth: 1 }];
  while (stack.length > 0) {
    const { node, pointer, depth } = stack.pop()!;
    if (depth > MAX_SCHEMA_NESTING) {
      return new CodegenError('CODEGEN_TOO_DEEP', file.file, pointer, `the schema is nested more than ${MAX_SCHEMA_NESTING} levels deep here`);
    }
    if (Array.isArray(node)) node.forEach((child, i) => stack.push({ node: child, pointer: joinPointer(pointer, i), depth: depth + 1 }));
    else if (isObject(node)) for (const [key, child] of Object.entries(node)) stack.push({ node: child, pointer: joinPointer(pointer, key), depth: depth + 1 });
  }
  return null;
}

/**
 * Applies patches, reads every keyword (repairing what it can, with a warning) and makes `$ref`s
 * absolute. Returns copies; the loaded files are not changed. Problems that cannot be read past are
 * collected and thrown together as `CodegenErrors`.
 */
export function prepareSchemas(loaded: readonly SchemaFile[], options: PrepareOptions = {}): PreparedSchemas {
  // Checked before anything recurses (structuredClone included): a schema nested thousands deep
  // would end in a RangeError that names no file.
  const tooDeep = loaded.map(nestingError).filter((e): e is CodegenError => e !== null);
  if (tooDeep.length > 0) throw new CodegenErrors(tooDeep);
  const files: SchemaFile[] = loaded.map((f) => ({ ...f, root: structuredClone(f.root) }));
  const diagnostics: Diagnostic[] = [];
  const applied: string[] = [];
  if (options.patches !== false) {
    for (const set of patchSets) {
      const matching = files.filter((f) => new URL(f.id).origin === set.origin);
      if (matching.length > 0) applyPatchSet(set, matching, diagnostics, applied);
    }
  }

  const errors: CodegenError[] = [];
  for (const file of files) {
    const warn = (code: CodegenWarningCode, pointer: string, message: string): void => {
      diagnostics.push({ level: 'warning', code, file: file.file, pointer, message });
    };
    const walk = (node: Json, pointer: string, isRoot: boolean): void => {
      if (typeof node === 'boolean') return;
      if (!isObject(node)) {
        errors.push(new CodegenError('CODEGEN_BAD_SCHEMA', file.file, pointer, 'a schema must be an object or a boolean'));
        return;
      }
      for (const original of Object.keys(node)) {
        let key = original;
        const alias = ALIASES.get(key);
        if (alias !== undefined && !(alias.keyword in node)) {
          warn('keyword-deprecated', joinPointer(pointer, key), `\`${key}\` is an old spelling of \`${alias.keyword}\` (${alias.history}); read as \`${alias.keyword}\``);
          renameKey(node, key, alias.keyword);
          key = alias.keyword;
        }
        const at = joinPointer(pointer, original);
        const check = KEYWORDS[key];
        if (!check) {
          if (alias !== undefined) warn('unknown-keyword', at, `\`${key}\` (an old spelling of \`${alias.keyword}\`) is ignored: this schema also has \`${alias.keyword}\``);
          else if (STANDARD_UNREAD.has(key)) warn('unread-keyword', at, `\`${key}\` is JSON Schema, but gatewire does not read it; ignored`);
          else {
            const hint = closestWord(key, KNOWN_NAMES());
            warn('unknown-keyword', at, `unknown keyword \`${key}\` ignored${hint ? `; did you mean \`${hint}\`?` : ''}`);
          }
          delete node[key];
          continue;
        }
        const value = node[key] as Json;
        const problem = check(value);
        if (problem) {
          if (key === '$ref') {
            errors.push(new CodegenError('CODEGEN_BAD_KEYWORD', file.file, at, `\`$ref\` ${problem}`));
            continue;
          }
          const reading = readBadValue(key, value);
          const recheck = reading.value === undefined ? null : check(reading.value);
          if (reading.value === undefined || recheck !== null) {
            warn('bad-keyword', at, `\`${key}\` ${problem}; ${reading.value === undefined ? reading.how : 'ignored'}`);
            delete node[key];
          } else {
            warn('bad-keyword', at, `\`${key}\` ${problem}; ${reading.how}`);
            node[key] = reading.value;
          }
          continue;
        }
        if (key === '$id' && !isRoot) {
          errors.push(new CodegenError('CODEGEN_NESTED_ID', file.file, at, '`$id` is only allowed at the root of a file (a nested base URI would change what the references inside mean)'));
        }
        if (key === '$schema' && !isRoot) {
          warn('nested-schema', at, '`$schema` is only read at the root of a file; ignored');
          delete node[key];
        }
      }
      if (typeof node['$ref'] === 'string') {
        try {
          node['$ref'] = new URL(node['$ref'], file.id).href;
        } catch {
          errors.push(new CodegenError('CODEGEN_BAD_REF', file.file, joinPointer(pointer, '$ref'), `cannot resolve ${JSON.stringify(node['$ref'])}`));
        }
      }
      for (const key of SCHEMA_KEYWORDS) {
        const sub = node[key];
        if (sub !== undefined && isSchema(sub) === null) walk(sub, joinPointer(pointer, key), false);
      }
      for (const key of SCHEMA_LIST_KEYWORDS) {
        const list = node[key];
        if (Array.isArray(list)) list.forEach((sub, i) => walk(sub, joinPointer(pointer, key, i), false));
      }
      for (const key of SCHEMA_MAP_KEYWORDS) {
        const map = node[key];
        if (isObject(map)) for (const [name, sub] of Object.entries(map)) walk(sub, joinPointer(pointer, key, name), false);
      }
      // A member listed twice (upstream's receive.json once listed message-update.json twice) is one
      // member: the repeat becomes `false`, which adds nothing to the union and keeps every index.
      for (const key of ['anyOf', 'oneOf'] as const) {
        const list = node[key];
        if (!Array.isArray(list)) continue;
        const first = new Map<string, number>();
        list.forEach((member, i) => {
          if (member === false) return;
          const text = JSON.stringify(member);
          const seen = first.get(text);
          if (seen === undefined) first.set(text, i);
          else {
            warn('duplicate-member', joinPointer(pointer, key, i), `the same schema as ${joinPointer(pointer, key, seen)}; counted once`);
            list[i] = false;
          }
        });
      }
    };
    walk(file.root, '', true);
  }
  if (errors.length > 0) throw new CodegenErrors(errors);
  return { files, diagnostics, patches: applied };
}
